#version 330 core
// The Gi* hot-grid mark: a grid's outline again, wider and in one colour,
// only for the grids flagged in u_hot (1024 features a row, red channel).
// Every other grid's vertices go outside clip space, so their triangles are
// clipped away whole (a ring's vertices all carry its own grid's id).
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_extrude;  // unit normal times miter length
layout(location = 4) in uvec3 a_ids;

uniform vec2 u_center;
uniform vec2 u_scale;
uniform vec2 u_viewport_px;
uniform float u_width_px;
uniform vec4 u_color;
uniform sampler2D u_hot;

out vec4 v_color;

void main() {
  float hot = texelFetch(u_hot, ivec2(int(a_ids.x % 1024u), int(a_ids.x / 1024u)), 0).r;
  if (hot < 0.5) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
  } else {
    vec2 clip = (a_pos - u_center) * u_scale;
    gl_Position = vec4(clip + a_extrude * (u_width_px * 0.5) * 2.0 / u_viewport_px, 0.0, 1.0);
  }
  v_color = u_color;
}
