#include "viewer/commands/grid_options.hpp"

#include "geo/load.hpp"

namespace viewer {

void AddGridOptions(CLI::App& cmd, std::string& grids, std::string& source_crs,
                    std::string& encoding) {
  cmd.add_option("--grids", grids,
                 "a grid-set file (.json), a folder of communities/grids/compounds.shp, or one "
                 "vector source (default: the bundled sample county)");
  cmd.add_option("--source-crs", source_crs,
                 "the sources' CRS when they declare none or declare it wrong: EPSG:4490, "
                 "EPSG:4546, a WKT or PROJ string, or gcj02 / bd09 for web-map coordinates");
  cmd.add_option("--encoding", encoding,
                 "the sources' text encoding, overriding .cpg and DBF: GBK, UTF-8, ISO-8859-1, …");
}

geo::Result<geo::GridSet> LoadGrids(const std::string& grids, const std::string& source_crs,
                                    const std::string& encoding) {
  auto source = geo::ResolveGridSource(grids.empty() ? geo::SampleCountyDirectory() : grids);
  if (!source) return std::unexpected(source.error());
  if (!source_crs.empty()) source->source_crs = source_crs;
  if (!encoding.empty()) source->encoding = encoding;
  return geo::LoadGridSet(*source);
}

}  // namespace viewer
