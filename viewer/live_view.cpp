#include "viewer/live_view.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Metrics and the choropleth legend

double MetricValue(Metric metric, const ops::AreaKpis& k, const geo::Feature& f) {
  switch (metric) {
    case Metric::kOpen: return k.open;
    case Metric::kOverdue: return k.overdue;
    case Metric::kPer1000:
      return f.population > 0 ? 1000.0 * k.open / static_cast<double>(f.population) : -1;
    case Metric::kSensorsAlarm: return k.sensors_alarm;
  }
  return -1;
}

namespace {

constexpr Rgba kZeroColor = {31, 42, 60, 255};
// Inferno at 0.25, 0.45, 0.7 and 0.9: the lowest class stays calm on the
// dark wall, the hottest pops.
constexpr std::array<Rgba, 4> kRamp = {{
    {87, 16, 110, 255},
    {165, 44, 96, 255},
    {243, 120, 25, 255},
    {246, 215, 70, 255},
}};

bool IsCount(Metric metric) { return metric != Metric::kPer1000; }

// The nearest-rank quantile of sorted values.
double Quantile(const std::vector<double>& sorted, double q) {
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

Rgba Legend::ColorOf(double value) const {
  if (value < 0 || classes.empty()) return no_value;
  for (const LegendClass& c : classes) {
    if (value <= c.to) return c.color;
  }
  return classes.back().color;
}

Legend MakeLegend(Metric metric, const std::vector<double>& values) {
  Legend legend;
  legend.metric = metric;
  std::vector<double> positive;
  int zeros = 0;
  for (double v : values) {
    if (v == 0) ++zeros;
    if (v > 0) positive.push_back(v);
  }
  if (zeros == 0 && positive.empty()) return legend;
  legend.classes.push_back({0, 0, kZeroColor, zeros});
  if (positive.empty()) return legend;
  std::sort(positive.begin(), positive.end());
  // Upper ends at the median, the 75th and 90th percentiles and the
  // maximum, so the hottest class is the top tenth: whole numbers for counts
  // (a class "3–5 open demands", never "2.75–5"), one decimal for rates.
  auto round = [&](double v) {
    return IsCount(metric) ? std::ceil(v) : std::ceil(v * 10) / 10;
  };
  std::vector<double> ends;
  for (double q : {0.5, 0.75, 0.9, 1.0}) {
    const double e = round(Quantile(positive, q));
    if (ends.empty() || e > ends.back()) ends.push_back(e);
  }
  const double step = IsCount(metric) ? 1 : 0.1;
  double from = IsCount(metric) ? 1 : round(positive.front());
  for (size_t i = 0; i < ends.size(); ++i) {
    // Spread the ramp over however many classes there are, hottest last.
    const size_t ramp = ends.size() == 1 ? 3 : i * (kRamp.size() - 1) / (ends.size() - 1);
    legend.classes.push_back({std::min(from, ends[i]), ends[i], kRamp[ramp], 0});
    from = ends[i] + step;
  }
  for (double v : positive) {
    for (size_t i = 1; i < legend.classes.size(); ++i) {
      if (v <= legend.classes[i].to || i + 1 == legend.classes.size()) {
        ++legend.classes[i].areas;
        break;
      }
    }
  }
  return legend;
}

std::vector<double> LevelValues(const geo::GridSet& set, const ops::Kpis& kpis, geo::Level level,
                                Metric metric) {
  std::vector<double> values(set.features.size(), -1);
  for (geo::FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
    values[id] = MetricValue(metric, KpisOf(kpis, id), set.features[id]);
  }
  return values;
}

std::string FormatLocalTime(ops::TimeMs t) {
  const std::string iso = ops::FormatTime(t + 8 * ops::kHour);  // "2026-11-25T06:03:00.000Z"
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

// ---------------------------------------------------------------------------
// [SECTION] Drill-down

std::vector<geo::FeatureId> Breadcrumbs(const geo::GridSet& set, geo::FeatureId selected) {
  std::vector<geo::FeatureId> path;
  for (geo::FeatureId id = selected; id != geo::kNoFeature && id < set.features.size();
       id = set.features[id].parent) {
    path.insert(path.begin(), id);
  }
  return path;
}

geo::FeatureId DrillTarget(const geo::GridSet& set, geo::FeatureId selected, geo::FeatureId hit) {
  const std::vector<geo::FeatureId> path = Breadcrumbs(set, hit);
  if (path.empty()) return geo::kNoFeature;
  const auto at = std::find(path.begin(), path.end(), selected);
  if (at == path.end()) return path.front();
  return at + 1 == path.end() ? *at : *(at + 1);
}

const ops::AreaKpis& KpisOf(const ops::Kpis& kpis, geo::FeatureId area) {
  if (area == geo::kNoFeature || area >= kpis.areas.size()) return kpis.county;
  return kpis.areas[area];
}

std::vector<RankedArea> RankChildren(const geo::GridSet& set, const ops::Kpis& kpis,
                                     geo::FeatureId parent, Metric metric) {
  std::vector<RankedArea> out;
  auto add = [&](geo::FeatureId id) {
    out.push_back({id, MetricValue(metric, KpisOf(kpis, id), set.features[id])});
  };
  if (parent == geo::kNoFeature) {
    for (geo::FeatureId id = set.LevelBegin(geo::Level::kCommunity);
         id < set.LevelEnd(geo::Level::kCommunity); ++id) {
      add(id);
    }
  } else {
    for (geo::FeatureId id : set.features[parent].children) add(id);
  }
  std::sort(out.begin(), out.end(), [&](const RankedArea& a, const RankedArea& b) {
    if (a.value != b.value) return a.value > b.value;
    return set.features[a.id].code < set.features[b.id].code;
  });
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Trends

KpisThen KpisAt(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
                const ops::DemandFilter& filter, ops::TimeMs at, geo::FeatureId area) {
  KpisThen then;
  // The stage a demand had at `at` is not kept here, only whether it was
  // closed by then: a stage filter judges demands by their stage now.
  const ops::FilterMatcher matches(filter, catalog, at);
  const ops::TimeMs day_start = ops::LocalDayStart(at);
  snapshot.demands.ForEach([&](const ops::Demand& d) {
    if (d.received > at || !matches(d)) return;
    const ops::AreaKpis k = ops::DemandKpisAt(d, at, day_start);
    ops::AddKpis(then.county, k, +1);
    if (area != geo::kNoFeature && std::find(d.areas.begin(), d.areas.end(), area) != d.areas.end()) {
      ops::AddKpis(then.area, k, +1);
    }
  });
  return then;
}

// ---------------------------------------------------------------------------
// [SECTION] LiveView

double LiveView::SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

LiveView::LiveView(const geo::GridSet& set, const ops::Catalog& catalog, WallClock wall)
    : wall_(std::move(wall)), set_(set), catalog_(catalog) {}

bool LiveView::KpisDue(double wall) const {
  return kpis_from_ != snapshot_ && wall - kpis_wall_ >= kKpiWallInterval;
}

bool LiveView::TrendDue(double wall) const {
  const ops::TimeMs now = snapshot_->now;
  if (now == day_ago_at_ || wall - trend_wall_ < kTrendWallInterval) return false;
  // Every kTrendInterval of clock while it runs; once more when it stops.
  return now >= day_ago_at_ + kTrendInterval || wall - clock_seen_wall_ >= kTrendSettle;
}

bool LiveView::RecountDue() const {
  if (!snapshot_) return false;
  const double wall = wall_();
  return KpisDue(wall) || TrendDue(wall);
}

bool LiveView::Update(std::shared_ptr<const ops::Snapshot> snapshot,
                      const ops::DemandFilter& filter, geo::FeatureId selected, Metric metric,
                      geo::Level choropleth_level) {
  assert(snapshot && "LiveView::Update needs a snapshot (the store publishes one on open)");
  const double wall = wall_();
  const bool new_snapshot = snapshot != snapshot_;
  const bool new_filter = !has_filter_ || !(filter == filter_);
  if (new_snapshot) snapshot_ = std::move(snapshot);
  if (new_filter) {
    filter_ = filter;
    has_filter_ = true;
    filter_text_ = ops::DescribeFilter(filter_, catalog_);
  }
  const ops::TimeMs now = snapshot_->now;
  if (now != clock_seen_) {
    clock_seen_ = now;
    clock_seen_wall_ = wall;
  }

  // The filtered KPIs: without a filter the snapshot's own (no recount), so
  // never held back; with one, recounted at once for a new filter (the
  // supervisor is waiting for it) and at most every kKpiWallInterval as
  // snapshots stream in.
  const std::shared_ptr<const ops::Kpis> kpis_before = kpis_;
  if (new_filter || (kpis_from_ != snapshot_ && (filter_.Empty() || KpisDue(wall)))) {
    kpis_ = ops::FilteredKpis(*snapshot_, catalog_, filter_);
    kpis_from_ = snapshot_;
    if (!filter_.Empty()) kpis_wall_ = wall;
  }
  const bool new_kpis = kpis_ != kpis_before;

  // The trend: at once when the filter or the area changes or the clock went
  // back (a replay seek); else as TrendDue says.
  const bool new_trend =
      new_filter || selected != trend_area_ || now < day_ago_at_ || TrendDue(wall);
  if (new_trend) {
    day_ago_ = KpisAt(*snapshot_, catalog_, filter_, now - ops::kDay, selected);
    day_ago_at_ = now;
    trend_area_ = selected;
    trend_wall_ = wall;
  }

  const bool new_colors =
      new_kpis || metric != metric_ || choropleth_level != level_ ||
      feature_colors_.size() != set_.features.size();
  if (new_colors) {
    metric_ = metric;
    level_ = choropleth_level;
    const std::vector<double> values = LevelValues(set_, *kpis_, level_, metric_);
    std::vector<double> level_values(values.begin() + set_.LevelBegin(level_),
                                     values.begin() + set_.LevelEnd(level_));
    Legend legend = MakeLegend(metric_, level_values);
    std::vector<Rgba> colors(set_.features.size(), Rgba{0, 0, 0, 0});
    for (geo::FeatureId id = set_.LevelBegin(level_); id < set_.LevelEnd(level_); ++id) {
      colors[id] = legend.ColorOf(values[id]);
    }
    legend_ = std::move(legend);
    if (colors != feature_colors_) {
      feature_colors_ = std::move(colors);
      ++colors_version_;
    }
  }
  return new_snapshot || new_filter || new_trend || new_colors;
}

}  // namespace viewer
