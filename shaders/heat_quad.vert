#version 330 core
// One triangle over the whole viewport (no vertex buffer: gl_VertexID 0, 1,
// 2 give (-1,-1), (3,-1), (-1,3)); v_uv is where in the source texture a
// fragment reads, u_uv_offset + [0,1]² × u_uv_scale.
uniform vec2 u_uv_offset;
uniform vec2 u_uv_scale;

out vec2 v_uv;

void main() {
  vec2 p = vec2(gl_VertexID == 1 ? 3.0 : -1.0, gl_VertexID == 2 ? 3.0 : -1.0);
  v_uv = u_uv_offset + (p * 0.5 + 0.5) * u_uv_scale;
  gl_Position = vec4(p, 0.0, 1.0);
}
