// The dashboard's live plumbing, beside its frame (dashboard.cpp): taking
// snapshots (live or replayed), the time bar, the hotspot report, a picked
// point's detail read off the render thread, and the font atlas following
// the names the store brings.
//
// [SECTION] Glyphs
// [SECTION] Time travel
// [SECTION] Hotspots, point detail, the live update
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <future>

#include "viewer/dashboard.hpp"
#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Glyphs

// Names from the store (incident titles and logs, sensor and organisation
// names, a picked demand's text) may use characters the atlas was not built
// with; when they do, the atlas is rebuilt with them, between frames, so no
// label shows a missing-glyph box.
void Dashboard::EnsureGlyphs() {
  const ops::Snapshot& s = *view_->snapshot();
  const void* seen[] = {s.incidents.get(), s.organisation.get(), s.sensors.get()};
  const bool changed = std::memcmp(seen, glyph_sources_, sizeof seen) != 0 ||
                       detail_.point.id != glyph_detail_ || detail_.steps.size() != glyph_steps_;
  if (!changed) return;
  std::memcpy(glyph_sources_, seen, sizeof seen);
  glyph_detail_ = detail_.point.id;
  glyph_steps_ = detail_.steps.size();
  std::vector<std::string> texts;
  if (s.incidents) {
    for (const ops::Incident& i : *s.incidents) {
      texts.push_back(i.opened_as.title);
      for (const ops::LogEntry& e : i.log) texts.push_back(e.actor + e.text);
    }
  }
  if (s.sensors) {
    for (const ops::Sensor& sensor : *s.sensors)
      texts.push_back(sensor.spec.name + sensor.spec.unit);
  }
  if (s.organisation) {
    for (const ops::Chief& c : s.organisation->chiefs) texts.push_back(c.name);
    for (const ops::PartyOrg& p : s.organisation->party_orgs) texts.push_back(p.name + p.secretary);
  }
  if (detail_.point.kind == PickedPoint::kDemand) {
    if (const ops::Demand* d = s.demands.Find(detail_.point.id)) {
      texts.push_back(d->description + d->assignee);
    }
    for (const StageStep& step : detail_.steps)
      texts.push_back(step.actor + step.note + step.assignee);
  }
  // Before the first atlas: it is built with these (EnsureFonts).
  bool missing = !fonts_.ui;
  for (const std::string& t : texts) {
    for (size_t i = 0; i < t.size() && !missing;) {
      // UTF-8: the lead byte says how many continuation bytes follow.
      const auto b = static_cast<unsigned char>(t[i]);
      const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      unsigned int c = n == 1 ? b : b & (0x7F >> n);
      for (int k = 1; k < n && i + k < t.size(); ++k) c = c << 6 | (t[i + k] & 0x3F);
      i += n;
      if (c < 0x10000 && !fonts_.ui->FindGlyphNoFallback(static_cast<ImWchar>(c))) missing = true;
    }
    if (missing) break;
  }
  if (!missing) return;
  // Each text once: a wall runs for weeks, rebuilding now and then.
  glyph_texts_.insert(glyph_texts_.end(), texts.begin(), texts.end());
  std::sort(glyph_texts_.begin(), glyph_texts_.end());
  glyph_texts_.erase(std::unique(glyph_texts_.begin(), glyph_texts_.end()), glyph_texts_.end());
  if (!fonts_.ui) return;
  ImGui::GetIO().Fonts->Clear();
  auto fonts = BuildFonts();
  if (!fonts) return;  // keep going with boxes rather than stop the wall
  fonts_ = *fonts;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

// The atlas for what is on screen: the wall's type for its framebuffer, or
// the desk's, with every glyph the store's texts have needed so far.
geo::Result<Fonts> Dashboard::BuildFonts() {
  ++font_builds_;
  if (wall_) return LoadWallFonts(set_, wall_->type.body_px, wall_->type.heading_px, glyph_texts_);
  return LoadFonts(set_, kUiFontPx, kLabelFontPx, glyph_texts_);
}

geo::Result<void> Dashboard::EnsureFonts(int fb_h) {
  if (wall_) return UpdateWallType(fb_h);
  if (fonts_.ui) return {};
  auto fonts = BuildFonts();
  if (!fonts) return std::unexpected(fonts.error());
  fonts_ = *fonts;
  return {};
}

// ---------------------------------------------------------------------------
// [SECTION] Time travel

// The replayed county at ui_.time.at: the last moment delivered, while the
// moment asked for is computed on another thread (the first one replays the
// whole log).
std::shared_ptr<const ops::Snapshot> Dashboard::ReplayedSnapshot(double) {
  if (replay_fetch_.valid() &&
      replay_fetch_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    auto [at, snapshot] = replay_fetch_.get();
    if (snapshot) {
      replayed_ = std::move(snapshot);
      replayed_at_ = at;
    }
  }
  if (!replay_ && replay_open_.valid() &&
      replay_open_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    auto opened = replay_open_.get();
    if (opened) {
      replay_ = std::move(*opened);
      replay_earliest_ = replay_->Earliest();
    } else {
      replay_error_ = opened.error().message;
    }
  }
  if (replay_ && !replay_fetch_.valid() && (!replayed_ || replayed_at_ != ui_.time.at)) {
    const ops::TimeMs at = ui_.time.at;
    replay_fetch_ = std::async(std::launch::async, [at, replay = replay_] {
      std::pair<ops::TimeMs, std::shared_ptr<const ops::Snapshot>> out{at, nullptr};
      if (!replay) return out;
      replay->Refresh();
      if (auto s = replay->At(at)) out.second = *s;
      return out;
    });
  }
  return replayed_;
}

void Dashboard::WaitForReplay() {
  if (replay_open_.valid()) replay_open_.wait();
  for (int i = 0; i < 100 && ui_.time.active && (!replayed_ || replayed_at_ != ui_.time.at); ++i) {
    ReplayedSnapshot(last_wall_s_);
    if (replay_fetch_.valid()) replay_fetch_.wait();
    if (!replay_) break;
  }
  ReplayedSnapshot(last_wall_s_);
}

// The timeline along the map's bottom: live, or a moment of the store's
// past chosen with a slider and played at 1× to 3600×.
void Dashboard::DrawTimeBar(double left, double width, double bottom) {
  ReplayedSnapshot(last_wall_s_);  // takes the opened replay once it is there
  if (!replay_) return;            // still reading the log, or no store to replay
  const std::shared_ptr<const ops::Snapshot> live = live_.latest();
  const ops::TimeMs latest = live ? live->now : replay_earliest_;
  const ops::TimeMs earliest = std::min(replay_earliest_ ? replay_earliest_ : latest, latest);
  ImGui::SetNextWindowPos(ImVec2(static_cast<float>(left + 12), static_cast<float>(bottom - 12)), 0,
                          ImVec2(0, 1));
  ImGui::SetNextWindowSize(ImVec2(static_cast<float>(std::min(width * 0.62, 900.0)), 0));
  ImGui::SetNextWindowBgAlpha(0.9f);
  ImGui::Begin("time", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  TimeTravel& t = ui_.time;
  if (!t.active) {
    ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.55f, 1), "● %s", Tr(kLive));
    ImGui::SameLine();
    if (ImGui::SmallButton(Tr(kReplay))) {
      t.active = true;
      t.playing = false;
      t.at = std::max(earliest, latest - ops::kDay);
    }
  } else {
    if (ImGui::SmallButton(Tr(kBackToLive))) {
      t.active = false;
      t.playing = false;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(t.playing ? Tr(kPause) : Tr(kPlay))) t.playing = !t.playing;
    ImGui::SameLine();
    const double speeds[] = {1, 10, 60, 600, 3600};
    for (double sp : speeds) {
      ImGui::SameLine(0, 4);
      const std::string label = fmt::format("{:.0f}×", sp);
      if (ImGui::RadioButton(label.c_str(), t.speed == sp)) t.speed = sp;
    }
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.80f, 0.35f, 1), "%s %s", Tr(kReplaying),
                       FormatLocalTime(t.at).c_str());
    if (t.at >= latest) {  // caught up with the present
      t.at = latest;
      t.playing = false;
    }
  }
  // The slider in minutes from the earliest moment.
  int minutes = static_cast<int>(((t.active ? t.at : latest) - earliest) / ops::kMinute);
  const int span = std::max(1, static_cast<int>((latest - earliest) / ops::kMinute));
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderInt("##when", &minutes, 0, span, "")) {
    t.active = true;
    t.at = earliest + static_cast<ops::TimeMs>(minutes) * ops::kMinute;
  }
  ImGui::TextDisabled("%s", FormatLocalTime(earliest).c_str());
  ImGui::SameLine(ImGui::GetWindowWidth() - 140);
  ImGui::TextDisabled("%s", FormatLocalTime(latest).c_str());
  ImGui::End();
}

// ---------------------------------------------------------------------------
// [SECTION] Hotspots, point detail, the live update

// The hotspot report, recomputed (one pass over the demands) while its tab
// is shown or the map marks hot grids: at once when the filter changes, and
// at most once a second as snapshots arrive (NeedsFrame asks for the frame
// that catches up once they stop).
bool Dashboard::HotspotsDue() const {
  const ops::Snapshot* s = view_->snapshot();
  if (!s) return false;
  const bool never = hotspots_at_ == std::chrono::steady_clock::time_point{};
  if (never || !(ui_.filter == hotspots_filter_)) return true;
  const bool stale =
      hotspots_.seq != s->seq || hotspots_.now / ops::kMinute != s->now / ops::kMinute;
  return stale && std::chrono::steady_clock::now() - hotspots_at_ > std::chrono::seconds(1);
}

void Dashboard::UpdateHotspots() {
  if (!HotspotsDue()) return;
  hotspots_ =
      ops::ComputeHotspots(*view_->snapshot(), set_, *live_.catalog, ui_.filter, adjacency_);
  hotspots_filter_ = ui_.filter;
  hotspots_at_ = std::chrono::steady_clock::now();
}

// The map's Gi* mark follows the report; the GPU flags change only when a
// grid turns hot or stops being so.
void Dashboard::UpdateHotMark() {
  if (!ui_.layers.hot_grids) return;
  UpdateHotspots();
  std::vector<uint8_t> hot(set_.features.size(), 0);
  const geo::FeatureId first = set_.LevelBegin(geo::Level::kGrid);
  for (size_t i = 0; i < hotspots_.grids.size(); ++i) hot[first + i] = hotspots_.grids[i].gi.hot;
  if (hot != hot_uploaded_) {
    map_->SetHotFeatures(hot);
    hot_uploaded_ = std::move(hot);
  }
}

// Reads what the picked point's detail needs from the store on another
// thread, and takes the answer once it is there: the render thread never
// waits on the store.
void Dashboard::FetchDetail() {
  if (detail_fetch_.valid() &&
      detail_fetch_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    detail_ = detail_fetch_.get();
  }
  const PickedPoint& p = ui_.picked;
  const ops::Snapshot& s = *view_->snapshot();
  // A sensor's sparkline follows its readings; an incident's impact the
  // open demands and sensors, so the snapshot, asked at most once a second.
  int64_t fetched_at = 0;
  if (p.kind == PickedPoint::kSensor && s.sensors && p.sensor < s.sensors->size()) {
    fetched_at = (*s.sensors)[p.sensor].last_at;
  }
  if (p.kind == PickedPoint::kIncident) fetched_at = s.seq;
  const bool same_point =
      detail_.point.kind == p.kind && detail_.point.id == p.id && detail_.point.sensor == p.sensor;
  const bool same =
      same_point && (detail_at_ == fetched_at || (p.kind == PickedPoint::kIncident && !headless_ &&
                                                  last_wall_s_ - detail_wall_s_ < 1.0));
  if (same || detail_fetch_.valid() || p.kind == PickedPoint::kNone) return;
  if (p.kind == PickedPoint::kIncident && !impact_calc_) {
    auto made = ops::ImpactCalculator::Create(set_);
    if (made) impact_calc_ = std::move(*made);
  }
  if (!same_point) detail_ = {p, {}, {}, {}};  // nothing of another point meanwhile
  detail_at_ = fetched_at;
  detail_wall_s_ = last_wall_s_;
  std::string sensor_id = p.kind == PickedPoint::kSensor ? (*s.sensors)[p.sensor].spec.id : "";
  detail_fetch_ = std::async(
      std::launch::async,
      [source = live_, p, sensor_id, snapshot = view_->shared_snapshot(), calc = impact_calc_] {
        PointDetail d;
        d.point = p;
        if (p.kind == PickedPoint::kDemand && source.timeline) {
          d.steps = StepsOf(source.timeline(fmt::format("demand/{}", p.id)));
        }
        if (p.kind == PickedPoint::kSensor && source.readings) {
          d.readings = source.readings(sensor_id, snapshot->now - ops::kDay);
        }
        if (p.kind == PickedPoint::kIncident && calc && snapshot->incidents && p.id >= 1 &&
            static_cast<size_t>(p.id) <= snapshot->incidents->size()) {
          d.impact =
              calc->Of((*snapshot->incidents)[static_cast<size_t>(p.id - 1)].opened_as, *snapshot);
        }
        return d;
      });
  // A headless frame is a capture of the state, not a live screen: it waits
  // for the detail as WaitForReplay waits for a replayed moment.
  if (headless_) detail_ = detail_fetch_.get();
}

// Takes the latest snapshot and brings the view-model and the thematic
// colours on the GPU up to it.
void Dashboard::UpdateLive() {
  if (!view_) return;
  std::shared_ptr<const ops::Snapshot> snapshot =
      ui_.time.active ? ReplayedSnapshot(last_wall_s_) : nullptr;
  // Pings fire for news only: live changes, or a replay playing forward.
  const SnapshotFeed feed = !snapshot          ? SnapshotFeed::kLive
                            : ui_.time.playing ? SnapshotFeed::kReplayPlaying
                                               : SnapshotFeed::kReplayStill;
  if (!snapshot) snapshot = live_.latest();
  if (!snapshot) return;
  drawn_ = ShownOf(*snapshot);
  overlays_->Sync(*snapshot);
  // Only the layers on screen follow the snapshot; one switched on catches up
  // with every change at its next Sync (pings: takes it as the baseline).
  if (ui_.live.demands) points_->Sync(*snapshot, *live_.catalog, ui_.filter);
  if (ui_.live.heat) heat_->Sync(*snapshot, *live_.catalog, ui_.filter);
  if (ui_.live.pings)
    pings_->Sync(*snapshot, *live_.catalog, ui_.filter, feed, last_wall_s_);
  else
    pings_->Clear();
  view_->Update(std::move(snapshot), ui_.filter, ui_.selected, ui_.metric,
                ui_.layers.thematic_level);
  UpdateHotMark();
  UpdateDesk();
  FetchDetail();
  EnsureGlyphs();
  if (view_->colors_version() != colors_uploaded_) {
    map_->SetFeatureColors(view_->feature_colors());
    colors_uploaded_ = view_->colors_version();
  }
}

}  // namespace viewer
