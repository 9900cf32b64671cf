// Live points: geo::PointIndex against Boost.Geometry's rtree and GEOS's
// STRtree on the same data, made once per process outside every timed loop.
//
//   build_points/<impl>   1M points, bulk: gridops Assign + Publish; boost the
//                         packing constructor (rstar<16>); geos insert all +
//                         the first query, which builds the tree
//   window/<impl>         100k viewport queries (1–2 km wide, 16:10) on 1M points
//   knn/<impl>            100k queries, k = 10, on 1M points (nearest first)
//   update/<impl>         1M moves of live points (steps of up to ±15 m, as
//                         grid workers walk), readers able to see them every
//                         16,384 moves (one 60 Hz frame at 1M moves/s):
//                         gridops Move ×16,384 then Publish; boost remove +
//                         insert per move (its documented way to move a value;
//                         it has no snapshots, so readers would need a lock);
//                         geos: an STRtree cannot take inserts once built, so
//                         the closest equivalent is a rebuild per batch —
//                         one iteration = 16,384 moves + the rebuild
//   <op>/<impl>/clustered the same on clustered points (60% in 40 Gaussian
//                         clusters, σ 200–1500 m; 40% uniform)
//
// Points are uniform in a 30 × 30 km square at Gauss-Krüger magnitudes.
// items/s counts points (build), queries (window, knn) or moves (update).
// Counters: results_per_query (equal across implementations: a check),
// bytes_per_point from the heap (glibc mallinfo2, before and after, the same
// for all three), and for gridops also its own account (MemoryBytes) —
// index_bytes_per_point, and peak_bytes_per_point during a batch, when the
// tiles changed since the last Publish exist twice.
#include <benchmark/benchmark.h>
#include <geos_c.h>
#include <malloc.h>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>
#include <random>
#include <utility>
#include <vector>

#include "geo/point_index.hpp"

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

using geo::Bounds;
using geo::Meters;

// ---------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------

constexpr size_t kPoints = 1'000'000;
constexpr size_t kQueries = 100'000;
constexpr size_t kMoves = 1'000'000;
constexpr size_t kBatch = 16'384;  // moves per publication
constexpr size_t kK = 10;

double Uniform(std::mt19937_64& rng, double lo, double hi) {
  return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

struct Move {
  uint32_t id;
  Meters to;
};

struct Data {
  Bounds extent;
  std::vector<uint32_t> ids;  // 0 … n-1
  std::vector<Meters> points;
  std::vector<Bounds> windows;
  std::vector<Meters> knn;
  std::vector<Move> moves;  // absolute targets, each a small step from the last
};

Data MakeData(bool clustered, uint64_t seed) {
  Data d;
  d.extent = Bounds{500'000, 4'300'000, 530'000, 4'330'000};
  const Bounds& e = d.extent;
  std::mt19937_64 rng(seed);
  auto clamp_in = [&](Meters p) {
    return Meters{std::clamp(p.x, e.min_x, e.max_x), std::clamp(p.y, e.min_y, e.max_y)};
  };
  struct Cluster {
    Meters centre;
    double sigma;
  };
  std::vector<Cluster> clusters;
  for (int i = 0; i < 40; ++i) {
    clusters.push_back({{Uniform(rng, e.min_x + 3000, e.max_x - 3000),
                         Uniform(rng, e.min_y + 3000, e.max_y - 3000)},
                        Uniform(rng, 200, 1500)});
  }
  d.ids.resize(kPoints);
  d.points.resize(kPoints);
  for (size_t i = 0; i < kPoints; ++i) {
    d.ids[i] = static_cast<uint32_t>(i);
    if (clustered && Uniform(rng, 0, 1) < 0.6) {
      const Cluster& c = clusters[rng() % clusters.size()];
      // Box–Muller.
      const double r = c.sigma * std::sqrt(-2 * std::log(1 - Uniform(rng, 0, 1)));
      const double a = Uniform(rng, 0, 2 * std::numbers::pi);
      d.points[i] = clamp_in({c.centre.x + r * std::cos(a), c.centre.y + r * std::sin(a)});
    } else {
      d.points[i] = {Uniform(rng, e.min_x, e.max_x), Uniform(rng, e.min_y, e.max_y)};
    }
  }
  for (size_t i = 0; i < kQueries; ++i) {
    const double w = Uniform(rng, 1000, 2000), h = w * 10 / 16;
    const Meters c{Uniform(rng, e.min_x, e.max_x), Uniform(rng, e.min_y, e.max_y)};
    d.windows.push_back(Bounds{c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2});
    d.knn.push_back({Uniform(rng, e.min_x, e.max_x), Uniform(rng, e.min_y, e.max_y)});
  }
  std::vector<Meters> now = d.points;
  for (size_t i = 0; i < kMoves; ++i) {
    const uint32_t id = static_cast<uint32_t>(rng() % kPoints);
    now[id] = clamp_in({now[id].x + Uniform(rng, -15, 15), now[id].y + Uniform(rng, -15, 15)});
    d.moves.push_back({id, now[id]});
  }
  return d;
}

const Data& Uniform1M() {
  static const Data d = MakeData(false, 20240611);
  return d;
}
const Data& Clustered1M() {
  static const Data d = MakeData(true, 20240612);
  return d;
}
using DataFn = const Data& (*)();

// Bytes in use on the heap (every arena, small blocks and mmapped ones).
size_t HeapInUse() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

void Counters(benchmark::State& state, size_t items_per_iteration) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * items_per_iteration));
}

// ---------------------------------------------------------------------------
// gridops
// ---------------------------------------------------------------------------

std::unique_ptr<geo::PointIndex> GridopsBuild(const Data& d) {
  auto index = geo::PointIndex::Create({d.extent, geo::SuggestCellSize(d.extent, kPoints), {}});
  if (!index) std::abort();
  if (!(*index)->Assign(d.ids, d.points)) std::abort();
  (*index)->Publish();
  return std::move(*index);
}

const geo::PointIndex& GridopsIndex(DataFn data) {
  static std::unique_ptr<geo::PointIndex> uniform, clustered;
  auto& slot = data == &Uniform1M ? uniform : clustered;
  if (!slot) slot = GridopsBuild(data());
  return *slot;
}

void BuildGridops(benchmark::State& state, DataFn data) {
  const Data& d = data();
  for (auto _ : state) {
    auto index = GridopsBuild(d);
    benchmark::DoNotOptimize(index.get());
  }
  Counters(state, kPoints);
  const size_t before = HeapInUse();
  auto index = GridopsBuild(d);
  state.counters["bytes_per_point"] = static_cast<double>(HeapInUse() - before) / kPoints;
  state.counters["index_bytes_per_point"] = static_cast<double>(index->MemoryBytes()) / kPoints;
}

void WindowGridops(benchmark::State& state, DataFn data) {
  const Data& d = data();
  auto snap = GridopsIndex(data).Latest();
  size_t found = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    for (const Bounds& w : d.windows) {
      snap->Window(w, [&](uint32_t id, Meters) {
        ++found;
        sum += id;
      });
    }
  }
  benchmark::DoNotOptimize(sum);
  Counters(state, kQueries);
  state.counters["results_per_query"] =
      static_cast<double>(found) / static_cast<double>(state.iterations() * kQueries);
}

void KnnGridops(benchmark::State& state, DataFn data) {
  const Data& d = data();
  auto snap = GridopsIndex(data).Latest();
  std::vector<geo::Neighbor> out;
  uint64_t sum = 0;
  for (auto _ : state) {
    for (const Meters& q : d.knn) {
      snap->Nearest(q, kK, out);
      for (const geo::Neighbor& n : out) sum += n.id;
    }
  }
  benchmark::DoNotOptimize(sum);
  Counters(state, kQueries);
}

void UpdateGridops(benchmark::State& state, DataFn data) {
  const Data& d = data();
  auto index = GridopsBuild(d);
  for (auto _ : state) {
    for (size_t i = 0; i < kMoves; i += kBatch) {
      const size_t end = std::min(kMoves, i + kBatch);
      for (size_t j = i; j < end; ++j) {
        if (!index->Move(d.moves[j].id, d.moves[j].to)) std::abort();
      }
      benchmark::DoNotOptimize(index->Publish().get());
    }
  }
  Counters(state, kMoves);
  state.counters["publish_every"] = kBatch;
  state.counters["index_bytes_per_point"] = static_cast<double>(index->MemoryBytes()) / kPoints;
  // One more batch, measured before its Publish: both versions of what
  // changed are alive.
  for (size_t j = 0; j < kBatch; ++j) {
    if (!index->Move(d.moves[j].id, d.moves[j].to)) std::abort();
  }
  state.counters["peak_bytes_per_point"] = static_cast<double>(index->MemoryBytes()) / kPoints;
  index->Publish();
}

// ---------------------------------------------------------------------------
// Boost.Geometry rtree, R*-tree with at most 16 values per node
// ---------------------------------------------------------------------------

using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using BValue = std::pair<BPoint, uint32_t>;
using BTree = bgi::rtree<BValue, bgi::rstar<16>>;

std::vector<BValue> BoostValues(const Data& d) {
  std::vector<BValue> values(kPoints);
  for (size_t i = 0; i < kPoints; ++i) values[i] = {BPoint(d.points[i].x, d.points[i].y), d.ids[i]};
  return values;
}

const BTree& BoostTree(DataFn data) {
  static std::unique_ptr<BTree> uniform, clustered;
  auto& slot = data == &Uniform1M ? uniform : clustered;
  if (!slot) {
    const std::vector<BValue> values = BoostValues(data());
    slot = std::make_unique<BTree>(values.begin(), values.end());
  }
  return *slot;
}

void BuildBoost(benchmark::State& state, DataFn data) {
  const std::vector<BValue> values = BoostValues(data());
  for (auto _ : state) {
    BTree tree(values.begin(), values.end());  // the packing (bulk-loading) constructor
    benchmark::DoNotOptimize(tree.size());
  }
  Counters(state, kPoints);
  const size_t before = HeapInUse();
  BTree tree(values.begin(), values.end());
  state.counters["bytes_per_point"] = static_cast<double>(HeapInUse() - before) / kPoints;
}

void WindowBoost(benchmark::State& state, DataFn data) {
  const Data& d = data();
  const BTree& tree = BoostTree(data);
  size_t found = 0;
  uint64_t sum = 0;
  auto visit = boost::make_function_output_iterator([&](const BValue& v) {
    ++found;
    sum += v.second;
  });
  for (auto _ : state) {
    for (const Bounds& w : d.windows) {
      tree.query(bgi::intersects(BBox(BPoint(w.min_x, w.min_y), BPoint(w.max_x, w.max_y))), visit);
    }
  }
  benchmark::DoNotOptimize(sum);
  Counters(state, kQueries);
  state.counters["results_per_query"] =
      static_cast<double>(found) / static_cast<double>(state.iterations() * kQueries);
}

void KnnBoost(benchmark::State& state, DataFn data) {
  const Data& d = data();
  const BTree& tree = BoostTree(data);
  std::vector<BValue> out;
  uint64_t sum = 0;
  for (auto _ : state) {
    for (const Meters& q : d.knn) {
      out.clear();
      tree.query(bgi::nearest(BPoint(q.x, q.y), kK), std::back_inserter(out));
      for (const BValue& v : out) sum += v.second;
    }
  }
  benchmark::DoNotOptimize(sum);
  Counters(state, kQueries);
}

void UpdateBoost(benchmark::State& state, DataFn data) {
  const Data& d = data();
  const std::vector<BValue> values = BoostValues(d);
  BTree tree(values.begin(), values.end());
  std::vector<Meters> now = d.points;  // remove needs the value as it is in the tree
  for (auto _ : state) {
    for (const Move& m : d.moves) {
      if (tree.remove(BValue(BPoint(now[m.id].x, now[m.id].y), m.id)) != 1) std::abort();
      now[m.id] = m.to;
      tree.insert(BValue(BPoint(m.to.x, m.to.y), m.id));
    }
  }
  Counters(state, kMoves);
}

// ---------------------------------------------------------------------------
// GEOS STRtree (C API, reentrant, one context), node capacity 10 as its
// documentation advises when unsure
// ---------------------------------------------------------------------------

GEOSContextHandle_t Geos() {
  static GEOSContextHandle_t ctx = GEOS_init_r();
  return ctx;
}

struct GeosTree {
  GEOSSTRtree* tree = nullptr;
  ~GeosTree() {
    if (tree) GEOSSTRtree_destroy_r(Geos(), tree);
  }
};

// GEOSSTRtree_insert wants a geometry for each item's envelope (copied into
// the tree since GEOS 3.9, so the caller may free it after).
std::vector<GEOSGeometry*> GeosPoints(const std::vector<Meters>& points) {
  std::vector<GEOSGeometry*> geoms(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    geoms[i] = GEOSGeom_createPointFromXY_r(Geos(), points[i].x, points[i].y);
  }
  return geoms;
}
void FreeGeos(std::vector<GEOSGeometry*>& geoms) {
  for (GEOSGeometry* g : geoms) GEOSGeom_destroy_r(Geos(), g);
  geoms.clear();
}

void* Item(uint32_t id) {
  return reinterpret_cast<void*>(static_cast<uintptr_t>(id));
}
uint32_t Id(void* item) {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(item));
}

// Inserts every point and builds the tree (by its first query: the C API of
// GEOS 3.11 has no explicit build).
void GeosFill(GeosTree& t, const std::vector<GEOSGeometry*>& geoms, GEOSGeometry* probe) {
  t.tree = GEOSSTRtree_create_r(Geos(), 10);
  for (size_t i = 0; i < geoms.size(); ++i) {
    GEOSSTRtree_insert_r(Geos(), t.tree, geoms[i], Item(static_cast<uint32_t>(i)));
  }
  GEOSSTRtree_query_r(
      Geos(), t.tree, probe, [](void*, void*) {}, nullptr);
}

GEOSGeometry* Probe() {  // a query far from everything
  static GEOSGeometry* probe = GEOSGeom_createPointFromXY_r(Geos(), -1e9, -1e9);
  return probe;
}

GeosTree& GeosIndex(DataFn data) {
  static GeosTree uniform, clustered;
  GeosTree& slot = data == &Uniform1M ? uniform : clustered;
  if (!slot.tree) {
    std::vector<GEOSGeometry*> geoms = GeosPoints(data().points);
    GeosFill(slot, geoms, Probe());
    FreeGeos(geoms);
  }
  return slot;
}

void BuildGeos(benchmark::State& state, DataFn data) {
  std::vector<GEOSGeometry*> geoms = GeosPoints(data().points);
  for (auto _ : state) {
    GeosTree t;
    GeosFill(t, geoms, Probe());
  }
  Counters(state, kPoints);
  const size_t before = HeapInUse();
  {
    GeosTree t;
    GeosFill(t, geoms, Probe());
    state.counters["bytes_per_point"] = static_cast<double>(HeapInUse() - before) / kPoints;
  }
  FreeGeos(geoms);
}

void WindowGeos(benchmark::State& state, DataFn data) {
  const Data& d = data();
  GeosTree& t = GeosIndex(data);
  // The query takes a geometry; making the 100k rectangles is left out of
  // the timing.
  std::vector<GEOSGeometry*> boxes;
  for (const Bounds& w : d.windows) {
    boxes.push_back(GEOSGeom_createRectangle_r(Geos(), w.min_x, w.min_y, w.max_x, w.max_y));
  }
  struct Sink {
    size_t found = 0;
    uint64_t sum = 0;
  } sink;
  for (auto _ : state) {
    for (GEOSGeometry* box : boxes) {
      GEOSSTRtree_query_r(
          Geos(), t.tree, box,
          [](void* item, void* user) {
            auto* s = static_cast<Sink*>(user);
            ++s->found;
            s->sum += Id(item);
          },
          &sink);
    }
  }
  benchmark::DoNotOptimize(sink.sum);
  Counters(state, kQueries);
  state.counters["results_per_query"] =
      static_cast<double>(sink.found) / static_cast<double>(state.iterations() * kQueries);
  FreeGeos(boxes);
}

void KnnGeos(benchmark::State& state, DataFn) {
  state.SkipWithError(
      "n/a: the GEOS C API has no k-nearest query (GEOSSTRtree_nearest_generic returns the one "
      "nearest item)");
}

void UpdateGeos(benchmark::State& state, DataFn data) {
  const Data& d = data();
  std::vector<GEOSGeometry*> geoms = GeosPoints(d.points);
  auto tree = std::make_unique<GeosTree>();
  GeosFill(*tree, geoms, Probe());
  size_t next = 0;
  for (auto _ : state) {
    // One batch: the moved points get new geometries, then a new tree.
    for (size_t j = 0; j < kBatch; ++j, next = (next + 1) % kMoves) {
      const Move& m = d.moves[next];
      GEOSGeom_destroy_r(Geos(), geoms[m.id]);
      geoms[m.id] = GEOSGeom_createPointFromXY_r(Geos(), m.to.x, m.to.y);
    }
    auto rebuilt = std::make_unique<GeosTree>();
    GeosFill(*rebuilt, geoms, Probe());
    tree = std::move(rebuilt);
  }
  Counters(state, kBatch);
  state.counters["publish_every"] = kBatch;
  tree.reset();
  FreeGeos(geoms);
}

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

using Fn = void (*)(benchmark::State&, DataFn);

void Register(const char* op, const char* impl, Fn fn, bool clustered_too = true) {
  const std::string name = std::string(op) + "/" + impl;
  benchmark::RegisterBenchmark(name.c_str(), fn, &Uniform1M)->Unit(benchmark::kMillisecond);
  if (clustered_too) {
    benchmark::RegisterBenchmark((name + "/clustered").c_str(), fn, &Clustered1M)
        ->Unit(benchmark::kMillisecond);
  }
}

[[maybe_unused]] const bool registered = [] {
  Register("build_points", "gridops", BuildGridops);
  Register("build_points", "boost", BuildBoost);
  Register("build_points", "geos", BuildGeos);
  Register("window", "gridops", WindowGridops);
  Register("window", "boost", WindowBoost);
  Register("window", "geos", WindowGeos);
  Register("knn", "gridops", KnnGridops);
  Register("knn", "boost", KnnBoost);
  Register("knn", "geos", KnnGeos, false);
  Register("update", "gridops", UpdateGridops, false);
  Register("update", "boost", UpdateBoost, false);
  Register("update", "geos", UpdateGeos, false);
  return true;
}();

}  // namespace
