// Frames to and from PNG (stb_image and stb_image_write from Debian's
// libstb-dev).
#pragma once

#include <string>

#include "geo/error.hpp"

namespace viewer {

// Writes top-down RGBA8 pixels; the error names the path.
geo::Result<void> WritePng(const std::string& path, int width, int height,
                           const std::string& rgba);

struct PngImage {
  int width = 0, height = 0;
  std::string rgba;  // top-down RGBA8
};
// Reads any PNG as RGBA8; the error names the path and stb's reason.
geo::Result<PngImage> ReadPng(const std::string& path);

}  // namespace viewer
