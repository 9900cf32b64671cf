#version 330 core
// Sensor glyphs: one instanced quad per sensor, a fixed size in pixels at any
// zoom, its shape chosen by kind in glyph.frag.
layout(location = 0) in vec2 a_corner;    // the quad's corner, -1 … 1
layout(location = 1) in vec2 a_pos;       // the sensor, metres relative to the origin
layout(location = 2) in vec4 a_color;     // by state
layout(location = 3) in float a_size_px;  // diameter in pixels
layout(location = 4) in float a_shape;    // 0 … 7, by kind
layout(location = 5) in float a_pulse;    // 1 pulses (alarm), 0 steady

uniform vec2 u_center;
uniform vec2 u_scale;
uniform vec2 u_viewport_px;
uniform float u_time;

out vec2 v_local;
out vec4 v_color;
flat out int v_shape;
out float v_px;  // local units per pixel, for a one-pixel antialiased edge

void main() {
  float grow = a_pulse * (0.5 + 0.5 * sin(u_time * 6.2831853)) * 0.35;
  float size = a_size_px * (1.0 + grow);
  vec2 clip = (a_pos - u_center) * u_scale;
  gl_Position = vec4(clip + a_corner * size / u_viewport_px, 0.0, 1.0);
  v_local = a_corner;
  v_color = a_color;
  v_shape = int(a_shape + 0.5);
  v_px = 2.0 / size;
}
