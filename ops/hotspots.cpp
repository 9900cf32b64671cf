// The hotspots panel's numbers from one pass over a snapshot's demands.
// The statistical tests themselves are in hotspots_stats.cpp.
//
// [SECTION] Tallies      — what the one pass counts
// [SECTION] Grid ranking — one row per grid
// [SECTION] Early warning
// [SECTION] League table
// [SECTION] Public       — MetricValue, SortGridRows, ComputeHotspots
#include "ops/hotspots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace ops {

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Tallies
// ---------------------------------------------------------------------------

// Whole days back from `now` that the ranking compares: this week and the
// week before.
constexpr int kRankDays = 14;

// The whole day back from `now` that time `t` falls in: 0 for
// [now − 24 h, now] (and for the future), k for [now − (k+1)·24 h, now − k·24 h).
int64_t DayBack(TimeMs now, TimeMs t) {
  const TimeMs age = now - t;
  return age <= kDay ? 0 : (age - 1) / kDay;
}

struct GridTally {
  int32_t matching = 0, open = 0, overdue = 0;
  std::array<int32_t, kRankDays> received_by_day{};  // filter without its window
};

struct CompoundTally {
  int32_t closed = 0, on_time = 0, reworked = 0, rated = 0;
  int64_t satisfaction_sum = 0;
};

// Everything the pass counts. Early-warning counts are by grid, family and
// day back: index ((grid · families) + family) · warning_days + day.
struct Tallies {
  std::vector<GridTally> grids;
  std::vector<int32_t> warning_counts;
  size_t warning_days = 0;  // today and the history days before it
  std::vector<CompoundTally> compounds;
  TimeMs earliest = std::numeric_limits<TimeMs>::max();  // first demand received, any
};

Tallies Count(const Snapshot& snapshot, const geo::GridSet& grids, const Catalog& catalog,
              const DemandFilter& filter, int history_days) {
  const TimeMs now = snapshot.now;
  // The parts of the report use the filter with some restrictions lifted
  // (ComputeHotspots says which), but all of them keep its families and
  // sources. So one matcher tests those (one hash lookup of the category
  // when families are chosen), and the stage and window are tested here as
  // FilterMatcher tests them.
  DemandFilter families_and_sources = filter;
  families_and_sources.window = 0;
  families_and_sources.stages.fill(true);
  const FilterMatcher base(families_and_sources, catalog, now);
  const TimeMs since = now - filter.window;
  std::unordered_map<std::string_view, int> family_of;  // category code → family index
  for (const Category& c : catalog.categories) {
    for (size_t f = 0; f < catalog.families.size(); ++f) {
      if (catalog.families[f].code == c.family) family_of.emplace(c.code, static_cast<int>(f));
    }
  }
  const size_t families = catalog.families.size();
  const size_t days = static_cast<size_t>(history_days) + 1;
  const geo::FeatureId grid0 = grids.LevelBegin(geo::Level::kGrid);
  const geo::FeatureId compound0 = grids.LevelBegin(geo::Level::kCompound);
  const size_t grid_count = grids.LevelCount(geo::Level::kGrid);
  const size_t compound_count = grids.LevelCount(geo::Level::kCompound);

  Tallies t;
  t.warning_days = days;
  t.grids.resize(grid_count);
  t.warning_counts.assign(grid_count * families * days, 0);
  t.compounds.resize(compound_count);
  snapshot.demands.ForEach([&](const Demand& d) {
    t.earliest = std::min(t.earliest, d.received);
    if (!base(d)) return;
    const bool stage = filter.stages[static_cast<size_t>(d.stage)];
    const bool in_window = filter.window <= 0 || d.received >= since;
    const geo::FeatureId grid = d.areas[static_cast<int>(geo::Level::kGrid)];
    if (grid >= grid0 && grid - grid0 < grid_count) {
      GridTally& g = t.grids[grid - grid0];
      if (stage && in_window) {
        ++g.matching;
        if (d.Open()) {
          ++g.open;
          if (d.Overdue(now)) ++g.overdue;
        }
      }
      const int64_t day = DayBack(now, d.received);
      if (day < kRankDays && stage) ++g.received_by_day[static_cast<size_t>(day)];
      if (day < static_cast<int64_t>(days)) {
        if (auto f = family_of.find(d.category); f != family_of.end()) {
          ++t.warning_counts[((grid - grid0) * families + static_cast<size_t>(f->second)) * days +
                             static_cast<size_t>(day)];
        }
      }
    }
    const geo::FeatureId compound = d.areas[static_cast<int>(geo::Level::kCompound)];
    if (d.closed && compound >= compound0 && compound - compound0 < compound_count && in_window) {
      CompoundTally& c = t.compounds[compound - compound0];
      ++c.closed;
      if (d.closed <= d.deadline) ++c.on_time;
      if (d.rework_count > 0) ++c.reworked;
      if (d.satisfaction >= 1 && d.satisfaction <= 5) {
        ++c.rated;
        c.satisfaction_sum += d.satisfaction;
      }
    }
  });
  return t;
}

// ---------------------------------------------------------------------------
// [SECTION] Grid ranking
// ---------------------------------------------------------------------------

std::optional<double> Per1000(int32_t count, int64_t population) {
  if (population <= 0) return std::nullopt;
  return double(count) * 1000.0 / double(population);
}

// (now − before) / before; 0 when both are 0; none when only `before` is.
std::optional<double> Relative(int32_t now, int32_t before) {
  if (before == 0) return now == 0 ? std::optional<double>(0.0) : std::nullopt;
  return double(now - before) / double(before);
}

GridRow RowOf(geo::FeatureId grid, const geo::Feature& feature, const GridTally& t) {
  GridRow r;
  r.grid = grid;
  r.population = feature.population;
  r.matching = t.matching;
  r.open = t.open;
  r.overdue = t.overdue;
  const auto& days = t.received_by_day;
  r.received_24h = days[0];
  r.received_prev_24h = days[1];
  r.received_7d = std::accumulate(days.begin(), days.begin() + 7, 0);
  r.received_prev_7d = std::accumulate(days.begin() + 7, days.end(), 0);
  r.matching_per_1000 = Per1000(r.matching, r.population);
  r.open_per_1000 = Per1000(r.open, r.population);
  r.change_24h = r.received_24h - r.received_prev_24h;
  r.change_7d = r.received_7d - r.received_prev_7d;
  r.change_24h_rel = Relative(r.received_24h, r.received_prev_24h);
  r.change_7d_rel = Relative(r.received_7d, r.received_prev_7d);
  return r;
}

// ---------------------------------------------------------------------------
// [SECTION] Early warning
// ---------------------------------------------------------------------------

// Whole days before the last 24 h that the store's demands cover (day k is
// covered when the first demand came before it began), at most `limit`.
int CoveredDays(TimeMs now, TimeMs earliest, int limit) {
  if (earliest > now) return 0;
  const int64_t whole = (now - earliest) / kDay - 1;
  return static_cast<int>(std::clamp<int64_t>(whole, 0, limit));
}

// `history`: whole days before today to take the usual range from, at most
// t.warning_days − 1.
std::vector<EarlyWarning> Warnings(const Tallies& t, const geo::GridSet& grids,
                                   const Catalog& catalog, const HotspotOptions& options,
                                   int history) {
  assert(history >= 1 && static_cast<size_t>(history) < t.warning_days &&
         "Warnings: the history must be counted by Count (1 … warning_days − 1)");
  std::vector<EarlyWarning> out;
  const size_t families = catalog.families.size();
  const size_t days = t.warning_days;
  const geo::FeatureId grid0 = grids.LevelBegin(geo::Level::kGrid);
  for (size_t g = 0; g < t.grids.size(); ++g) {
    for (size_t f = 0; f < families; ++f) {
      const int32_t* counts = &t.warning_counts[(g * families + f) * days];
      const int32_t today = counts[0];
      if (today < options.warning_min_count) continue;
      const int64_t before = std::accumulate(counts + 1, counts + 1 + history, int64_t{0});
      const double expected = double(before) / history;
      // A grid quiet in this family so far still has some chance of a demand.
      const double floor = 0.5 / history;
      const double p = PoissonUpperTail(today, std::max(expected, floor));
      if (p >= options.warning_max_p) continue;
      EarlyWarning w;
      w.grid = grid0 + static_cast<geo::FeatureId>(g);
      w.family = catalog.families[f].code;
      w.count = today;
      w.expected = expected;
      w.history_days = history;
      w.p = p;
      w.reason = fmt::format("近24小时 {} 诉求 {} 件，过去{}天日均 {:.1f} 件",
                             catalog.families[f].zh, today, history, expected);
      out.push_back(std::move(w));
    }
  }
  std::sort(out.begin(), out.end(), [&](const EarlyWarning& a, const EarlyWarning& b) {
    if (a.p != b.p) return a.p < b.p;
    if (a.count != b.count) return a.count > b.count;
    if (a.grid != b.grid) return grids.features[a.grid].code < grids.features[b.grid].code;
    return a.family < b.family;
  });
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] League table
// ---------------------------------------------------------------------------

std::vector<CompoundRow> League(const Tallies& t, const geo::GridSet& grids,
                                const HotspotOptions& options) {
  std::vector<CompoundRow> out;
  int64_t rated = 0, satisfaction_sum = 0;
  const geo::FeatureId compound0 = grids.LevelBegin(geo::Level::kCompound);
  for (size_t c = 0; c < t.compounds.size(); ++c) {
    const CompoundTally& k = t.compounds[c];
    if (k.closed < std::max(options.league_min_closed, 1)) continue;
    CompoundRow r;
    r.compound = compound0 + static_cast<geo::FeatureId>(c);
    r.closed = k.closed;
    r.closed_on_time = k.on_time;
    r.reworked = k.reworked;
    r.rated = k.rated;
    r.on_time_rate = double(k.on_time) / k.closed;
    r.rework_rate = double(k.reworked) / k.closed;
    if (k.rated) r.satisfaction = double(k.satisfaction_sum) / k.rated;
    rated += k.rated;
    satisfaction_sum += k.satisfaction_sum;
    out.push_back(r);
  }
  const double usual = rated ? double(satisfaction_sum) / double(rated) : 3.0;
  for (CompoundRow& r : out) {
    r.score =
        0.5 * r.on_time_rate + 0.3 * (1 - r.rework_rate) + 0.2 * r.satisfaction.value_or(usual) / 5;
  }
  std::sort(out.begin(), out.end(), [&](const CompoundRow& a, const CompoundRow& b) {
    if (a.score != b.score) return a.score > b.score;
    return grids.features[a.compound].code < grids.features[b.compound].code;
  });
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Public
// ---------------------------------------------------------------------------

std::optional<double> MetricValue(const GridRow& row, GridMetric metric) {
  switch (metric) {
    case GridMetric::kMatching:
      return row.matching;
    case GridMetric::kMatchingPer1000:
      return row.matching_per_1000;
    case GridMetric::kOpen:
      return row.open;
    case GridMetric::kOverdue:
      return row.overdue;
    case GridMetric::kOpenPer1000:
      return row.open_per_1000;
    case GridMetric::kReceived24h:
      return row.received_24h;
    case GridMetric::kReceived7d:
      return row.received_7d;
    case GridMetric::kChange24h:
      return row.change_24h;
    case GridMetric::kChange7d:
      return row.change_7d;
  }
  return std::nullopt;
}

void SortGridRows(std::vector<GridRow>& rows, GridMetric metric, const geo::GridSet& grids) {
  std::sort(rows.begin(), rows.end(), [&](const GridRow& a, const GridRow& b) {
    const std::optional<double> va = MetricValue(a, metric), vb = MetricValue(b, metric);
    if (va.has_value() != vb.has_value()) return va.has_value();
    if (va && *va != *vb) return *va > *vb;
    return grids.features[a.grid].code < grids.features[b.grid].code;
  });
}

HotspotReport ComputeHotspots(const Snapshot& snapshot, const geo::GridSet& grids,
                              const Catalog& catalog, const DemandFilter& filter,
                              const geo::Adjacency& adjacency, const HotspotOptions& options) {
  assert(adjacency.level == geo::Level::kGrid &&
         adjacency.FeatureCount() == grids.features.size() &&
         "ComputeHotspots needs AdjacencyOf(grids, Level::kGrid) of this grid set");
  const int history_limit = std::max(options.warning_history_days, 1);
  const Tallies t = Count(snapshot, grids, catalog, filter, history_limit);

  HotspotReport report;
  report.seq = snapshot.seq;
  report.now = snapshot.now;
  const geo::FeatureId grid0 = grids.LevelBegin(geo::Level::kGrid);
  report.grids.reserve(t.grids.size());
  std::vector<double> values;
  values.reserve(t.grids.size());
  for (size_t g = 0; g < t.grids.size(); ++g) {
    const geo::FeatureId id = grid0 + static_cast<geo::FeatureId>(g);
    report.grids.push_back(RowOf(id, grids.features[id], t.grids[g]));
    values.push_back(MetricValue(report.grids.back(), options.gi_metric)
                         .value_or(std::numeric_limits<double>::quiet_NaN()));
  }
  const std::vector<GiStar> gi =
      GiStarOf(values, adjacency, grid0, options.gi_alpha, options.gi_correction);
  for (size_t g = 0; g < gi.size(); ++g) {
    report.grids[g].gi = gi[g];
    report.hot_grids += gi[g].hot ? 1 : 0;
  }

  const int history = CoveredDays(snapshot.now, t.earliest, history_limit);
  if (history >= std::max(options.warning_min_history_days, 1)) {
    report.warning_history_days = history;
    report.warnings = Warnings(t, grids, catalog, options, history);
  }
  report.league = League(t, grids, options);
  return report;
}

}  // namespace ops
