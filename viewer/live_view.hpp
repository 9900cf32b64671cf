// The view-model of the live county: what the panels and the thematic map
// show, derived from one ops::Snapshot under the supervisor's filter. Pure
// functions and one cache, no GL and no ImGui, so drill-down, filters, KPIs
// and rankings are tested without a window.
//
// [SECTION] Metrics and the choropleth legend
// [SECTION] Drill-down
// [SECTION] Trends
// [SECTION] LiveView: the derived state, recomputed only when its inputs change
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "geo/grid_set.hpp"
#include "ops/catalog.hpp"
#include "ops/demand_filter.hpp"
#include "ops/live_state.hpp"
#include "viewer/map_style.hpp"

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Metrics and the choropleth legend

// What a choropleth shows and a ranking sorts by.
enum class Metric : uint8_t { kOpen, kOverdue, kPer1000, kSensorsAlarm };
inline constexpr int kMetricCount = 4;

// An area's value of `metric`; -1 where it has no meaning (a rate per 1,000
// residents of an area with no recorded population).
double MetricValue(Metric metric, const ops::AreaKpis& k, const geo::Feature& f);

// Classes of a choropleth: values equal to 0 form their own class (an area
// with nothing open reads as calm, not as "low"); the rest fall into up to
// four classes split at the median, 75th and 90th percentiles of the
// non-zero values (the hottest class is the top tenth), rounded to whole
// numbers for counts. Colours run from dark indigo to bright yellow (the
// inferno ramp: ordered in lightness, so it reads on the dark wall and for
// colour-blind viewers).
struct LegendClass {
  double from = 0, to = 0;  // inclusive bounds of the values in it
  Rgba color;
  int areas = 0;  // how many areas fall in it
};
struct Legend {
  Metric metric = Metric::kOpen;
  std::vector<LegendClass> classes;  // ascending; empty when no area has a value
  Rgba no_value = {58, 62, 72, 255};   // areas without a value (-1)
  // The colour of a value.
  Rgba ColorOf(double value) const;
};
Legend MakeLegend(Metric metric, const std::vector<double>& values);

// The value of every feature of `level` (others -1), by FeatureId.
std::vector<double> LevelValues(const geo::GridSet& set, const ops::Kpis& kpis, geo::Level level,
                                Metric metric);

// "2026-11-25 14:03" in Asia/Shanghai (UTC+8, no daylight saving): how the
// command centre reads a time.
std::string FormatLocalTime(ops::TimeMs t);

// ---------------------------------------------------------------------------
// [SECTION] Drill-down

// County › community › grid › compound: the selected area and its ancestors,
// outermost first; empty for the county (nothing selected).
std::vector<geo::FeatureId> Breadcrumbs(const geo::GridSet& set, geo::FeatureId selected);

// Where a click on the map at `hit` (the deepest area under the cursor)
// drills to from `selected`: the next area down towards `hit` when the click
// falls inside the selection, else the community under the cursor. A click
// inside the deepest selected area keeps it.
geo::FeatureId DrillTarget(const geo::GridSet& set, geo::FeatureId selected, geo::FeatureId hit);

// The areas one level below `parent` (the communities for kNoFeature, the
// county) ranked by `metric`, highest first; ties by code. Areas without a
// value come last.
struct RankedArea {
  geo::FeatureId id = geo::kNoFeature;
  double value = 0;
};
std::vector<RankedArea> RankChildren(const geo::GridSet& set, const ops::Kpis& kpis,
                                     geo::FeatureId parent, Metric metric);

// The KPIs of an area, or of the county for kNoFeature.
const ops::AreaKpis& KpisOf(const ops::Kpis& kpis, geo::FeatureId area);

// ---------------------------------------------------------------------------
// [SECTION] Trends

// The demand KPIs as they stood at `at`, recounted from the demands' own
// times: open then (received by `at`, not closed by it), overdue then,
// received and closed during `at`'s local day up to `at`, and closures up to
// `at` for the rates. The county's and one area's (kNoFeature: none).
struct KpisThen {
  ops::AreaKpis county;
  ops::AreaKpis area;
};
KpisThen KpisAt(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
                const ops::DemandFilter& filter, ops::TimeMs at, geo::FeatureId area);

// ---------------------------------------------------------------------------
// [SECTION] LiveView

// The derived state the frame draws from. Update() is cheap when nothing
// changed (same snapshot, same filter). The two scans over all demands are
// throttled by the wall clock, because a replay at 3600× or a burst of
// ingest brings a new snapshot every frame:
//  - the filtered KPIs (with a filter; without one they are the snapshot's
//    own, free) at most once per kKpiWallInterval, and at once when the
//    filter changes;
//  - the 24-hour-ago trend when the snapshot's clock has moved
//    kTrendInterval, at most once per kTrendWallInterval, and at once when
//    the filter or the area changes or the clock goes back (a replay seek).
// What a throttle held back is done at the first Update() after its
// interval, so once the snapshots stop changing the numbers are exact again:
// the filtered KPIs are the latest snapshot's, and the trend, after
// kTrendSettle without a new clock, is for exactly 24 h before it.
// RecountDue() tells the frame loop that such an Update() is waiting.
class LiveView {
 public:
  // Seconds on a monotonic clock; tests inject their own.
  using WallClock = std::function<double()>;
  static double SteadySeconds();

  LiveView(const geo::GridSet& set, const ops::Catalog& catalog,
           WallClock wall = &LiveView::SteadySeconds);

  // Returns true when anything shown changed.
  bool Update(std::shared_ptr<const ops::Snapshot> snapshot, const ops::DemandFilter& filter,
              geo::FeatureId selected, Metric metric, geo::Level choropleth_level);
  // Whether a recount the throttle held back is due now: an Update() with
  // the same inputs would change what is shown.
  bool RecountDue() const;

  const ops::Snapshot* snapshot() const { return snapshot_.get(); }
  // The same, for a reader on another thread (it keeps it alive).
  const std::shared_ptr<const ops::Snapshot>& shared_snapshot() const { return snapshot_; }
  const ops::Kpis& kpis() const { return *kpis_; }  // filtered
  const ops::DemandFilter& filter() const { return filter_; }
  const std::string& filter_text() const { return filter_text_; }
  const KpisThen& day_ago() const { return day_ago_; }  // 24 h before the snapshot's clock
  ops::TimeMs day_ago_for() const { return day_ago_at_; }  // …as of this clock: 24 h before it
  const Legend& legend() const { return legend_; }
  // The thematic fill of each feature (alpha 0 for features not of the
  // choropleth level), for MapRenderer::SetFeatureColors.
  const std::vector<Rgba>& feature_colors() const { return feature_colors_; }
  // Bumped whenever feature_colors() changes, so the GPU copy is refreshed only then.
  uint64_t colors_version() const { return colors_version_; }

  static constexpr ops::TimeMs kTrendInterval = 10'000;  // store clock, ms
  static constexpr double kKpiWallInterval = 0.5;        // wall seconds: ≤ 2 recounts/s
  static constexpr double kTrendWallInterval = 2.0;
  static constexpr double kTrendSettle = 3.0;  // wall seconds with one clock: idle

 private:
  bool KpisDue(double wall) const;
  bool TrendDue(double wall) const;

  WallClock wall_;
  const geo::GridSet& set_;
  const ops::Catalog& catalog_;
  std::shared_ptr<const ops::Snapshot> snapshot_;
  ops::DemandFilter filter_;
  bool has_filter_ = false;
  std::shared_ptr<const ops::Kpis> kpis_;
  std::shared_ptr<const ops::Snapshot> kpis_from_;  // the snapshot kpis_ counts
  double kpis_wall_ = -1e9;  // when the filtered KPIs were last recounted
  std::string filter_text_;
  KpisThen day_ago_;
  ops::TimeMs day_ago_at_ = 0;  // the snapshot clock the trend was computed at
  double trend_wall_ = -1e9;    // when it was
  ops::TimeMs clock_seen_ = 0;  // the latest snapshot clock, and since when (wall)
  double clock_seen_wall_ = 0;
  geo::FeatureId trend_area_ = geo::kNoFeature;
  Metric metric_ = Metric::kOpen;
  geo::Level level_ = geo::Level::kGrid;
  Legend legend_;
  std::vector<Rgba> feature_colors_;
  uint64_t colors_version_ = 0;
};

}  // namespace viewer
