#version 330 core
// An incident's area: diagonal stripes in its level's colour over a faint
// wash, so the map's own colours stay readable underneath.
in vec4 v_color;
out vec4 o_color;
uniform float u_stripe_scale;  // framebuffer pixels per design pixel

void main() {
  float stripe = mod(gl_FragCoord.x + gl_FragCoord.y, 14.0 * u_stripe_scale) < 4.0 * u_stripe_scale
                     ? 1.0 : 0.0;
  o_color = vec4(v_color.rgb, v_color.a * mix(0.12, 0.75, stripe));
}
