#version 330 core
// A disc of the fill colour inside a dark outline ring, and for overdue ones
// a red ring (or, on a bubble, an arc) outside it that breathes with u_pulse
// (viewer/layers/point_style.hpp).
// Edges are smoothed over one framebuffer pixel; nothing is drawn outside.
in vec2 v_local;  // framebuffer pixels from the centre
flat in vec4 v_fill;
flat in float v_radius;
flat in float v_ring;  // share of the ring drawn, clockwise from 12 o'clock: 0 none, 1 all

uniform float u_outline_px;
uniform vec4 u_outline_color;
uniform vec4 u_ring_color;
uniform float u_ring_gap_px;    // between the outline and the ring
uniform float u_ring_width_px;
uniform float u_ring_grow_px;   // how far the ring moves out at the pulse's peak
uniform float u_pulse;          // 0 … 1

out vec4 o_color;

// Coverage of a pixel at distance `d` from the centre by a disc of radius `edge`.
float Inside(float d, float edge) { return 1.0 - smoothstep(edge - 0.5, edge + 0.5, d); }

void main() {
  float d = length(v_local);
  float outer = v_radius + u_outline_px;
  if (v_ring == 0.0 && d > outer + 0.5) discard;  // the quad's corners
  float fill = Inside(d, v_radius);
  float disc = Inside(d, outer);
  vec4 c = vec4(mix(u_outline_color.rgb, v_fill.rgb, fill),
                disc * mix(u_outline_color.a, v_fill.a, fill));
  if (v_ring > 0.0) {
    // A partial ring runs clockwise from 12 o'clock (v_local's y points up).
    float turn = 0.0;
    if (v_ring < 1.0) {
      turn = atan(v_local.x, v_local.y) / 6.28318530718;
      if (turn < 0.0) turn += 1.0;
    }
    float half_width = 0.5 * u_ring_width_px;
    float middle = outer + u_ring_gap_px + u_ring_grow_px * u_pulse + half_width;
    float ring = turn <= v_ring
                     ? Inside(abs(d - middle), half_width) * u_ring_color.a * (1.0 - 0.6 * u_pulse)
                     : 0.0;
    // The disc lies over the ring.
    float a = c.a + ring * (1.0 - c.a);
    if (a > 0.0) c.rgb = (c.rgb * c.a + u_ring_color.rgb * ring * (1.0 - c.a)) / a;
    c.a = a;
  }
  if (c.a < 0.004) discard;
  o_color = c;
}
