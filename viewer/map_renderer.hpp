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
};

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
  // Draws into the bound framebuffer, `framebuffer_height` pixels high. The
  // camera's viewport is in window pixels (top-left origin), `pixel_scale`
  // framebuffer pixels each (above 1 on HiDPI screens).
  void Draw(const Camera& camera, const MapLayers& layers, uint32_t selected, uint32_t hovered,
            int framebuffer_height, double pixel_scale) const;

 private:
  gl::Program fill_program_, line_program_;
  gl::VertexArray fill_vao_, line_vao_;
  gl::Buffer fill_vbo_, fill_ibo_, line_vbo_, line_ibo_;
  gl::Texture feature_colors_;
  size_t feature_color_rows_ = 0;
  std::array<IndexRange, geo::kLevelCount> fill_ranges_{}, line_ranges_{};
  geo::Meters origin_;
};

}  // namespace viewer
