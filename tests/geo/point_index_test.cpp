// The live-point index: options checked, insert / move / remove keep a model
// of the points, per-polygon counts equal a recount, every query equals brute
// force over the stored positions on random data (fixed seed), k-nearest
// ties go by id, the empty index and points outside the extent behave, a held
// snapshot never changes while a writer thread works, and memory stays within
// 32 bytes per point.
//
// [SECTION] Helpers: random numbers, a model of the points, brute force
// [SECTION] Options and errors
// [SECTION] Updates and counts
// [SECTION] Queries against brute force
// [SECTION] Edge cases: empty, ties, outside the extent
// [SECTION] Snapshots and threads
// [SECTION] Memory
#include "geo/point_index.hpp"

#include <geos_c.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <numbers>
#include <random>
#include <thread>
#include <vector>

namespace geo {
namespace {

// ---------------------------------------------------------------------------
// [SECTION] Helpers: random numbers, a model of the points, brute force
// ---------------------------------------------------------------------------

// Uniform in [lo, hi) from the top 53 bits: the same numbers on every
// standard library (std::uniform_real_distribution is not specified exactly).
double Uniform(std::mt19937_64& rng, double lo, double hi) {
  return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1.0p-53;
}
uint64_t Below(std::mt19937_64& rng, uint64_t n) {
  return rng() % n;
}

// Near the sample county in a Gauss-Krüger zone, so coordinates are as large
// as real ones: a 30 km square.
constexpr double kX0 = 37'500'000, kY0 = 4'300'000, kSide = 30'000;
Bounds County() {
  return Bounds{kX0, kY0, kX0 + kSide, kY0 + kSide};
}

std::unique_ptr<PointIndex> MakeIndex(double cell, std::vector<uint32_t> levels = {}) {
  auto made = PointIndex::Create({County(), cell, std::move(levels)});
  EXPECT_TRUE(made.has_value()) << (made ? "" : made.error().message);
  return std::move(*made);
}

// A position: mostly uniform over the county, a third in tight clusters (so
// that some cells are crowded), a few outside the county.
Meters RandomPosition(std::mt19937_64& rng) {
  const double pick = Uniform(rng, 0, 1);
  if (pick < 0.01)
    return {Uniform(rng, kX0 - 5000, kX0 + kSide + 5000), kY0 - Uniform(rng, 1, 3000)};
  if (pick < 0.35) {
    const double cx = kX0 + 5000 + 5000 * static_cast<double>(Below(rng, 5));
    const double cy = kY0 + 7000 + 4000 * static_cast<double>(Below(rng, 5));
    return {cx + Uniform(rng, -150, 150), cy + Uniform(rng, -150, 150)};
  }
  return {Uniform(rng, kX0, kX0 + kSide), Uniform(rng, kY0, kY0 + kSide)};
}

// What the index should hold: id → stored position (and polygon tuple).
struct Model {
  std::map<PointId, Meters> points;
  std::map<PointId, std::vector<PolygonId>> polygons;
};

using Found = std::vector<std::pair<PointId, Meters>>;

// Sorted by id; fails the test when a point is reported twice.
Found Sorted(Found found) {
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 1; i < found.size(); ++i) {
    EXPECT_NE(found[i - 1].first, found[i].first) << "point reported twice";
  }
  return found;
}

// The model's points in id order, flat, for brute force.
Found Flat(const Model& model) {
  return Found(model.points.begin(), model.points.end());
}

template <typename Predicate>
Found BruteForce(const Found& points, Predicate inside) {
  Found found;
  for (const auto& [id, p] : points) {
    if (inside(p)) found.push_back({id, p});
  }
  return found;
}

Found All(const PointSnapshot& snap) {
  Found found;
  snap.ForEach([&](PointId id, Meters p) { found.push_back({id, p}); });
  return Sorted(std::move(found));
}

void ExpectSame(const Found& got, const Found& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].first, want[i].first) << what;
    ASSERT_EQ(got[i].second, want[i].second) << what << ", point " << got[i].first;
  }
}

std::vector<Neighbor> BruteNearest(const Found& points, Meters q, size_t k) {
  std::vector<Neighbor> all;
  for (const auto& [id, p] : points) {
    const double dx = p.x - q.x, dy = p.y - q.y;
    all.push_back({id, dx * dx + dy * dy, p});
  }
  const size_t n = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<long>(n), all.end(),
                    [](const Neighbor& a, const Neighbor& b) {
                      return a.distance_sq < b.distance_sq ||
                             (a.distance_sq == b.distance_sq && a.id < b.id);
                    });
  all.resize(n);
  return all;
}

// Random operations on index and model alike: inserts, moves (small steps,
// long jumps, across the county line), removes.
void RandomOperations(std::mt19937_64& rng, PointIndex& index, Model& model, size_t count,
                      PointId id_limit, const std::vector<uint32_t>& levels) {
  auto random_polygons = [&] {
    std::vector<PolygonId> p;
    for (uint32_t n : levels) p.push_back(Below(rng, 4) == 0 ? kNoPolygon : Below(rng, n));
    return p;
  };
  for (size_t i = 0; i < count; ++i) {
    const PointId id = static_cast<PointId>(Below(rng, id_limit));
    const bool present = model.points.contains(id);
    const uint64_t what = Below(rng, 10);
    if (!present) {
      const Meters p = RandomPosition(rng);
      const std::vector<PolygonId> polygons = random_polygons();
      ASSERT_TRUE(index.Insert(id, p, polygons).has_value());
      model.points[id] = index.Stored(p);
      model.polygons[id] = polygons;
    } else if (what == 0) {
      ASSERT_TRUE(index.Remove(id).has_value());
      model.points.erase(id);
      model.polygons.erase(id);
    } else {
      Meters p = model.points[id];
      if (what < 7) {
        p.x += Uniform(rng, -20, 20);  // a walk: mostly the same cell
        p.y += Uniform(rng, -20, 20);
      } else {
        p = RandomPosition(rng);  // a jump: other cell, tile or outside
      }
      std::vector<PolygonId> polygons;
      if (!levels.empty() && what % 2 == 0) polygons = random_polygons();
      ASSERT_TRUE(index.Move(id, p, polygons).has_value());
      model.points[id] = index.Stored(p);
      if (!polygons.empty()) model.polygons[id] = polygons;
    }
  }
}

// ---------------------------------------------------------------------------
// [SECTION] Options and errors
// ---------------------------------------------------------------------------

TEST(PointIndexTest, CreateRejectsBadOptionsWithASentence) {
  auto empty = PointIndex::Create({Bounds{}, 128, {}});
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.error().message.find("extent"), std::string::npos);

  auto odd_cell = PointIndex::Create({County(), 100, {}});
  ASSERT_FALSE(odd_cell.has_value());
  EXPECT_NE(odd_cell.error().message.find("power of two"), std::string::npos);

  auto too_fine = PointIndex::Create({Bounds{0, 0, 1e6, 1e6}, 1, {}});
  ASSERT_FALSE(too_fine.has_value());
  EXPECT_NE(too_fine.error().message.find("2^26"), std::string::npos);

  auto levels = PointIndex::Create({County(), 128, {1, 2, 3, 4, 5}});
  ASSERT_FALSE(levels.has_value());
  EXPECT_NE(levels.error().message.find("levels"), std::string::npos);

  EXPECT_EQ(SuggestCellSize(County(), 1'000'000), 128);
  EXPECT_EQ(SuggestCellSize(County(), 20'000), 1024);
}

TEST(PointIndexTest, MisuseFailsNamingThePoint) {
  auto index = MakeIndex(128, {3});
  const Meters p{kX0 + 10, kY0 + 10};
  const PolygonId one[] = {1};
  ASSERT_TRUE(index->Insert(7, p, one).has_value());

  auto again = index->Insert(7, p, one);
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("point 7 is already"), std::string::npos);

  auto missing = index->Move(8, p);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("point 8"), std::string::npos);
  EXPECT_FALSE(index->Remove(8).has_value());

  auto nan = index->Move(7, Meters{NAN, 0});
  ASSERT_FALSE(nan.has_value());
  EXPECT_NE(nan.error().message.find("not finite"), std::string::npos);

  auto sparse = index->Insert(1u << 31, p, one);
  ASSERT_FALSE(sparse.has_value());
  EXPECT_NE(sparse.error().message.find("dense"), std::string::npos);

  const PolygonId bad[] = {3};
  auto range = index->Insert(9, p, bad);
  ASSERT_FALSE(range.has_value());
  EXPECT_NE(range.error().message.find("out of range"), std::string::npos);
  EXPECT_FALSE(index->Insert(9, p).has_value()) << "no polygon ids with one level";

  const PointId twice[] = {1, 1};
  const Meters where[] = {p, p};
  auto assign = index->Assign(twice, where, std::vector<PolygonId>{0, 0});
  ASSERT_FALSE(assign.has_value());
  EXPECT_NE(assign.error().message.find("point 1 twice"), std::string::npos);

  // Nothing above changed the index.
  EXPECT_EQ(index->Size(), 1u);
  auto snap = index->Publish();
  EXPECT_EQ(snap->Size(), 1u);
  EXPECT_EQ(snap->CountIn(0, 1), 1u);
  EXPECT_EQ(All(*snap)[0].second, index->Stored(p));
}

TEST(PointIndexTest, StoredPositionsAreWithinOneLatticeStep) {
  auto index = MakeIndex(128);
  const double step = 128.0 / 65536;
  std::mt19937_64 rng(11);
  for (int i = 0; i < 100'000; ++i) {
    const Meters p{Uniform(rng, kX0, kX0 + kSide), Uniform(rng, kY0, kY0 + kSide)};
    const Meters s = index->Stored(p);
    ASSERT_LE(std::abs(s.x - p.x), step);
    ASSERT_LE(std::abs(s.y - p.y), step);
    ASSERT_EQ(index->Stored(s), s) << "a stored position is stored as itself";
  }
  const Meters outside{kX0 - 1234.5678, kY0 + 5};
  EXPECT_EQ(index->Stored(outside), outside) << "outside the grid positions are kept exactly";
}

// ---------------------------------------------------------------------------
// [SECTION] Updates and counts
// ---------------------------------------------------------------------------

void ExpectMatchesModel(const PointSnapshot& snap, const Model& model,
                        const std::vector<uint32_t>& levels) {
  ASSERT_EQ(snap.Size(), model.points.size());
  Found want(model.points.begin(), model.points.end());
  ExpectSame(All(snap), want, "snapshot content");
  for (size_t l = 0; l < levels.size(); ++l) {
    std::vector<uint32_t> recount(levels[l], 0);
    for (const auto& [id, polygons] : model.polygons) {
      if (polygons[l] != kNoPolygon) ++recount[polygons[l]];
    }
    const std::span<const uint32_t> counts = snap.Counts(l);
    ASSERT_EQ(std::vector<uint32_t>(counts.begin(), counts.end()), recount) << "level " << l;
  }
}

TEST(PointIndexTest, RandomUpdatesKeepPointsAndCounts) {
  const std::vector<uint32_t> levels = {5, 20, 60};
  for (double cell : {64.0, 1024.0}) {
    SCOPED_TRACE(cell);
    auto index = MakeIndex(cell, levels);
    Model model;
    std::mt19937_64 rng(42);
    for (int round = 0; round < 20; ++round) {
      RandomOperations(rng, *index, model, 2'000, 3'000, levels);
      ASSERT_EQ(index->Size(), model.points.size());
      auto snap = index->Publish();
      ExpectMatchesModel(*snap, model, levels);
    }
    // Remove everything: counts return to zero and tiles are released.
    std::vector<PointId> ids;
    for (const auto& [id, p] : model.points) ids.push_back(id);
    for (PointId id : ids) ASSERT_TRUE(index->Remove(id).has_value());
    model = {};
    ExpectMatchesModel(*index->Publish(), model, levels);
  }
}

TEST(PointIndexTest, AssignThenUpdatesMatchesInsertOneByOne) {
  std::mt19937_64 rng(5);
  std::vector<PointId> ids;
  std::vector<Meters> positions;
  std::vector<PolygonId> polygons;
  for (PointId id = 0; id < 20'000; ++id) {
    ids.push_back(id * 3 + 1);  // not dense, not ordered by position
    positions.push_back(RandomPosition(rng));
    polygons.push_back(static_cast<PolygonId>(Below(rng, 10)));
  }
  std::shuffle(ids.begin(), ids.end(), rng);
  auto bulk = MakeIndex(256, {10});
  auto one_by_one = MakeIndex(256, {10});
  ASSERT_TRUE(bulk->Assign(ids, positions, polygons).has_value());
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_TRUE(one_by_one->Insert(ids[i], positions[i], {&polygons[i], 1}).has_value());
  }
  Model model;
  for (size_t i = 0; i < ids.size(); ++i) {
    model.points[ids[i]] = bulk->Stored(positions[i]);
    model.polygons[ids[i]] = {polygons[i]};
  }
  ExpectMatchesModel(*bulk->Publish(), model, {10});
  ExpectMatchesModel(*one_by_one->Publish(), model, {10});
  // Updates after a bulk load go through copy-on-write of Assign's tiles.
  RandomOperations(rng, *bulk, model, 10'000, 70'000, {10});
  ExpectMatchesModel(*bulk->Publish(), model, {10});
}

// ---------------------------------------------------------------------------
// [SECTION] Queries against brute force
// ---------------------------------------------------------------------------

// A star-shaped simple ring around `c` (counter-clockwise) or, when
// `tangled`, random vertices in a box (self-intersecting, even-odd).
std::vector<Meters> RandomRing(std::mt19937_64& rng, Meters c, bool tangled) {
  const size_t n = 3 + Below(rng, 40);
  const double size = Uniform(rng, 30, 4000);
  std::vector<Meters> ring;
  if (tangled) {
    for (size_t i = 0; i < n; ++i) {
      ring.push_back({c.x + Uniform(rng, -size, size), c.y + Uniform(rng, -size, size)});
    }
    return ring;
  }
  std::vector<double> angles;
  for (size_t i = 0; i < n; ++i) angles.push_back(Uniform(rng, 0, 2 * std::numbers::pi));
  std::sort(angles.begin(), angles.end());
  for (double a : angles) {
    const double r = size * Uniform(rng, 0.3, 1);
    ring.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
  }
  return ring;
}

// A query centre: anywhere over the county and a margin, sometimes exactly
// on a stored point (closed bounds and zero radii are then exercised).
Meters RandomCentre(std::mt19937_64& rng, const Model& model, const std::vector<PointId>& ids) {
  if (Below(rng, 5) == 0) return model.points.at(ids[Below(rng, ids.size())]);
  return {Uniform(rng, kX0 - 3000, kX0 + kSide + 3000),
          Uniform(rng, kY0 - 3000, kY0 + kSide + 3000)};
}

class PointIndexDifferential : public ::testing::TestWithParam<double> {};

TEST_P(PointIndexDifferential, QueriesEqualBruteForce) {
  auto index = MakeIndex(GetParam());
  Model model;
  std::mt19937_64 rng(20240611);
  // 20,000 points, reached through Assign, Insert, Move and Remove.
  std::vector<PointId> ids;
  std::vector<Meters> positions;
  for (PointId id = 0; id < 15'000; ++id) {
    ids.push_back(id);
    positions.push_back(RandomPosition(rng));
    model.points[id] = index->Stored(positions.back());
  }
  ASSERT_TRUE(index->Assign(ids, positions).has_value());
  RandomOperations(rng, *index, model, 30'000, 20'500, {});
  while (model.points.size() < 20'000) {
    const PointId id = static_cast<PointId>(30'000 + model.points.size());
    const Meters p = RandomPosition(rng);
    ASSERT_TRUE(index->Insert(id, p).has_value());
    model.points[id] = index->Stored(p);
  }
  while (model.points.size() > 20'000) {
    const PointId id = model.points.begin()->first;
    ASSERT_TRUE(index->Remove(id).has_value());
    model.points.erase(id);
  }
  auto snap = index->Publish();
  ExpectMatchesModel(*snap, model, {});
  ids.clear();
  for (const auto& [id, p] : model.points) ids.push_back(id);
  const Found flat = Flat(model);

  std::vector<Neighbor> nearest;
  for (int q = 0; q < 2'000; ++q) {
    SCOPED_TRACE(q);
    const Meters c = RandomCentre(rng, model, ids);
    // Window: viewport-like, from a point's width to 6 km.
    const double w = std::exp(Uniform(rng, 0, std::log(6000.0))), h = w * Uniform(rng, 0.3, 1.5);
    Bounds window{c.x, c.y, c.x + w, c.y + h};
    if (q % 2) window = Bounds{c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2};
    Found got;
    snap->Window(window, [&](PointId id, Meters p) { got.push_back({id, p}); });
    ExpectSame(Sorted(got),
               BruteForce(flat,
                          [&](Meters p) {
                            return p.x >= window.min_x && p.x <= window.max_x &&
                                   p.y >= window.min_y && p.y <= window.max_y;
                          }),
               "window");

    // Radius: an incident's area, 0 to 3 km.
    const double r = q % 10 == 0 ? 0.0 : Uniform(rng, 0, 3000);
    got.clear();
    snap->Radius(c, r, [&](PointId id, Meters p) { got.push_back({id, p}); });
    ExpectSame(Sorted(got),
               BruteForce(flat,
                          [&](Meters p) {
                            const double dx = p.x - c.x, dy = p.y - c.y;
                            return dx * dx + dy * dy <= r * r;
                          }),
               "radius");

    // Polygon: a drawn area.
    const std::vector<Meters> ring = RandomRing(rng, c, q % 4 == 0);
    got.clear();
    snap->InPolygon(ring, [&](PointId id, Meters p) { got.push_back({id, p}); });
    ExpectSame(Sorted(got), BruteForce(flat, [&](Meters p) { return RingContains(ring, p); }),
               "polygon");

    // k-nearest.
    const size_t k = std::array<size_t, 5>{1, 5, 10, 10, 100}[Below(rng, 5)];
    snap->Nearest(c, k, nearest);
    const std::vector<Neighbor> want = BruteNearest(flat, c, k);
    ASSERT_EQ(nearest.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(nearest[i].id, want[i].id) << "rank " << i;
      ASSERT_EQ(nearest[i].distance_sq, want[i].distance_sq);
      ASSERT_EQ(nearest[i].position, want[i].position);
    }
  }
}

// Dense cells (~16 points each at 1024 m) and sparse ones (128 m: most
// cells empty, k-nearest crosses many rings).
INSTANTIATE_TEST_SUITE_P(PointIndex, PointIndexDifferential, ::testing::Values(128.0, 1024.0));

// RingContains, the polygon predicate the index is held to, against GEOS.
TEST(PointIndexTest, RingContainsAgreesWithGeos) {
  GEOSContextHandle_t ctx = GEOS_init_r();
  std::mt19937_64 rng(99);
  for (int q = 0; q < 300; ++q) {
    const std::vector<Meters> ring = RandomRing(rng, {kX0 + 15000, kY0 + 15000}, false);
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(ring.size() + 1), 2);
    for (size_t i = 0; i <= ring.size(); ++i) {
      const Meters p = ring[i % ring.size()];
      GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), p.x, p.y);
    }
    GEOSGeometry* polygon =
        GEOSGeom_createPolygon_r(ctx, GEOSGeom_createLinearRing_r(ctx, seq), nullptr, 0);
    const GEOSPreparedGeometry* prepared = GEOSPrepare_r(ctx, polygon);
    for (int i = 0; i < 200; ++i) {
      const Meters p{Uniform(rng, kX0 + 10000, kX0 + 20000),
                     Uniform(rng, kY0 + 10000, kY0 + 20000)};
      GEOSGeometry* point = GEOSGeom_createPointFromXY_r(ctx, p.x, p.y);
      ASSERT_EQ(RingContains(ring, p), GEOSPreparedContains_r(ctx, prepared, point) == 1)
          << "ring " << q << " point " << i;
      GEOSGeom_destroy_r(ctx, point);
    }
    GEOSPreparedGeom_destroy_r(ctx, prepared);
    GEOSGeom_destroy_r(ctx, polygon);
  }
  GEOS_finish_r(ctx);
}

// ---------------------------------------------------------------------------
// [SECTION] Edge cases: empty, ties, outside the extent
// ---------------------------------------------------------------------------

TEST(PointIndexTest, EmptyIndexAnswersNothing) {
  auto index = MakeIndex(128, {2, 2});
  for (auto snap : {index->Latest(), index->Publish()}) {
    EXPECT_EQ(snap->Version(), 0u) << "nothing to publish: the empty version 0";
    EXPECT_EQ(snap->Size(), 0u);
    int seen = 0;
    auto count = [&](PointId, Meters) { ++seen; };
    snap->Window(County(), count);
    snap->Radius(County().Center(), 1e6, count);
    const Meters ring[] = {{kX0, kY0}, {kX0 + kSide, kY0}, {kX0, kY0 + kSide}};
    snap->InPolygon(ring, count);
    snap->ForEach(count);
    EXPECT_EQ(seen, 0);
    EXPECT_TRUE(snap->Nearest(County().Center(), 10).empty());
    EXPECT_EQ(snap->CountIn(1, 0), 0u);
  }
  // Emptied again after use.
  ASSERT_TRUE(index->Insert(1, County().Center(), std::vector<PolygonId>{0, 1}).has_value());
  ASSERT_TRUE(index->Remove(1).has_value());
  auto snap = index->Publish();
  EXPECT_EQ(snap->Size(), 0u);
  EXPECT_TRUE(snap->Nearest(County().Center(), 3).empty());
  EXPECT_EQ(snap->CountIn(1, 1), 0u);
}

TEST(PointIndexTest, NearestBreaksTiesBySmallerId) {
  auto index = MakeIndex(128);
  // Lattice positions (whole metres), so distances are exact.
  const Meters q{kX0 + 1000, kY0 + 1000};
  const std::vector<std::pair<PointId, Meters>> points = {
      {40, {q.x + 10, q.y}},   {7, {q.x - 10, q.y}},
      {25, {q.x, q.y + 10}},   {3, {q.x, q.y - 10}},
      {9, {q.x + 6, q.y + 8}}, {12, {q.x + 6, q.y + 8}},  // same place, two ids
      {1, {q.x + 200, q.y}},   {2, {q.x + 5, q.y}},
  };
  for (const auto& [id, p] : points) ASSERT_TRUE(index->Insert(id, p).has_value());
  auto snap = index->Publish();
  EXPECT_EQ(snap->Nearest(q, 8), (std::vector<PointId>{2, 3, 7, 9, 12, 25, 40, 1}));
  EXPECT_EQ(snap->Nearest(q, 4), (std::vector<PointId>{2, 3, 7, 9}));
  EXPECT_EQ(snap->Nearest(q, 100).size(), 8u);
  EXPECT_EQ(snap->Nearest(q, SIZE_MAX).size(), 8u) << "k beyond the size allocates nothing for it";
  std::vector<Neighbor> out;
  snap->Nearest(q, 2, out);
  EXPECT_EQ(out[1].distance_sq, 100.0);
  EXPECT_EQ(out[1].position, (Meters{q.x, q.y - 10}));
}

TEST(PointIndexTest, PointsOutsideTheExtentStillWork) {
  auto index = MakeIndex(128, {1});
  const PolygonId zero[] = {0};
  const Meters inside{kX0 + 100, kY0 + 100};
  const Meters west{kX0 - 50'000.25, kY0 + 100};  // 50 km beyond the county line
  const Meters far_north{kX0 + 100, kY0 + kSide + 1e6};
  ASSERT_TRUE(index->Insert(1, inside, zero).has_value());
  ASSERT_TRUE(index->Insert(2, west, zero).has_value());
  ASSERT_TRUE(index->Insert(3, far_north, zero).has_value());
  auto snap = index->Publish();
  EXPECT_EQ(snap->CountIn(0, 0), 3u);

  auto ids_in = [&](const Bounds& b) {
    std::vector<PointId> ids;
    snap->Window(b, [&](PointId id, Meters) { ids.push_back(id); });
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  EXPECT_EQ(ids_in(Bounds{kX0 - 60'000, kY0, kX0 - 40'000, kY0 + 200}), std::vector<PointId>{2});
  EXPECT_EQ(ids_in(Bounds{-1e300, -1e300, 1e300, 1e300}), (std::vector<PointId>{1, 2, 3}));
  EXPECT_EQ(snap->Nearest(Meters{kX0 - 49'000, kY0}, 1), std::vector<PointId>{2});
  EXPECT_EQ(snap->Nearest(Meters{kX0 - 1, kY0 - 1}, 3), (std::vector<PointId>{1, 2, 3}));
  EXPECT_EQ(snap->Nearest(Meters{kX0 + 100, kY0 + 2e6}, 1), std::vector<PointId>{3});
  std::vector<PointId> near_west;
  snap->Radius(west, 0, [&](PointId id, Meters p) {
    near_west.push_back(id);
    EXPECT_EQ(p, west) << "kept exactly";
  });
  EXPECT_EQ(near_west, std::vector<PointId>{2});

  // In, out and in again across the county line.
  ASSERT_TRUE(index->Move(1, Meters{kX0 - 10, kY0 - 10}).has_value());
  ASSERT_TRUE(index->Move(2, Meters{kX0 + 5, kY0 + 5}).has_value());
  ASSERT_TRUE(index->Move(3, Meters{kX0 + kSide + 1, kY0 + kSide + 1}).has_value());
  snap = index->Publish();
  EXPECT_EQ(snap->Nearest(Meters{kX0, kY0}, 3), (std::vector<PointId>{2, 1, 3}));
  EXPECT_EQ(ids_in(Bounds{kX0, kY0, kX0 + 10, kY0 + 10}), std::vector<PointId>{2});
  ASSERT_TRUE(index->Remove(1).has_value());
  EXPECT_EQ(index->Publish()->Size(), 2u);
}

// ---------------------------------------------------------------------------
// [SECTION] Snapshots and threads
// ---------------------------------------------------------------------------

// Order-independent digest of a set of points.
uint64_t Digest(PointId id, Meters p) {
  uint64_t h = id * 0x9e3779b97f4a7c15ull;
  h ^= static_cast<uint64_t>(std::llround((p.x - kX0) * 1024)) * 0xff51afd7ed558ccdull;
  h ^= static_cast<uint64_t>(std::llround((p.y - kY0) * 1024)) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}
uint64_t Digest(const PointSnapshot& snap) {
  uint64_t sum = 0;
  snap.ForEach([&](PointId id, Meters p) { sum += Digest(id, p); });
  return sum;
}

TEST(PointIndexTest, HeldSnapshotNeverChanges) {
  auto index = MakeIndex(256, {4});
  Model model;
  std::mt19937_64 rng(3);
  RandomOperations(rng, *index, model, 5'000, 5'000, {4});
  auto held = index->Publish();
  const Found before = All(*held);
  const std::vector<uint32_t> counts_before(held->Counts(0).begin(), held->Counts(0).end());
  RandomOperations(rng, *index, model, 20'000, 6'000, {4});
  auto later = index->Publish();
  EXPECT_EQ(later->Version(), held->Version() + 1);
  ExpectSame(All(*held), before, "held snapshot");
  EXPECT_EQ(std::vector<uint32_t>(held->Counts(0).begin(), held->Counts(0).end()), counts_before);
  ExpectMatchesModel(*later, model, {4});
  EXPECT_EQ(index->Publish(), later) << "nothing changed: the same snapshot";
}

// A writer thread moves, inserts and removes points and publishes after each
// batch, writing down the digest of every version before publishing it;
// reader threads keep taking the latest snapshot and check that it is exactly
// some published version, and one reader holds the first snapshot throughout.
TEST(PointIndexThreads, ReadersSeeWholePublishedVersions) {
  auto index = MakeIndex(256);
  constexpr size_t kMaxVersions = 1 << 16;
  std::vector<uint64_t> digests(kMaxVersions, 0);  // written before the version is published
  std::vector<size_t> sizes(kMaxVersions, 0);
  std::mt19937_64 rng(17);
  Model model;
  RandomOperations(rng, *index, model, 4'000, 4'000, {});
  auto model_digest = [&] {
    uint64_t sum = 0;
    for (const auto& [id, p] : model.points) sum += Digest(id, p);
    return sum;
  };
  digests[1] = model_digest();
  sizes[1] = model.points.size();
  auto first = index->Publish();
  ASSERT_EQ(first->Version(), 1u);

  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0}, checked{0};
  std::atomic<uint64_t> last_version{1};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&, r] {
      while (!stop.load()) {
        const std::shared_ptr<const PointSnapshot> snap = r == 0 ? first : index->Latest();
        const uint64_t v = snap->Version();
        if (v == 0 || v > last_version.load() || Digest(*snap) != digests[v] ||
            snap->Size() != sizes[v]) {
          ++wrong;
        }
        size_t in_window = 0;
        snap->Window(Bounds{-1e300, -1e300, 1e300, 1e300}, [&](PointId, Meters) { ++in_window; });
        if (in_window != snap->Size()) ++wrong;
        ++checked;
      }
    });
  }
  std::thread writer([&] {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
    uint64_t version = 1;
    // 200 ms, and at least 20 batches however slow the machine.
    while ((std::chrono::steady_clock::now() < end || version < 20) && version + 1 < kMaxVersions) {
      RandomOperations(rng, *index, model, 300, 4'000, {});
      ++version;
      digests[version] = model_digest();
      sizes[version] = model.points.size();
      last_version.store(version);
      if (index->Publish()->Version() != version) ++wrong;
    }
  });
  writer.join();
  // Let the readers see the last version, however slow the machine.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  const int seen = checked.load();
  while (checked.load() < seen + 6 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  stop.store(true);
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(checked.load(), 0);
  EXPECT_GE(last_version.load(), 20u) << "the writer published during the run";
  ExpectMatchesModel(*index->Latest(), model, {});
}

// ---------------------------------------------------------------------------
// [SECTION] Memory
// ---------------------------------------------------------------------------

// The budget: at most 32 bytes per live point, everything counted
// (tiles with their headroom, id arrays, polygon tuples, counts, directory),
// after a bulk load and after a batch of moves with its copy-on-write.
TEST(PointIndexTest, AtMost32BytesPerPoint) {
  constexpr size_t kPoints = 1'000'000;
  const std::vector<uint32_t> levels = {14, 79, 241};
  auto index = MakeIndex(SuggestCellSize(County(), kPoints), levels);
  std::mt19937_64 rng(8);
  std::vector<PointId> ids(kPoints);
  std::vector<Meters> positions(kPoints);
  std::vector<PolygonId> polygons;
  for (PointId id = 0; id < kPoints; ++id) {
    ids[id] = id;
    positions[id] = {Uniform(rng, kX0, kX0 + kSide), Uniform(rng, kY0, kY0 + kSide)};
    // Nested areas as a county has them: compound → grid → community, and
    // some places in no compound.
    const int ix = static_cast<int>((positions[id].x - kX0) / (kSide / 16));
    const int iy = static_cast<int>((positions[id].y - kY0) / (kSide / 16));
    const PolygonId compound = static_cast<PolygonId>((ix * 16 + iy) % 241);
    polygons.push_back(compound / 18);
    polygons.push_back(compound / 4);
    polygons.push_back((ix + iy) % 5 == 0 ? kNoPolygon : compound);
  }
  ASSERT_TRUE(index->Assign(ids, positions, polygons).has_value());
  index->Publish();
  const double loaded = static_cast<double>(index->MemoryBytes()) / kPoints;
  EXPECT_LE(loaded, 32.0);
  for (int i = 0; i < 200'000; ++i) {
    const PointId id = static_cast<PointId>(Below(rng, kPoints));
    positions[id].x += Uniform(rng, -20, 20);
    positions[id].y += Uniform(rng, -20, 20);
    ASSERT_TRUE(index->Move(id, positions[id]).has_value());
  }
  index->Publish();
  const double moved = static_cast<double>(index->MemoryBytes()) / kPoints;
  EXPECT_LE(moved, 32.0);
  RecordProperty("bytes_per_point_loaded", std::to_string(loaded));
  RecordProperty("bytes_per_point_moved", std::to_string(moved));
  std::printf("memory: %.2f bytes/point after Assign, %.2f after 200k moves\n", loaded, moved);
}

}  // namespace
}  // namespace geo
