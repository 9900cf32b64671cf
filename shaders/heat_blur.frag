#version 330 core
// One direction of the separable gaussian, texel for texel:
// Σ w[|i|] · field(texel + i·direction) for |i| ≤ reach, with
// w[i] = exp(-i²/2σ²) unnormalised, so that one splat blurred both ways
// peaks at 1 and an even field of ρ splats per texel reads ρ·2πσ².
uniform sampler2D u_field;
uniform ivec2 u_direction;  // (1, 0) or (0, 1)
uniform int u_reach;        // ⌈3σ⌉ texels, at most 63
uniform float u_weights[64];

out vec4 o_color;

void main() {
  ivec2 texel = ivec2(gl_FragCoord.xy);
  ivec2 last = textureSize(u_field, 0) - 1;
  float sum = u_weights[0] * texelFetch(u_field, texel, 0).r;
  for (int i = 1; i <= u_reach; ++i) {
    ivec2 d = i * u_direction;
    sum += u_weights[i] * (texelFetch(u_field, clamp(texel + d, ivec2(0), last), 0).r +
                           texelFetch(u_field, clamp(texel - d, ivec2(0), last), 0).r);
  }
  o_color = vec4(sum, 0.0, 0.0, 0.0);
}
