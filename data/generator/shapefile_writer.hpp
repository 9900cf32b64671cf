// Writes one level of the sample county as an ESRI Shapefile the way Chinese
// GIS departments deliver them: CGCS2000 geographic coordinates (EPSG:4490),
// DBF text in GBK with both the DBF language-driver byte (0x4D, CP936) and a
// .cpg saying "936", which GDAL, QGIS and ArcGIS all read as GBK.
#pragma once

#include <ogr_spatialref.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/generator/tessellation.hpp"
#include "geo/error.hpp"

namespace sample_county {

struct FeatureRecord {
  std::string code;
  std::string name;    // UTF-8; written as GBK
  std::string parent;  // the parent level's code
  std::string street;  // street name; written only where the layer has STREET
  int64_t population = 0;
  int64_t households = 0;
  Ring ring;  // projected metres, in the CRS to_geographic starts from
};

// Writes dir/<layer>.{shp,shx,dbf,prj,cpg}, replacing existing files. Fields:
// CODE, NAME, PARENT, [STREET,] POP, HH. The DBF header date is fixed so the
// output is byte-for-byte reproducible.
geo::Result<void> WriteShapefile(const std::filesystem::path& dir, const std::string& layer,
                                 const std::vector<FeatureRecord>& features, bool with_street,
                                 OGRCoordinateTransformation& to_geographic);

}  // namespace sample_county
