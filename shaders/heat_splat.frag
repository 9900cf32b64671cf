#version 330 core
// One demand's weight, summed by additive blending into a float target.
out vec4 o_color;

void main() { o_color = vec4(1.0, 0.0, 0.0, 0.0); }
