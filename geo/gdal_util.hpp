// Small shared pieces for talking to GDAL/OGR: capturing its messages,
// opening a vector source with a clear error, and naming a CRS.
#pragma once

#include <gdal_priv.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "geo/error.hpp"

class OGRLayer;
class OGRSpatialReference;

namespace geo {

// Registers GDAL's drivers once; every entry point that opens data calls it.
void EnsureGdalRegistered();

// Collects GDAL's warnings and failures on this thread while it is alive, so
// that GDAL prints nothing and its words can end up in our own sentence.
// Keeps the most recent kKept; Mark() and the *Since() queries let one step
// look only at what it caused. Captures nest: the newest one hears all.
class ErrorCapture {
 public:
  ErrorCapture();
  ~ErrorCapture();
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

  size_t Mark() const { return total_; }

  // The last failure since `mark`, else the last warning, else "".
  std::string LastSince(size_t mark) const;

  bool MentionedSince(size_t mark, std::string_view needle) const;

 private:
  static constexpr size_t kKept = 64;
  struct Message {
    size_t seq;
    CPLErr level;
    std::string text;
  };

  static void CPL_STDCALL Handler(CPLErr level, CPLErrorNum, const char* msg);

  std::vector<Message> kept_;
  size_t total_ = 0;
};

// A folder in GDAL's in-memory file system (/vsimem/gridops_inspect_<n>),
// removed with its content when the owner goes. Datasets opened from it must
// be closed first.
class VsiMemDir {
 public:
  VsiMemDir();
  ~VsiMemDir();
  VsiMemDir(const VsiMemDir&) = delete;
  VsiMemDir& operator=(const VsiMemDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A vector source as OpenVector found it: one dataset for most paths; more
// where shapefiles without .shx were read through in-memory copies, or a zip
// holds shapefiles in sub-folders (one dataset per folder). Datasets are in
// the order their layers are listed. Move-only; the in-memory copies go when
// it does, after the datasets that read them.
struct OpenedVector {
  std::vector<std::unique_ptr<VsiMemDir>> copies;  // declared first: outlives `datasets`
  std::vector<GDALDatasetUniquePtr> datasets;

  // Every layer of every dataset, in order.
  std::vector<OGRLayer*> Layers() const;
  // The layer called `name` (as GDALDataset::GetLayerByName matches it) in
  // the first dataset that has one; the first layer when `name` is empty;
  // nullptr when there is none.
  OGRLayer* FindLayer(const std::string& name) const;
};

// Opens `path` read-only as a vector source: a file, a folder of files, a
// /vsi path or a PG: connection string. A path ending in .zip is read
// through /vsizip/, shapefiles in sub-folders of the archive included when
// there are none at its root. A shapefile without its .shx is read through a
// copy in /vsimem/, where GDAL may rebuild the index: nothing is ever written
// beside the user's files.
//
// A missing path is kNotFound; a file GDAL cannot read as vector data (a
// text file, a raster, a corrupt .shp), or a folder or archive in which it
// finds no vector layer, is kUnreadable. Both messages start with the path
// (as UTF-8) and give GDAL's reason when it has one; GDAL prints nothing. A
// file GDAL opens but that holds no layer (an empty GeoPackage) is not an
// error: the result then has a dataset and no layers.
Result<OpenedVector> OpenVector(const std::string& path);

// "PG:… password=secret …" → "PG:… password=*** …" in `text`: a message may
// be printed, logged or shown in a banner, and must not carry a password.
// Does nothing unless `path` is a PostGIS connection string.
void HidePassword(const std::string& path, std::string& text);

// Parts of a GDAL path (/vsi paths included) as CPLGetExtension and
// CPLGetBasename split them: "shp" and "grids" for "/data/grids.shp".
std::string PathExtension(const std::string& path);
std::string PathBaseName(const std::string& path);

// A CRS as PROJ reads it: "AUTHORITY:CODE" when the source names one, WKT
// otherwise.
std::string CrsString(const OGRSpatialReference& srs);
// A CRS for people: "EPSG:4490 (China Geodetic Coordinate System 2000)".
std::string CrsLabel(const OGRSpatialReference& srs);

}  // namespace geo
