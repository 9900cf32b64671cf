#version 330 core
// Demand points: one instance per demand slot (viewer/layers/demand_instances.hpp),
// a screen-aligned quad of constant pixel size around the demand at any zoom.
// Slots with nothing to draw (closed, filtered out, no demand) are moved
// outside the clip volume and cost no fragments.
layout(location = 0) in vec2 a_pos;      // metres relative to the layer origin
layout(location = 1) in int a_deadline;  // seconds since the shader epoch
layout(location = 2) in uint a_stage;    // ops::Stage; 255: not drawn

uniform vec2 u_center;       // view centre, metres relative to the layer origin
uniform vec2 u_scale;        // clip units per metre, x and y
uniform vec2 u_viewport_px;  // the map viewport, framebuffer pixels
uniform vec4 u_stage_colors[5];
uniform float u_radius_px;       // coloured disc, framebuffer pixels
uniform float u_outline_px;      // dark ring around it
uniform float u_ring_extent_px;  // the farthest the overdue ring reaches past the outline
uniform int u_now;               // seconds since the shader epoch

out vec2 v_local;  // framebuffer pixels from the centre
flat out vec4 v_fill;
flat out float v_radius;
flat out float v_ring;  // 1: overdue, draw the pulsing ring

void main() {
  v_local = vec2(0.0);
  v_fill = vec4(0.0);
  v_radius = u_radius_px;
  v_ring = 0.0;
  if (a_stage >= 5u) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: culled
    return;
  }
  // ops::Demand::Overdue: now past the deadline (to the second here).
  bool overdue = a_deadline < u_now;
  // The antialiased edge reaches half a pixel past the outline.
  float extent = u_radius_px + u_outline_px + (overdue ? u_ring_extent_px : 0.5);
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1)) * 2.0 - 1.0;
  v_local = corner * extent;
  gl_Position = vec4((a_pos - u_center) * u_scale + v_local * 2.0 / u_viewport_px, 0.0, 1.0);
  v_fill = u_stage_colors[a_stage];
  v_ring = overdue ? 1.0 : 0.0;
}
