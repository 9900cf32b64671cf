// The flags every subcommand that reads a county's grids shares.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "geo/error.hpp"
#include "geo/grid_set.hpp"

namespace viewer {

void AddGridOptions(CLI::App& cmd, std::string& grids, std::string& source_crs,
                    std::string& encoding);

// Resolves and loads what the flags name (the sample county by default).
geo::Result<geo::GridSet> LoadGrids(const std::string& grids, const std::string& source_crs,
                                    const std::string& encoding);

}  // namespace viewer
