// Draws a MapMesh with our shaders: fills, then outlines, level by level.
// Owns the GL buffers; uploads once per mesh.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "viewer/camera.hpp"
#include "viewer/gl/objects.hpp"
#include "viewer/map_mesh.hpp"
#include "viewer/map_style.hpp"

namespace viewer {

struct MapLayers {
  std::array<bool, geo::kLevelCount> fill = {true, true, true, true};
  std::array<bool, geo::kLevelCount> outline = {true, true, true, true};
  // The choropleth: the fills of `thematic_level` take the colours given to
  // SetFeatureColors, and the finer levels' fills are left out so they do
  // not hide it. Off: every level in its community's hue.
  bool thematic = false;
  geo::Level thematic_level = geo::Level::kGrid;
  // The Gi* hot-grid mark (SetHotFeatures) over everything else of the map.
  bool hot_grids = false;
};

// How the hot-grid mark looks: a cyan line on a dark casing in a soft cyan
// glow. Cyan is the hue the inferno ramp of the choropleth never uses, and
// the casing keeps it apart from the ramp's bright yellow and from white
// community outlines; the legend draws its swatch with the same values.
struct HotMarkStyle {
  Rgba glow = {0, 229, 255, 80};
  Rgba casing = {6, 10, 18, 230};
  Rgba line = {0, 229, 255, 255};
  float glow_px = 13, casing_px = 6.5f, line_px = 3.5f;
};
inline constexpr HotMarkStyle kHotMarkStyle{};

class MapRenderer {
 public:
  // Compiles the programs from `shader_dir`; errors name the file.
  static geo::Result<MapRenderer> Create(const std::string& shader_dir);

  void Upload(const MapMesh& mesh);
  // The thematic colour of every feature, by FeatureId (a texture of
  // kColorsWide texels per row: a few kB for a county, re-sent only when
  // the colours change).
  void SetFeatureColors(const std::vector<Rgba>& colors);
  static constexpr int kColorsWide = 1024;
  // The features to mark as Gi* hot spots, by FeatureId (non-zero: hot);
  // only outlines of the grid level are marked.
  void SetHotFeatures(const std::vector<uint8_t>& hot);
  // Draws into the bound framebuffer, `framebuffer_height` pixels high. The
  // camera's viewport is in window pixels (top-left origin), `pixel_scale`
  // framebuffer pixels each (above 1 on HiDPI screens).
  void Draw(const Camera& camera, const MapLayers& layers, uint32_t selected, uint32_t hovered,
            int framebuffer_height, double pixel_scale) const;

 private:
  void DrawHotMark(float cx, float cy, float sx, float sy, const Viewport& vp) const;

  gl::Program fill_program_, line_program_, hot_program_;
  gl::VertexArray fill_vao_, line_vao_;
  gl::Buffer fill_vbo_, fill_ibo_, line_vbo_, line_ibo_;
  gl::Texture feature_colors_;
  size_t feature_color_rows_ = 0;
  gl::Texture hot_features_;
  size_t hot_rows_ = 0;
  std::array<IndexRange, geo::kLevelCount> fill_ranges_{}, line_ranges_{};
  geo::Meters origin_;
};

}  // namespace viewer
