// Writing frames to PNG (stb_image_write from Debian's libstb-dev).
#pragma once

#include <string>

#include "geo/error.hpp"

namespace viewer {

// Writes top-down RGBA8 pixels; the error names the path.
geo::Result<void> WritePng(const std::string& path, int width, int height,
                           const std::string& rgba);

}  // namespace viewer
