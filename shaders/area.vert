#version 330 core
// Incident areas: filled triangles in display metres relative to the origin,
// their alpha scaled by u_alpha (the pulse of an active incident).
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_color;

uniform vec2 u_center;
uniform vec2 u_scale;
uniform float u_alpha;

out vec4 v_color;

void main() {
  gl_Position = vec4((a_pos - u_center) * u_scale, 0.0, 1.0);
  v_color = vec4(a_color.rgb, a_color.a * u_alpha);
}
