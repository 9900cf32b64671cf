// The encoding of text bytes whose writer did not say (shapefile .dbf files,
// above all): detection, names for people and for GDAL, and the UTF-8 checks
// and recoding that go with them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "geo/error.hpp"

namespace geo {

// [SECTION] Text encoding detection

enum class TextEncoding {
  kAscii,   // only bytes < 0x80: every encoding gdal meets reads it the same
  kUtf8,    // valid UTF-8 with multi-byte sequences
  kGbk,     // GBK / GB18030 double-byte (and four-byte) sequences
  kLatin1,  // anything else: single-byte, read as ISO-8859-1
};

// Guesses the encoding of text bytes (DBF field names and string values
// joined by '\n', for instance) in this order: pure ASCII; UTF-8 when its
// multi-byte sequences are valid; GBK when the high bytes pair up as GBK
// (lead 0x81-0xFE, trail 0x40-0xFE except 0x7F, or GB18030 four-byte
// sequences) and most pairs have a high trail byte, as Chinese characters
// do; else ISO-8859-1. A multi-byte character cut short right before '\n'
// or the end of the bytes is ignored (fixed-width DBF fields cut them), and
// up to one malformed sequence in 20 good ones is tolerated. Short Latin-1
// runs of two accented letters ("ÀÉ") are valid GBK and read as GBK: the
// guess is for text, not for a handful of bytes.
TextEncoding DetectTextEncoding(std::string_view bytes);

// "ASCII", "UTF-8", "GBK (CP936)", "ISO-8859-1": for people.
std::string_view TextEncodingName(TextEncoding encoding);

// The name GDAL's CPLRecode and the shapefile driver's ENCODING open option
// take: "UTF-8" (also for ASCII, a subset), "CP936", "ISO-8859-1".
std::string_view TextEncodingGdalName(TextEncoding encoding);

// Reads a .dbf file (any GDAL path, /vsizip/ included) and detects the
// encoding of its field names and character field values, from at most the
// first 4 MiB of records. kNotFound when it cannot be opened, kUnreadable
// when its header is not a DBF header.
Result<TextEncoding> DetectDbfTextEncoding(const std::string& dbf_path);

// [SECTION] UTF-8 and ASCII helpers

// Length (2-4) of the well-formed UTF-8 multi-byte sequence starting at s[i],
// or 0 (also for an ASCII byte). Rejects overlong forms, surrogates and code
// points above U+10FFFF. `i` must be < s.size().
size_t Utf8SequenceAt(std::string_view s, size_t i);

bool IsValidUtf8(std::string_view s);

// `bytes` as CPLRecode converts them from one of its encoding names to
// another.
std::string Recode(std::string_view bytes, const char* from, const char* to);

// `bytes` in encoding `from` (a CPLRecode name; "" to guess with
// DetectTextEncoding) as UTF-8. Never fails: what cannot be decoded is read
// as ISO-8859-1, which maps every byte.
std::string ToUtf8(std::string_view bytes, std::string from = "");

// ASCII letters folded to lower case; other bytes (UTF-8 included) kept.
std::string Lower(std::string_view s);

// Equal but for the case of ASCII letters: how file extensions and encoding
// names compare.
bool EqualCi(std::string_view a, std::string_view b);

}  // namespace geo
