// Index of this file:
// [SECTION] UTF-8 and ASCII helpers
// [SECTION] Detection and names
// [SECTION] DBF: field names and character values straight from the bytes
#include "geo/text_encoding.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <fmt/format.h>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

namespace geo {
namespace {

unsigned char Byte(char c) {
  return static_cast<unsigned char>(c);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] UTF-8 and ASCII helpers
//-----------------------------------------------------------------------------

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

std::string ToUtf8(std::string_view bytes, std::string from) {
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

//-----------------------------------------------------------------------------
// [SECTION] Detection and names
//-----------------------------------------------------------------------------

namespace {

// One malformed multi-byte sequence is tolerated per this many good ones.
constexpr size_t kGoodPerToleratedBad = 20;

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

}  // namespace

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

//-----------------------------------------------------------------------------
// [SECTION] DBF
//-----------------------------------------------------------------------------

namespace {

struct VsiFileCloser {
  void operator()(VSILFILE* f) const {
    if (f) VSIFCloseL(f);
  }
};
using VsiFile = std::unique_ptr<VSILFILE, VsiFileCloser>;

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

}  // namespace

Result<TextEncoding> DetectDbfTextEncoding(const std::string& dbf_path) {
  Result<std::string> text = ReadDbfText(dbf_path);
  if (!text) return std::unexpected(std::move(text.error()));
  return DetectTextEncoding(*text);
}

}  // namespace geo
