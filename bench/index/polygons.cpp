// The static polygon index against its peers, "<operation>/<implementation>":
//
//   build_polygons   index the 100 000 blocks of the synthetic city
//   locate_county    1 000 000 points on the sample county, the feature at
//                    every level (community, grid, compound) for each
//   locate_city      1 000 000 points on the synthetic city's 100 000 blocks
//
// Implementations:
//   gridops  geo::PolygonIndex (packed Hilbert R-tree + banded exact test)
//   boost    Boost.Geometry bgi::rtree<…, rstar<16>> built by its packing
//            (range) constructor, queried with bgi::intersects(point) into a
//            reused vector, then geo::PolygonHolds — the same exact test and
//            boundary rule gridops answers with, on the GridSet's own arrays;
//            one value per polygon: (its bounds, polygon, feature)
//   geos     GEOS C API: GEOSSTRtree (node capacity 10) of the features'
//            geometries and a GEOSPrepare'd geometry per feature; a point
//            geometry per query (GEOSPreparedContainsXY arrives in 3.12),
//            GEOSSTRtree_query, then GEOSPreparedContains on the candidates
//
// Data is made before the timed loop; the same points go to every
// implementation, and each locate benchmark first checks that its answers
// equal gridops's (counter "mismatches"; random points never fall exactly on
// a boundary, where GEOS's Contains and gridops's rule may differ).
#include <geos_c.h>
#include <malloc.h>

#include <benchmark/benchmark.h>

#include <array>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cstdarg>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "bench/index/common.hpp"
#include "geo/polygon_index.hpp"

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

using geo::FeatureId;
using geo::GridSet;
using geo::Level;
using geo::Meters;

constexpr size_t kPoints = 1'000'000;

const std::vector<Meters>& CountyPoints() {
  static const auto points =
      bench_index::RandomPoints(bench_index::SampleCounty().bounds, kPoints, 1);
  return points;
}

const std::vector<Meters>& CityPoints() {
  static const auto points = bench_index::RandomPoints(bench_index::City().bounds, kPoints, 2);
  return points;
}

// The levels a grid set delivers.
std::vector<Level> Levels(const GridSet& set) {
  std::vector<Level> levels;
  for (int l = 0; l < geo::kLevelCount; ++l) {
    if (set.LevelCount(static_cast<Level>(l)) > 0) levels.push_back(static_cast<Level>(l));
  }
  return levels;
}

// ---------------------------------------------------------------------------
// gridops

struct Gridops {
  explicit Gridops(const GridSet& set)
      : index(geo::PolygonIndex::Build(set)), levels(Levels(set)) {}
  void Locate(Meters p, FeatureId* out) const {
    if (levels.size() == 1) {
      out[0] = index.Locate(levels[0], p);
      return;
    }
    const auto all = index.LocateAll(p);
    for (size_t i = 0; i < levels.size(); ++i) out[i] = all[static_cast<int>(levels[i])];
  }
  geo::PolygonIndex index;
  std::vector<Level> levels;
};

// ---------------------------------------------------------------------------
// Boost.Geometry

using BoostPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BoostBox = bg::model::box<BoostPoint>;
// One value per polygon, carrying what the exact test needs, so a query
// touches no Feature: (bounds of the outer ring, polygon, feature).
using BoostValue = std::tuple<BoostBox, uint32_t, FeatureId>;
using BoostTree = bgi::rtree<BoostValue, bgi::rstar<16>>;

BoostTree BuildBoostTree(const GridSet& set, Level level) {
  const geo::PolygonSet& ps = set.polygons;
  std::vector<BoostValue> values;
  values.reserve(set.LevelCount(level));
  for (FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
    const geo::Feature& f = set.features[id];
    for (uint32_t poly = f.first_polygon; poly < f.first_polygon + f.polygon_count; ++poly) {
      geo::Bounds b;
      for (const Meters& m : ps.Ring(ps.polygon_rings[poly])) b.Extend(m);
      values.emplace_back(BoostBox({b.min_x, b.min_y}, {b.max_x, b.max_y}), poly, id);
    }
  }
  return BoostTree(values.begin(), values.end());  // the packing constructor
}

struct Boost {
  explicit Boost(const GridSet& s) : set(s) {
    for (Level l : Levels(s)) trees.push_back(BuildBoostTree(s, l));
    hits.reserve(64);
  }
  void Locate(Meters p, FeatureId* out) {
    for (size_t i = 0; i < trees.size(); ++i) {
      hits.clear();
      trees[i].query(bgi::intersects(BoostPoint(p.x, p.y)), std::back_inserter(hits));
      out[i] = geo::kNoFeature;
      for (const BoostValue& v : hits) {
        if (geo::PolygonHolds(set.polygons, std::get<1>(v), p)) {
          out[i] = std::get<2>(v);
          break;
        }
      }
    }
  }
  const GridSet& set;
  std::vector<BoostTree> trees;
  std::vector<BoostValue> hits;
};

// ---------------------------------------------------------------------------
// GEOS

void GeosMessage(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
  std::fputc('\n', stderr);
}

// A feature's polygons as one GEOS geometry (polygon or multipolygon).
GEOSGeometry* ToGeos(GEOSContextHandle_t ctx, const GridSet& set, const geo::Feature& f,
                     std::vector<double>& buffer) {
  const geo::PolygonSet& ps = set.polygons;
  std::vector<GEOSGeometry*> polygons;
  for (uint32_t poly = f.first_polygon; poly < f.first_polygon + f.polygon_count; ++poly) {
    std::vector<GEOSGeometry*> rings;
    for (uint32_t r = ps.polygon_rings[poly]; r < ps.polygon_rings[poly + 1]; ++r) {
      const auto ring = ps.Ring(r);
      buffer.clear();
      for (const Meters& m : ring) buffer.insert(buffer.end(), {m.x, m.y});
      buffer.insert(buffer.end(), {ring[0].x, ring[0].y});  // GEOS rings are closed
      GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(
          ctx, buffer.data(), static_cast<unsigned>(ring.size() + 1), 0, 0);
      rings.push_back(GEOSGeom_createLinearRing_r(ctx, seq));
    }
    polygons.push_back(GEOSGeom_createPolygon_r(ctx, rings[0], rings.data() + 1,
                                                static_cast<unsigned>(rings.size() - 1)));
  }
  if (polygons.size() == 1) return polygons[0];
  return GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(),
                                     static_cast<unsigned>(polygons.size()));
}

class Geos {
 public:
  explicit Geos(const GridSet& s) : ctx_(GEOS_init_r()) {
    GEOSContext_setNoticeHandler_r(ctx_, GeosMessage);
    GEOSContext_setErrorHandler_r(ctx_, GeosMessage);
    std::vector<double> buffer;
    for (Level l : Levels(s)) {
      Layer layer;
      layer.tree = GEOSSTRtree_create_r(ctx_, 10);
      for (FeatureId id = s.LevelBegin(l); id < s.LevelEnd(l); ++id) {
        GEOSGeometry* g = ToGeos(ctx_, s, s.features[id], buffer);
        layer.geometries.push_back(g);
        layer.prepared.push_back(GEOSPrepare_r(ctx_, g));
        layer.ids.push_back(id);
      }
      // Items are indices into the layer's vectors, which no longer move.
      for (size_t i = 0; i < layer.geometries.size(); ++i) {
        GEOSSTRtree_insert_r(ctx_, layer.tree, layer.geometries[i], reinterpret_cast<void*>(i));
      }
      layers_.push_back(std::move(layer));
    }
    // GEOS builds an STRtree on its first query: do it now, as part of the build.
    GEOSGeometry* probe = GEOSGeom_createPointFromXY_r(ctx_, s.bounds.min_x, s.bounds.min_y);
    for (Layer& layer : layers_) {
      GEOSSTRtree_query_r(
          ctx_, layer.tree, probe, [](void*, void*) {}, nullptr);
    }
    GEOSGeom_destroy_r(ctx_, probe);
    hits_.reserve(64);
  }
  ~Geos() {
    for (Layer& layer : layers_) {
      GEOSSTRtree_destroy_r(ctx_, layer.tree);
      for (auto* p : layer.prepared) GEOSPreparedGeom_destroy_r(ctx_, p);
      for (auto* g : layer.geometries) GEOSGeom_destroy_r(ctx_, g);
    }
    GEOS_finish_r(ctx_);
  }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;

  void Locate(Meters p, FeatureId* out) {
    GEOSGeometry* point = GEOSGeom_createPointFromXY_r(ctx_, p.x, p.y);
    for (size_t i = 0; i < layers_.size(); ++i) {
      Layer& layer = layers_[i];
      hits_.clear();
      GEOSSTRtree_query_r(
          ctx_, layer.tree, point,
          [](void* item, void* hits) {
            static_cast<std::vector<size_t>*>(hits)->push_back(reinterpret_cast<size_t>(item));
          },
          &hits_);
      out[i] = geo::kNoFeature;
      for (size_t k : hits_) {
        if (GEOSPreparedContains_r(ctx_, layer.prepared[k], point) == 1) {
          out[i] = layer.ids[k];
          break;
        }
      }
    }
    GEOSGeom_destroy_r(ctx_, point);
  }

 private:
  struct Layer {
    GEOSSTRtree* tree = nullptr;
    std::vector<GEOSGeometry*> geometries;
    std::vector<const GEOSPreparedGeometry*> prepared;
    std::vector<FeatureId> ids;
  };
  GEOSContextHandle_t ctx_;
  std::vector<Layer> layers_;
  std::vector<size_t> hits_;
};

// ---------------------------------------------------------------------------
// The benchmarks

// Bytes in use on the glibc heap, mmap'd blocks included.
size_t HeapBytes() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

template <typename Impl>
void BuildPolygons(benchmark::State& state) {
  const GridSet& city = bench_index::City();
  std::optional<Impl> impl;
  for (auto _ : state) {
    impl.emplace(city);
    benchmark::DoNotOptimize(&*impl);
    benchmark::ClobberMemory();
    state.PauseTiming();  // freeing is not building
    impl.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * city.features.size()));
  // What one more index costs on the heap, measured alike for all three
  // (boost's and gridops's arrays are their own; boost and GEOS also read
  // the GridSet's polygons, which gridops copies).
  const size_t before = HeapBytes();
  impl.emplace(city);
  state.counters["heap_bytes"] = static_cast<double>(HeapBytes() - before);
  if constexpr (std::is_same_v<Impl, Gridops>) {
    state.counters["memory_bytes"] = static_cast<double>(impl->index.MemoryBytes());
  }
}

// Every point located at every level of `set` by `impl`, timed; before the
// clock, the answers are compared with gridops's.
template <typename Impl>
void LocatePoints(benchmark::State& state, const GridSet& set, const std::vector<Meters>& points) {
  const size_t levels = Levels(set).size();
  Impl impl(set);
  const Gridops reference(set);
  size_t mismatches = 0;
  std::array<FeatureId, geo::kLevelCount> a{}, b{};
  for (size_t i = 0; i < points.size(); i += 7) {  // a seventh suffices to catch a disagreement
    impl.Locate(points[i], a.data());
    reference.Locate(points[i], b.data());
    mismatches += a != b;
  }
  uint64_t checksum = 0;
  for (auto _ : state) {
    for (const Meters& p : points) {
      impl.Locate(p, a.data());
      for (size_t l = 0; l < levels; ++l) checksum += a[l];
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * points.size()));
  state.counters["mismatches"] = static_cast<double>(mismatches);
  if constexpr (std::is_same_v<Impl, Gridops>) {
    state.counters["memory_bytes"] = static_cast<double>(impl.index.MemoryBytes());
  }
}

template <typename Impl>
void LocateCounty(benchmark::State& state) {
  LocatePoints<Impl>(state, bench_index::SampleCounty(), CountyPoints());
}

template <typename Impl>
void LocateCity(benchmark::State& state) {
  LocatePoints<Impl>(state, bench_index::City(), CityPoints());
}

BENCHMARK(BuildPolygons<Gridops>)->Name("build_polygons/gridops")->Unit(benchmark::kMillisecond);
BENCHMARK(BuildPolygons<Boost>)->Name("build_polygons/boost")->Unit(benchmark::kMillisecond);
BENCHMARK(BuildPolygons<Geos>)->Name("build_polygons/geos")->Unit(benchmark::kMillisecond);
BENCHMARK(LocateCounty<Gridops>)->Name("locate_county/gridops")->Unit(benchmark::kMillisecond);
BENCHMARK(LocateCounty<Boost>)->Name("locate_county/boost")->Unit(benchmark::kMillisecond);
BENCHMARK(LocateCounty<Geos>)->Name("locate_county/geos")->Unit(benchmark::kMillisecond);
BENCHMARK(LocateCity<Gridops>)->Name("locate_city/gridops")->Unit(benchmark::kMillisecond);
BENCHMARK(LocateCity<Boost>)->Name("locate_city/boost")->Unit(benchmark::kMillisecond);
BENCHMARK(LocateCity<Geos>)->Name("locate_city/geos")->Unit(benchmark::kMillisecond);

}  // namespace
