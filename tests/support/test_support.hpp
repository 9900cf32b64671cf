// What many tests need: a scratch folder, the shared third-party data, and the
// sample county loaded once.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "geo/load.hpp"

namespace test {

// A fresh folder under the system temp dir, removed with its content.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "gridops_test") {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / (prefix + "_" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // The path of `name` inside the folder.
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A file or folder of ../shared/data, as an absolute path.
inline std::string SharedData(const std::string& relative) {
  return std::string(GRIDOPS_SHARED_DATA) + "/" + relative;
}

// The bundled sample county, loaded once per test binary; a load failure
// fails the calling test and gives an empty set.
inline const geo::GridSet& SampleCounty() {
  static const geo::GridSet set = [] {
    auto s = geo::LoadGridSet(geo::GridSourceFromDirectory(geo::SampleCountyDirectory()));
    if (!s) ADD_FAILURE() << s.error().message;
    return s ? std::move(*s) : geo::GridSet{};
  }();
  return set;
}

}  // namespace test
