#include "viewer/text_wrap.hpp"

#include <cstdint>
#include <string_view>

namespace viewer {

namespace {

// The code point at `i` and its length in bytes (malformed bytes: one each).
char32_t Decode(std::string_view s, size_t i, size_t* length) {
  const auto b = static_cast<unsigned char>(s[i]);
  const size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (i + n > s.size()) {
    *length = 1;
    return b;
  }
  char32_t c = n == 1 ? b : b & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) c = c << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *length = n;
  return c;
}

bool Space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\u3000';
}

// Ideographs, kana, Hangul, CJK punctuation and full-width forms: a line
// may break on either side of each.
bool Cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// Never at the start of a line.
bool Closing(char32_t c) {
  constexpr std::u32string_view kClosing = U"，。、；：？！）」』》〉】〕”’…·%％,.;:?!)]";
  return kClosing.find(c) != std::u32string_view::npos;
}

// Never at the end of a line.
bool Opening(char32_t c) {
  constexpr std::u32string_view kOpening = U"（「『《〈【〔“‘([";
  return kOpening.find(c) != std::u32string_view::npos;
}

struct Unit {
  size_t at;  // byte offset
  char32_t c;
};

}  // namespace

std::vector<size_t> LineStarts(std::string_view text, double width,
                               const std::function<double(std::string_view)>& measure) {
  std::vector<Unit> units;
  for (size_t i = 0, n = 0; i < text.size(); i += n) units.push_back({i, Decode(text, i, &n)});
  // x[k]: where unit k starts, from the text's start; each unit measured once.
  std::vector<double> x(units.size() + 1, 0.0);
  for (size_t k = 0; k < units.size(); ++k) {
    const size_t end = k + 1 < units.size() ? units[k + 1].at : text.size();
    x[k + 1] = x[k] + measure(text.substr(units[k].at, end - units[k].at));
  }
  // A break is allowed before unit k (1 ≤ k < size) when …
  auto allowed = [&](size_t k) {
    const char32_t a = units[k - 1].c, b = units[k].c;
    // … the next visible character may start a line and the last may end one,
    size_t next = k;
    while (next < units.size() && Space(units[next].c)) ++next;
    if (next < units.size() && Closing(units[next].c)) return false;
    size_t last = k;
    while (last > 0 && Space(units[last - 1].c)) --last;
    if (last > 0 && Opening(units[last - 1].c)) return false;
    // … and it falls at a space or beside a CJK character.
    return Space(a) || Space(b) || Cjk(a) || Cjk(b);
  };
  std::vector<size_t> starts{0};
  size_t line = 0;  // the unit the current line starts at
  size_t best = 0;  // the last allowed break on this line (0: none yet)
  for (size_t k = 0; k < units.size();) {
    if (k > line && allowed(k)) best = k;
    // The line with unit k, trailing spaces hanging past the width.
    size_t end = k + 1;
    while (end > line + 1 && Space(units[end - 1].c)) --end;
    if (k == line || x[end] - x[line] <= width) {
      ++k;  // fits (a unit alone wider than a line stands alone)
      continue;
    }
    // Unit k overflows: break at the last allowed place, else just before it.
    size_t at = best > line ? best : k;
    while (at < units.size() && Space(units[at].c)) ++at;  // no line starts with a space
    if (at >= units.size()) break;
    starts.push_back(units[at].at);
    line = k = at;
    best = 0;
  }
  return starts;
}

std::string_view LineAt(std::string_view text, const std::vector<size_t>& starts, size_t k) {
  const size_t begin = starts[k];
  size_t end = k + 1 < starts.size() ? starts[k + 1] : text.size();
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  // A break after a full-width space (U+3000) drops it too.
  while (end >= begin + 3 && text.substr(end - 3, 3) == "\u3000") end -= 3;
  return text.substr(begin, end - begin);
}

}  // namespace viewer
