// How the text of a layer is encoded, decided once for `inspect` and the
// loader alike: a shapefile's .cpg, its DBF language-driver byte, detection
// from the bytes, or a format that is UTF-8 by specification; and the
// decoding of GDAL's strings to UTF-8 under that verdict.
#pragma once

#include <cpl_string.h>

#include <string>
#include <string_view>

class OGRLayer;

namespace geo {

// How a layer's text is encoded, and how GDAL decoded it.
struct TextVerdict {
  std::string label;      // for people: "GBK (CP936)", "UTF-8", …; "" for no text at all
  std::string source;     // how it was decided: ".cpg file says 936", "detected from bytes", …
  std::string real;       // CPLRecode name of the bytes on disk; "" when unknown
  std::string gdal_from;  // what GDAL recoded from ("" = it passes bytes through)
};

// The verdict for one layer of a dataset opened with `driver` whose files
// are `files` (GDALDataset::GetFileList).
TextVerdict DecideLayerEncoding(OGRLayer& layer, const std::string& driver,
                                const CPLStringList& files);

// The verdict when the user says what the encoding is (`--encoding GBK`):
// their word wins over .cpg and language-driver byte. `name` is any name
// CPLRecode knows ("GBK", "CP936", "UTF-8", "ISO-8859-1", …); an unknown
// name gives an empty `real`, and the caller refuses it.
TextVerdict OverrideEncoding(OGRLayer& layer, std::string_view name);

// A string GDAL returned, as UTF-8 decoded from the encoding the verdict
// found (a no-op when GDAL already decoded it right).
std::string FixText(const char* from_gdal, const TextVerdict& verdict);

// A GDAL encoding name as people know it: "CP936" → "GBK (CP936)".
std::string EncodingLabel(std::string_view gdal_name);

// `s` without blanks at either end.
std::string Trim(std::string_view s);

// At most `max_bytes` of UTF-8 text, cut on a character boundary, with "...".
std::string Shorten(std::string s, size_t max_bytes);

}  // namespace geo
