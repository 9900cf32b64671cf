// Small text helpers the CAP reader and the CAP → incident mapping share.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace ops::cap_text {

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& values, std::string_view s) {
  return std::find(values.begin(), values.end(), s) != values.end();
}

inline bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace ops::cap_text
