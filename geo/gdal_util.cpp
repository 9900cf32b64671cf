#include "geo/gdal_util.hpp"

#include <ogr_spatialref.h>

#include <filesystem>
#include <fmt/format.h>
#include <mutex>

namespace geo {

void EnsureGdalRegistered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

namespace {

// Collects GDAL's messages while it is alive instead of letting GDAL print
// them; the last failure becomes part of our own sentence.
class ErrorCapture {
 public:
  ErrorCapture() { CPLPushErrorHandlerEx(&Handler, this); }
  ~ErrorCapture() { CPLPopErrorHandler(); }
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;
  const std::string& last() const { return last_; }

 private:
  static void CPL_STDCALL Handler(CPLErr level, CPLErrorNum, const char* msg) {
    auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
    if (self && level >= CE_Failure && msg) self->last_ = msg;
  }
  std::string last_;
};

}  // namespace

Result<GDALDatasetUniquePtr> OpenVector(const std::string& path) {
  EnsureGdalRegistered();
  std::error_code ec;
  if (!path.starts_with("/vsi") && !path.starts_with("PG:") &&
      !std::filesystem::exists(path, ec)) {
    return Fail(ErrorCode::kNotFound, fmt::format("{}: no such file or directory", path));
  }
  std::string open_path = path;
  if (path.ends_with(".zip") && !path.starts_with("/vsizip/")) open_path = "/vsizip/" + path;
  ErrorCapture capture;
  GDALDatasetUniquePtr ds(GDALDataset::Open(open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) {
    std::string why = capture.last();
    if (why.empty()) why = "not a vector source GDAL can read";
    return Fail(ErrorCode::kUnreadable, fmt::format("{}: {}", path, why));
  }
  if (ds->GetLayerCount() == 0) {
    return Fail(ErrorCode::kUnreadable, fmt::format("{}: holds no vector layer", path));
  }
  return ds;
}

std::string CrsString(const OGRSpatialReference& srs) {
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (auth && code) return fmt::format("{}:{}", auth, code);
  // Shapefile .prj files carry ESRI WKT without an authority: find the
  // registered CRS it describes when GDAL is confident.
  int count = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches = srs.FindMatches(nullptr, &count, &confidence);
  std::string out;
  if (count > 0 && confidence[0] >= 90) {
    const auto* best = OGRSpatialReference::FromHandle(matches[0]);
    const char* a = best->GetAuthorityName(nullptr);
    const char* c = best->GetAuthorityCode(nullptr);
    if (a && c) out = fmt::format("{}:{}", a, c);
  }
  OSRFreeSRSArray(matches);
  CPLFree(confidence);
  if (!out.empty()) return out;
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  srs.exportToWkt(&wkt, options);
  out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

std::string CrsLabel(const OGRSpatialReference& srs) {
  const std::string id = CrsString(srs);
  const char* name = srs.GetName();
  if (id.starts_with("EPSG:") || id.starts_with("ESRI:")) {
    return name ? fmt::format("{} ({})", id, name) : id;
  }
  return name ? name : "unnamed CRS";
}

}  // namespace geo
