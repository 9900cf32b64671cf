// Index of this file:
// [SECTION] GDAL plumbing: captured errors, scoped config, in-memory copies
// [SECTION] Text: UTF-8 checks, encoding detection, names, recoding
// [SECTION] DBF: field names and character values straight from the bytes
// [SECTION] Layers: geometry type, CRS, shapefile encoding, fields
// [SECTION] Opening: a path, a shapefile without .shx, zip sub-folders
// [SECTION] Public entry points and output
#include "geo/inspect.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_core.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

#include "geo/gdal_util.hpp"

namespace geo {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] GDAL plumbing
//-----------------------------------------------------------------------------

// Collects GDAL's warnings and failures on this thread while it is alive, so
// that GDAL prints nothing and its words can end up in our own sentence.
// Keeps the most recent kKept; Mark() and the *Since() queries let one step
// look only at what it caused.
class ErrorCapture {
 public:
  ErrorCapture() { CPLPushErrorHandlerEx(&Handler, this); }
  ~ErrorCapture() { CPLPopErrorHandler(); }
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

  size_t Mark() const { return total_; }

  // The last failure since `mark`, else the last warning, else "".
  std::string LastSince(size_t mark) const {
    const Message* warning = nullptr;
    for (auto it = kept_.rbegin(); it != kept_.rend() && it->seq >= mark; ++it) {
      if (it->level >= CE_Failure) return it->text;
      if (!warning) warning = &*it;
    }
    return warning ? warning->text : std::string();
  }

  bool MentionedSince(size_t mark, std::string_view needle) const {
    for (auto it = kept_.rbegin(); it != kept_.rend() && it->seq >= mark; ++it) {
      if (it->text.find(needle) != std::string::npos) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kKept = 64;
  struct Message {
    size_t seq;
    CPLErr level;
    std::string text;
  };

  static void CPL_STDCALL Handler(CPLErr level, CPLErrorNum, const char* msg) {
    auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
    if (!self || !msg || level < CE_Warning) return;  // debug chatter is dropped
    // Nothing may unwind through GDAL's C frames.
    try {
      if (self->kept_.size() == kKept) self->kept_.erase(self->kept_.begin());
      self->kept_.push_back({self->total_++, level, msg});
    } catch (...) {
    }
  }

  std::vector<Message> kept_;
  size_t total_ = 0;
};

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

struct VsiFileCloser {
  void operator()(VSILFILE* f) const {
    if (f) VSIFCloseL(f);
  }
};
using VsiFile = std::unique_ptr<VSILFILE, VsiFileCloser>;

// A folder in GDAL's in-memory file system, removed with its content when
// the owner goes. Datasets opened from it must be closed first.
class MemDir {
 public:
  MemDir() {
    static std::atomic<uint64_t> counter{0};
    path_ = fmt::format("/vsimem/gridops_inspect_{}", counter++);
    VSIMkdir(path_.c_str(), 0755);
  }
  ~MemDir() { VSIRmdirRecursive(path_.c_str()); }
  MemDir(const MemDir&) = delete;
  MemDir& operator=(const MemDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The largest shapefile part copied into memory to rebuild a missing .shx.
constexpr vsi_l_offset kMaxRestoreBytes = vsi_l_offset{512} << 20;

unsigned char Byte(char c) {
  return static_cast<unsigned char>(c);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EqualCi(std::string_view a, std::string_view b) {
  return Lower(a) == Lower(b);
}

bool EndsWithCi(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && EqualCi(s.substr(s.size() - suffix.size()), suffix);
}

// CPLGet* return a per-thread buffer: copy at once.
std::string Extension(const std::string& p) {
  return CPLGetExtension(p.c_str());
}
std::string BaseName(const std::string& p) {
  return CPLGetBasename(p.c_str());
}
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

std::string Trim(std::string_view s) {
  const auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

//-----------------------------------------------------------------------------
// [SECTION] Text
//-----------------------------------------------------------------------------

// One malformed multi-byte sequence is tolerated per this many good ones.
constexpr size_t kGoodPerToleratedBad = 20;

// Length (2-4) of the well-formed UTF-8 sequence starting at s[i], or 0.
// Rejects overlong forms, surrogates and code points above U+10FFFF.
size_t Utf8SequenceAt(std::string_view s, size_t i) {
  const unsigned char c = Byte(s[i]);
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (Byte(s[i + 1]) < lo || Byte(s[i + 1]) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (Byte(s[i + k]) < 0x80 || Byte(s[i + k]) > 0xBF) return 0;
  }
  return n;
}

// Length of a UTF-8 sequence starting at s[i] that is cut short by '\n' or
// the end of s (its bytes so far well-formed), or 0 when it is not one.
size_t Utf8CutAt(std::string_view s, size_t i) {
  const unsigned char c = Byte(s[i]);
  const size_t n = c >= 0xC2 && c <= 0xDF   ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 0;
  if (n == 0) return 0;
  size_t j = i + 1;
  while (j < s.size() && j < i + n && Byte(s[j]) >= 0x80 && Byte(s[j]) <= 0xBF) ++j;
  if (j >= i + n) return 0;  // complete, so malformed in another way
  return j == s.size() || s[j] == '\n' ? j - i : 0;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (Byte(s[i]) < 0x80) {
      ++i;
    } else if (const size_t n = Utf8SequenceAt(s, i)) {
      i += n;
    } else {
      return false;
    }
  }
  return true;
}

std::string Recode(std::string_view bytes, const char* from, const char* to) {
  char* out = CPLRecode(std::string(bytes).c_str(), from, to);
  std::string result(out);
  CPLFree(out);
  return result;
}

// `bytes` in encoding `from` (a CPLRecode name; "" to guess) as UTF-8. Never
// fails: what cannot be decoded is read as ISO-8859-1, which maps every byte.
std::string ToUtf8(std::string_view bytes, std::string from = "") {
  if (from.empty()) {
    const TextEncoding guess = DetectTextEncoding(bytes);
    if (guess == TextEncoding::kAscii || guess == TextEncoding::kUtf8) return std::string(bytes);
    from = TextEncodingGdalName(guess);
  }
  if (EqualCi(from, CPL_ENC_UTF8) && IsValidUtf8(bytes)) return std::string(bytes);
  std::string out = Recode(bytes, from.c_str(), CPL_ENC_UTF8);
  if (IsValidUtf8(out)) return out;
  return Recode(bytes, CPL_ENC_ISO8859_1, CPL_ENC_UTF8);
}

// At most `max_bytes` of UTF-8 text, cut on a character boundary.
std::string Shorten(std::string s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (Byte(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s + "...";
}

// A GDAL encoding name as people know it.
std::string EncodingLabel(std::string_view gdal_name) {
  const std::string n = Lower(gdal_name);
  if (n == "cp936" || n == "gbk" || n == "936" || n == "ms936" || n == "windows-936") {
    return std::string(TextEncodingName(TextEncoding::kGbk));
  }
  if (n == "utf-8" || n == "utf8") return "UTF-8";
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "latin1") return "ISO-8859-1";
  return std::string(gdal_name);
}

// The CPLRecode name of a .cpg value GDAL does not map itself: Esri writes
// "ANSI 1250" or "1252" for Windows code pages. "" when it names none.
std::string CodePageFromCpg(std::string_view cpg) {
  std::string rest = Lower(Trim(cpg));
  for (std::string_view prefix : {"ansi", "windows", "cp", "ms"}) {
    if (rest.starts_with(prefix)) {
      rest.erase(0, prefix.size());
      break;
    }
  }
  while (!rest.empty() && (rest[0] == ' ' || rest[0] == '-' || rest[0] == '_')) rest.erase(0, 1);
  if (rest.size() < 3 || rest.size() > 5) return "";
  if (!std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "";
  }
  return "CP" + rest;
}

//-----------------------------------------------------------------------------
// [SECTION] DBF
//-----------------------------------------------------------------------------

// Bytes of DBF records read for detection: enough for any real attribute
// table's vocabulary, small enough for a quick look at a huge one.
constexpr size_t kDbfSampleBytes = size_t{4} << 20;

uint32_t LittleEndian(const unsigned char* p, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// The field names and the non-blank character field values of a .dbf, each
// followed by '\n', as raw bytes in whatever encoding the writer used.
Result<std::string> ReadDbfText(const std::string& path) {
  VsiFile f(VSIFOpenL(path.c_str(), "rb"));
  if (!f) return Fail(ErrorCode::kNotFound, fmt::format("{}: cannot open", ToUtf8(path)));
  unsigned char header[32];
  if (VSIFReadL(header, 1, sizeof header, f.get()) != sizeof header) {
    return Fail(ErrorCode::kUnreadable,
                fmt::format("{}: shorter than a DBF header (32 bytes)", ToUtf8(path)));
  }
  const uint32_t record_count = LittleEndian(header + 4, 4);
  const size_t header_length = LittleEndian(header + 8, 2);
  const size_t record_length = LittleEndian(header + 10, 2);
  if (header_length < 33 || record_length < 1) {
    return Fail(ErrorCode::kUnreadable,
                fmt::format("{}: not a DBF header (header length {}, record length {})",
                            ToUtf8(path), header_length, record_length));
  }

  // Field descriptors: 32 bytes each from byte 32, ended by 0x0D.
  std::string descriptors(header_length - 32, '\0');
  descriptors.resize(VSIFReadL(descriptors.data(), 1, descriptors.size(), f.get()));
  struct TextField {
    size_t offset, width;
  };
  std::vector<TextField> text_fields;
  std::string text;
  size_t offset = 1;  // byte 0 of a record is its deletion flag
  for (size_t d = 0; d + 32 <= descriptors.size() && descriptors[d] != '\r'; d += 32) {
    const char* desc = descriptors.data() + d;
    text.append(desc, strnlen(desc, 11));
    text.push_back('\n');
    const char type = desc[11];
    // As shapelib reads it: numeric fields keep their decimals in byte 17,
    // others use it as the high byte of a width above 255.
    const size_t width = (type == 'N' || type == 'F')
                             ? Byte(desc[16])
                             : Byte(desc[16]) + size_t{256} * Byte(desc[17]);
    if (type == 'C' && offset + width <= record_length) text_fields.push_back({offset, width});
    offset += width;
  }

  if (text_fields.empty() || VSIFSeekL(f.get(), header_length, SEEK_SET) != 0) return text;
  const size_t wanted =
      std::min<size_t>(record_count, std::max<size_t>(1, kDbfSampleBytes / record_length));
  std::string records(wanted * record_length, '\0');
  const size_t read = VSIFReadL(records.data(), 1, records.size(), f.get());
  for (size_t r = 0; r + 1 <= read / record_length; ++r) {
    const std::string_view record(records.data() + r * record_length, record_length);
    for (const TextField& field : text_fields) {
      std::string_view value = record.substr(field.offset, field.width);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\0'))
        value.remove_suffix(1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (value.empty()) continue;
      text.append(value);
      text.push_back('\n');
    }
  }
  return text;
}

//-----------------------------------------------------------------------------
// [SECTION] Layers
//-----------------------------------------------------------------------------

std::string GeometryTypeName(OGRwkbGeometryType type) {
  // OGRGeometryTypeToName says "Multi Polygon"; people and WKT say this.
  static constexpr std::pair<OGRwkbGeometryType, const char*> kNames[] = {
      {wkbPoint, "Point"},
      {wkbLineString, "LineString"},
      {wkbPolygon, "Polygon"},
      {wkbMultiPoint, "MultiPoint"},
      {wkbMultiLineString, "MultiLineString"},
      {wkbMultiPolygon, "MultiPolygon"},
      {wkbGeometryCollection, "GeometryCollection"},
      {wkbCircularString, "CircularString"},
      {wkbCompoundCurve, "CompoundCurve"},
      {wkbCurvePolygon, "CurvePolygon"},
      {wkbMultiCurve, "MultiCurve"},
      {wkbMultiSurface, "MultiSurface"},
      {wkbCurve, "Curve"},
      {wkbSurface, "Surface"},
      {wkbPolyhedralSurface, "PolyhedralSurface"},
      {wkbTIN, "TIN"},
      {wkbTriangle, "Triangle"},
  };
  if (type == wkbNone) return "None";
  const OGRwkbGeometryType flat = wkbFlatten(type);
  if (flat == wkbUnknown) return "Unknown";
  const auto* it = std::find_if(std::begin(kNames), std::end(kNames),
                                [&](const auto& entry) { return entry.first == flat; });
  if (it == std::end(kNames)) return OGRGeometryTypeToName(type);
  const std::string name = it->second;
  const bool z = OGR_GT_HasZ(type), m = OGR_GT_HasM(type);
  if (z && m) return name + " ZM";
  if (z) return name + " Z";
  if (m) return name + " M";
  return name;
}

std::string AuthorityCode(const OGRSpatialReference& srs) {
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  return authority && code ? fmt::format("{}:{}", authority, code) : std::string();
}

// See LayerInfo::crs.
std::string CrsName(const OGRSpatialReference* srs) {
  if (!srs || srs->IsEmpty()) return "";
  if (std::string id = AuthorityCode(*srs); !id.empty()) return id;
  OGRSpatialReference copy(*srs);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE) {
    if (std::string id = AuthorityCode(copy); !id.empty()) return id;
  }
  // Esri WKT in a .prj names no authority; a registered CRS GDAL is sure of
  // is the one meant.
  int count = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches = srs->FindMatches(nullptr, &count, &confidence);
  std::string id;
  if (matches && confidence && count > 0 && confidence[0] >= 90) {
    id = AuthorityCode(*OGRSpatialReference::FromHandle(matches[0]));
  }
  if (matches) OSRFreeSRSArray(matches);
  CPLFree(confidence);
  if (!id.empty()) return id;
  const char* name = srs->GetName();
  if (name && *name && !EqualCi(name, "unknown")) return ToUtf8(name);
  return "unnamed CRS";
}

// How a shapefile layer's text is encoded, and how GDAL decoded it.
struct TextVerdict {
  std::string label;      // LayerInfo::encoding
  std::string source;     // LayerInfo::encoding_source
  std::string real;       // CPLRecode name of the bytes on disk; "" when unknown
  std::string gdal_from;  // what GDAL recoded from ("" = it passes bytes through)
};

constexpr int kLdidAnsi = 0x57;  // "the writer's Windows ANSI code page"

TextVerdict DecideShapefileEncoding(OGRLayer& layer, const std::string& dbf_path) {
  CSLConstList md = layer.GetMetadata("SHAPEFILE");
  const auto get = [&](const char* key) {
    const char* v = CSLFetchNameValue(md, key);
    return v ? std::string(v) : std::string();
  };
  // SOURCE_ENCODING is what GDAL actually recodes from: set from the .cpg or
  // the LDID when it can recode from it, empty when it passes bytes through.
  const std::string gdal_from = get("SOURCE_ENCODING");
  const std::string cpg = Trim(get("CPG_VALUE"));
  const std::string from_cpg = get("ENCODING_FROM_CPG");
  const std::string from_ldid = get("ENCODING_FROM_LDID");
  const std::string ldid_text = get("LDID_VALUE");
  const int ldid = ldid_text.empty() ? 0 : std::atoi(ldid_text.c_str());

  if (dbf_path.empty()) return {"", "no .dbf file: the layer has no attributes", "", gdal_from};
  const auto detect = [&](std::string_view why) -> TextVerdict {
    const Result<TextEncoding> found = DetectDbfTextEncoding(dbf_path);
    if (!found) {
      return {"unknown", "driver default (cannot detect: " + found.error().message + ")", gdal_from,
              gdal_from};
    }
    std::string source = "detected from bytes";
    if (!why.empty()) source += fmt::format(" ({})", why);
    return {std::string(TextEncodingName(*found)), source,
            std::string(TextEncodingGdalName(*found)), gdal_from};
  };

  if (!gdal_from.empty()) {
    if (!cpg.empty() && EqualCi(gdal_from, from_cpg)) {
      return {EncodingLabel(gdal_from), ".cpg file says " + ToUtf8(cpg), gdal_from, gdal_from};
    }
    if (cpg.empty() && ldid != 0 && EqualCi(gdal_from, from_ldid)) {
      // GDAL reads 0x57 as ISO-8859-1, yet a Chinese Windows writes GBK
      // under it: trust the bytes when they are clearly multi-byte text.
      if (ldid == kLdidAnsi) {
        const Result<TextEncoding> found = DetectDbfTextEncoding(dbf_path);
        if (found && (*found == TextEncoding::kGbk || *found == TextEncoding::kUtf8)) {
          return detect("DBF language driver byte 0x57 only means the writer's ANSI code page");
        }
      }
      return {EncodingLabel(gdal_from), fmt::format("DBF language driver byte 0x{:02X}", ldid),
              gdal_from, gdal_from};
    }
    return {EncodingLabel(gdal_from), "SHAPE_ENCODING configuration option", gdal_from, gdal_from};
  }
  // GDAL passes the bytes through: no .cpg and no LDID it knows, or a .cpg
  // it cannot recode from.
  if (!cpg.empty()) {
    const std::string code_page = CodePageFromCpg(cpg);
    if (!code_page.empty() && CPLCanRecode("test", code_page.c_str(), CPL_ENC_UTF8)) {
      return {EncodingLabel(code_page), ".cpg file says " + ToUtf8(cpg), code_page, ""};
    }
    const std::string unusable =
        fmt::format(".cpg file \"{}\" names no code page", Shorten(ToUtf8(cpg), 40));
    // GDAL lets a .cpg it cannot use hide a language driver byte it could.
    if (!from_ldid.empty() && ldid != kLdidAnsi &&
        CPLCanRecode("test", from_ldid.c_str(), CPL_ENC_UTF8)) {
      return {EncodingLabel(from_ldid),
              fmt::format("DBF language driver byte 0x{:02X}; {}", ldid, unusable), from_ldid, ""};
    }
    return detect(unusable);
  }
  if (ldid != 0) {
    return detect(fmt::format("DBF language driver byte 0x{:02X} names no code page", ldid));
  }
  return detect("");
}

// A field name GDAL returned, as UTF-8 in the encoding the verdict found.
std::string FixText(const char* from_gdal, const TextVerdict& verdict) {
  const std::string_view text = from_gdal ? from_gdal : "";
  if (verdict.real.empty() || EqualCi(verdict.real, verdict.gdal_from)) return ToUtf8(text);
  const std::string bytes = verdict.gdal_from.empty()
                                ? std::string(text)
                                : Recode(text, CPL_ENC_UTF8, verdict.gdal_from.c_str());
  return ToUtf8(bytes, verdict.real);
}

std::string FindDbf(const CPLStringList& files, const std::string& layer_name) {
  for (int i = 0; i < files.size(); ++i) {
    const std::string f = files[i];
    if (EqualCi(Extension(f), "dbf") && BaseName(f) == layer_name) return f;
  }
  for (int i = 0; i < files.size(); ++i) {
    const std::string f = files[i];
    if (EqualCi(Extension(f), "dbf") && EqualCi(BaseName(f), layer_name)) return f;
  }
  return "";
}

LayerInfo DescribeLayer(OGRLayer& layer, const std::string& driver, const CPLStringList& files) {
  LayerInfo info;
  info.name = ToUtf8(layer.GetName());
  info.feature_count = layer.GetFeatureCount(TRUE);
  info.geometry_type = GeometryTypeName(layer.GetGeomType());
  info.crs = CrsName(layer.GetSpatialRef());

  TextVerdict verdict;
  if (driver == "ESRI Shapefile") {
    verdict = DecideShapefileEncoding(layer, FindDbf(files, layer.GetName()));
  } else if (driver == "GeoJSON" || driver == "GeoJSONSeq") {
    verdict = {"UTF-8", "GeoJSON is UTF-8 by specification", "", ""};
  } else if (driver == "TopoJSON") {
    verdict = {"UTF-8", "TopoJSON is JSON, UTF-8 by specification", "", ""};
  } else if (driver == "GPKG") {
    verdict = {"UTF-8", "GeoPackage is UTF-8 by specification", "", ""};
  } else if (driver == "FlatGeobuf") {
    verdict = {"UTF-8", "FlatGeobuf is UTF-8 by specification", "", ""};
  } else if (layer.TestCapability(OLCStringsAsUTF8)) {
    verdict = {"UTF-8", "driver reports UTF-8", "", ""};
  } else {
    verdict = {"unknown", "driver default", "", ""};
  }
  info.encoding = verdict.label;
  info.encoding_source = verdict.source;

  const OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; defn && i < defn->GetFieldCount(); ++i) {
    const OGRFieldDefn* field = defn->GetFieldDefn(i);
    info.fields.push_back({FixText(field->GetNameRef(), verdict),
                           OGRFieldDefn::GetFieldTypeName(field->GetType()), field->GetWidth(),
                           field->GetPrecision()});
  }
  return info;
}

//-----------------------------------------------------------------------------
// [SECTION] Opening
//-----------------------------------------------------------------------------

// What the opening steps found, across the datasets one path may need (a
// zip's sub-folders, shapefiles read through an in-memory copy).
struct Collected {
  std::string driver;
  std::vector<LayerInfo> layers;
  std::string reason;  // GDAL's last word on a part it could not read
};

void AppendLayers(GDALDataset& ds, Collected& out) {
  const std::string driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
  if (out.driver.empty()) {
    out.driver = driver;
  } else if (!driver.empty() && out.driver.find(driver) == std::string::npos) {
    out.driver += ", " + driver;
  }
  const CPLStringList files(ds.GetFileList(), TRUE);
  for (OGRLayer* layer : ds.GetLayers()) {
    if (layer) out.layers.push_back(DescribeLayer(*layer, driver, files));
  }
}

// The .shp at `path`, or those in the folder `path`, that have no .shx.
std::vector<std::string> ShapefilesWithoutShx(const std::string& path) {
  VSIStatBufL st;
  if (VSIStatL(path.c_str(), &st) != 0) return {};
  const bool is_dir = VSI_ISDIR(st.st_mode);
  const std::string dir = is_dir ? path : DirName(path);
  const std::vector<std::string> entries = ListDir(dir);
  std::vector<std::string> out;
  for (const std::string& entry : entries) {
    if (!EqualCi(Extension(entry), "shp")) continue;
    if (!is_dir && entry != CPLGetFilename(path.c_str())) continue;
    const std::string stem = BaseName(entry);
    const bool has_shx = std::any_of(entries.begin(), entries.end(), [&](const std::string& e) {
      return EqualCi(Extension(e), "shx") && EqualCi(BaseName(e), stem);
    });
    if (!has_shx) out.push_back(JoinPath(dir, entry));
  }
  return out;
}

// GDAL rebuilds a missing .shx only with SHAPE_RESTORE_SHX=YES, and then
// writes it beside the .shp: it must never write into the user's data, so
// the shapefile's parts are copied to /vsimem/ and opened there.
void OpenRestoringShx(const std::string& shp_path, ErrorCapture& capture, Collected& out) {
  const MemDir mem;  // outlives the dataset below
  const std::string dir = DirName(shp_path);
  const std::string stem = BaseName(shp_path);
  std::string mem_shp;
  for (const std::string& entry : ListDir(dir)) {
    const std::string ext = Lower(Extension(entry));
    if (!EqualCi(BaseName(entry), stem) ||
        (ext != "shp" && ext != "dbf" && ext != "cpg" && ext != "prj")) {
      continue;
    }
    const std::string source = JoinPath(dir, entry);
    GByte* data = nullptr;
    vsi_l_offset size = 0;
    if (!VSIIngestFile(nullptr, source.c_str(), &data, &size, kMaxRestoreBytes)) {
      out.reason =
          fmt::format("{} has no .shx index and cannot be copied to rebuild one", ToUtf8(entry));
      return;
    }
    const std::string copy = JoinPath(mem.path(), entry);
    VSIFCloseL(VSIFileFromMemBuffer(copy.c_str(), data, size, TRUE));
    if (ext == "shp") mem_shp = copy;
  }
  if (mem_shp.empty()) return;

  const ScopedThreadConfig restore("SHAPE_RESTORE_SHX", "YES");
  const size_t mark = capture.Mark();
  GDALDatasetUniquePtr ds(GDALDataset::Open(mem_shp.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (ds) {
    AppendLayers(*ds, out);
  } else {
    // Name the user's folder, not our in-memory one.
    std::string why = capture.LastSince(mark);
    for (size_t at; (at = why.find(mem.path())) != std::string::npos;) {
      why.replace(at, mem.path().size(), dir);
    }
    out.reason = why.empty() ? fmt::format("{} has no .shx index and cannot be read without one",
                                           ToUtf8(CPLGetFilename(shp_path.c_str())))
                             : why;
  }
}

// Opens one GDAL path and appends its layers; reads shapefiles GDAL skipped
// for a missing .shx through OpenRestoringShx. Returns whether GDAL opened
// the path itself.
bool OpenInto(const std::string& gdal_path, ErrorCapture& capture, Collected& out) {
  const size_t mark = capture.Mark();
  bool opened = false;
  {
    GDALDatasetUniquePtr ds(
        GDALDataset::Open(gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (ds) {
      opened = true;
      AppendLayers(*ds, out);
    } else if (std::string why = capture.LastSince(mark); !why.empty()) {
      out.reason = why;
    }
  }
  if (capture.MentionedSince(mark, "SHAPE_RESTORE_SHX")) {
    for (const std::string& shp : ShapefilesWithoutShx(gdal_path)) {
      OpenRestoringShx(shp, capture, out);
    }
  }
  return opened;
}

// GDAL opens the shapefiles at the root of a zip; this reads those in its
// sub-folders, one folder at a time.
void OpenZipSubfolders(const std::string& zip_path, ErrorCapture& capture, Collected& out) {
  const CPLStringList entries(VSIReadDirRecursive(zip_path.c_str()), TRUE);
  std::set<std::string> folders;
  for (int i = 0; i < entries.size(); ++i) {
    const std::string entry = entries[i];
    if (EqualCi(Extension(entry), "shp") && !DirName(entry).empty()) folders.insert(DirName(entry));
  }
  for (const std::string& folder : folders) OpenInto(JoinPath(zip_path, folder), capture, out);
}

Result<SourceInfo> InspectUnguarded(const std::string& path) {
  EnsureGdalRegistered();
  ErrorCapture capture;
  const std::string shown = path.empty() ? "(empty path)" : ToUtf8(path);
  VSIStatBufL st;
  if (path.empty() || VSIStatL(path.c_str(), &st) != 0) {
    return Fail(ErrorCode::kNotFound, fmt::format("{}: no such file or directory", shown));
  }
  const bool is_dir = VSI_ISDIR(st.st_mode);
  const bool is_zip = !is_dir && !path.starts_with("/vsi") && EndsWithCi(path, ".zip");
  std::string gdal_path = path;
  if (is_zip) {
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    gdal_path = "/vsizip/" + (ec ? path : absolute.string());
    const size_t mark = capture.Mark();
    VSIStatBufL zst;
    if (VSIStatL(gdal_path.c_str(), &zst) != 0) {
      const std::string why = capture.LastSince(mark);
      return Fail(ErrorCode::kUnreadable,
                  fmt::format("{}: not a zip archive GDAL can read{}", shown,
                              why.empty() ? "" : ": " + ToUtf8(why)));
    }
  }

  Collected out;
  const bool opened = OpenInto(gdal_path, capture, out);
  if (is_zip && out.layers.empty()) OpenZipSubfolders(gdal_path, capture, out);

  // An opened file with no layer is an honest answer (an empty GeoPackage);
  // a folder or an archive with none holds nothing we can read.
  if (out.layers.empty() && (is_dir || is_zip || !opened)) {
    std::string reason = is_zip   ? "no vector layer GDAL can read in this zip archive"
                         : is_dir ? "no vector layer GDAL can read in this directory"
                                  : "not a vector source GDAL can read (tried all vector drivers)";
    if (!out.reason.empty()) reason += ": " + ToUtf8(out.reason);
    return Fail(ErrorCode::kUnreadable, fmt::format("{}: {}", shown, reason));
  }
  return SourceInfo{shown, out.driver, std::move(out.layers)};
}

// Terminal columns of UTF-8 text: East Asian wide characters take two.
size_t DisplayWidth(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t n = Byte(s[i]) < 0x80 ? 1 : std::max<size_t>(1, Utf8SequenceAt(s, i));
    uint32_t cp = Byte(s[i]);
    if (n > 1) {
      cp &= 0xFFu >> (n + 1);
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (Byte(s[i + k]) & 0x3F);
    }
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
    i += n;
  }
  return width;
}

std::string PadRight(const std::string& s, size_t columns) {
  const size_t w = DisplayWidth(s);
  return w >= columns ? s : s + std::string(columns - w, ' ');
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Public entry points and output
//-----------------------------------------------------------------------------

TextEncoding DetectTextEncoding(std::string_view bytes) {
  if (std::all_of(bytes.begin(), bytes.end(), [](char c) { return Byte(c) < 0x80; })) {
    return TextEncoding::kAscii;
  }

  size_t good = 0, bad = 0;
  for (size_t i = 0; i < bytes.size();) {
    if (Byte(bytes[i]) < 0x80) {
      ++i;
    } else if (const size_t n = Utf8SequenceAt(bytes, i)) {
      ++good;
      i += n;
    } else if (const size_t cut = Utf8CutAt(bytes, i)) {
      i += cut;
    } else {
      ++bad;
      ++i;
    }
  }
  if (good > 0 && bad * kGoodPerToleratedBad <= good) return TextEncoding::kUtf8;

  // GBK pairs whose trail byte is ASCII (0x40-0x7E) are rare in Chinese text
  // and common in misread Latin-1 ("é" + "t"): they count, but must not be
  // the bulk.
  const auto in = [](char c, unsigned lo, unsigned hi) { return Byte(c) >= lo && Byte(c) <= hi; };
  size_t high_pairs = 0, low_pairs = 0, four_byte = 0;
  bad = 0;
  for (size_t i = 0; i < bytes.size();) {
    if (Byte(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    if (in(bytes[i], 0x81, 0xFE) && i + 1 < bytes.size()) {
      const char trail = bytes[i + 1];
      if (in(trail, 0x30, 0x39) && i + 3 < bytes.size() && in(bytes[i + 2], 0x81, 0xFE) &&
          in(bytes[i + 3], 0x30, 0x39)) {
        ++four_byte;  // GB18030
        i += 4;
        continue;
      }
      if (in(trail, 0x40, 0xFE) && Byte(trail) != 0x7F) {
        ++(Byte(trail) >= 0x80 ? high_pairs : low_pairs);
        i += 2;
        continue;
      }
    }
    if (in(bytes[i], 0x81, 0xFE) && (i + 1 == bytes.size() || bytes[i + 1] == '\n')) {
      ++i;  // a character cut at the end of a fixed-width field
      continue;
    }
    ++bad;
    ++i;
  }
  const size_t sequences = high_pairs + low_pairs + four_byte;
  if (sequences > 0 && bad * kGoodPerToleratedBad <= sequences &&
      high_pairs + four_byte > low_pairs) {
    return TextEncoding::kGbk;
  }
  return TextEncoding::kLatin1;
}

std::string_view TextEncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kAscii:
      return "ASCII";
    case TextEncoding::kUtf8:
      return "UTF-8";
    case TextEncoding::kGbk:
      return "GBK (CP936)";
    case TextEncoding::kLatin1:
      return "ISO-8859-1";
  }
  return "ISO-8859-1";
}

std::string_view TextEncodingGdalName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kAscii:
      return CPL_ENC_UTF8;
    case TextEncoding::kUtf8:
      return CPL_ENC_UTF8;
    case TextEncoding::kGbk:
      return "CP936";
    case TextEncoding::kLatin1:
      return CPL_ENC_ISO8859_1;
  }
  return CPL_ENC_ISO8859_1;
}

Result<TextEncoding> DetectDbfTextEncoding(const std::string& dbf_path) {
  Result<std::string> text = ReadDbfText(dbf_path);
  if (!text) return std::unexpected(std::move(text.error()));
  return DetectTextEncoding(*text);
}

Result<SourceInfo> Inspect(const std::string& path) {
  // Library code below may throw (bad_alloc, filesystem); callers get a value.
  try {
    return InspectUnguarded(path);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, fmt::format("{}: {}", ToUtf8(path), e.what()));
  } catch (...) {
    return Fail(ErrorCode::kInternal, fmt::format("{}: unexpected failure", ToUtf8(path)));
  }
}

nlohmann::json ToJson(const SourceInfo& info) {
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerInfo& layer : info.layers) {
    nlohmann::json fields = nlohmann::json::array();
    for (const FieldInfo& f : layer.fields) {
      fields.push_back(
          {{"name", f.name}, {"type", f.type}, {"width", f.width}, {"precision", f.precision}});
    }
    layers.push_back({{"name", layer.name},
                      {"feature_count", layer.feature_count},
                      {"geometry_type", layer.geometry_type},
                      {"crs", layer.crs},
                      {"encoding", layer.encoding},
                      {"encoding_source", layer.encoding_source},
                      {"fields", std::move(fields)}});
  }
  return {{"path", ToUtf8(info.path)}, {"driver", info.driver}, {"layers", std::move(layers)}};
}

std::string FormatText(const SourceInfo& info) {
  std::string out = fmt::format("{}  ({}, {} layer{})\n", info.path, info.driver,
                                info.layers.size(), info.layers.size() == 1 ? "" : "s");
  for (const LayerInfo& layer : info.layers) {
    out += fmt::format("\nLayer {}\n", layer.name);
    const std::string count =
        layer.feature_count < 0 ? "unknown" : std::to_string(layer.feature_count);
    out += fmt::format("  features   {}\n", count);
    out += fmt::format("  geometry   {}\n", layer.geometry_type);
    out += fmt::format("  CRS        {}\n", layer.crs.empty() ? "none declared" : layer.crs);
    const std::string encoding = layer.encoding.empty() ? "no text" : layer.encoding;
    out += fmt::format("  encoding   {} ({})\n", encoding, layer.encoding_source);
    out += fmt::format("  fields     {}\n", layer.fields.size());
    size_t name_columns = 0;
    for (const FieldInfo& f : layer.fields)
      name_columns = std::max(name_columns, DisplayWidth(f.name));
    for (const FieldInfo& f : layer.fields) {
      std::string type = f.type;
      if (f.width > 0 && f.precision > 0) {
        type += fmt::format("({}.{})", f.width, f.precision);
      } else if (f.width > 0) {
        type += fmt::format("({})", f.width);
      }
      out += fmt::format("    {}  {}\n", PadRight(f.name, name_columns), type);
    }
  }
  return out;
}

}  // namespace geo
