#include "viewer/resources.hpp"

#include <filesystem>
#include <vector>
#include <fmt/format.h>

namespace viewer {

geo::Result<std::string> FindResourceDir(const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> tried;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = exe.parent_path(); tried.size() < 3 && !dir.empty();
         dir = dir.parent_path()) {
      tried.push_back(dir / name);
      if (dir == dir.parent_path()) break;
    }
  }
  tried.push_back(fs::path(GRIDOPS_SOURCE_DIR) / name);
  for (const fs::path& p : tried) {
    if (fs::is_directory(p, ec)) return p.string();
  }
  std::string list;
  for (const fs::path& p : tried) list += (list.empty() ? "" : ", ") + p.string();
  return geo::Fail(geo::ErrorCode::kNotFound,
                   fmt::format("gridops cannot find its {}/ folder (looked in {})", name, list));
}

}  // namespace viewer
