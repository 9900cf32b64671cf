// Loading a county's grid areas from OGR vector sources into a GridSet.
#pragma once

#include "geo/error.hpp"
#include "geo/grid_set.hpp"
#include "geo/grid_source.hpp"

namespace geo {

// Reads every delivered level and transforms it into one display CRS chosen
// from the data (DisplayCrsFor the top level's centre), then links the
// hierarchy (geo/hierarchy.hpp).
//
// Text: decoded as the source declares (.cpg, DBF language-driver byte),
// detected from the bytes where nothing says, or as `source.encoding` says.
// CRS: the layer's own; with none, coordinates that are plausibly lon/lat in
// China are taken as CGCS2000 with a note, anything else is refused with a
// sentence asking for --source-crs. `source.source_crs` overrides, and
// "gcj02" / "bd09" undo the Chinese web-map offsets.
// Geometry: invalid polygons are made valid (GEOS through GDAL), rings
// oriented outer counter-clockwise, Z/M dropped, curves linearised; null,
// empty and non-polygon features are skipped. Every such act is counted in
// the level's LevelReport and noted.
// Codes: a level without a code field is refused, but a flat source (one
// layer given alone) is then known by its FIDs, with a note.
// Errors (a missing file, an unreadable source, no code field, no polygon, an
// unknown CRS or encoding) are one line that names the file and what to do;
// no message, note or report repeats a PostGIS connection's password.
Result<GridSet> LoadGridSet(const GridSource& source);

}  // namespace geo
