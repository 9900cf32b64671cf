#include "viewer/layers/overlays.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "geo/tessellate.hpp"
#include "ops/incident_impact.hpp"
#include "viewer/layers/view_uniforms.hpp"
#include "viewer/map_style.hpp"

namespace viewer {

namespace {

constexpr float kGlyphPx = 16;        // a sensor's diameter in window pixels
constexpr float kAlarmGlyphPx = 22;   // larger in alarm
constexpr float kIncidentLinePx = 3;  // an incident area's outline
// line.vert highlights the outline whose id is u_selected; incident outlines
// carry kNoFeature, so this value, which no vertex carries, keeps them plain.
constexpr uint32_t kNothingSelected = geo::kNoFeature - 1;
constexpr uint8_t kIncidentFillAlpha = 255;  // area.frag stripes it

// One sensor as the GPU draws it.
struct GlyphInstance {
  float x, y;
  uint8_t rgba[4];
  float size_px;
  float shape;
  float pulse;
};

struct AreaVertex {
  float x, y;
  uint8_t rgba[4];
};

void Attrib(GLuint index, int size, GLenum type, bool normalized, size_t stride, size_t offset,
            GLuint divisor) {
  glEnableVertexAttribArray(index);
  glVertexAttribPointer(index, size, type, normalized ? GL_TRUE : GL_FALSE,
                        static_cast<GLsizei>(stride), reinterpret_cast<const void*>(offset));
  glVertexAttribDivisor(index, divisor);
}

}  // namespace

Rgba SensorStateColor(ops::AlertState state) {
  switch (state) {
    case ops::AlertState::kAlarm: return {255, 48, 48, 255};
    case ops::AlertState::kWarn: return {255, 176, 0, 255};
    default: return {132, 160, 196, 235};
  }
}

geo::Result<OverlayLayer> OverlayLayer::Create(const std::string& shader_dir,
                                               const geo::GridSet& set) {
  OverlayLayer l;
  l.origin_ = set.bounds.Center();
  auto to_display = geo::Transformer::Create("EPSG:4490", set.display_crs);
  if (!to_display) return std::unexpected(to_display.error());
  l.to_display_.emplace(std::move(*to_display));
  auto glyph = gl::LoadProgram(shader_dir, "glyph.vert", "glyph.frag");
  if (!glyph) return std::unexpected(glyph.error());
  auto area = gl::LoadProgram(shader_dir, "area.vert", "area.frag");
  if (!area) return std::unexpected(area.error());
  auto line = gl::LoadProgram(shader_dir, "line.vert", "color.frag");
  if (!line) return std::unexpected(line.error());
  l.glyph_program_ = std::move(*glyph);
  l.area_program_ = std::move(*area);
  l.line_program_ = std::move(*line);
  for (gl::VertexArray* v : {&l.glyph_vao_, &l.area_vao_, &l.line_vao_}) *v = gl::MakeVertexArray();
  for (gl::Buffer* b : {&l.corner_vbo_, &l.glyph_vbo_, &l.area_vbo_, &l.area_ibo_, &l.line_vbo_,
                        &l.line_ibo_}) {
    *b = gl::MakeBuffer();
  }

  glBindVertexArray(l.glyph_vao_.id());
  const float corners[] = {-1, -1, 1, -1, -1, 1, 1, 1};
  glBindBuffer(GL_ARRAY_BUFFER, l.corner_vbo_.id());
  glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  Attrib(0, 2, GL_FLOAT, false, 2 * sizeof(float), 0, 0);
  glBindBuffer(GL_ARRAY_BUFFER, l.glyph_vbo_.id());
  const size_t g = sizeof(GlyphInstance);
  Attrib(1, 2, GL_FLOAT, false, g, offsetof(GlyphInstance, x), 1);
  Attrib(2, 4, GL_UNSIGNED_BYTE, true, g, offsetof(GlyphInstance, rgba), 1);
  Attrib(3, 1, GL_FLOAT, false, g, offsetof(GlyphInstance, size_px), 1);
  Attrib(4, 1, GL_FLOAT, false, g, offsetof(GlyphInstance, shape), 1);
  Attrib(5, 1, GL_FLOAT, false, g, offsetof(GlyphInstance, pulse), 1);

  glBindVertexArray(l.area_vao_.id());
  glBindBuffer(GL_ARRAY_BUFFER, l.area_vbo_.id());
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, l.area_ibo_.id());
  Attrib(0, 2, GL_FLOAT, false, sizeof(AreaVertex), offsetof(AreaVertex, x), 0);
  Attrib(1, 4, GL_UNSIGNED_BYTE, true, sizeof(AreaVertex), offsetof(AreaVertex, rgba), 0);

  glBindVertexArray(l.line_vao_.id());
  glBindBuffer(GL_ARRAY_BUFFER, l.line_vbo_.id());
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, l.line_ibo_.id());
  Attrib(0, 2, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, x), 0);
  Attrib(1, 2, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, extrude_x), 0);
  Attrib(2, 4, GL_UNSIGNED_BYTE, true, sizeof(LineVertex), offsetof(LineVertex, rgba), 0);
  Attrib(3, 1, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, width_px), 0);
  glEnableVertexAttribArray(4);
  glVertexAttribIPointer(4, 3, GL_UNSIGNED_INT, sizeof(LineVertex),
                         reinterpret_cast<const void*>(offsetof(LineVertex, ids)));
  glBindVertexArray(0);
  return l;
}

void OverlayLayer::Sync(const ops::Snapshot& snapshot) {
  if (snapshot.sensors && snapshot.sensors.get() != sensors_seen_) {
    sensors_seen_ = snapshot.sensors.get();
    std::vector<GlyphInstance> glyphs;
    sensor_xy_.clear();
    alarms_ = 0;
    for (const ops::Sensor& s : *snapshot.sensors) {
      const bool alarm = s.state == ops::AlertState::kAlarm;
      alarms_ += alarm;
      const Rgba c = SensorStateColor(s.state);
      glyphs.push_back({static_cast<float>(s.xy.x - origin_.x),
                        static_cast<float>(s.xy.y - origin_.y),
                        {c.r, c.g, c.b, c.a},
                        alarm ? kAlarmGlyphPx : kGlyphPx,
                        static_cast<float>(s.spec.kind),
                        alarm ? 1.0f : 0.0f});
      sensor_xy_.push_back(s.xy);
    }
    glBindBuffer(GL_ARRAY_BUFFER, glyph_vbo_.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(glyphs.size() * sizeof(GlyphInstance)),
                 glyphs.data(), GL_DYNAMIC_DRAW);
  }
  if (snapshot.incidents && snapshot.incidents.get() != incidents_seen_) {
    incidents_seen_ = snapshot.incidents.get();
    BuildIncidents(snapshot);
  }
}

void OverlayLayer::BuildIncidents(const ops::Snapshot& snapshot) {
  std::vector<AreaVertex> vertices;
  std::vector<uint32_t> indices;
  MapMesh lines;
  lines.origin = origin_;
  incident_ids_.clear();
  incident_centres_.clear();
  active_incidents_ = 0;
  // Lower levels first, so a level I area is drawn over a level IV one.
  std::vector<const ops::Incident*> shown;
  for (const ops::Incident& i : *snapshot.incidents) {
    if (i.stage != ops::IncidentStage::kEnded) shown.push_back(&i);
  }
  std::stable_sort(shown.begin(), shown.end(), [](const ops::Incident* a, const ops::Incident* b) {
    return a->opened_as.level > b->opened_as.level;
  });
  for (const ops::Incident* i : shown) {
    const ops::IncidentInput& area = i->opened_as;
    // The same ring the impact is computed over; a point incident still shows.
    const std::vector<geo::Meters> ring = ops::IncidentRing(area, *to_display_, 50.0);
    if (ring.empty()) continue;
    ++active_incidents_;
    const Rgba c = IncidentLevelColor(static_cast<int>(area.level));
    const auto base = static_cast<uint32_t>(vertices.size());
    for (const geo::Meters& m : ring) {
      vertices.push_back({static_cast<float>(m.x - origin_.x), static_cast<float>(m.y - origin_.y),
                          {c.r, c.g, c.b, kIncidentFillAlpha}});
    }
    const uint32_t offsets[] = {0, static_cast<uint32_t>(ring.size())};
    for (uint32_t t : geo::TessellatePolygon(ring, offsets)) indices.push_back(base + t);
    AppendRingOutline(ring, c, kIncidentLinePx,
                      FeatureIds{geo::kNoFeature, geo::kNoFeature, geo::kNoFeature}, lines);
    incident_ids_.push_back(i->id);
    geo::Meters centre{0, 0};
    for (const geo::Meters& m : ring) centre = {centre.x + m.x, centre.y + m.y};
    incident_centres_.push_back({centre.x / ring.size(), centre.y / ring.size()});
  }
  auto upload = [](const gl::Buffer& b, GLenum target, const auto& data) {
    glBindBuffer(target, b.id());
    glBufferData(target, static_cast<GLsizeiptr>(data.size() * sizeof(data[0])), data.data(),
                 GL_DYNAMIC_DRAW);
  };
  glBindVertexArray(0);
  upload(area_vbo_, GL_ARRAY_BUFFER, vertices);
  upload(area_ibo_, GL_ELEMENT_ARRAY_BUFFER, indices);
  upload(line_vbo_, GL_ARRAY_BUFFER, lines.line_vertices);
  upload(line_ibo_, GL_ELEMENT_ARRAY_BUFFER, lines.line_indices);
  area_index_count_ = static_cast<uint32_t>(indices.size());
  line_index_count_ = static_cast<uint32_t>(lines.line_indices.size());
}

void OverlayLayer::Draw(const Camera& camera, double time_s, int framebuffer_height,
                        double pixel_scale, bool sensors, bool incidents) const {
  const FramebufferRect r = MapViewportPx(camera, framebuffer_height, pixel_scale);
  glViewport(r.x, r.y, r.width, r.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(r.x, r.y, r.width, r.height);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  const ViewTransform view = ViewTransformOf(camera, origin_);
  const Viewport& vp = camera.viewport();
  const float pulse = static_cast<float>(0.55 + 0.45 * std::sin(time_s * 2 * M_PI));
  auto uniforms = [&](const gl::Program& p) {
    glUseProgram(p.id());
    SetViewUniforms(glGetUniformLocation(p.id(), "u_center"),
                    glGetUniformLocation(p.id(), "u_scale"), view);
  };
  if (incidents && area_index_count_ > 0) {
    uniforms(area_program_);
    glUniform1f(glGetUniformLocation(area_program_.id(), "u_alpha"), 0.6f + 0.4f * pulse);
    glUniform1f(glGetUniformLocation(area_program_.id(), "u_stripe_scale"),
                static_cast<float>(pixel_scale * camera.mark_scale()));
    glBindVertexArray(area_vao_.id());
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(area_index_count_), GL_UNSIGNED_INT, nullptr);
    uniforms(line_program_);
    glUniform2f(glGetUniformLocation(line_program_.id(), "u_viewport_px"),
                camera.MarkPx(vp.width), camera.MarkPx(vp.height));
    glUniform1ui(glGetUniformLocation(line_program_.id(), "u_selected"), kNothingSelected);
    glBindVertexArray(line_vao_.id());
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(line_index_count_), GL_UNSIGNED_INT, nullptr);
  }
  if (sensors && !sensor_xy_.empty()) {
    uniforms(glyph_program_);
    glUniform2f(glGetUniformLocation(glyph_program_.id(), "u_viewport_px"),
                camera.MarkPx(vp.width), camera.MarkPx(vp.height));
    glUniform1f(glGetUniformLocation(glyph_program_.id(), "u_time"), static_cast<float>(time_s));
    glBindVertexArray(glyph_vao_.id());
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(sensor_xy_.size()));
  }
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

PickedPoint OverlayLayer::Pick(const Camera& camera, ScreenPx at) const {
  PickedPoint best;
  double best_d = kAlarmGlyphPx / 2 + 2;
  for (size_t i = 0; i < sensor_xy_.size(); ++i) {
    const ScreenPx s = camera.ToScreen(sensor_xy_[i]);
    const double d = std::hypot(s.x - at.x, s.y - at.y);
    if (d <= best_d) {
      best_d = d;
      best = {PickedPoint::kSensor, 0, i};
    }
  }
  if (best.kind != PickedPoint::kNone) return best;
  best_d = 14;
  for (size_t i = 0; i < incident_centres_.size(); ++i) {
    const ScreenPx c = camera.ToScreen(incident_centres_[i]);
    const double d = std::hypot(c.x - at.x, c.y - at.y);
    if (d <= best_d) {
      best_d = d;
      best = {PickedPoint::kIncident, incident_ids_[i], 0};
    }
  }
  return best;
}

}  // namespace viewer
