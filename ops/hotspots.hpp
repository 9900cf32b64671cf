// The statistics behind the hotspots panel: grids ranked by open demands,
// overdue, rate per 1,000 residents and change against the previous 24 h
// and 7 days; the Getis-Ord Gi* hotspot test over grid adjacency; the early
// warning (社情民意提前研判) when a grid's count in a category family leaves its
// own usual range; and the compound league table (十佳小区). Pure functions
// of a snapshot and the supervisor's filter; the viewer recomputes when the
// snapshot's seq or the filter changes, not every frame. One pass over the
// demands: ~100 grids and 1M demands cost one scan.
//
// [SECTION] Getis-Ord Gi*
// [SECTION] Grid ranking
// [SECTION] Early warning
// [SECTION] Compound league table
// [SECTION] The report
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "geo/adjacency.hpp"
#include "geo/grid_set.hpp"
#include "ops/catalog.hpp"
#include "ops/demand_filter.hpp"
#include "ops/live_state.hpp"
#include "ops/model.hpp"

namespace ops {

// ---------------------------------------------------------------------------
// [SECTION] Getis-Ord Gi*

// One grid's local Gi* statistic.
struct GiStar {
  bool tested = false;  // false when the grid had no value (a rate with no residents)
  double z = 0;         // standard normal under no spatial association
  double p = 1;         // two-sided
  bool hot = false;     // z > 0 and significant after the multiple-testing correction
  bool cold = false;    // z < 0 and significant after the correction
};

enum class MultipleTesting : uint8_t {
  kNone,        // each grid at alpha on its own: about alpha × grids false hotspots
  kBonferroni,  // p ≤ alpha / tested: no false hotspot at all with 1 − alpha confidence
  kFdr,         // Benjamini-Hochberg: at most alpha of the marked grids expected false
};

// Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) with binary
// weights that include the grid itself: w_ij = 1 for j = i and for every
// neighbour j of i, 0 otherwise. Over the n grids with a value,
//
//   x̄ = Σ_j x_j / n,   S = sqrt(Σ_j x_j² / n − x̄²),   W_i = Σ_j w_ij
//   z_i = (Σ_j w_ij x_j − x̄ W_i) / (S · sqrt((n W_i − W_i²) / (n − 1)))
//
// (with binary weights Σ_j w_ij² = W_i). z_i is approximately standard
// normal when there is no spatial association; p is its two-sided p-value.
// `values[i]` belongs to feature `first + i` of `adjacency`; NaN means no
// value: that grid is left out of n, x̄, S and its neighbours' sums, and is
// not tested. All values equal (S = 0) or a grid neighbouring every other
// (n W_i = W_i²) gives z = 0, p = 1.
//
// A grid is significant when its p-value passes `correction` at `alpha`
// across all tested grids. The hotspots panel uses kFdr: testing 79 grids at
// 5% each would mark about four of them by chance alone, Bonferroni
// (p ≤ 0.05 / 79, |z| ≥ 3.4) misses real clusters because neighbouring Gi*
// share most of their terms, and FDR is what ArcGIS's Hot Spot Analysis
// offers for the same reason (Caldas de Castro & Singer 2006).
std::vector<GiStar> GiStarOf(std::span<const double> values, const geo::Adjacency& adjacency,
                             geo::FeatureId first, double alpha = 0.05,
                             MultipleTesting correction = MultipleTesting::kFdr);

// One line for the panel, at the default alpha and correction.
inline constexpr std::string_view kGiStarExplanationZh =
    "Gi* 热点：该网格及其相邻网格的诉求量显著高于全县平均（95% 置信，已做多重检验校正）";
inline constexpr std::string_view kGiStarExplanationEn =
    "Gi* hotspot: this grid and its neighbours together have significantly more demands than "
    "the county average (95% confidence, corrected for testing every grid)";

// ---------------------------------------------------------------------------
// [SECTION] Grid ranking

// What grids can be ranked by, and Gi* computed on.
enum class GridMetric : uint8_t {
  kMatching,         // demands the filter lets through (received in its window)
  kMatchingPer1000,  // the same per 1,000 residents
  kOpen,
  kOverdue,
  kOpenPer1000,
  kReceived24h,
  kReceived7d,
  kChange24h,  // received_24h − received_prev_24h
  kChange7d,   // received_7d − received_prev_7d
};
inline constexpr int kGridMetricCount = 9;
inline constexpr std::array<Names, kGridMetricCount> kGridMetricNames = {{
    {"matching", "诉求量"},
    {"matching_per_1000", "千人诉求量"},
    {"open", "在办"},
    {"overdue", "超期"},
    {"open_per_1000", "千人在办"},
    {"received_24h", "近24小时受理"},
    {"received_7d", "近7天受理"},
    {"change_24h", "较前24小时"},
    {"change_7d", "较前7天"},
}};

// One grid's counts. `matching`, `open` and `overdue` count the demands the
// whole filter lets through (as the KPI header does). The received_* counts
// use the filter's families, stages and sources but windows of their own,
// ending at the snapshot's clock: the last 24 h is [now − 24 h, now], the 24 h
// before is [now − 48 h, now − 24 h); likewise for 7 days.
struct GridRow {
  geo::FeatureId grid = geo::kNoFeature;
  int64_t population = 0;
  int32_t matching = 0;
  int32_t open = 0;
  int32_t overdue = 0;  // open past the deadline
  int32_t received_24h = 0;
  int32_t received_prev_24h = 0;
  int32_t received_7d = 0;
  int32_t received_prev_7d = 0;
  // Per 1,000 residents; none when the grid has no residents on record.
  std::optional<double> matching_per_1000;
  std::optional<double> open_per_1000;
  // Changes against the period before: absolute, and relative to it (0.5 =
  // up 50%). The relative change is none when the period before had none
  // and this one has some (a rise from nothing has no ratio: show "新增"),
  // and 0 when both are 0.
  int32_t change_24h = 0;
  int32_t change_7d = 0;
  std::optional<double> change_24h_rel;
  std::optional<double> change_7d_rel;
  GiStar gi;  // on HotspotOptions::gi_metric
};

// The row's value of `metric`; none where the metric has no value (a rate
// with no residents).
std::optional<double> MetricValue(const GridRow& row, GridMetric metric);

// Sorts rows by `metric`, largest first; rows without a value last; ties by
// grid code, ascending.
void SortGridRows(std::vector<GridRow>& rows, GridMetric metric, const geo::GridSet& grids);

// ---------------------------------------------------------------------------
// [SECTION] Early warning

// A grid whose demands of one category family in the last 24 h are far
// beyond its own daily usual over the days before.
struct EarlyWarning {
  geo::FeatureId grid = geo::kNoFeature;
  std::string family;    // Family::code
  int32_t count = 0;     // received in the last 24 h
  double expected = 0;   // mean per day over the history
  int history_days = 0;  // days the mean is over
  double p = 1;          // P(X ≥ count), X ~ Poisson(expected, floored): see ComputeHotspots
  std::string reason;    // "近24小时 环境卫生 诉求 9 件，过去14天日均 1.6 件"
};

// P(X ≥ k) for X ~ Poisson(mean): 1 for k ≤ 0, 0 for mean 0 and k > 0.
// Accurate to about 1e-9 relative (lgamma's precision in the exponent).
double PoissonUpperTail(int64_t k, double mean);

// ---------------------------------------------------------------------------
// [SECTION] Compound league table

// A compound's closing record (十佳小区 evaluation): over its closed demands
// that the filter's families, sources and window let through.
struct CompoundRow {
  geo::FeatureId compound = geo::kNoFeature;
  int32_t closed = 0;
  int32_t closed_on_time = 0;          // closed ≤ deadline (按期结案)
  int32_t reworked = 0;                // went through rework (返工) at least once
  int32_t rated = 0;                   // with a satisfaction rating 1–5
  double on_time_rate = 0;             // [0, 1]
  double rework_rate = 0;              // [0, 1]
  std::optional<double> satisfaction;  // mean rating 1–5; none when none rated
  // 0.5 · on_time_rate + 0.3 · (1 − rework_rate) + 0.2 · satisfaction / 5, in
  // [0, 1]. On-time closing weighs most because it is the county's assessed
  // indicator (按期办结率); rework next, as the quality of the first answer;
  // satisfaction least because few residents rate. A compound with no rating
  // counts as the table's mean rating (3 when nobody rated), neither rewarded
  // nor punished for residents who were not asked.
  double score = 0;
};

// ---------------------------------------------------------------------------
// [SECTION] The report

struct HotspotOptions {
  GridMetric gi_metric = GridMetric::kMatching;
  double gi_alpha = 0.05;
  MultipleTesting gi_correction = MultipleTesting::kFdr;
  // Early warning: today's count against the mean of up to `history_days`
  // whole days before it; no warnings at all until the store holds
  // `min_history_days` of them (a new store has no usual range yet).
  int warning_history_days = 14;
  int warning_min_history_days = 7;
  int warning_min_count = 3;    // fewer never warn, however quiet the grid was
  double warning_max_p = 0.01;  // warn when P(X ≥ count) is below this
  // League: compounds with fewer closed demands are left out (a rate of 2
  // of 2 says nothing).
  int league_min_closed = 5;
};

struct HotspotReport {
  int64_t seq = 0;  // of the snapshot it was computed from
  TimeMs now = 0;   // the snapshot's clock
  // Every grid of the county in FeatureId order (grids[i] is grid
  // LevelBegin(kGrid) + i); SortGridRows a copy for a ranking.
  std::vector<GridRow> grids;
  int hot_grids = 0;
  // Most surprising first (smallest p, then largest count, then grid code).
  std::vector<EarlyWarning> warnings;
  int warning_history_days = 0;  // days the usual range is over; 0: too short to judge
  // Best first (highest score, then compound code).
  std::vector<CompoundRow> league;
};

// Everything the hotspots panel shows, from one pass over the demands.
//
// The filter applies as the supervisor would expect of each part: the grid
// counts as described at GridRow; the early warning uses the filter's
// families and sources but not its stages (older demands are mostly closed,
// so a stage filter would make the past look quiet and every day look like
// a spike) nor its window (the warning has its own); the league uses the
// families, sources and window but not the stages (it is about closed
// demands by definition).
//
// Early warning: for each grid × family, X = demands received in the last
// 24 h; its usual range is the mean λ of the daily counts over the whole
// days before (day k = [now − (k+1)·24 h, now − k·24 h), k = 1 … history),
// as far back as the store's first demand reaches. It warns when X ≥
// warning_min_count and P(Poisson(λ') ≥ X) < warning_max_p, with λ' = λ
// floored at half a demand over the history: a family never seen in a grid
// before still gets a p above 0, so such warnings rank by their count. It is
// warning_min_count that keeps one or two demands in a quiet grid from
// warning.
//
// `adjacency` must be AdjacencyOf(grids, Level::kGrid) (or lists over the
// same FeatureIds).
HotspotReport ComputeHotspots(const Snapshot& snapshot, const geo::GridSet& grids,
                              const Catalog& catalog, const DemandFilter& filter,
                              const geo::Adjacency& adjacency, const HotspotOptions& options = {});

}  // namespace ops
