// Small shared pieces for talking to GDAL/OGR: opening a vector source with a
// clear error, and naming a CRS.
#pragma once

#include <gdal_priv.h>

#include <string>

#include "geo/error.hpp"

class OGRSpatialReference;

namespace geo {

// Registers GDAL's drivers once; every entry point that opens data calls it.
void EnsureGdalRegistered();

// Opens `path` as a vector source (a .zip is read through /vsizip/). A missing
// path is kNotFound, anything GDAL cannot read as vector data is kUnreadable;
// both messages name the path and GDAL's reason, and GDAL prints nothing.
Result<GDALDatasetUniquePtr> OpenVector(const std::string& path);

// A CRS as PROJ reads it: "AUTHORITY:CODE" when the source names one, WKT
// otherwise.
std::string CrsString(const OGRSpatialReference& srs);
// A CRS for people: "EPSG:4490 (China Geodetic Coordinate System 2000)".
std::string CrsLabel(const OGRSpatialReference& srs);

}  // namespace geo
