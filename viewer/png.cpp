#include "viewer/png.hpp"

#include <stb_image_write.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace viewer {

geo::Result<void> WritePng(const std::string& path, int width, int height,
                           const std::string& rgba) {
  errno = 0;
  if (!stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4)) {
    return geo::Fail(geo::ErrorCode::kUnreadable,
                     fmt::format("cannot write {}: {}", path,
                                 errno ? std::strerror(errno) : "PNG encoder failed"));
  }
  return {};
}

}  // namespace viewer
