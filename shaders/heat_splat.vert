#version 330 core
// Heat splats: each drawn demand is one point of one texel in the density
// target (viewer/layers/heat_layer.hpp); the gaussian comes from the blur.
layout(location = 0) in vec2 a_pos;    // metres relative to the layer origin
layout(location = 2) in uint a_stage;  // ops::Stage; 255: not drawn

uniform vec2 u_center;  // view centre, metres relative to the layer origin
uniform vec2 u_scale;   // clip units per metre of the density target

void main() {
  gl_Position = a_stage >= 5u ? vec4(2.0, 2.0, 2.0, 1.0)  // outside the clip volume
                              : vec4((a_pos - u_center) * u_scale, 0.0, 1.0);
}
