// The committed sample county (data/sample-county/, made by
// data/generator/generate-sample-county), read through OGR directly: counts,
// names, codes, CRS and encoding, population sums, and the topology the
// dashboard relies on (grids tile their community exactly, compounds lie
// inside their grid and apart).
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "geo/gcj02.hpp"

namespace geo {
namespace {

const std::string kDir = std::string(GRIDOPS_SOURCE_DIR) + "/data/sample-county/";

struct Feature {
  std::string code, name, parent, street;
  int64_t population = 0, households = 0;
  OGRGeometryUniquePtr metres;  // EPSG:4546
};

struct CtDeleter {
  void operator()(OGRCoordinateTransformation* ct) const {
    OGRCoordinateTransformation::DestroyCT(ct);
  }
};
using CtPtr = std::unique_ptr<OGRCoordinateTransformation, CtDeleter>;

// A transformation from the given CRS to CGCS2000 / 3-degree GK CM 111E.
CtPtr ToMetres(const OGRSpatialReference& from) {
  OGRSpatialReference source(from), target;
  target.importFromEPSG(4546);
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return CtPtr(OGRCreateCoordinateTransformation(&source, &target));
}

// Area in square units of the polygonal parts of any OGR result (lines and
// points, as where neighbours merely touch, count zero).
double Area(const OGRGeometry* g) {
  if (!g || g->IsEmpty()) return 0;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon:
      return g->toPolygon()->get_Area();
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
      double sum = 0;
      for (const OGRGeometry* part : *g->toGeometryCollection()) sum += Area(part);
      return sum;
    }
    default:
      return 0;
  }
}

// Every layer, loaded once for all tests.
class SampleCounty : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GDALAllRegister();
    communities_ = Load("communities");
    grids_ = Load("grids");
    compounds_ = Load("compounds");
  }
  static void TearDownTestSuite() {
    communities_.clear();
    grids_.clear();
    compounds_.clear();
  }

  static std::vector<Feature> Load(const std::string& name) {
    std::vector<Feature> out;
    const std::string path = kDir + name + ".shp";
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    if (!ds) {
      ADD_FAILURE() << "cannot open " << path;
      return out;
    }
    OGRLayer* layer = ds->GetLayer(0);
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    if (!srs) {
      ADD_FAILURE() << path << " has no CRS";
      return out;
    }
    const CtPtr to_metres = ToMetres(*srs);
    const bool has_street = layer->GetLayerDefn()->GetFieldIndex("STREET") >= 0;
    for (auto& f : *layer) {
      Feature feature;
      feature.code = f->GetFieldAsString("CODE");
      feature.name = f->GetFieldAsString("NAME");
      feature.parent = f->GetFieldAsString("PARENT");
      if (has_street) feature.street = f->GetFieldAsString("STREET");
      feature.population = f->GetFieldAsInteger64("POP");
      feature.households = f->GetFieldAsInteger64("HH");
      feature.metres.reset(f->StealGeometry());
      if (!feature.metres || feature.metres->transform(to_metres.get()) != OGRERR_NONE) {
        ADD_FAILURE() << path << ": feature " << feature.code << " has no usable geometry";
      }
      out.push_back(std::move(feature));
    }
    return out;
  }

  static std::map<std::string, const Feature*> ByCode(const std::vector<Feature>& layer) {
    std::map<std::string, const Feature*> out;
    for (const Feature& f : layer) out[f.code] = &f;
    return out;
  }

  static inline std::vector<Feature> communities_, grids_, compounds_;
};

// Strict UTF-8 check (no overlongs, no surrogates), plus "has a CJK ideograph".
bool IsUtf8WithChinese(const std::string& s) {
  bool chinese = false;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + extra >= s.size()) return false;
    uint32_t cp = extra == 0 ? c : c & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 2) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    const uint32_t min_cp[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[extra] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return false;
    if (cp >= 0x4e00 && cp <= 0x9fff) chinese = true;
    i += extra + 1;
  }
  return chinese;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

TEST_F(SampleCounty, HasTheReferenceCounts) {
  EXPECT_EQ(communities_.size(), 14u);
  EXPECT_EQ(grids_.size(), 79u);
  EXPECT_EQ(compounds_.size(), 241u);
}

TEST_F(SampleCounty, IsCgcs2000WithGbkText) {
  for (const char* name : {"communities", "grids", "compounds"}) {
    const std::string base = kDir + name;
    GDALDatasetUniquePtr ds(GDALDataset::Open((base + ".shp").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds) << base;
    const OGRSpatialReference* srs = ds->GetLayer(0)->GetSpatialRef();
    ASSERT_TRUE(srs) << base;
    OGRSpatialReference identified(*srs);
    identified.AutoIdentifyEPSG();
    EXPECT_STREQ(identified.GetAuthorityCode(nullptr), "4490") << base;

    std::ifstream cpg(base + ".cpg");
    std::string code_page;
    std::getline(cpg, code_page);
    EXPECT_EQ(code_page, "936") << base;
    std::ifstream dbf(base + ".dbf", std::ios::binary);
    char header[32] = {};
    dbf.read(header, sizeof header);
    EXPECT_EQ(static_cast<unsigned char>(header[29]), 0x4d) << base << ": DBF language driver";
  }
}

TEST_F(SampleCounty, NamesAreChineseAndDistinct) {
  std::set<std::string> seen;
  for (const Feature& c : communities_) {
    EXPECT_TRUE(IsUtf8WithChinese(c.name)) << c.code;
    EXPECT_TRUE(c.name.ends_with("社区")) << c.name;
    EXPECT_TRUE(IsUtf8WithChinese(c.street)) << c.code;
    EXPECT_TRUE(c.street.ends_with("街道") || c.street.ends_with("镇")) << c.street;
    EXPECT_TRUE(seen.insert(c.name).second) << c.name;
  }
  for (const Feature& g : grids_) {
    EXPECT_TRUE(IsUtf8WithChinese(g.name)) << g.code;
    EXPECT_NE(g.name.find("社区第"), std::string::npos) << g.name;
    EXPECT_TRUE(g.name.ends_with("网格")) << g.name;
    EXPECT_TRUE(seen.insert(g.name).second) << g.name;
  }
  for (const Feature& c : compounds_) {
    EXPECT_TRUE(IsUtf8WithChinese(c.name)) << c.code;
    EXPECT_TRUE(seen.insert(c.name).second) << c.name;
  }
}

TEST_F(SampleCounty, CodesAreHierarchical) {
  const auto communities = ByCode(communities_);
  const auto grids = ByCode(grids_);
  EXPECT_EQ(communities.size(), communities_.size()) << "duplicate community codes";
  EXPECT_EQ(grids.size(), grids_.size()) << "duplicate grid codes";
  EXPECT_EQ(ByCode(compounds_).size(), compounds_.size()) << "duplicate compound codes";
  std::set<std::string> streets;
  for (const Feature& c : communities_) {
    EXPECT_EQ(c.code.size(), 12u) << c.code;
    EXPECT_TRUE(AllDigits(c.code)) << c.code;
    EXPECT_TRUE(c.code.starts_with("610822")) << c.code;
    EXPECT_EQ(c.parent, c.code.substr(0, 9)) << c.code;
    streets.insert(c.parent);
  }
  EXPECT_GE(streets.size(), 2u);
  EXPECT_LE(streets.size(), 3u);
  for (const Feature& g : grids_) {
    EXPECT_EQ(g.code.size(), 14u) << g.code;
    EXPECT_TRUE(AllDigits(g.code)) << g.code;
    EXPECT_EQ(g.parent, g.code.substr(0, 12)) << g.code;
    EXPECT_TRUE(communities.contains(g.parent)) << g.code;
  }
  for (const Feature& c : compounds_) {
    EXPECT_EQ(c.code.size(), 17u) << c.code;
    EXPECT_TRUE(AllDigits(c.code)) << c.code;
    EXPECT_EQ(c.parent, c.code.substr(0, 14)) << c.code;
    EXPECT_TRUE(grids.contains(c.parent)) << c.code;
  }
}

TEST_F(SampleCounty, PopulationAddsUp) {
  std::map<std::string, std::pair<int64_t, int64_t>> grid_sums, community_sums;
  for (const Feature& c : compounds_) {
    EXPECT_GT(c.households, 0) << c.code;
    grid_sums[c.parent].first += c.population;
    grid_sums[c.parent].second += c.households;
  }
  for (const Feature& g : grids_) {
    EXPECT_GE(g.households, 300) << g.code;
    EXPECT_LE(g.households, 600) << g.code;
    const double per_household = static_cast<double>(g.population) / g.households;
    EXPECT_GE(per_household, 2.59) << g.code;
    EXPECT_LE(per_household, 3.01) << g.code;
    EXPECT_EQ(grid_sums[g.code], std::make_pair(g.population, g.households)) << g.code;
    community_sums[g.parent].first += g.population;
    community_sums[g.parent].second += g.households;
  }
  for (const Feature& c : communities_) {
    EXPECT_EQ(community_sums[c.code], std::make_pair(c.population, c.households)) << c.code;
  }
}

TEST_F(SampleCounty, GeometriesAreValidSinglePolygons) {
  for (const auto* layer : {&communities_, &grids_, &compounds_}) {
    for (const Feature& f : *layer) {
      ASSERT_TRUE(f.metres) << f.code;
      EXPECT_EQ(wkbFlatten(f.metres->getGeometryType()), wkbPolygon) << f.code;
      EXPECT_TRUE(f.metres->IsValid()) << f.code;
      EXPECT_GT(Area(f.metres.get()), 1000.0) << f.code;
    }
  }
}

TEST_F(SampleCounty, GridsTileTheirCommunity) {
  for (const Feature& community : communities_) {
    std::vector<const Feature*> grids;
    for (const Feature& g : grids_) {
      if (g.parent == community.code) grids.push_back(&g);
    }
    ASSERT_GE(grids.size(), 3u) << community.code;
    double sum = 0;
    OGRMultiPolygon all;
    for (const Feature* g : grids) {
      sum += Area(g->metres.get());
      all.addGeometry(g->metres.get());
    }
    const double area = Area(community.metres.get());
    EXPECT_NEAR(sum / area, 1.0, 1e-6) << community.code;

    OGRGeometryUniquePtr grid_union(all.UnionCascaded());
    ASSERT_TRUE(grid_union) << community.code;
    OGRGeometryUniquePtr difference(grid_union->SymDifference(community.metres.get()));
    EXPECT_LT(Area(difference.get()), 1.0) << community.code << ": gap or spill, m^2";

    for (size_t i = 0; i < grids.size(); ++i) {
      for (size_t j = i + 1; j < grids.size(); ++j) {
        OGRGeometryUniquePtr overlap(grids[i]->metres->Intersection(grids[j]->metres.get()));
        EXPECT_LT(Area(overlap.get()), 1e-3) << grids[i]->code << " overlaps " << grids[j]->code;
      }
    }
  }
}

// A coverage in the strict sense: no vertex of a grid or community lies in
// the middle of another's edge (a T-junction), so shared edges have identical
// vertices and topology checks with zero tolerance find no slivers.
TEST_F(SampleCounty, NeighboursShareIdenticalVertices) {
  struct Point {
    double x, y;
  };
  std::vector<std::vector<Point>> rings;
  for (const auto* layer : {&communities_, &grids_}) {
    for (const Feature& f : *layer) {
      const OGRLinearRing* ring = f.metres->toPolygon()->getExteriorRing();
      std::vector<Point> points;
      for (int i = 0; i < ring->getNumPoints(); ++i)
        points.push_back({ring->getX(i), ring->getY(i)});
      rings.push_back(std::move(points));
    }
  }
  std::vector<Point> vertices;
  for (const auto& ring : rings) vertices.insert(vertices.end(), ring.begin(), ring.end());
  int t_junctions = 0;
  for (const auto& ring : rings) {
    for (size_t i = 0; i + 1 < ring.size(); ++i) {
      const Point a = ring[i], b = ring[i + 1];
      const double ex = b.x - a.x, ey = b.y - a.y, length2 = ex * ex + ey * ey;
      for (const Point v : vertices) {
        if (v.x < std::min(a.x, b.x) - 1e-3 || v.x > std::max(a.x, b.x) + 1e-3 ||
            v.y < std::min(a.y, b.y) - 1e-3 || v.y > std::max(a.y, b.y) + 1e-3) {
          continue;
        }
        if ((v.x == a.x && v.y == a.y) || (v.x == b.x && v.y == b.y)) continue;
        const double t = ((v.x - a.x) * ex + (v.y - a.y) * ey) / length2;
        if (t <= 0 || t >= 1) continue;
        if (std::hypot(a.x + t * ex - v.x, a.y + t * ey - v.y) < 1e-3) ++t_junctions;
      }
    }
  }
  EXPECT_EQ(t_junctions, 0);
}

TEST_F(SampleCounty, CommunitiesTileTheTownWithoutOverlap) {
  OGRMultiPolygon all;
  double sum = 0;
  for (size_t i = 0; i < communities_.size(); ++i) {
    const OGRGeometry* a = communities_[i].metres.get();
    sum += Area(a);
    all.addGeometry(a);
    for (size_t j = i + 1; j < communities_.size(); ++j) {
      OGRGeometryUniquePtr overlap(a->Intersection(communities_[j].metres.get()));
      EXPECT_LT(Area(overlap.get()), 1e-3)
          << communities_[i].code << " overlaps " << communities_[j].code;
    }
  }
  OGRGeometryUniquePtr town(all.UnionCascaded());
  ASSERT_TRUE(town);
  // One town without holes: the communities leave no gap between them.
  ASSERT_EQ(wkbFlatten(town->getGeometryType()), wkbPolygon);
  EXPECT_EQ(town->toPolygon()->getNumInteriorRings(), 0);
  EXPECT_NEAR(Area(town.get()) / sum, 1.0, 1e-6);
  // A county town: 10-20 km^2.
  EXPECT_GT(sum, 10e6);
  EXPECT_LT(sum, 20e6);
}

// The town lies in the real county outline (DataV, GCJ-02, converted here)
// and follows its Yellow River boundary for kilometres.
TEST_F(SampleCounty, TownFollowsTheCountyRiverBoundary) {
  const std::string path = std::string(GRIDOPS_SHARED_DATA) + "/china/610822_fugu_county.json";
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  if (!ds) GTEST_SKIP() << "shared data not present: " << path;
  OGRFeatureUniquePtr feature(ds->GetLayer(0)->GetNextFeature());
  ASSERT_TRUE(feature && feature->GetGeometryRef());
  OGRGeometryUniquePtr county(feature->GetGeometryRef()->clone());
  ASSERT_EQ(wkbFlatten(county->getGeometryType()), wkbMultiPolygon);
  for (OGRPolygon* polygon : *county->toMultiPolygon()) {
    for (OGRLinearRing* ring : *polygon) {
      for (int i = 0; i < ring->getNumPoints(); ++i) {
        const LonLat wgs = Wgs84FromGcj02({ring->getX(i), ring->getY(i)});
        ring->setPoint(i, wgs.lon, wgs.lat);
      }
    }
  }
  OGRSpatialReference cgcs2000;
  cgcs2000.importFromEPSG(4490);
  ASSERT_EQ(county->transform(ToMetres(cgcs2000).get()), OGRERR_NONE);

  OGRMultiPolygon all;
  for (const Feature& c : communities_) all.addGeometry(c.metres.get());
  OGRGeometryUniquePtr town(all.UnionCascaded());
  OGRGeometryUniquePtr outside(town->Difference(county.get()));
  EXPECT_LT(Area(outside.get()), 1.0) << "m^2 of the town outside the county";

  OGRGeometryUniquePtr county_edge(county->Boundary());
  OGRGeometryUniquePtr bank_band(county_edge->Buffer(0.5));
  OGRGeometryUniquePtr town_edge(town->Boundary());
  OGRGeometryUniquePtr bank(town_edge->Intersection(bank_band.get()));
  ASSERT_TRUE(bank);
  const double bank_length = OGR_G_Length(OGRGeometry::ToHandle(bank.get()));
  EXPECT_GT(bank_length, 3000.0) << "metres of river bank";
}

TEST_F(SampleCounty, CompoundsLieInTheirGridApart) {
  const auto grids = ByCode(grids_);
  for (const Feature& c : compounds_) {
    const auto it = grids.find(c.parent);
    ASSERT_NE(it, grids.end()) << c.code;
    const OGRGeometry* grid = it->second->metres.get();
    if (!c.metres->Within(grid)) {
      OGRGeometryUniquePtr outside(c.metres->Difference(grid));
      EXPECT_LT(Area(outside.get()), 0.01) << c.code << " leaves grid " << c.parent;
    }
  }
  std::vector<OGREnvelope> envelopes(compounds_.size());
  for (size_t i = 0; i < compounds_.size(); ++i) compounds_[i].metres->getEnvelope(&envelopes[i]);
  for (size_t i = 0; i < compounds_.size(); ++i) {
    for (size_t j = i + 1; j < compounds_.size(); ++j) {
      if (!envelopes[i].Intersects(envelopes[j])) continue;
      // Streets run between compounds: they do not even touch.
      EXPECT_FALSE(compounds_[i].metres->Intersects(compounds_[j].metres.get()))
          << compounds_[i].code << " meets " << compounds_[j].code;
    }
  }
}

}  // namespace
}  // namespace geo
