#version 330 core
// Aggregate bubbles: one instance per grid with drawn demands, a disc sized
// by its count, drawn by points.frag like a point; the red ring is an arc
// as long as the bubble's share of overdue demands.
layout(location = 0) in vec2 a_pos;            // metres relative to the layer origin
layout(location = 1) in float a_size;          // sqrt(count / largest count), 0 … 1
layout(location = 2) in float a_overdue_share;  // 0 … 1

uniform vec2 u_center;
uniform vec2 u_scale;
uniform vec2 u_viewport_px;    // framebuffer pixels
uniform float u_min_radius_px;  // framebuffer pixels, for a_size 0 …
uniform float u_max_radius_px;  // … and 1
uniform vec4 u_fill;
uniform float u_outline_px;
uniform float u_ring_extent_px;

out vec2 v_local;
flat out vec4 v_fill;
flat out float v_radius;
flat out float v_ring;

void main() {
  v_radius = mix(u_min_radius_px, u_max_radius_px, a_size);
  v_ring = a_overdue_share;
  v_fill = u_fill;
  float extent = v_radius + u_outline_px + (a_overdue_share > 0.0 ? u_ring_extent_px : 0.5);
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1)) * 2.0 - 1.0;
  v_local = corner * extent;
  gl_Position = vec4((a_pos - u_center) * u_scale + v_local * 2.0 / u_viewport_px, 0.0, 1.0);
}
