// Polygon tessellation: geo::Tessellate against GEOS's constrained Delaunay
// triangulation (GEOSConstrainedDelaunayTriangulation_r, reentrant API, one
// context for the whole run) on the same polygons.
//
//   tessellate_shapelib/*     all 474 polygons (some with holes) of shapelib's
//                             polygon.shp, projected metres
//   tessellate_circle100k/*   one ring of 100,000 points with four holes of
//                             250 points, at x ~ 5e5 m, y ~ 4.3e6 m
//
// items/s counts input vertices. The GEOS side is handed ready-built
// GEOSGeometry polygons, as its API takes them; its timed loop is the
// triangulation call plus destroying the result, which every caller must do.
// Both sides report `triangles` so that the outputs can be compared.
#include <benchmark/benchmark.h>
#include <geos_c.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "geo/tessellate.hpp"

namespace {

using geo::Meters;
using geo::PolygonSet;

// Appends one ring, oriented as PolygonSet promises (outer counter-clockwise,
// holes clockwise).
void AddRing(PolygonSet& set, std::vector<Meters> ring, bool outer) {
  if ((geo::SignedArea(ring) > 0) != outer) std::reverse(ring.begin(), ring.end());
  set.points.insert(set.points.end(), ring.begin(), ring.end());
  set.ring_points.push_back(static_cast<uint32_t>(set.points.size()));
}

void EndPolygon(PolygonSet& set) {
  set.polygon_rings.push_back(static_cast<uint32_t>(set.RingCount()));
}

// Every polygon of a shapefile (multipolygons split into parts), closing
// points dropped, coordinates as they are. Empty when it cannot be read.
PolygonSet ReadPolygons(const std::string& path) {
  PolygonSet set;
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset) return set;
  for (OGRLayer* layer : dataset->GetLayers()) {
    for (const OGRFeatureUniquePtr& feature : *layer) {
      const OGRGeometry* geometry = feature->GetGeometryRef();
      if (geometry == nullptr) continue;
      std::vector<const OGRPolygon*> parts;
      if (wkbFlatten(geometry->getGeometryType()) == wkbPolygon) {
        parts.push_back(geometry->toPolygon());
      } else if (wkbFlatten(geometry->getGeometryType()) == wkbMultiPolygon) {
        for (const OGRPolygon* part : *geometry->toMultiPolygon()) parts.push_back(part);
      }
      for (const OGRPolygon* polygon : parts) {
        bool outer = true;
        for (const OGRLinearRing* ring : *polygon) {
          std::vector<Meters> points;
          for (const OGRPoint& p : *ring) points.push_back({p.getX(), p.getY()});
          if (points.size() > 1 && points.front() == points.back()) points.pop_back();
          AddRing(set, std::move(points), outer);
          outer = false;
        }
        EndPolygon(set);
      }
    }
  }
  return set;
}

std::vector<Meters> Circle(Meters center, double radius, int points) {
  std::vector<Meters> ring;
  ring.reserve(points);
  for (int k = 0; k < points; ++k) {
    const double angle = 2 * std::numbers::pi * k / points;
    ring.push_back({center.x + radius * std::cos(angle), center.y + radius * std::sin(angle)});
  }
  return ring;
}

PolygonSet Circle100k() {
  PolygonSet set;
  const Meters center{500000, 4300000};
  AddRing(set, Circle(center, 2000, 100000), true);
  for (const double dx : {-800.0, 800.0}) {
    for (const double dy : {-800.0, 800.0}) {
      AddRing(set, Circle({center.x + dx, center.y + dy}, 300, 250), false);
    }
  }
  EndPolygon(set);
  return set;
}

// GEOS handles, each owned; the context outlives every geometry.
struct GeosContextDeleter {
  void operator()(GEOSContextHandle_t handle) const { GEOS_finish_r(handle); }
};
using GeosContext = std::unique_ptr<GEOSContextHandle_HS, GeosContextDeleter>;

struct GeosGeometryDeleter {
  GEOSContextHandle_t handle;
  void operator()(GEOSGeometry* geometry) const { GEOSGeom_destroy_r(handle, geometry); }
};
using GeosGeometry = std::unique_ptr<GEOSGeometry, GeosGeometryDeleter>;

void PrintGeosMessage(const char* message, void*) {
  std::fprintf(stderr, "GEOS: %s\n", message);
}

// A closed GEOS ring from an open ring of the set.
GEOSGeometry* GeosRing(GEOSContextHandle_t handle, std::span<const Meters> ring) {
  std::vector<double> xy;
  xy.reserve(2 * ring.size() + 2);
  for (const Meters p : ring) xy.insert(xy.end(), {p.x, p.y});
  xy.insert(xy.end(), {ring.front().x, ring.front().y});
  GEOSCoordSequence* sequence = GEOSCoordSeq_copyFromBuffer_r(
      handle, xy.data(), static_cast<unsigned>(ring.size() + 1), 0, 0);
  return GEOSGeom_createLinearRing_r(handle, sequence);
}

std::vector<GeosGeometry> ToGeos(GEOSContextHandle_t handle, const PolygonSet& set) {
  std::vector<GeosGeometry> polygons;
  for (size_t p = 0; p < set.PolygonCount(); ++p) {
    const uint32_t first = set.polygon_rings[p];
    const uint32_t end = set.polygon_rings[p + 1];
    std::vector<GEOSGeometry*> holes;
    for (uint32_t r = first + 1; r < end; ++r) holes.push_back(GeosRing(handle, set.Ring(r)));
    GEOSGeometry* shell = GeosRing(handle, set.Ring(first));
    polygons.emplace_back(
        GEOSGeom_createPolygon_r(handle, shell, holes.data(), static_cast<unsigned>(holes.size())),
        GeosGeometryDeleter{handle});
  }
  return polygons;
}

void TessellateGridops(benchmark::State& state, const PolygonSet* set) {
  size_t triangles = 0;
  for (auto _ : state) {
    const std::vector<uint32_t> indices = geo::Tessellate(*set);
    benchmark::DoNotOptimize(indices.data());
    triangles = indices.size() / 3;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * set->points.size()));
  state.counters["triangles"] = static_cast<double>(triangles);
}

void TessellateGeos(benchmark::State& state, GEOSContextHandle_t handle, const PolygonSet* set) {
  const std::vector<GeosGeometry> polygons = ToGeos(handle, *set);
  size_t triangles = 0;
  for (auto _ : state) {
    triangles = 0;
    for (const GeosGeometry& polygon : polygons) {
      GEOSGeometry* result = GEOSConstrainedDelaunayTriangulation_r(handle, polygon.get());
      if (result == nullptr) {
        state.SkipWithError("GEOSConstrainedDelaunayTriangulation_r failed");
        return;
      }
      triangles += static_cast<size_t>(GEOSGetNumGeometries_r(handle, result));
      GEOSGeom_destroy_r(handle, result);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * set->points.size()));
  state.counters["triangles"] = static_cast<double>(triangles);
}

}  // namespace

int main(int argc, char** argv) {
  GDALAllRegister();
  const PolygonSet shapelib =
      ReadPolygons(GRIDOPS_SHARED_DATA "/conformance/shapelib-shape_eg_data/polygon.shp");
  if (shapelib.PolygonCount() == 0) {
    std::fprintf(stderr, "bench_tessellate: cannot read shapelib polygon.shp under %s\n",
                 GRIDOPS_SHARED_DATA);
    return 1;
  }
  const PolygonSet circle = Circle100k();
  const GeosContext geos(GEOS_init_r());
  GEOSContext_setNoticeMessageHandler_r(geos.get(), PrintGeosMessage, nullptr);
  GEOSContext_setErrorMessageHandler_r(geos.get(), PrintGeosMessage, nullptr);

  benchmark::RegisterBenchmark("tessellate_shapelib/gridops", TessellateGridops, &shapelib)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("tessellate_shapelib/geos", TessellateGeos, geos.get(), &shapelib)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("tessellate_circle100k/gridops", TessellateGridops, &circle)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("tessellate_circle100k/geos", TessellateGeos, geos.get(), &circle)
      ->Unit(benchmark::kMillisecond);

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
