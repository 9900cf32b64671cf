#version 330 core
// Filled areas. Positions are metres relative to the mesh origin; the view
// maps them to clip space with a centre and a scale (no rotation).
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_color;
layout(location = 2) in uvec3 a_ids;  // self, grid, community

uniform vec2 u_center;  // view centre, metres relative to the mesh origin
uniform vec2 u_scale;   // clip units per metre, x and y
uniform uint u_selected;
uniform uint u_hovered;
// The choropleth: with u_thematic set, the colour is the feature's texel in
// u_feature_colors (1024 features a row) instead of the vertex colour.
uniform int u_thematic;
uniform sampler2D u_feature_colors;

out vec4 v_color;

void main() {
  gl_Position = vec4((a_pos - u_center) * u_scale, 0.0, 1.0);
  float lift = 0.0;
  if (any(equal(a_ids, uvec3(u_selected)))) lift = 0.30;
  else if (a_ids.x == u_hovered) lift = 0.14;
  vec4 color = a_color;
  if (u_thematic != 0) {
    color = texelFetch(u_feature_colors, ivec2(int(a_ids.x % 1024u), int(a_ids.x / 1024u)), 0);
  }
  v_color = vec4(mix(color.rgb, vec3(1.0, 0.93, 0.70), lift), color.a);
}
