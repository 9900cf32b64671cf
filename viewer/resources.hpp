// Finding gridops' own files (shaders/, assets/, data/) at run time.
#pragma once

#include <string>

#include "geo/error.hpp"

namespace viewer {

// `name` next to the running binary, one or two levels up (a build tree), or
// in the source tree the binary was built from. The error names every place
// looked at.
geo::Result<std::string> FindResourceDir(const std::string& name);

}  // namespace viewer
