#include "viewer/map_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace viewer {

namespace {

void FloatAttrib(GLuint index, int size, GLenum type, bool normalized, size_t stride,
                 size_t offset) {
  glEnableVertexAttribArray(index);
  glVertexAttribPointer(index, size, type, normalized ? GL_TRUE : GL_FALSE,
                        static_cast<GLsizei>(stride), reinterpret_cast<const void*>(offset));
}

void IdsAttrib(GLuint index, size_t stride, size_t offset) {
  glEnableVertexAttribArray(index);
  glVertexAttribIPointer(index, 3, GL_UNSIGNED_INT, static_cast<GLsizei>(stride),
                         reinterpret_cast<const void*>(offset));
}

// A texture of one RGBA8 texel per feature, kColorsWide a row: made (or
// resized) when the row count changes, else rewritten in place.
void UploadFeatureTexels(const gl::Texture& texture, size_t& rows_now,
                         const std::vector<Rgba>& values) {
  constexpr size_t kWide = MapRenderer::kColorsWide;
  const size_t rows = std::max<size_t>(1, (values.size() + kWide - 1) / kWide);
  std::vector<Rgba> texels(rows * kWide, Rgba{0, 0, 0, 0});
  std::copy(values.begin(), values.end(), texels.begin());
  glBindTexture(GL_TEXTURE_2D, texture.id());
  if (rows != rows_now) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kWide, static_cast<GLsizei>(rows), 0, GL_RGBA,
                 GL_UNSIGNED_BYTE, texels.data());
    rows_now = rows;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kWide, static_cast<GLsizei>(rows), GL_RGBA,
                    GL_UNSIGNED_BYTE, texels.data());
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace

geo::Result<MapRenderer> MapRenderer::Create(const std::string& shader_dir) {
  MapRenderer r;
  auto fill = gl::LoadProgram(shader_dir, "fill.vert", "color.frag");
  if (!fill) return std::unexpected(fill.error());
  auto line = gl::LoadProgram(shader_dir, "line.vert", "color.frag");
  if (!line) return std::unexpected(line.error());
  auto hot = gl::LoadProgram(shader_dir, "hot_line.vert", "color.frag");
  if (!hot) return std::unexpected(hot.error());
  r.fill_program_ = std::move(*fill);
  r.line_program_ = std::move(*line);
  r.hot_program_ = std::move(*hot);
  r.fill_vao_ = gl::MakeVertexArray();
  r.line_vao_ = gl::MakeVertexArray();
  r.fill_vbo_ = gl::MakeBuffer();
  r.fill_ibo_ = gl::MakeBuffer();
  r.line_vbo_ = gl::MakeBuffer();
  r.line_ibo_ = gl::MakeBuffer();
  r.feature_colors_ = gl::MakeTexture();
  r.SetFeatureColors({});
  r.hot_features_ = gl::MakeTexture();
  r.SetHotFeatures({});

  glBindVertexArray(r.fill_vao_.id());
  glBindBuffer(GL_ARRAY_BUFFER, r.fill_vbo_.id());
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, r.fill_ibo_.id());
  FloatAttrib(0, 2, GL_FLOAT, false, sizeof(FillVertex), offsetof(FillVertex, x));
  FloatAttrib(1, 4, GL_UNSIGNED_BYTE, true, sizeof(FillVertex), offsetof(FillVertex, rgba));
  IdsAttrib(2, sizeof(FillVertex), offsetof(FillVertex, ids));

  glBindVertexArray(r.line_vao_.id());
  glBindBuffer(GL_ARRAY_BUFFER, r.line_vbo_.id());
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, r.line_ibo_.id());
  FloatAttrib(0, 2, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, x));
  FloatAttrib(1, 2, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, extrude_x));
  FloatAttrib(2, 4, GL_UNSIGNED_BYTE, true, sizeof(LineVertex), offsetof(LineVertex, rgba));
  FloatAttrib(3, 1, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, width_px));
  IdsAttrib(4, sizeof(LineVertex), offsetof(LineVertex, ids));
  glBindVertexArray(0);
  return r;
}

void MapRenderer::Upload(const MapMesh& mesh) {
  origin_ = mesh.origin;
  fill_ranges_ = mesh.fill_ranges;
  line_ranges_ = mesh.line_ranges;
  glBindVertexArray(0);
  auto upload = [](const gl::Buffer& buffer, GLenum target, const auto& data) {
    glBindBuffer(target, buffer.id());
    glBufferData(target, static_cast<GLsizeiptr>(data.size() * sizeof(data[0])), data.data(),
                 GL_STATIC_DRAW);
  };
  upload(fill_vbo_, GL_ARRAY_BUFFER, mesh.fill_vertices);
  upload(fill_ibo_, GL_ELEMENT_ARRAY_BUFFER, mesh.fill_indices);
  upload(line_vbo_, GL_ARRAY_BUFFER, mesh.line_vertices);
  upload(line_ibo_, GL_ELEMENT_ARRAY_BUFFER, mesh.line_indices);
}

void MapRenderer::SetFeatureColors(const std::vector<Rgba>& colors) {
  UploadFeatureTexels(feature_colors_, feature_color_rows_, colors);
}

void MapRenderer::SetHotFeatures(const std::vector<uint8_t>& hot) {
  std::vector<Rgba> texels(hot.size(), Rgba{0, 0, 0, 0});
  for (size_t i = 0; i < hot.size(); ++i) {
    if (hot[i]) texels[i] = Rgba{255, 0, 0, 255};
  }
  UploadFeatureTexels(hot_features_, hot_rows_, texels);
}

// Glow, casing, line: three passes over the grid outlines, each keeping only
// the hot grids' rings (hot_line.vert).
void MapRenderer::DrawHotMark(float cx, float cy, float sx, float sy, const Viewport& vp) const {
  const IndexRange& grids = line_ranges_[static_cast<int>(geo::Level::kGrid)];
  if (!grids.count) return;
  const GLuint p = hot_program_.id();
  glUseProgram(p);
  glUniform2f(glGetUniformLocation(p, "u_center"), cx, cy);
  glUniform2f(glGetUniformLocation(p, "u_scale"), sx, sy);
  glUniform2f(glGetUniformLocation(p, "u_viewport_px"), static_cast<float>(vp.width),
              static_cast<float>(vp.height));
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, hot_features_.id());
  glUniform1i(glGetUniformLocation(p, "u_hot"), 0);
  glBindVertexArray(line_vao_.id());
  const std::pair<float, Rgba> passes[] = {{kHotMarkStyle.glow_px, kHotMarkStyle.glow},
                                           {kHotMarkStyle.casing_px, kHotMarkStyle.casing},
                                           {kHotMarkStyle.line_px, kHotMarkStyle.line}};
  for (const auto& [width, c] : passes) {
    glUniform1f(glGetUniformLocation(p, "u_width_px"), width);
    glUniform4f(glGetUniformLocation(p, "u_color"), c.r / 255.0f, c.g / 255.0f, c.b / 255.0f,
                c.a / 255.0f);
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(grids.count), GL_UNSIGNED_INT,
                   reinterpret_cast<const void*>(grids.first * sizeof(uint32_t)));
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

void MapRenderer::Draw(const Camera& camera, const MapLayers& layers, uint32_t selected,
                       uint32_t hovered, int framebuffer_height, double pixel_scale) const {
  const Viewport& vp = camera.viewport();
  // GL's viewport origin is bottom-left, in framebuffer pixels.
  const auto x = static_cast<GLint>(std::lround(vp.x * pixel_scale));
  const auto w = static_cast<GLsizei>(std::lround(vp.width * pixel_scale));
  const auto h = static_cast<GLsizei>(std::lround(vp.height * pixel_scale));
  const auto y = static_cast<GLint>(framebuffer_height - std::lround(vp.y * pixel_scale) - h);
  glViewport(x, y, w, h);
  glEnable(GL_SCISSOR_TEST);
  glScissor(x, y, w, h);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  const float cx = static_cast<float>(camera.center().x - origin_.x);
  const float cy = static_cast<float>(camera.center().y - origin_.y);
  const float sx = static_cast<float>(2.0 / (vp.width * camera.meters_per_pixel()));
  const float sy = static_cast<float>(2.0 / (vp.height * camera.meters_per_pixel()));

  auto set_view = [&](const gl::Program& p) {
    glUseProgram(p.id());
    glUniform2f(glGetUniformLocation(p.id(), "u_center"), cx, cy);
    glUniform2f(glGetUniformLocation(p.id(), "u_scale"), sx, sy);
    glUniform1ui(glGetUniformLocation(p.id(), "u_selected"), selected);
  };
  auto draw = [](const IndexRange& r) {
    if (r.count) {
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(r.count), GL_UNSIGNED_INT,
                     reinterpret_cast<const void*>(r.first * sizeof(uint32_t)));
    }
  };

  set_view(fill_program_);
  glUniform1ui(glGetUniformLocation(fill_program_.id(), "u_hovered"), hovered);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, feature_colors_.id());
  glUniform1i(glGetUniformLocation(fill_program_.id(), "u_feature_colors"), 0);
  glBindVertexArray(fill_vao_.id());
  const int thematic = static_cast<int>(layers.thematic_level);
  for (int l = 0; l < geo::kLevelCount; ++l) {
    if (!layers.fill[l] || (layers.thematic && l > thematic)) continue;
    glUniform1i(glGetUniformLocation(fill_program_.id(), "u_thematic"),
                layers.thematic && l == thematic ? 1 : 0);
    draw(fill_ranges_[l]);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
  set_view(line_program_);
  glUniform2f(glGetUniformLocation(line_program_.id(), "u_viewport_px"), camera.MarkPx(vp.width),
              camera.MarkPx(vp.height));
  glBindVertexArray(line_vao_.id());
  // Fine lines first, so community boundaries stay on top.
  for (int l = geo::kLevelCount - 1; l >= 0; --l) {
    if (layers.outline[l]) draw(line_ranges_[l]);
  }
  if (layers.hot_grids) DrawHotMark(cx, cy, sx, sy, {0, 0, camera.MarkPx(vp.width), camera.MarkPx(vp.height)});
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace viewer
