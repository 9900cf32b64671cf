#version 330 core
// The second direction of the gaussian (as heat_blur.frag), then the colour
// ramp: density relative to the drawn demands' average, log-scaled so the
// ramp's top is u_hot times the average; cold areas stay transparent. Writes
// premultiplied alpha, so that magnifying it (heat_show.frag) blends clean.
uniform sampler2D u_field;
uniform ivec2 u_direction;
uniform int u_reach;
uniform float u_weights[64];
uniform float u_mean;  // the blurred value of an even spread of the drawn demands
uniform float u_hot;
uniform vec4 u_ramp[5];  // stops at 0, 1/4, 1/2, 3/4, 1

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
  float t = clamp(log(1.0 + sum / max(u_mean, 1e-9)) / log(1.0 + u_hot), 0.0, 1.0);
  float x = t * 4.0;
  int i = min(int(x), 3);
  vec4 c = mix(u_ramp[i], u_ramp[i + 1], x - float(i));
  o_color = vec4(c.rgb * c.a, c.a);
}
