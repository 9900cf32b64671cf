#version 330 core
// Arrival / departure pings (viewer/layers/ping_layer.hpp): one instanced
// screen-aligned quad per ping around its demand, a ring whose radius and
// fade follow its age on the frame clock, so nothing is uploaded per frame.
// Pings past their life (or not yet born) are moved outside the clip volume.
layout(location = 0) in vec2 a_pos;    // metres relative to the layer origin
layout(location = 1) in float a_born;  // seconds since the upload's epoch
layout(location = 2) in uint a_kind;   // 0 arrival, 1 stage, 2 leaving
layout(location = 3) in vec3 a_color;

uniform vec2 u_center;       // view centre, metres relative to the layer origin
uniform vec2 u_scale;        // clip units per metre, x and y
uniform vec2 u_viewport_px;  // the map viewport, framebuffer pixels
uniform float u_now;         // the frame clock, seconds since the upload's epoch
uniform float u_life_s[3];   // by kind
uniform float u_from_px[3];  // ring radius at birth, framebuffer pixels, by kind
uniform float u_to_px[3];    // …and at the end of its life
uniform float u_stroke_px;
uniform float u_casing_px;

out vec2 v_local;  // framebuffer pixels from the centre
flat out vec3 v_color;
flat out float v_radius;
flat out float v_fade;  // 1 while young … 0 at the end of its life

void main() {
  v_local = vec2(0.0);
  v_color = a_color;
  v_radius = 0.0;
  v_fade = 0.0;
  uint kind = min(a_kind, 2u);
  float t = (u_now - a_born) / u_life_s[kind];
  if (t < 0.0 || t >= 1.0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: culled
    return;
  }
  // A growing ring eases out (a splash: fast, then settling); a shrinking
  // one eases in (it drifts, then closes).
  float e = kind == 2u ? t * t : 1.0 - (1.0 - t) * (1.0 - t);
  v_radius = mix(u_from_px[kind], u_to_px[kind], e);
  // Full strength for its first third, then fading out smoothly.
  v_fade = 1.0 - smoothstep(0.3, 1.0, t);
  // The antialiased edge reaches a pixel past the casing.
  float extent = v_radius + 0.5 * u_stroke_px + u_casing_px + 1.0;
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1)) * 2.0 - 1.0;
  v_local = corner * extent;
  gl_Position = vec4((a_pos - u_center) * u_scale + v_local * 2.0 / u_viewport_px, 0.0, 1.0);
}
