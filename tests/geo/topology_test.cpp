// Topology QA: the sample county is seamless; squares built in memory with a
// deliberate gap, overlap and compound outside its grid give exactly those
// issues; the area threshold holds; and a gap cut into a copy of the sample
// county with OGR is found where it was cut.
#include "geo/topology.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "support/test_support.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "geo/load.hpp"

namespace geo {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// In-memory grid sets of axis-aligned rectangles
// ---------------------------------------------------------------------------

// Near the sample county in EPSG:4546 (111°E), so coordinates are as large
// as real ones.
constexpr Meters kOrigin{500000, 4321000};

struct Rect {
  double x0, y0, x1, y1;
};

// Builds a GridSet feature by feature; add them level by level, in code order.
class SetBuilder {
 public:
  SetBuilder() { set_.display_crs = "EPSG:4546"; }

  FeatureId Add(Level level, std::string code, std::vector<std::vector<Meters>> rings,
                FeatureId parent = kNoFeature) {
    assert((set_.features.empty() || set_.features.back().level <= level) &&
           "add features level by level");
    Feature f;
    f.level = level;
    f.code = std::move(code);
    f.parent = parent;
    f.first_polygon = static_cast<uint32_t>(set_.polygons.PolygonCount());
    f.polygon_count = 1;
    PolygonSet& ps = set_.polygons;
    for (const std::vector<Meters>& ring : rings) {
      for (const Meters& m : ring) {
        ps.points.push_back({kOrigin.x + m.x, kOrigin.y + m.y});
        f.bounds.Extend(ps.points.back());
      }
      ps.ring_points.push_back(static_cast<uint32_t>(ps.points.size()));
    }
    ps.polygon_rings.push_back(static_cast<uint32_t>(ps.RingCount()));
    const FeatureId id = static_cast<FeatureId>(set_.features.size());
    if (parent != kNoFeature) set_.features[parent].children.push_back(id);
    set_.features.push_back(std::move(f));
    return id;
  }
  FeatureId Add(Level level, std::string code, Rect r, FeatureId parent = kNoFeature) {
    return Add(level, std::move(code), {Ring(r)}, parent);
  }

  static std::vector<Meters> Ring(Rect r) {  // counter-clockwise
    return {{r.x0, r.y0}, {r.x1, r.y0}, {r.x1, r.y1}, {r.x0, r.y1}};
  }

  GridSet Finish() {
    for (int l = 0; l <= kLevelCount; ++l) {
      set_.level_begin[l] = static_cast<FeatureId>(
          std::find_if(set_.features.begin(), set_.features.end(),
                       [&](const Feature& f) { return static_cast<int>(f.level) >= l; }) -
          set_.features.begin());
    }
    for (const Feature& f : set_.features) set_.bounds.Extend(f.bounds);
    return std::move(set_);
  }

 private:
  GridSet set_;
};

std::vector<TopologyIssue> Check(const GridSet& set, double min_area_m2 = 1.0) {
  TopologyOptions options;
  options.min_area_m2 = min_area_m2;
  auto issues = CheckTopology(set, options);
  EXPECT_TRUE(issues.has_value()) << issues.error().message;
  return issues ? *issues : std::vector<TopologyIssue>{};
}

std::string Describe(const std::vector<TopologyIssue>& issues) {
  std::string out;
  for (const TopologyIssue& i : issues) {
    out += fmt::format("{} {} {} {} m²\n", TopologyKindName(i.kind),
                       kLevelNames[static_cast<int>(i.level)], fmt::join(i.codes, " "), i.area_m2);
  }
  return out;
}

double ShapeArea(const PolygonSet& ps) {
  double sum = 0;
  for (size_t r = 0; r < ps.RingCount(); ++r) sum += SignedArea(ps.Ring(r));
  return sum;
}

bool Inside(Meters p, Rect r) {
  return p.x > kOrigin.x + r.x0 && p.x < kOrigin.x + r.x1 && p.y > kOrigin.y + r.y0 &&
         p.y < kOrigin.y + r.y1;
}

// Two communities side by side. C1 holds grids G1, G2, G3 with a 1 m strip
// between G1 and G2 (100 m²) and G3 overlapping G2 by 5 m (500 m²); G1 holds
// compound K1 inside it and K2 sticking 3 m out of it (60 m²). C2 is one grid.
GridSet Flawed() {
  SetBuilder b;
  const FeatureId c1 = b.Add(Level::kCommunity, "C1", Rect{0, 0, 300, 100});
  const FeatureId c2 = b.Add(Level::kCommunity, "C2", Rect{0, 100, 300, 200});
  const FeatureId g1 = b.Add(Level::kGrid, "C1G1", Rect{0, 0, 100, 100}, c1);
  b.Add(Level::kGrid, "C1G2", Rect{101, 0, 200, 100}, c1);
  b.Add(Level::kGrid, "C1G3", Rect{195, 0, 300, 100}, c1);
  b.Add(Level::kGrid, "C2G1", Rect{0, 100, 300, 200}, c2);
  b.Add(Level::kCompound, "C1G1K1", Rect{10, 10, 50, 50}, g1);
  b.Add(Level::kCompound, "C1G1K2", Rect{80, 40, 103, 60}, g1);
  return b.Finish();
}

// ---------------------------------------------------------------------------
// Squares
// ---------------------------------------------------------------------------

TEST(Topology, FindsExactlyTheGapOverlapAndOutsidePart) {
  const std::vector<TopologyIssue> issues = Check(Flawed());
  ASSERT_EQ(issues.size(), 3u) << Describe(issues);

  const TopologyIssue& gap = issues[0];
  EXPECT_EQ(gap.kind, TopologyIssue::kGap);
  EXPECT_EQ(gap.level, Level::kGrid);
  EXPECT_EQ(gap.codes, (std::vector<std::string>{"C1", "C1G1", "C1G2"}));
  EXPECT_NEAR(gap.area_m2, 100, 100e-6);
  EXPECT_TRUE(Inside(gap.location, {100, 0, 101, 100}));
  EXPECT_NEAR(ShapeArea(gap.shape), 100, 100e-6);

  const TopologyIssue& overlap = issues[1];
  EXPECT_EQ(overlap.kind, TopologyIssue::kOverlap);
  EXPECT_EQ(overlap.level, Level::kGrid);
  EXPECT_EQ(overlap.codes, (std::vector<std::string>{"C1G2", "C1G3"}));
  EXPECT_NEAR(overlap.area_m2, 500, 500e-6);
  EXPECT_TRUE(Inside(overlap.location, {195, 0, 200, 100}));

  const TopologyIssue& outside = issues[2];
  EXPECT_EQ(outside.kind, TopologyIssue::kOutsideParent);
  EXPECT_EQ(outside.level, Level::kCompound);
  EXPECT_EQ(outside.codes, (std::vector<std::string>{"C1G1K2", "C1G1"}));
  EXPECT_NEAR(outside.area_m2, 60, 60e-6);
  EXPECT_TRUE(Inside(outside.location, {100, 40, 103, 60}));
}

TEST(Topology, ThresholdIsStrictAndRespected) {
  SetBuilder b;
  const FeatureId c = b.Add(Level::kCommunity, "C", Rect{0, 0, 200, 100});
  b.Add(Level::kGrid, "CG1", Rect{0, 0, 100, 100}, c);
  b.Add(Level::kGrid, "CG2", Rect{100.005, 0, 200, 100}, c);  // a 0.5 m² gap
  const GridSet set = b.Finish();
  EXPECT_TRUE(Check(set, 1.0).empty()) << Describe(Check(set, 1.0));
  const auto fine = Check(set, 0.1);
  ASSERT_EQ(fine.size(), 1u) << Describe(fine);
  EXPECT_EQ(fine[0].kind, TopologyIssue::kGap);
  EXPECT_NEAR(fine[0].area_m2, 0.5, 0.5e-6);
}

TEST(Topology, LevelsThatNeedNotTileAreNotCheckedForGaps) {
  const GridSet set = Flawed();
  TopologyOptions options;
  options.must_tile[static_cast<int>(Level::kGrid)] = false;
  auto issues = CheckTopology(set, options);
  ASSERT_TRUE(issues) << issues.error().message;
  ASSERT_EQ(issues->size(), 2u) << Describe(*issues);
  EXPECT_EQ((*issues)[0].kind, TopologyIssue::kOverlap);
  EXPECT_EQ((*issues)[1].kind, TopologyIssue::kOutsideParent);
}

TEST(Topology, TopLevelGapIsAHoleNotTheOutside) {
  // Eight communities around a 100 m square, with a 50 m island community in
  // the middle of it: the gap is the ring between, 10000 - 2500 m².
  SetBuilder b;
  int n = 0;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      if (i == 1 && j == 1) continue;
      b.Add(Level::kCommunity, fmt::format("C{}", ++n),
            Rect{i * 100.0, j * 100.0, i * 100.0 + 100, j * 100.0 + 100});
    }
  }
  b.Add(Level::kCommunity, "C9", Rect{125, 125, 175, 175});
  const auto issues = Check(b.Finish());
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].kind, TopologyIssue::kGap);
  EXPECT_EQ(issues[0].level, Level::kCommunity);
  EXPECT_NEAR(issues[0].area_m2, 7500, 7500e-6);
  EXPECT_EQ(issues[0].codes.size(), 9u);  // every community touches it, corners included
  EXPECT_NEAR(ShapeArea(issues[0].shape), 7500, 7500e-6);
  EXPECT_EQ(issues[0].shape.RingCount(), 2u);  // the ring has the island as its hole
}

TEST(Topology, CommunityWithoutGridsIsOneGap) {
  SetBuilder b;
  const FeatureId c1 = b.Add(Level::kCommunity, "C1", Rect{0, 0, 100, 100});
  b.Add(Level::kCommunity, "C2", Rect{100, 0, 200, 100});
  b.Add(Level::kGrid, "C1G1", Rect{0, 0, 100, 100}, c1);
  const auto issues = Check(b.Finish());
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].codes, std::vector<std::string>{"C2"});
  EXPECT_NEAR(issues[0].area_m2, 10000, 1e-6);
}

TEST(Topology, HolesInAFeatureAreRespected) {
  // A grid with a hole, and the hole filled by a second grid: seamless.
  SetBuilder b;
  const FeatureId c = b.Add(Level::kCommunity, "C", Rect{0, 0, 100, 100});
  std::vector<Meters> hole = SetBuilder::Ring({40, 40, 60, 60});
  std::reverse(hole.begin(), hole.end());
  b.Add(Level::kGrid, "CG1", {SetBuilder::Ring({0, 0, 100, 100}), hole}, c);
  b.Add(Level::kGrid, "CG2", Rect{40, 40, 60, 60}, c);
  EXPECT_TRUE(Check(b.Finish(), 0.0).empty());
}

TEST(Topology, InvalidPolygonIsAnErrorNamingIt) {
  SetBuilder b;
  b.Add(Level::kCommunity, "C1", {{{0, 0}, {100, 100}, {100, 0}, {0, 100}}});  // a bow tie
  auto issues = CheckTopology(b.Finish(), {});
  ASSERT_FALSE(issues);
  EXPECT_EQ(issues.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(issues.error().message.find("community C1"), std::string::npos)
      << issues.error().message;
}

TEST(Topology, GeoJsonIsLonLatWithProperties) {
  const GridSet set = Flawed();
  const auto issues = Check(set);
  auto json = TopologyGeoJson(issues, set);
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_EQ((*json)["type"], "FeatureCollection");
  ASSERT_EQ((*json)["features"].size(), 3u);
  const auto& gap = (*json)["features"][0];
  EXPECT_EQ(gap["geometry"]["type"], "Polygon");
  EXPECT_EQ(gap["properties"]["kind"], "gap");
  EXPECT_EQ(gap["properties"]["level"], "grid");
  EXPECT_EQ(gap["properties"]["codes"], nlohmann::json({"C1", "C1G1", "C1G2"}));
  EXPECT_NEAR(gap["properties"]["area_m2"].get<double>(), 100, 1e-3);
  const auto& ring = gap["geometry"]["coordinates"][0];
  ASSERT_EQ(ring.size(), 5u);  // closed
  EXPECT_EQ(ring.front(), ring.back());
  for (const auto& p : ring) {  // easting 500 km on 111°E is the meridian itself
    EXPECT_NEAR(p[0].get<double>(), 111.0, 0.01);
    EXPECT_NEAR(p[1].get<double>(), 39.03, 0.02);
  }
}

// ---------------------------------------------------------------------------
// The sample county
// ---------------------------------------------------------------------------

const GridSet& Sample() { return test::SampleCounty(); }

TEST(Topology, SampleCountyIsSeamless) {
  ASSERT_EQ(Sample().LevelCount(Level::kGrid), 79u);
  EXPECT_TRUE(Check(Sample(), 1.0).empty()) << Describe(Check(Sample(), 1.0));
  EXPECT_TRUE(Check(Sample(), 0.01).empty()) << Describe(Check(Sample(), 0.01));
}


struct Transforms {
  std::unique_ptr<OGRCoordinateTransformation> to_metres, to_degrees;
};

Transforms Gk111(const OGRSpatialReference* source) {
  OGRSpatialReference degrees(*source), metres;
  metres.importFromEPSG(4546);
  degrees.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  metres.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return {std::unique_ptr<OGRCoordinateTransformation>(
              OGRCreateCoordinateTransformation(&degrees, &metres)),
          std::unique_ptr<OGRCoordinateTransformation>(
              OGRCreateCoordinateTransformation(&metres, &degrees))};
}

struct Cut {
  std::string community, grid, neighbour;
  OGRPolygon square_metres;  // EPSG:4546; 20 m × 20 m of it lie inside `grid`
};

// A 20 m wide square reaching 20 m into a grid from the middle of an edge it
// shares with a grid of the same community (and 10 m beyond, so the cut
// follows the shared edge exactly).
std::optional<Cut> PlanCut(OGRLayer& grids, OGRCoordinateTransformation& to_metres) {
  struct Grid {
    std::string code, parent;
    OGRGeometryUniquePtr metres;
  };
  std::vector<Grid> all;
  grids.ResetReading();
  for (auto& f : grids) {
    OGRGeometryUniquePtr g(f->GetGeometryRef()->clone());
    g->transform(&to_metres);
    all.push_back({f->GetFieldAsString("CODE"), f->GetFieldAsString("PARENT"), std::move(g)});
  }
  for (const Grid& grid : all) {
    if (wkbFlatten(grid.metres->getGeometryType()) != wkbPolygon) continue;
    const OGRLinearRing* ring = grid.metres->toPolygon()->getExteriorRing();
    for (int i = 0; i + 1 < ring->getNumPoints(); ++i) {
      const double ax = ring->getX(i), ay = ring->getY(i);
      const double dx = ring->getX(i + 1) - ax, dy = ring->getY(i + 1) - ay;
      const double length = std::hypot(dx, dy);
      if (length < 80) continue;
      const double ux = dx / length, uy = dy / length;
      OGRPoint mid(ax + dx / 2, ay + dy / 2);
      const Grid* neighbour = nullptr;
      for (const Grid& other : all) {
        if (&other != &grid && other.parent == grid.parent && other.metres->Distance(&mid) < 1e-6) {
          neighbour = &other;
        }
      }
      if (!neighbour) continue;
      double nx = -uy, ny = ux;  // inward normal: into `grid`
      OGRPoint probe(mid.getX() + nx, mid.getY() + ny);
      if (!grid.metres->Contains(&probe)) nx = -nx, ny = -ny;
      auto corner = [&](double along, double in) {
        return OGRPoint(mid.getX() + ux * along + nx * in, mid.getY() + uy * along + ny * in);
      };
      OGRLinearRing square;
      for (const OGRPoint& p :
           {corner(-10, -10), corner(10, -10), corner(10, 20), corner(-10, 20), corner(-10, -10)}) {
        square.addPoint(&p);
      }
      Cut cut{grid.parent, grid.code, neighbour->code, {}};
      cut.square_metres.addRing(&square);
      OGRGeometryUniquePtr inside(grid.metres->Intersection(&cut.square_metres));
      if (inside && wkbFlatten(inside->getGeometryType()) == wkbPolygon &&
          std::abs(inside->toPolygon()->get_Area() - 400) < 1e-3) {
        return cut;
      }
    }
  }
  return std::nullopt;
}

// Replaces each geometry of `layer` (only the feature with `only_code`, when
// given) that `square_metres` touches with itself minus the square. The cut
// is made in metres: made in degrees, the points where the square crosses a
// shared edge would lie on the edge in degrees but millimetres off it in
// metres, and the neighbour's edge has no such points, so a sliver of about
// 1 m² would join the gap.
void CutFrom(OGRLayer& layer, const OGRGeometry& square_metres, const Transforms& t,
             const std::string& only_code = "") {
  layer.ResetReading();
  std::vector<OGRFeatureUniquePtr> changed;
  for (auto& f : layer) {
    if (!only_code.empty() && only_code != f->GetFieldAsString("CODE")) continue;
    OGRGeometryUniquePtr metres(f->GetGeometryRef()->clone());
    ASSERT_EQ(metres->transform(t.to_metres.get()), OGRERR_NONE);
    if (!metres->Intersects(&square_metres)) continue;
    OGRGeometryUniquePtr rest(metres->Difference(&square_metres));
    ASSERT_TRUE(rest && !rest->IsEmpty()) << f->GetFieldAsString("CODE");
    ASSERT_EQ(rest->transform(t.to_degrees.get()), OGRERR_NONE);
    f->SetGeometry(rest.get());
    changed.emplace_back(f->Clone());
  }
  for (auto& f : changed) ASSERT_EQ(layer.SetFeature(f.get()), OGRERR_NONE);
}

TEST(Topology, FindsAGapCutIntoACopyOfTheSampleCounty) {
  GDALAllRegister();
  test::TempDir dir;
  for (const char* layer : {"communities", "grids", "compounds"}) {
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
      fs::copy_file(fs::path(SampleCountyDirectory()) / (std::string(layer) + ext),
                    dir.path() / (std::string(layer) + ext));
    }
  }
  std::optional<Cut> cut;
  {
    GDALDatasetUniquePtr grids(
        GDALDataset::Open((dir.path() / "grids.shp").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    GDALDatasetUniquePtr compounds(
        GDALDataset::Open((dir.path() / "compounds.shp").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(grids && compounds);
    OGRLayer& grid_layer = *grids->GetLayer(0);
    Transforms t = Gk111(grid_layer.GetSpatialRef());
    ASSERT_TRUE(t.to_metres && t.to_degrees);
    cut = PlanCut(grid_layer, *t.to_metres);
    ASSERT_TRUE(cut) << "no grid edge shared within a community is long enough to cut";
    CutFrom(grid_layer, cut->square_metres, t, cut->grid);
    // Compounds inside the cut go with it, so the gap is the only problem.
    CutFrom(*compounds->GetLayer(0), cut->square_metres, t);
  }

  auto set = LoadGridSet(GridSourceFromDirectory(dir.path().string()));
  ASSERT_TRUE(set) << set.error().message;
  ASSERT_EQ(set->display_crs, "EPSG:4546");
  const auto issues = Check(*set);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  const TopologyIssue& gap = issues[0];
  EXPECT_EQ(gap.kind, TopologyIssue::kGap);
  EXPECT_EQ(gap.level, Level::kGrid);
  ASSERT_FALSE(gap.codes.empty());
  EXPECT_EQ(gap.codes[0], cut->community);
  EXPECT_NE(std::find(gap.codes.begin(), gap.codes.end(), cut->grid), gap.codes.end());
  EXPECT_NE(std::find(gap.codes.begin(), gap.codes.end(), cut->neighbour), gap.codes.end());
  EXPECT_NEAR(gap.area_m2, 400, 0.01);
  OGRPoint location(gap.location.x, gap.location.y);
  EXPECT_TRUE(cut->square_metres.Contains(&location)) << gap.location.x << ", " << gap.location.y;
}

}  // namespace
}  // namespace geo
