#include "geo/layer_text.hpp"

#include <cpl_conv.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "geo/gdal_util.hpp"
#include "geo/text_encoding.hpp"

namespace geo {

namespace {
unsigned char Byte(char c) { return static_cast<unsigned char>(c); }
}  // namespace

std::string Trim(std::string_view s) {
  const auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// At most `max_bytes` of UTF-8 text, cut on a character boundary.
std::string Shorten(std::string s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (Byte(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s + "...";
}

std::string EncodingLabel(std::string_view gdal_name) {
  const std::string n = Lower(gdal_name);
  if (n == "cp936" || n == "gbk" || n == "936" || n == "ms936" || n == "windows-936") {
    return std::string(TextEncodingName(TextEncoding::kGbk));
  }
  if (n == "utf-8" || n == "utf8") return "UTF-8";
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "latin1") return "ISO-8859-1";
  return std::string(gdal_name);
}

namespace {

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

std::string FindDbf(const CPLStringList& files, const std::string& layer_name) {
  for (int i = 0; i < files.size(); ++i) {
    const std::string f = files[i];
    if (EqualCi(PathExtension(f), "dbf") && PathBaseName(f) == layer_name) return f;
  }
  for (int i = 0; i < files.size(); ++i) {
    const std::string f = files[i];
    if (EqualCi(PathExtension(f), "dbf") && EqualCi(PathBaseName(f), layer_name)) return f;
  }
  return "";
}


}  // namespace

std::string FixText(const char* from_gdal, const TextVerdict& verdict) {
  const std::string_view text = from_gdal ? from_gdal : "";
  if (verdict.real.empty() || EqualCi(verdict.real, verdict.gdal_from)) return ToUtf8(text);
  const std::string bytes = verdict.gdal_from.empty()
                                ? std::string(text)
                                : Recode(text, CPL_ENC_UTF8, verdict.gdal_from.c_str());
  return ToUtf8(bytes, verdict.real);
}

TextVerdict DecideLayerEncoding(OGRLayer& layer, const std::string& driver,
                                const CPLStringList& files) {
  if (driver == "ESRI Shapefile") {
    return DecideShapefileEncoding(layer, FindDbf(files, layer.GetName()));
  } else if (driver == "GeoJSON" || driver == "GeoJSONSeq") {
    return {"UTF-8", "GeoJSON is UTF-8 by specification", "", ""};
  } else if (driver == "TopoJSON") {
    return {"UTF-8", "TopoJSON is JSON, UTF-8 by specification", "", ""};
  } else if (driver == "GPKG") {
    return {"UTF-8", "GeoPackage is UTF-8 by specification", "", ""};
  } else if (driver == "FlatGeobuf") {
    return {"UTF-8", "FlatGeobuf is UTF-8 by specification", "", ""};
  } else if (layer.TestCapability(OLCStringsAsUTF8)) {
    return {"UTF-8", "driver reports UTF-8", "", ""};
  } else {
    return {"unknown", "driver default", "", ""};
  }
}

TextVerdict OverrideEncoding(OGRLayer& layer, std::string_view name) {
  const char* from = CSLFetchNameValue(layer.GetMetadata("SHAPEFILE"), "SOURCE_ENCODING");
  const std::string n(name);
  TextVerdict v{EncodingLabel(n), "--encoding " + n, "", from ? from : ""};
  if (CPLCanRecode("test", n.c_str(), CPL_ENC_UTF8)) v.real = n;
  // GeoJSON, GeoPackage and friends hand over UTF-8 whatever the bytes were.
  if (v.gdal_from.empty() && layer.TestCapability(OLCStringsAsUTF8)) v.gdal_from = CPL_ENC_UTF8;
  return v;
}

}  // namespace geo
