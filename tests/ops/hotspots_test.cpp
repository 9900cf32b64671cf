// The hotspots panel's numbers as a supervisor reads them: a busy cluster of
// grids is marked hot and a quiet grid is not; Gi* agrees with a hand
// computation; grids rank by the chosen metric and the filter changes the
// ranking; the early warning fires on a spike but not on a steady grid or a
// store too new to know what is usual; and compounds that close late rank
// below those that close on time, with small compounds left out.
#include "ops/hotspots.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "geo/adjacency.hpp"
#include "ops/live_state.hpp"
#include "store_fixture.hpp"

namespace {

using geo::FeatureId;
using geo::Level;
using ops::kDay;
using ops::kHour;
using ops::TimeMs;

// The live state's clock never runs behind the wall clock, so "now" is a
// little ahead of it, fixed for the whole run.
const TimeMs kNow = ops::NowMs() + kDay;

constexpr const char* kSanitation = "S01";  // 楼道杂物清理, family sanitation (环境卫生)
constexpr const char* kProperty = "S07";    // family property (物业与设施)

const geo::Adjacency& SampleAdjacency() {
  static const geo::Adjacency adjacency = geo::AdjacencyOf(test::SampleCounty(), Level::kGrid);
  return adjacency;
}

// An open demand received `ago` before now in `grid` (and its community),
// due three days after it came in.
ops::Demand Make(const geo::GridSet& g, FeatureId grid, const std::string& category, TimeMs ago) {
  ops::Demand d;
  d.category = category;
  d.source = ops::Source::kHotline;
  d.received = kNow - ago;
  d.updated = d.received;
  d.deadline = d.received + 3 * kDay;
  d.areas[0] = g.features[grid].parent;
  d.areas[1] = grid;
  d.xy = g.features[grid].label_point;
  return d;
}

// A live state on a grid set, with demands added in order and a report of
// the hotspots at kNow.
class County {
 public:
  explicit County(const geo::GridSet& grids = test::SampleCounty())
      : grids_(grids), live_(grids, test::SampleCatalog()) {
    live_.AdvanceClock(kNow);
  }
  const geo::GridSet& grids() const { return grids_; }

  void Add(ops::Demand d) {
    d.id = static_cast<int64_t>(live_.DemandCount()) + 1;
    live_.AddDemand(std::move(d));
  }
  // `count` demands of `category` in `grid`, received `ago` before now.
  void Add(FeatureId grid, const std::string& category, TimeMs ago, int count = 1) {
    for (int i = 0; i < count; ++i) Add(Make(grids_, grid, category, ago));
  }
  // A demand of compound `compound` closed `late` after its deadline (negative: before it).
  void Closed(FeatureId compound, TimeMs late, int satisfaction = 5, int rework = 0) {
    const FeatureId grid = grids_.features[compound].parent;
    ops::Demand d = Make(grids_, grid, kSanitation, 10 * kDay);
    d.areas[2] = compound;
    d.stage = ops::Stage::kClosed;
    d.closed = d.deadline + late;
    d.updated = d.closed;
    d.satisfaction = satisfaction;
    d.rework_count = rework;
    Add(std::move(d));
  }

  ops::HotspotReport Report(const ops::DemandFilter& filter = {},
                            const ops::HotspotOptions& options = {}) {
    const auto snapshot = live_.Publish(static_cast<int64_t>(live_.DemandCount()));
    const geo::Adjacency adjacency = &grids_ == &test::SampleCounty()
                                         ? SampleAdjacency()
                                         : geo::AdjacencyOf(grids_, Level::kGrid);
    return ops::ComputeHotspots(*snapshot, grids_, test::SampleCatalog(), filter, adjacency,
                                options);
  }

 private:
  const geo::GridSet& grids_;
  ops::LiveState live_;
};

const ops::GridRow& RowOf(const ops::HotspotReport& r, const geo::GridSet& g, FeatureId grid) {
  return r.grids[grid - g.LevelBegin(Level::kGrid)];
}

std::vector<std::string> TopCodes(std::vector<ops::GridRow> rows, ops::GridMetric metric,
                                  const geo::GridSet& g, size_t n) {
  ops::SortGridRows(rows, metric, g);
  std::vector<std::string> codes;
  for (size_t i = 0; i < n && i < rows.size(); ++i) codes.push_back(g.features[rows[i].grid].code);
  return codes;
}

// ---------------------------------------------------------------------------
// Gi*

TEST(HotspotGiStar, MatchesAHandComputationOnAPath) {
  // 0 — 1 — 2 — 3 with values 10, 6, 2, 2: n = 4, x̄ = 5,
  // S = sqrt((100 + 36 + 4 + 4) / 4 − 25) = sqrt(11).
  const geo::Adjacency path = geo::AdjacencyFromLists(Level::kGrid, {{1}, {2}, {3}, {}});
  const std::vector<double> x = {10, 6, 2, 2};
  const auto gi = ops::GiStarOf(x, path, 0, 0.05, ops::MultipleTesting::kNone);
  ASSERT_EQ(gi.size(), 4u);
  const double s = std::sqrt(11.0);
  // Grid 0: itself and 1, W = 2, Σ = 16.
  EXPECT_NEAR(gi[0].z, (16 - 5.0 * 2) / (s * std::sqrt((4 * 2 - 2 * 2) / 3.0)), 1e-12);
  // Grid 1: 0, 1, 2, W = 3, Σ = 18.
  EXPECT_NEAR(gi[1].z, (18 - 5.0 * 3) / (s * std::sqrt((4 * 3 - 3 * 3) / 3.0)), 1e-12);
  // Grid 3: 2 and 3, W = 2, Σ = 4.
  EXPECT_NEAR(gi[3].z, (4 - 5.0 * 2) / (s * std::sqrt((4 * 2 - 2 * 2) / 3.0)), 1e-12);
  EXPECT_NEAR(gi[0].z, 1.5667, 1e-4);
  EXPECT_NEAR(gi[0].p, 0.1172, 1e-4);  // two-sided
  for (const ops::GiStar& g : gi) {
    EXPECT_TRUE(g.tested);
    EXPECT_FALSE(g.hot);  // four grids say nothing at 95%
  }
}

TEST(HotspotGiStar, GridsWithoutAValueAreLeftOut) {
  // Grid 2 has no value (no residents for a rate): n = 3, x̄ = 6,
  // S = sqrt((16 + 0 + 16) / 3); grid 1 sums itself and grid 0 only.
  const geo::Adjacency path = geo::AdjacencyFromLists(Level::kGrid, {{1}, {2}, {3}, {}});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto gi = ops::GiStarOf(std::vector<double>{10, 6, nan, 2}, path, 0);
  EXPECT_FALSE(gi[2].tested);
  EXPECT_FALSE(gi[2].hot);
  EXPECT_EQ(gi[2].p, 1.0);
  EXPECT_NEAR(gi[1].z, (16 - 6.0 * 2) / (std::sqrt(32.0 / 3) * std::sqrt((3 * 2 - 4) / 2.0)),
              1e-12);
}

TEST(HotspotGiStar, EqualValuesAreNeverHot) {
  const geo::Adjacency path = geo::AdjacencyFromLists(Level::kGrid, {{1}, {2}, {}});
  for (const ops::GiStar& g : ops::GiStarOf(std::vector<double>{4, 4, 4}, path, 0)) {
    EXPECT_EQ(g.z, 0.0);
    EXPECT_FALSE(g.hot);
  }
}

TEST(HotspotGiStar, CorrectionsMarkFewerGridsThanTestingEachAlone) {
  // Bonferroni's hot grids ⊆ FDR's ⊆ uncorrected, and uncorrected is |z| ≥ 1.96.
  const geo::GridSet& g = test::SampleCounty();
  std::mt19937 rng(20240611);
  std::vector<double> x;
  for (size_t i = 0; i < g.LevelCount(Level::kGrid); ++i) x.push_back(double(rng() % 12));
  for (size_t i = 0; i < 12; ++i) x[i] += 10;  // grids of the first communities, a few busy
  const FeatureId first = g.LevelBegin(Level::kGrid);
  const auto none = ops::GiStarOf(x, SampleAdjacency(), first, 0.05, ops::MultipleTesting::kNone);
  const auto fdr = ops::GiStarOf(x, SampleAdjacency(), first, 0.05, ops::MultipleTesting::kFdr);
  const auto bonferroni =
      ops::GiStarOf(x, SampleAdjacency(), first, 0.05, ops::MultipleTesting::kBonferroni);
  int hot_none = 0, hot_fdr = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(none[i].hot, none[i].z >= 1.96) << i << " z " << none[i].z;
    EXPECT_TRUE(!bonferroni[i].hot || fdr[i].hot) << i;
    EXPECT_TRUE(!fdr[i].hot || none[i].hot) << i;
    hot_none += none[i].hot;
    hot_fdr += fdr[i].hot;
  }
  EXPECT_GT(hot_none, 0);
  EXPECT_LE(hot_fdr, hot_none);
}

TEST(HotspotGiStar, BusyClusterIsHotAndAQuietGridIsNot) {
  const geo::GridSet& g = test::SampleCounty();
  const geo::Adjacency& adj = SampleAdjacency();
  // The cluster: the grid with most neighbours, and its neighbours.
  FeatureId centre = g.LevelBegin(Level::kGrid);
  for (FeatureId f = centre; f < g.LevelEnd(Level::kGrid); ++f) {
    if (adj.Of(f).size() > adj.Of(centre).size()) centre = f;
  }
  std::set<FeatureId> cluster = {centre};
  for (FeatureId n : adj.Of(centre)) cluster.insert(n);
  // A quiet grid away from it: neither in it nor next to it.
  FeatureId quiet = geo::kNoFeature;
  for (FeatureId f = g.LevelBegin(Level::kGrid);
       f < g.LevelEnd(Level::kGrid) && quiet == geo::kNoFeature; ++f) {
    bool near = cluster.contains(f);
    for (FeatureId n : adj.Of(f)) near = near || cluster.contains(n);
    if (!near) quiet = f;
  }
  ASSERT_NE(quiet, geo::kNoFeature);

  County county;
  for (FeatureId f = g.LevelBegin(Level::kGrid); f < g.LevelEnd(Level::kGrid); ++f) {
    const int count = cluster.contains(f) ? 12 : f == quiet ? 0 : 2;
    county.Add(f, kSanitation, 5 * kHour, count);
  }
  const ops::HotspotReport r = county.Report();
  EXPECT_TRUE(RowOf(r, g, centre).gi.hot) << "z " << RowOf(r, g, centre).gi.z;
  EXPECT_GT(RowOf(r, g, centre).gi.z, 3);
  EXPECT_FALSE(RowOf(r, g, quiet).gi.hot);
  EXPECT_LT(RowOf(r, g, quiet).gi.z, 0);
  int hot_outside = 0;
  for (const ops::GridRow& row : r.grids) {
    if (row.gi.hot && !cluster.contains(row.grid)) {
      // Only grids bordering the cluster can borrow its heat.
      bool borders = false;
      for (FeatureId n : adj.Of(row.grid)) borders = borders || cluster.contains(n);
      EXPECT_TRUE(borders) << g.features[row.grid].name << " is hot far from the cluster";
      ++hot_outside;
    }
  }
  EXPECT_EQ(r.hot_grids, int(std::count_if(r.grids.begin(), r.grids.end(),
                                           [](const auto& row) { return row.gi.hot; })));
  EXPECT_LT(hot_outside, r.hot_grids);
  EXPECT_FALSE(ops::kGiStarExplanationZh.empty());
  EXPECT_FALSE(ops::kGiStarExplanationEn.empty());
}

// ---------------------------------------------------------------------------
// Ranking

TEST(HotspotRanking, OrdersByTheChosenMetricThenByCode) {
  const geo::GridSet& g = test::SampleCounty();
  const FeatureId a = g.LevelBegin(Level::kGrid), b = a + 1, c = a + 2;
  ASSERT_LT(g.features[a].code, g.features[b].code);
  County county;
  county.Add(a, kSanitation, 2 * kHour, 3);
  county.Add(b, kSanitation, 2 * kHour, 3);
  county.Add(c, kSanitation, 4 * kDay, 5);  // past its 3-day deadline: overdue
  const ops::HotspotReport r = county.Report();

  EXPECT_EQ(TopCodes(r.grids, ops::GridMetric::kOpen, g, 3),
            (std::vector<std::string>{g.features[c].code, g.features[a].code, g.features[b].code}));
  EXPECT_EQ(TopCodes(r.grids, ops::GridMetric::kOverdue, g, 1),
            (std::vector<std::string>{g.features[c].code}));
  // The last 24 h: a and b tie on 3, c's came days ago.
  EXPECT_EQ(TopCodes(r.grids, ops::GridMetric::kReceived24h, g, 2),
            (std::vector<std::string>{g.features[a].code, g.features[b].code}));
  const ops::GridRow& row_c = RowOf(r, g, c);
  EXPECT_EQ(row_c.open, 5);
  EXPECT_EQ(row_c.overdue, 5);
  ASSERT_TRUE(row_c.open_per_1000);
  EXPECT_NEAR(*row_c.open_per_1000, 5 * 1000.0 / double(g.features[c].population), 1e-9);
  // By rate, the grid with fewer residents comes first among a and b.
  const auto by_rate = TopCodes(r.grids, ops::GridMetric::kOpenPer1000, g, 3);
  const FeatureId smaller = g.features[a].population <= g.features[b].population ? a : b;
  EXPECT_EQ(by_rate[0], g.features[c].code);
  EXPECT_EQ(by_rate[1], g.features[smaller].code);
}

TEST(HotspotRanking, ChangesAgainstTheDayAndWeekBefore) {
  const geo::GridSet& g = test::SampleCounty();
  const FeatureId rising = g.LevelBegin(Level::kGrid), falling = rising + 1, fresh = rising + 2;
  County county;
  county.Add(rising, kSanitation, 3 * kHour, 6);
  county.Add(rising, kSanitation, 30 * kHour, 2);  // the 24 h before
  county.Add(rising, kSanitation, 9 * kDay, 4);    // the week before
  county.Add(falling, kSanitation, 1 * kHour, 1);
  county.Add(falling, kSanitation, 40 * kHour, 4);
  county.Add(fresh, kSanitation, kDay, 2);  // exactly 24 h ago: still the last 24 h
  const ops::HotspotReport r = county.Report();

  const ops::GridRow& up = RowOf(r, g, rising);
  EXPECT_EQ(up.received_24h, 6);
  EXPECT_EQ(up.received_prev_24h, 2);
  EXPECT_EQ(up.change_24h, 4);
  EXPECT_DOUBLE_EQ(*up.change_24h_rel, 2.0);  // up 200%
  EXPECT_EQ(up.received_7d, 8);
  EXPECT_EQ(up.received_prev_7d, 4);
  EXPECT_EQ(up.change_7d, 4);
  EXPECT_DOUBLE_EQ(*up.change_7d_rel, 1.0);

  const ops::GridRow& down = RowOf(r, g, falling);
  EXPECT_EQ(down.change_24h, -3);
  EXPECT_DOUBLE_EQ(*down.change_24h_rel, -0.75);

  const ops::GridRow& new_grid = RowOf(r, g, fresh);
  EXPECT_EQ(new_grid.received_24h, 2);
  EXPECT_FALSE(new_grid.change_24h_rel.has_value());  // from nothing: no ratio
  const ops::GridRow& idle = RowOf(r, g, fresh + 1);
  EXPECT_DOUBLE_EQ(*idle.change_24h_rel, 0.0);

  EXPECT_EQ(TopCodes(r.grids, ops::GridMetric::kChange24h, g, 2),
            (std::vector<std::string>{g.features[rising].code, g.features[fresh].code}));
}

TEST(HotspotRanking, AFamilyFilterChangesTheRanking) {
  const geo::GridSet& g = test::SampleCounty();
  const FeatureId dirty = g.LevelBegin(Level::kGrid) + 5, leaky = dirty + 1;
  County county;
  county.Add(dirty, kSanitation, 2 * kHour, 4);
  county.Add(leaky, kProperty, 2 * kHour, 6);
  county.Add(leaky, kSanitation, 2 * kHour, 1);

  EXPECT_EQ(TopCodes(county.Report().grids, ops::GridMetric::kOpen, g, 1)[0],
            g.features[leaky].code);
  ops::DemandFilter sanitation;
  sanitation.families = {"sanitation"};
  const ops::HotspotReport r = county.Report(sanitation);
  EXPECT_EQ(TopCodes(r.grids, ops::GridMetric::kOpen, g, 2),
            (std::vector<std::string>{g.features[dirty].code, g.features[leaky].code}));
  EXPECT_EQ(RowOf(r, g, leaky).open, 1);
  EXPECT_EQ(RowOf(r, g, leaky).received_24h, 1);

  ops::DemandFilter closed_only;
  closed_only.stages.fill(false);
  closed_only.stages[static_cast<size_t>(ops::Stage::kClosed)] = true;
  for (const ops::GridRow& row : county.Report(closed_only).grids) {
    EXPECT_EQ(row.open, 0);
    EXPECT_EQ(row.received_24h, 0);
  }
}

TEST(HotspotRanking, AGridWithoutResidentsHasNoRateAndSortsLast) {
  geo::GridSet g = test::SampleCounty();
  const FeatureId empty = g.LevelBegin(Level::kGrid);
  g.features[empty].population = 0;  // a park, say
  County county(g);
  county.Add(empty, kSanitation, kHour, 9);
  ops::HotspotOptions by_rate;
  by_rate.gi_metric = ops::GridMetric::kOpenPer1000;
  const ops::HotspotReport r = county.Report({}, by_rate);
  EXPECT_FALSE(RowOf(r, g, empty).open_per_1000.has_value());
  EXPECT_FALSE(RowOf(r, g, empty).gi.tested);
  std::vector<ops::GridRow> rows = r.grids;
  ops::SortGridRows(rows, ops::GridMetric::kOpenPer1000, g);
  EXPECT_EQ(rows.back().grid, empty);
  ops::SortGridRows(rows, ops::GridMetric::kOpen, g);
  EXPECT_EQ(rows.front().grid, empty);
}

// ---------------------------------------------------------------------------
// Early warning

TEST(HotspotEarlyWarning, FiresOnASpikeButNotOnASteadyGrid) {
  const geo::GridSet& g = test::SampleCounty();
  const FeatureId spiking = g.LevelBegin(Level::kGrid) + 10, steady = spiking + 1,
                  newcomer = spiking + 2;
  County county;
  // Fifteen days before today: the spiking grid had 1 or 2 sanitation
  // demands a day and 1 property demand; the steady grid 5 a day throughout.
  for (int day = 15; day >= 1; --day) {
    const TimeMs ago = day * kDay + 3 * kHour;
    county.Add(spiking, kSanitation, ago, day % 2 ? 1 : 2);
    county.Add(spiking, kProperty, ago, 1);
    county.Add(steady, kSanitation, ago, 5);
  }
  county.Add(spiking, kSanitation, 2 * kHour, 9);
  county.Add(spiking, kProperty, 2 * kHour, 2);
  county.Add(steady, kSanitation, 2 * kHour, 6);
  county.Add(newcomer, kSanitation, 2 * kHour, 2);  // a first, but only two

  const ops::HotspotReport r = county.Report();
  EXPECT_EQ(r.warning_history_days, 14);
  ASSERT_EQ(r.warnings.size(), 1u);
  const ops::EarlyWarning& w = r.warnings[0];
  EXPECT_EQ(w.grid, spiking);
  EXPECT_EQ(w.family, "sanitation");
  EXPECT_EQ(w.count, 9);
  EXPECT_DOUBLE_EQ(w.expected, 21.0 / 14);  // days 1 … 14: seven 1s and seven 2s
  EXPECT_LT(w.p, 0.01);
  EXPECT_EQ(w.reason, "近24小时 环境卫生 诉求 9 件，过去14天日均 1.5 件");

  // Looking at property only, the spike is not there.
  ops::DemandFilter property;
  property.families = {"property"};
  EXPECT_TRUE(county.Report(property).warnings.empty());
  // A stage filter does not hide it: the history is mostly closed in real
  // life, and the warning is about what came in.
  ops::DemandFilter closed_only;
  closed_only.stages.fill(false);
  closed_only.stages[static_cast<size_t>(ops::Stage::kClosed)] = true;
  EXPECT_EQ(county.Report(closed_only).warnings.size(), 1u);
}

TEST(HotspotEarlyWarning, WaitsUntilTheStoreKnowsWhatIsUsual) {
  const geo::GridSet& g = test::SampleCounty();
  const FeatureId grid = g.LevelBegin(Level::kGrid);
  County county;
  county.Add(grid, kSanitation, 3 * kDay + kHour, 1);  // the store began three days ago
  county.Add(grid, kSanitation, 2 * kHour, 20);
  const ops::HotspotReport r = county.Report();
  EXPECT_EQ(r.warning_history_days, 0);
  EXPECT_TRUE(r.warnings.empty());
  // With a shorter minimum, the same spike warns over the two whole days known.
  ops::HotspotOptions patient;
  patient.warning_min_history_days = 2;
  const ops::HotspotReport early = county.Report({}, patient);
  EXPECT_EQ(early.warning_history_days, 2);
  ASSERT_EQ(early.warnings.size(), 1u);
  EXPECT_EQ(early.warnings[0].reason, "近24小时 环境卫生 诉求 20 件，过去2天日均 0.0 件");
}

TEST(HotspotEarlyWarning, PoissonTailMatchesKnownValues) {
  EXPECT_EQ(ops::PoissonUpperTail(0, 2.0), 1.0);
  EXPECT_EQ(ops::PoissonUpperTail(1, 0.0), 0.0);
  EXPECT_NEAR(ops::PoissonUpperTail(1, 1.0), 1 - std::exp(-1.0), 1e-12);
  EXPECT_NEAR(ops::PoissonUpperTail(3, 10.0), 0.9972306042844884, 1e-12);
  EXPECT_NEAR(ops::PoissonUpperTail(9, 1.5) / 2.7735819246865745e-05, 1.0, 1e-9);
  EXPECT_NEAR(ops::PoissonUpperTail(1100, 1000.0) / 0.0009626304058662804, 1.0, 1e-6);
}

// ---------------------------------------------------------------------------
// League table

TEST(HotspotLeague, LateClosingRanksBelowOnTimeAndSmallCompoundsAreLeftOut) {
  const geo::GridSet& g = test::SampleCounty();
  const FeatureId first = g.LevelBegin(Level::kCompound);
  const FeatureId prompt = first, reworked = first + 1, late = first + 2, twin = first + 3,
                  small = first + 4;
  County county;
  for (int i = 0; i < 6; ++i) {
    county.Closed(prompt, -kHour);
    county.Closed(twin, -kHour);  // the same record as `prompt`: ties go by code
    county.Closed(reworked, -kHour, 5, i < 3 ? 1 : 0);
    county.Closed(late, i < 4 ? 2 * kDay : -kHour);
  }
  county.Closed(small, -kHour);
  county.Closed(small, -kHour);
  county.Add(g.features[first + 5].parent, kSanitation, kHour, 3);  // open: not in the table

  const ops::HotspotReport r = county.Report();
  ASSERT_EQ(r.league.size(), 4u);
  const std::string& a = g.features[prompt].code;
  const std::string& b = g.features[twin].code;
  EXPECT_EQ(g.features[r.league[0].compound].code, std::min(a, b));
  EXPECT_EQ(g.features[r.league[1].compound].code, std::max(a, b));
  EXPECT_EQ(r.league[2].compound, reworked);
  EXPECT_EQ(r.league[3].compound, late);

  EXPECT_DOUBLE_EQ(r.league[0].score, 1.0);
  EXPECT_DOUBLE_EQ(r.league[2].rework_rate, 0.5);
  EXPECT_DOUBLE_EQ(r.league[2].score, 0.5 + 0.3 * 0.5 + 0.2);
  const ops::CompoundRow& slow = r.league[3];
  EXPECT_EQ(slow.closed, 6);
  EXPECT_EQ(slow.closed_on_time, 2);
  EXPECT_NEAR(slow.on_time_rate, 2.0 / 6, 1e-12);
  EXPECT_DOUBLE_EQ(*slow.satisfaction, 5.0);
  for (const ops::CompoundRow& row : r.league) EXPECT_NE(row.compound, small);

  ops::HotspotOptions lenient;
  lenient.league_min_closed = 2;
  EXPECT_EQ(county.Report({}, lenient).league.size(), 5u);
}

TEST(HotspotLeague, UnratedCompoundsCountAsTheUsualRating) {
  const geo::GridSet& g = test::SampleCounty();
  const FeatureId rated = g.LevelBegin(Level::kCompound), unrated = rated + 1;
  County county;
  for (int i = 0; i < 5; ++i) {
    county.Closed(rated, -kHour, i < 2 ? 3 : 4);  // mean 3.6
    county.Closed(unrated, -kHour, 0);
  }
  const ops::HotspotReport r = county.Report();
  ASSERT_EQ(r.league.size(), 2u);
  for (const ops::CompoundRow& row : r.league) {
    EXPECT_DOUBLE_EQ(row.score, 0.5 + 0.3 + 0.2 * 3.6 / 5);
  }
  const auto unrated_row = std::find_if(r.league.begin(), r.league.end(),
                                        [&](const auto& row) { return row.compound == unrated; });
  ASSERT_NE(unrated_row, r.league.end());
  EXPECT_FALSE(unrated_row->satisfaction.has_value());
}

}  // namespace
