#version 330 core
// The coloured heat (premultiplied alpha, a quarter of the map's resolution)
// magnified over the map with bilinear filtering.
in vec2 v_uv;
uniform sampler2D u_image;

out vec4 o_color;

void main() {
  vec4 c = texture(u_image, v_uv);
  if (c.a < 0.002) discard;
  o_color = c;
}
