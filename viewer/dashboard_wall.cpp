// The dashboard's wall mode (`gridops view --wall`, `render --wall`), beside
// its desk frame (dashboard.cpp): the same map and live layers, laid out for
// a screen nobody touches and everybody reads from five metres.
//
//   ┌──────────────── KPI band (figures) ───────────────┬── clock ──┐
//   │                                                   │ tour card │
//   │                 map (the tour's stop)             ├───────────┤
//   │                                                   │  ticker   │
//   └───────────────────────────────────────── legend ──┴───────────┘
//
// [SECTION] Setup: theme and type
// [SECTION] The tour
// [SECTION] The frame
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>

#include "viewer/dashboard.hpp"
#include "viewer/panels/panels.hpp"
#include "viewer/panels/wall_colors.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

constexpr size_t kTickerLines = 40;  // more than any screen shows; the panel keeps what fits

// The wall's theme at 1080p: opaque near-black panels, white text, no
// rounding; ScaleAllSizes grows the spacing with the type.
ImGuiStyle WallStyle(float scale) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 0;
  style.WindowBorderSize = 0;
  style.WindowPadding = ImVec2(14, 10);
  style.ItemSpacing = ImVec2(10, 4);
  style.CellPadding = ImVec2(6, 2);
  style.Colors[ImGuiCol_WindowBg] = kWallPanel;
  style.Colors[ImGuiCol_Text] = kWallText;
  style.Colors[ImGuiCol_TextDisabled] = kWallLabel;
  style.Colors[ImGuiCol_TitleBg] = style.Colors[ImGuiCol_TitleBgActive] =
      ImVec4(0.10f, 0.13f, 0.20f, 1.0f);
  style.Colors[ImGuiCol_Separator] = ImVec4(0.30f, 0.35f, 0.45f, 1.0f);
  style.ScaleAllSizes(scale);
  return style;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Setup: theme and type

void Dashboard::EnableWall(const WallOptions& options) {
  assert(view_ && "the wall shows a live county: create the dashboard with a LiveSource");
  wall_ = std::make_unique<WallState>();
  wall_->options = options;
  ui_.layers.thematic = true;
  ui_.layers.hot_grids = true;
  ui_.live.heat = false;
  ui_.show_labels = true;
}

float Dashboard::min_text_px() const {
  float px = fonts_.ui ? fonts_.ui->FontSize : 0;
  if (fonts_.label) px = std::min(px, fonts_.label->FontSize);
  if (fonts_.big) px = std::min(px, fonts_.big->FontSize);
  return px;
}

// Fonts and spacing for the framebuffer's height: built before the wall's
// first frame, and again when the height changes (a window moved to another
// monitor).
geo::Result<void> Dashboard::UpdateWallType(int fb_h) {
  WallState& w = *wall_;
  if (w.type_height == fb_h && fonts_.ui) return {};
  ImGuiIO& io = ImGui::GetIO();
  // The backend made the texture at its first frame; before that it will.
  const bool had_texture = io.Fonts->TexID != 0;
  const WallType before = w.type;
  w.type = WallTypeFor(fb_h);
  io.Fonts->Clear();
  auto fonts = BuildFonts();
  if (!fonts) {
    w.type = before;
    return std::unexpected(fonts.error());
  }
  fonts_ = *fonts;
  if (had_texture) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ImGui::GetStyle() = WallStyle(w.type.scale);
  w.type_height = fb_h;
  return {};
}

ops::TimeMs Dashboard::WallClockMs() const {
  if (wall_->options.clock_ms) return wall_->options.clock_ms;
  const ops::Snapshot* s = view_ ? view_->snapshot() : nullptr;
  if (wall_->options.clock_from_snapshot && s) return s->now;
  return ops::NowMs();
}

// ---------------------------------------------------------------------------
// [SECTION] The tour

// Advances the tour on the frame clock and moves the camera when its focus
// changes: the county, a community (the desk's drill-down), or a new
// incident's area with its board.
void Dashboard::FollowTour() {
  WallState& w = *wall_;
  const ops::Snapshot* s = view_->snapshot();
  if (!w.tour) {
    const int communities = static_cast<int>(set_.LevelEnd(geo::Level::kCommunity) -
                                             set_.LevelBegin(geo::Level::kCommunity));
    w.tour =
        std::make_unique<WallTour>([this] { return last_wall_s_; }, w.options.dwell_s, communities);
    w.tour->StartAt(w.options.first_stop);
    if (w.options.first_incident) w.tour->Interrupt(w.options.first_incident);
  }
  if (s && s->incidents) {
    std::vector<int64_t> active;
    for (const ops::Incident& i : *s->incidents) {
      if (i.stage != ops::IncidentStage::kEnded) active.push_back(i.id);
    }
    w.tour->Observe(active);
  }
  const WallTour::Focus f = w.tour->Update();
  const bool same = w.applied_once && f.kind == w.applied.kind && f.stop == w.applied.stop &&
                    f.incident == w.applied.incident;
  if (same) return;
  const bool first = !w.applied_once;
  const CameraView before = camera_.view();
  w.applied = f;
  w.applied_once = true;
  w.legend_placed = false;
  const double margin = 40 * w.type.scale;
  switch (f.kind) {
    case WallTour::Focus::kCounty:
      ui_.picked = {};
      DrillTo(ui_, set_, geo::kNoFeature);
      break;
    case WallTour::Focus::kCommunity:
      ui_.picked = {};
      DrillTo(ui_, set_, set_.LevelBegin(geo::Level::kCommunity) + (f.stop - 1));
      break;
    case WallTour::Focus::kIncident:
      DrillTo(ui_, set_, geo::kNoFeature);
      ui_.fit_county = false;
      ui_.picked = {PickedPoint::kIncident, f.incident, 0};
      if (const auto b = IncidentBounds(f.incident))
        camera_.Fit(*b, margin);
      else
        ui_.fit_county = true;
      break;
  }
  if (ui_.fit_county) camera_.Fit(set_.bounds, margin);
  if (ui_.zoom_to != geo::kNoFeature) camera_.Fit(set_.features[ui_.zoom_to].bounds, margin);
  ui_.fit_county = false;
  ui_.zoom_to = geo::kNoFeature;
  // On a live wall the camera flies to the stop, so the room sees where on
  // the map it went; a capture, and the first stop, show it at once.
  if (!first && !headless_) {
    w.flight = {before, camera_.view(), last_wall_s_};
    camera_.SetView(before);
  }
}

// Moves the camera along its flight, if any, for this frame.
void Dashboard::Fly() {
  WallState::Flight& f = wall_->flight;
  if (f.start_s < 0) return;
  const double t = (last_wall_s_ - f.start_s) / WallState::kFlightSeconds;
  camera_.SetView(Between(f.from, f.to, EaseInOut(t)));
  if (t >= 1) f.start_s = -1;
}

// Chooses the legend's corner for the stop once the camera is there and the
// legend's size is known: where it hides least of the community toured, or
// of the county.
void Dashboard::PlaceWallLegend(const Viewport& free, float margin) {
  WallState& w = *wall_;
  // A new stop, a legend that changed size (ImGui sizes a window over its
  // first frames; a language or a layer switch changes it), or the banner
  // come or gone.
  const bool resized = std::abs(w.legend_w - w.legend_placed_w) > 8 ||
                       std::abs(w.legend_h - w.legend_placed_h) > 8 ||
                       free.y != w.legend_placed_top;
  if ((w.legend_placed && !resized) || w.flight.start_s >= 0 || w.legend_w <= 0) return;
  const geo::FeatureId community = w.applied.kind == WallTour::Focus::kCommunity
                                       ? set_.LevelBegin(geo::Level::kCommunity) +
                                             static_cast<geo::FeatureId>(w.applied.stop - 1)
                                       : geo::kNoFeature;
  // A new incident's stop is its area as much as the county.
  const std::optional<geo::Bounds> incident = w.applied.kind == WallTour::Focus::kIncident
                                                  ? IncidentBounds(w.applied.incident, false)
                                                  : std::nullopt;
  w.legend_corner = LeastHiddenCorner(free, w.legend_w, w.legend_h, margin, [&](ScreenPx p) {
    const geo::Meters m = camera_.ToMeters(p);
    if (incident && m.x >= incident->min_x && m.x <= incident->max_x &&
        m.y >= incident->min_y && m.y <= incident->max_y) {
      return true;
    }
    const geo::FeatureId at = index_.Locate(geo::Level::kCommunity, m);
    return community == geo::kNoFeature ? at != geo::kNoFeature : at == community;
  });
  w.legend_placed = true;
  w.legend_placed_w = w.legend_w;
  w.legend_placed_h = w.legend_h;
  w.legend_placed_top = free.y;
}

// An incident's area in display metres: its circle's or polygon's bounds,
// or `with_surroundings` (to frame it) a margin around so the affected grids'
// neighbours show too.
std::optional<geo::Bounds> Dashboard::IncidentBounds(int64_t id, bool with_surroundings) {
  const ops::Snapshot* s = view_->snapshot();
  const geo::Transformer* to_display = ToDisplay();
  if (!s || !s->incidents || id < 1 || static_cast<size_t>(id) > s->incidents->size() ||
      !to_display) {
    return std::nullopt;
  }
  const ops::IncidentInput& in = (*s->incidents)[static_cast<size_t>(id - 1)].opened_as;
  geo::Bounds b{1e300, 1e300, -1e300, -1e300};
  auto extend = [&](geo::LonLat ll, double r) {
    const geo::Meters m = to_display->Forward(ll.lon, ll.lat);
    if (!std::isfinite(m.x) || !std::isfinite(m.y)) return;
    b.min_x = std::min(b.min_x, m.x - r);
    b.min_y = std::min(b.min_y, m.y - r);
    b.max_x = std::max(b.max_x, m.x + r);
    b.max_y = std::max(b.max_y, m.y + r);
  };
  if (in.polygon.empty()) {
    extend(in.center, with_surroundings ? std::max(in.radius_m, 300.0) * 1.5 : in.radius_m);
  }
  for (const geo::LonLat& ll : in.polygon) extend(ll, 0);
  if (b.min_x > b.max_x) return std::nullopt;
  if (!with_surroundings) return b;
  const double pad = 0.25 * std::max(b.max_x - b.min_x, b.max_y - b.min_y);
  return geo::Bounds{b.min_x - pad, b.min_y - pad, b.max_x + pad, b.max_y + pad};
}

// What the tour card says about the stop on screen.
WallCard Dashboard::WallCardOf() const {
  const WallState& w = *wall_;
  const WallTour& tour = *w.tour;
  const WallTour::Focus& f = tour.focus();
  const ops::Kpis& kpis = view_->kpis();
  WallCard card;
  const int next = (f.stop + 1) % tour.stops();
  const geo::FeatureId first = set_.LevelBegin(geo::Level::kCommunity);
  const std::string next_name = next == 0 ? Tr(kTourCounty) : set_.features[first + next - 1].name;
  card.subtitle = fmt::format(fmt::runtime(Tr(kTourStop)), f.stop + 1, tour.stops()) + " · " +
                  fmt::format(fmt::runtime(Tr(kTourNext)), next_name);
  if (f.kind == WallTour::Focus::kIncident) {
    card.title = Tr(kTourNewIncident);
    card.subtitle = Tr(kTourResumes);
    return card;
  }
  const geo::FeatureId area =
      f.kind == WallTour::Focus::kCounty ? geo::kNoFeature : first + f.stop - 1;
  auto figure = [&](const Text& label, std::string value, int severity) {
    card.figures.push_back({Tr(label), std::move(value), severity});
  };
  const ops::AreaKpis& k = KpisOf(kpis, area);
  if (area == geo::kNoFeature) {
    card.title = Tr(kTourCounty);
    figure(kCommunities, Thousands(set_.LevelEnd(geo::Level::kCommunity) - first), 0);
    figure(kGrids, Thousands(set_.LevelEnd(geo::Level::kGrid) - set_.LevelBegin(geo::Level::kGrid)),
           0);
    figure(kIncidents, Thousands(k.incidents_active), k.incidents_active > 0 ? 2 : 0);
  } else {
    const geo::Feature& c = set_.features[area];
    card.title = c.name;
    if (const ops::Snapshot* s = view_->snapshot(); s && s->organisation) {
      for (const ops::Chief& chief : s->organisation->chiefs) {
        if (chief.area_code == c.code && chief.role == ops::ChiefRole::kCommunity) {
          card.note = fmt::format("{} {}", Tr(kChiefShort), chief.name);
        }
      }
    }
    figure(kOpen, Thousands(k.open), 0);
    figure(kOverdue, Thousands(k.overdue), k.overdue > 0 ? 1 : 0);
    figure(kReceivedToday, Thousands(k.received_today), 0);
    const double r = k.OnTimeRate();
    figure(kOnTimeShort, r < 0 ? "—" : fmt::format("{:.0f}%", r * 100), 0);
    figure(kClosedToday, Thousands(k.closed_today), 0);
    figure(kAlarmShort, Thousands(k.sensors_alarm), k.sensors_alarm > 0 ? 2 : 0);
  }
  card.ranked_title = fmt::format("{} · {}", Tr(kRankedByOpen),
                                  Tr(area == geo::kNoFeature ? kCommunities : kGrids));
  for (const RankedArea& r : RankChildren(set_, kpis, area, Metric::kOpen)) {
    if (card.ranked.size() == 4 || r.value <= 0) break;
    card.ranked.push_back({set_.features[r.id].name, Thousands(static_cast<int64_t>(r.value))});
  }
  return card;
}

// ---------------------------------------------------------------------------
// [SECTION] The frame

void Dashboard::DrawWall(const FrameSize& size) {
  WallState& w = *wall_;
  const WallType& t = w.type;
  const auto W = static_cast<float>(size.width), H = static_cast<float>(size.height);
  const float header_h = std::round(2 * t.body_px + t.figure_px + 32 * t.scale);
  const float clock_w = std::round(340 * t.scale);
  const float column_w = std::round(W * 0.30f);
  const float map_w = W - column_w;
  const WallFonts fonts{fonts_.ui, fonts_.label, fonts_.big};
  ui_.hovered = geo::kNoFeature;
  camera_.SetViewport({0, header_h, map_w, H - header_h});
  // Marks grow with the type: the type's scale is per framebuffer pixel,
  // the camera's per window pixel (a HiDPI screen already doubles both).
  camera_.SetMarkScale(std::max(1.0, t.scale / size.pixel_scale));
  FollowTour();
  Fly();

  const ops::Snapshot* s = view_->snapshot();
  // The ticker: once per new snapshot (at most once a second when idle, the
  // store clock's tick), or when the language changes.
  if (s && (s->seq != w.ticker_seq || s->now != w.ticker_now || English() != w.ticker_english)) {
    w.ticker = TickerOf(*s, set_, *live_.catalog, kTickerLines);
    w.ticker_seq = s->seq;
    w.ticker_now = s->now;
    w.ticker_english = English();
  }
  w.problem = w.watch.Check(s, live_.problem ? live_.problem() : std::string(), size.time_s);
  const ops::TimeMs clock = WallClockMs();
  w.drawn_second = clock / 1000;

  DrawWallHeader(*view_, fonts, 0, 0, W - clock_w, header_h);
  DrawWallClock(WallClockTime(clock), WallClockDate(clock), w.problem, ui_.time.active, fonts,
                W - clock_w, 0, clock_w, header_h);
  // The right column: the stop's card (or a new incident's, over its
  // board), and the ticker in what is left.
  const float column_h = H - header_h;
  const WallCard card = WallCardOf();
  float used = DrawWallCard(card, fonts, map_w, header_h, column_w, column_h * 0.6f);
  if (w.tour->focus().kind == WallTour::Focus::kIncident && s) {
    // The board takes most of the column: who was summoned and who is late
    // matters more for its dwell than the routine lines below.
    const float board_bottom = column_h * 0.8f;
    ImGui::SetNextWindowSizeConstraints(ImVec2(column_w, 0), ImVec2(column_w, board_bottom - used));
    DrawPointDetail(set_, *s, *live_.catalog, detail_, ui_, W, header_h + used, nullptr, true);
    // Appending to the board's window (ImGui allows a second Begin in a
    // frame) tells its height; the ticker starts under it.
    if (ui_.picked.kind != PickedPoint::kNone) {
      if (ImGui::Begin(Tr(kDetail))) used += ImGui::GetWindowHeight();
      ImGui::End();
    }
    used = std::min(used, board_bottom);
  }
  DrawWallTicker(w.ticker, fonts, map_w, header_h + used, column_w, column_h - used);
  const float banner_h = DrawFeedBanner(w.problem, 0, header_h, map_w);
  // The legend keeps under the banner while it shows.
  Viewport free = camera_.viewport();
  free.y += banner_h;
  free.height -= banner_h;
  const float margin = 12 * t.scale;
  PlaceWallLegend(free, margin);
  const ScreenPx at = CornerBoxOrigin(free, w.legend_w, w.legend_h, margin, w.legend_corner);
  const ImVec2 legend =
      DrawLegend(set_, &view_->legend(), ui_.layers.thematic_level,
                 ui_.layers.hot_grids ? hotspots_.hot_grids : -1, ui_.live.pings,
                 ImVec2(static_cast<float>(at.x), static_cast<float>(at.y)), ImVec2(0, 0));
  w.legend_w = legend.x;
  w.legend_h = legend.y;
  if (ui_.show_labels) DrawLabels();
}

}  // namespace viewer
