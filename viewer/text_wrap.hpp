// Where a line of mixed Chinese and Latin text may break, and where it does
// at a given width (in O(length): each character measured once). ImGui's own wrapping breaks only at spaces, so a run of
// Chinese is cut wherever the width runs out, and a line can start with
// "，" or "）". Here a break may fall between any two CJK characters or at
// a space, but never before closing punctuation (，。、；：？！）」… and a
// separating "·") nor after opening punctuation (（「《“ …), the line-start
// and line-end rules of Chinese typesetting (行首行尾禁则). Latin words,
// numbers and URLs are kept whole unless one alone is wider than a line.
// Pure: the width of a piece of text comes from the caller.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

namespace viewer {

// The byte offsets at which each line of `text` starts when filled greedily
// to `width` (the first is 0); spaces at a break are dropped by the caller
// (see LineAt). `measure` gives the width of one character (its UTF-8
// bytes); a line's width is the sum of its characters', as ImGui lays text
// out without kerning.
std::vector<size_t> LineStarts(std::string_view text, double width,
                               const std::function<double(std::string_view)>& measure);

// Line `k` of `text` as broken by `starts`, without the spaces around the break.
std::string_view LineAt(std::string_view text, const std::vector<size_t>& starts, size_t k);

}  // namespace viewer
