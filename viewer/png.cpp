#include "viewer/png.hpp"

#include <stb_image.h>
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

geo::Result<PngImage> ReadPng(const std::string& path) {
  int w = 0, h = 0, channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &w, &h, &channels, 4);
  if (!data) {
    return geo::Fail(geo::ErrorCode::kUnreadable,
                     fmt::format("cannot read {}: {}", path, stbi_failure_reason()));
  }
  PngImage image{w, h, std::string(reinterpret_cast<const char*>(data), size_t(w) * h * 4)};
  stbi_image_free(data);
  return image;
}

}  // namespace viewer
