// std::print arrives with GCC 14; until then, these two.
#pragma once

#include <cstdio>
#include <fmt/format.h>
#include <string>

namespace viewer {

template <typename... Args>
void Print(fmt::format_string<Args...> fmt, Args&&... args) {
  std::fputs((fmt::format(fmt, std::forward<Args>(args)...) + "\n").c_str(), stdout);
  std::fflush(stdout);  // a log file or pipe sees each line as it happens
}

template <typename... Args>
void PrintError(fmt::format_string<Args...> fmt, Args&&... args) {
  std::fputs((fmt::format(fmt, std::forward<Args>(args)...) + "\n").c_str(), stderr);
}

}  // namespace viewer
