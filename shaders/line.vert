#version 330 core
// Outlines of constant screen width at any zoom: each vertex is pushed out
// along its miter by half the width, in pixels.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_extrude;  // unit normal times miter length
layout(location = 2) in vec4 a_color;
layout(location = 3) in float a_width_px;
layout(location = 4) in uvec3 a_ids;

uniform vec2 u_center;
uniform vec2 u_scale;
uniform vec2 u_viewport_px;
uniform uint u_selected;

out vec4 v_color;

void main() {
  bool selected = a_ids.x == u_selected;
  float width = selected ? max(a_width_px, 2.0) + 1.5 : a_width_px;
  vec2 clip = (a_pos - u_center) * u_scale;
  gl_Position = vec4(clip + a_extrude * (width * 0.5) * 2.0 / u_viewport_px, 0.0, 1.0);
  v_color = selected ? vec4(1.0, 0.84, 0.35, 1.0) : a_color;
}
