// Index of this file:
// [SECTION] GDAL plumbing: registration, captured errors, scoped config, in-memory folders
// [SECTION] Paths
// [SECTION] Opening: a path, a shapefile without .shx, zip sub-folders
// [SECTION] CRS names
#include "geo/gdal_util.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

#include "geo/text_encoding.hpp"

namespace geo {

//-----------------------------------------------------------------------------
// [SECTION] GDAL plumbing
//-----------------------------------------------------------------------------

void EnsureGdalRegistered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

ErrorCapture::ErrorCapture() {
  CPLPushErrorHandlerEx(&Handler, this);
}

ErrorCapture::~ErrorCapture() {
  CPLPopErrorHandler();
}

std::string ErrorCapture::LastSince(size_t mark) const {
  const Message* warning = nullptr;
  for (auto it = kept_.rbegin(); it != kept_.rend() && it->seq >= mark; ++it) {
    if (it->level >= CE_Failure) return it->text;
    if (!warning) warning = &*it;
  }
  return warning ? warning->text : std::string();
}

bool ErrorCapture::MentionedSince(size_t mark, std::string_view needle) const {
  for (auto it = kept_.rbegin(); it != kept_.rend() && it->seq >= mark; ++it) {
    if (it->text.find(needle) != std::string::npos) return true;
  }
  return false;
}

void CPL_STDCALL ErrorCapture::Handler(CPLErr level, CPLErrorNum, const char* msg) {
  auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
  if (!self || !msg || level < CE_Warning) return;  // debug chatter is dropped
  // Nothing may unwind through GDAL's C frames.
  try {
    if (self->kept_.size() == kKept) self->kept_.erase(self->kept_.begin());
    self->kept_.push_back({self->total_++, level, msg});
  } catch (...) {
  }
}

VsiMemDir::VsiMemDir() {
  // Tests look for leftovers by this prefix.
  static std::atomic<uint64_t> counter{0};
  path_ = fmt::format("/vsimem/gridops_inspect_{}", counter++);
  VSIMkdir(path_.c_str(), 0755);
}

VsiMemDir::~VsiMemDir() {
  VSIRmdirRecursive(path_.c_str());
}

namespace {

// Sets a GDAL configuration option for this thread only, and restores the
// previous value when it goes: other threads opening data are not affected.
class ScopedThreadConfig {
 public:
  ScopedThreadConfig(const char* key, const char* value) : key_(key) {
    if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) old_ = old;
    CPLSetThreadLocalConfigOption(key, value);
  }
  ~ScopedThreadConfig() { CPLSetThreadLocalConfigOption(key_, old_ ? old_->c_str() : nullptr); }
  ScopedThreadConfig(const ScopedThreadConfig&) = delete;
  ScopedThreadConfig& operator=(const ScopedThreadConfig&) = delete;

 private:
  const char* key_;
  std::optional<std::string> old_;
};

// The largest shapefile part copied into memory to rebuild a missing .shx.
constexpr vsi_l_offset kMaxRestoreBytes = vsi_l_offset{512} << 20;

bool EndsWithCi(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && EqualCi(s.substr(s.size() - suffix.size()), suffix);
}

// CPLGet* return a per-thread buffer: copy at once.
std::string DirName(const std::string& p) {
  return CPLGetPath(p.c_str());
}
std::string JoinPath(const std::string& dir, const std::string& name) {
  return CPLFormFilename(dir.c_str(), name.c_str(), nullptr);
}

std::vector<std::string> ListDir(const std::string& dir) {
  const CPLStringList entries(VSIReadDir(dir.c_str()), TRUE);
  std::vector<std::string> out;
  for (int i = 0; i < entries.size(); ++i) out.emplace_back(entries[i]);
  return out;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Paths
//-----------------------------------------------------------------------------

std::string PathExtension(const std::string& path) {
  return CPLGetExtension(path.c_str());
}

std::string PathBaseName(const std::string& path) {
  return CPLGetBasename(path.c_str());
}

//-----------------------------------------------------------------------------
// [SECTION] Opening
//-----------------------------------------------------------------------------

namespace {

// What the opening steps gather across the datasets one path may need.
struct Opening {
  ErrorCapture capture;
  OpenedVector found;
  std::string reason;  // GDAL's last word on a part it could not read
};

// The .shp at `path`, or those in the folder `path`, that have no .shx.
std::vector<std::string> ShapefilesWithoutShx(const std::string& path) {
  VSIStatBufL st;
  if (VSIStatL(path.c_str(), &st) != 0) return {};
  const bool is_dir = VSI_ISDIR(st.st_mode);
  const std::string dir = is_dir ? path : DirName(path);
  const std::vector<std::string> entries = ListDir(dir);
  std::vector<std::string> out;
  for (const std::string& entry : entries) {
    if (!EqualCi(PathExtension(entry), "shp")) continue;
    if (!is_dir && entry != CPLGetFilename(path.c_str())) continue;
    const std::string stem = PathBaseName(entry);
    const bool has_shx = std::any_of(entries.begin(), entries.end(), [&](const std::string& e) {
      return EqualCi(PathExtension(e), "shx") && EqualCi(PathBaseName(e), stem);
    });
    if (!has_shx) out.push_back(JoinPath(dir, entry));
  }
  return out;
}

// GDAL rebuilds a missing .shx only with SHAPE_RESTORE_SHX=YES, and then
// writes it beside the .shp: it must never write into the user's data, so
// the shapefile's parts are copied to /vsimem/ and opened there.
void OpenRestoringShx(const std::string& shp_path, Opening& op) {
  auto mem = std::make_unique<VsiMemDir>();  // kept as long as the dataset
  const std::string dir = DirName(shp_path);
  const std::string stem = PathBaseName(shp_path);
  std::string mem_shp;
  for (const std::string& entry : ListDir(dir)) {
    const std::string ext = Lower(PathExtension(entry));
    if (!EqualCi(PathBaseName(entry), stem) ||
        (ext != "shp" && ext != "dbf" && ext != "cpg" && ext != "prj")) {
      continue;
    }
    const std::string source = JoinPath(dir, entry);
    GByte* data = nullptr;
    vsi_l_offset size = 0;
    if (!VSIIngestFile(nullptr, source.c_str(), &data, &size, kMaxRestoreBytes)) {
      op.reason =
          fmt::format("{} has no .shx index and cannot be copied to rebuild one", ToUtf8(entry));
      return;
    }
    const std::string copy = JoinPath(mem->path(), entry);
    VSIFCloseL(VSIFileFromMemBuffer(copy.c_str(), data, size, TRUE));
    if (ext == "shp") mem_shp = copy;
  }
  if (mem_shp.empty()) return;

  const ScopedThreadConfig restore("SHAPE_RESTORE_SHX", "YES");
  const size_t mark = op.capture.Mark();
  GDALDatasetUniquePtr ds(GDALDataset::Open(mem_shp.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (ds) {
    op.found.copies.push_back(std::move(mem));
    op.found.datasets.push_back(std::move(ds));
  } else {
    // Name the user's folder, not our in-memory one.
    std::string why = op.capture.LastSince(mark);
    for (size_t at; (at = why.find(mem->path())) != std::string::npos;) {
      why.replace(at, mem->path().size(), dir);
    }
    op.reason = why.empty() ? fmt::format("{} has no .shx index and cannot be read without one",
                                          ToUtf8(CPLGetFilename(shp_path.c_str())))
                            : why;
  }
}

// Opens one GDAL path and keeps the dataset; reads shapefiles GDAL skipped
// for a missing .shx through OpenRestoringShx. Returns whether GDAL opened
// the path itself.
bool OpenInto(const std::string& gdal_path, Opening& op) {
  const size_t mark = op.capture.Mark();
  GDALDatasetUniquePtr ds(GDALDataset::Open(gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  const bool opened = ds != nullptr;
  if (opened) {
    // The shapefile driver opens the files of a folder or zip when its layers
    // are first asked for: ask now, so that a missing .shx is heard below.
    ds->GetLayerCount();
    op.found.datasets.push_back(std::move(ds));
  } else if (std::string why = op.capture.LastSince(mark); !why.empty()) {
    op.reason = why;
  }
  if (op.capture.MentionedSince(mark, "SHAPE_RESTORE_SHX")) {
    for (const std::string& shp : ShapefilesWithoutShx(gdal_path)) OpenRestoringShx(shp, op);
  }
  return opened;
}

// GDAL opens the shapefiles at the root of a zip; this reads those in its
// sub-folders, one folder at a time.
void OpenZipSubfolders(const std::string& zip_path, Opening& op) {
  const CPLStringList entries(VSIReadDirRecursive(zip_path.c_str()), TRUE);
  std::set<std::string> folders;
  for (int i = 0; i < entries.size(); ++i) {
    const std::string entry = entries[i];
    if (EqualCi(PathExtension(entry), "shp") && !DirName(entry).empty()) {
      folders.insert(DirName(entry));
    }
  }
  for (const std::string& folder : folders) OpenInto(JoinPath(zip_path, folder), op);
}

}  // namespace

std::vector<OGRLayer*> OpenedVector::Layers() const {
  std::vector<OGRLayer*> out;
  for (const GDALDatasetUniquePtr& ds : datasets) {
    for (OGRLayer* layer : ds->GetLayers()) {
      if (layer) out.push_back(layer);
    }
  }
  return out;
}

OGRLayer* OpenedVector::FindLayer(const std::string& name) const {
  for (const GDALDatasetUniquePtr& ds : datasets) {
    OGRLayer* layer = name.empty() ? ds->GetLayer(0) : ds->GetLayerByName(name.c_str());
    if (layer) return layer;
  }
  return nullptr;
}

Result<OpenedVector> OpenVector(const std::string& path) {
  EnsureGdalRegistered();
  Opening op;
  const std::string shown = path.empty() ? "(empty path)" : ToUtf8(path);
  // A connection string names no file to look for.
  const bool connection = path.starts_with("PG:");
  VSIStatBufL st;
  if (path.empty() || (!connection && VSIStatL(path.c_str(), &st) != 0)) {
    return Fail(ErrorCode::kNotFound, fmt::format("{}: no such file or directory", shown));
  }
  const bool is_dir = !connection && VSI_ISDIR(st.st_mode);
  const bool is_zip = !is_dir && !path.starts_with("/vsi") && EndsWithCi(path, ".zip");
  std::string gdal_path = path;
  if (is_zip) {
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    gdal_path = "/vsizip/" + (ec ? path : absolute.string());
    const size_t mark = op.capture.Mark();
    VSIStatBufL zst;
    if (VSIStatL(gdal_path.c_str(), &zst) != 0) {
      const std::string why = op.capture.LastSince(mark);
      return Fail(ErrorCode::kUnreadable,
                  fmt::format("{}: not a zip archive GDAL can read{}", shown,
                              why.empty() ? "" : ": " + ToUtf8(why)));
    }
  }

  const bool opened = OpenInto(gdal_path, op);
  if (is_zip && op.found.Layers().empty()) OpenZipSubfolders(gdal_path, op);

  // An opened file with no layer is an honest answer (an empty GeoPackage);
  // a folder or an archive with none holds nothing we can read.
  if (op.found.Layers().empty() && (is_dir || is_zip || !opened)) {
    std::string reason = is_zip   ? "no vector layer GDAL can read in this zip archive"
                         : is_dir ? "no vector layer GDAL can read in this directory"
                                  : "not a vector source GDAL can read (tried all vector drivers)";
    // One line: libpq's reason spans several.
    std::string why;
    for (char c : ToUtf8(op.reason)) {
      const bool blank = c == '\n' || c == '\t' || c == '\r' || c == ' ';
      if (!blank) why += c;
      else if (!why.empty() && why.back() != ' ') why += ' ';
    }
    if (!why.empty() && why.back() == ' ') why.pop_back();
    if (connection) {
      reason = "cannot connect to the PostGIS database; check that the server is running and "
               "the host, port, dbname, user and password in the connection string are right";
    }
    if (!why.empty()) reason += " (" + why + ")";
    std::string message = fmt::format("{}: {}", shown, reason);
    HidePassword(path, message);
    return Fail(ErrorCode::kUnreadable, std::move(message));
  }
  return std::move(op.found);
}

//-----------------------------------------------------------------------------
// [SECTION] CRS names
//-----------------------------------------------------------------------------

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

void HidePassword(const std::string& path, std::string& text) {
  if (!path.starts_with("PG:")) return;
  const std::string lower = Lower(path);
  for (size_t at = lower.find("password="); at != std::string::npos;
       at = lower.find("password=", at + 1)) {
    const size_t begin = at + 9;
    size_t end = path[begin] == '\'' ? path.find('\'', begin + 1) : path.find(' ', begin);
    end = end == std::string::npos ? path.size() : end + (path[begin] == '\'' ? 1 : 0);
    if (end == begin) continue;
    const std::string secret = path.substr(at, end - at);
    const std::string hidden = "password=***";
    for (size_t m = text.find(secret); m != std::string::npos;
         m = text.find(secret, m + hidden.size())) {
      text.replace(m, secret.size(), hidden);
    }
  }
}

}  // namespace geo
