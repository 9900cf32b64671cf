#version 330 core
// A sensor's shape as a signed distance (negative inside), filled with its
// state colour inside a dark rim so it reads over any fill.
in vec2 v_local;
in vec4 v_color;
flat in int v_shape;
in float v_px;
out vec4 o_color;

float Polygon(vec2 p, float n, float r, float turn) {
  float a = atan(p.x, p.y) + turn;
  float sector = 6.2831853 / n;
  return cos(floor(0.5 + a / sector) * sector - a) * length(p) - r * cos(sector * 0.5);
}

float Shape(vec2 p) {
  if (v_shape == 0) return length(p) - 0.80;                                   // water level: disc
  if (v_shape == 1) return max(abs(p.x), abs(p.y)) - 0.68;                     // air: square
  if (v_shape == 2) return abs(p.x) + abs(p.y) - 0.88;                         // gas: diamond
  if (v_shape == 3) return Polygon(p * vec2(1.0, -1.0) + vec2(0.0, 0.15), 3.0, 0.80, 0.0);  // crowd: triangle up
  if (v_shape == 4) return Polygon(p + vec2(0.0, 0.15), 3.0, 0.80, 0.0);       // traffic: triangle down
  if (v_shape == 5) return Polygon(p, 6.0, 0.80, 0.0);                         // power: hexagon
  if (v_shape == 6) return abs(length(p) - 0.62) - 0.20;                       // noise: ring
  return min(max(abs(p.x) - 0.80, abs(p.y) - 0.28), max(abs(p.x) - 0.28, abs(p.y) - 0.80));  // smoke: cross
}

void main() {
  float d = Shape(v_local);
  float rim = 2.0 * v_px;
  float outside = smoothstep(0.0, v_px, d);
  float in_fill = 1.0 - smoothstep(-rim - v_px, -rim, d);
  if (outside >= 1.0) discard;
  vec3 color = mix(vec3(0.04, 0.05, 0.08), v_color.rgb, in_fill);
  o_color = vec4(color, v_color.a * (1.0 - outside));
}
