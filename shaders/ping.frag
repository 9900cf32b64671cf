#version 330 core
// A ping's ring: a coloured stroke inside a dark casing (so it reads over the
// choropleth's yellows as over the navy background), over a faint wash of
// its colour inside; all of it fading with v_fade. Edges are smoothed over
// one framebuffer pixel.
in vec2 v_local;  // framebuffer pixels from the centre
flat in vec3 v_color;
flat in float v_radius;
flat in float v_fade;

uniform float u_stroke_px;
uniform float u_casing_px;
uniform float u_alpha;       // the stroke's opacity at full strength
uniform float u_wash_alpha;  // the wash's
uniform vec4 u_casing_color;

out vec4 o_color;

// Coverage of a pixel at distance `d` by a band reaching `edge` from its middle.
float Inside(float d, float edge) { return 1.0 - smoothstep(edge - 0.5, edge + 0.5, d); }

// `top` over `bottom`, straight (not premultiplied) alpha.
vec4 Over(vec4 top, vec4 bottom) {
  float a = top.a + bottom.a * (1.0 - top.a);
  if (a <= 0.0) return vec4(0.0);
  return vec4((top.rgb * top.a + bottom.rgb * bottom.a * (1.0 - top.a)) / a, a);
}

void main() {
  float d = length(v_local);
  float off = abs(d - v_radius);
  float half_stroke = 0.5 * u_stroke_px;
  vec4 c = vec4(v_color, Inside(d, v_radius) * u_wash_alpha);
  c = Over(vec4(u_casing_color.rgb, Inside(off, half_stroke + u_casing_px) * u_casing_color.a), c);
  c = Over(vec4(v_color, Inside(off, half_stroke)), c);
  c.a *= u_alpha * v_fade;
  if (c.a < 0.004) discard;
  o_color = c;
}
