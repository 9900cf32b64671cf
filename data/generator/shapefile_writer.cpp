#include "data/generator/shapefile_writer.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <system_error>

namespace sample_county {
namespace {

// A fixed DBF "last update" date (GDAL writes today's otherwise).
constexpr const char* kDbfDate = "2024-06-01";
// GBK: DBF language driver 0x4D = 77 is code page 936.
constexpr const char* kDbfEncoding = "LDID/77";
constexpr const char* kCpgText = "936";

// DBF text widths in bytes (GBK: two per Chinese character).
constexpr int kNameWidth = 60;
constexpr int kStreetWidth = 30;
constexpr int kCountWidth = 9;

int MaxLength(const std::vector<FeatureRecord>& features, std::string FeatureRecord::*field) {
  size_t width = 1;
  for (const FeatureRecord& f : features) width = std::max(width, (f.*field).size());
  return static_cast<int>(width);
}

geo::Result<void> AddField(OGRLayer& layer, const char* name, OGRFieldType type, int width,
                           const std::filesystem::path& path) {
  OGRFieldDefn field(name, type);
  field.SetWidth(width);
  if (layer.CreateField(&field) != OGRERR_NONE) {
    return geo::Fail(geo::ErrorCode::kInternal, path.string() + ": cannot create DBF field " +
                                                    name + ": " + CPLGetLastErrorMsg());
  }
  return {};
}

}  // namespace

geo::Result<void> WriteShapefile(const std::filesystem::path& dir, const std::string& layer_name,
                                 const std::vector<FeatureRecord>& features, bool with_street,
                                 OGRCoordinateTransformation& to_geographic) {
  const std::filesystem::path path = dir / (layer_name + ".shp");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
    std::filesystem::remove(dir / (layer_name + ext), ec);
  }

  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
  if (!driver) {
    return geo::Fail(geo::ErrorCode::kInternal, "GDAL has no ESRI Shapefile driver");
  }
  GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset) {
    return geo::Fail(geo::ErrorCode::kInternal,
                     path.string() + ": cannot create: " + CPLGetLastErrorMsg());
  }

  OGRSpatialReference cgcs2000;
  cgcs2000.importFromEPSG(4490);
  cgcs2000.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const std::string date_option = std::string("DBF_DATE_LAST_UPDATE=") + kDbfDate;
  const std::string encoding_option = std::string("ENCODING=") + kDbfEncoding;
  const char* options[] = {encoding_option.c_str(), date_option.c_str(), nullptr};
  OGRLayer* layer =
      dataset->CreateLayer(layer_name.c_str(), &cgcs2000, wkbPolygon, const_cast<char**>(options));
  if (!layer) {
    return geo::Fail(geo::ErrorCode::kInternal,
                     path.string() + ": cannot create layer: " + CPLGetLastErrorMsg());
  }

  for (auto result :
       {AddField(*layer, "CODE", OFTString, MaxLength(features, &FeatureRecord::code), path),
        AddField(*layer, "NAME", OFTString, kNameWidth, path),
        AddField(*layer, "PARENT", OFTString, MaxLength(features, &FeatureRecord::parent), path)}) {
    if (!result) return result;
  }
  if (with_street) {
    if (auto result = AddField(*layer, "STREET", OFTString, kStreetWidth, path); !result) {
      return result;
    }
  }
  for (const char* name : {"POP", "HH"}) {
    if (auto result = AddField(*layer, name, OFTInteger, kCountWidth, path); !result) return result;
  }

  for (const FeatureRecord& record : features) {
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("CODE", record.code.c_str());
    feature.SetField("NAME", record.name.c_str());
    feature.SetField("PARENT", record.parent.c_str());
    if (with_street) feature.SetField("STREET", record.street.c_str());
    feature.SetField("POP", static_cast<int>(record.population));
    feature.SetField("HH", static_cast<int>(record.households));

    std::unique_ptr<OGRPolygon> polygon = ToPolygon(record.ring);
    if (polygon->transform(&to_geographic) != OGRERR_NONE) {
      return geo::Fail(geo::ErrorCode::kInternal,
                       path.string() + ": cannot transform " + record.code + " to EPSG:4490");
    }
    feature.SetGeometryDirectly(polygon.release());
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
      return geo::Fail(geo::ErrorCode::kInternal, path.string() + ": cannot write feature " +
                                                      record.code + ": " + CPLGetLastErrorMsg());
    }
  }
  dataset.reset();  // flushes .shp/.shx/.dbf and writes .prj

  // GDAL writes no .cpg for an LDID encoding; ArcGIS wants one.
  std::ofstream cpg(dir / (layer_name + ".cpg"), std::ios::binary);
  cpg << kCpgText;
  if (!cpg) {
    return geo::Fail(geo::ErrorCode::kInternal,
                     (dir / (layer_name + ".cpg")).string() + ": cannot write the code-page file");
  }
  return {};
}

}  // namespace sample_county
