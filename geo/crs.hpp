// Coordinate reference systems through PROJ.
//
// Sources are read in their own CRS and transformed once into one projected
// display CRS in metres (a CGCS2000 3-degree Gauss-Krüger zone chosen from the
// data), where everything is kept. Axis order is normalised once for
// visualisation: longitude/easting first, whatever the authority says.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "geo/error.hpp"
#include "geo/geometry.hpp"

typedef struct pj_ctx PJ_CONTEXT;
typedef struct PJconsts PJ;

namespace geo {

// The EPSG code of the CGCS2000 3-degree Gauss-Krüger zone (central meridian
// in the name, no zone prefix on the easting) whose central meridian is
// nearest to `lon`: EPSG:4534 (75°E) … EPSG:4554 (135°E); 111°E is EPSG:4546.
// Outside China's meridians it falls back to the WGS 84 UTM zone.
std::string DisplayCrsFor(LonLat center);

// A move-only transformation between two CRSs, owning its PROJ context, so
// one Transformer must be used by one thread at a time.
class Transformer {
 public:
  // `source` and `target` are anything PROJ understands: "EPSG:4490", WKT,
  // a PROJ string. An unknown or malformed CRS is a kInvalidInput error that
  // quotes it.
  static Result<Transformer> Create(std::string_view source, std::string_view target);

  // Transforms coordinates in place. Returns false if any point failed (it is
  // then set to HUGE_VAL); the caller names the feature.
  bool Transform(std::span<double> xs, std::span<double> ys) const;
  // Convenience for one point; a failed point comes back as HUGE_VAL.
  Meters Forward(double x, double y) const;

  const std::string& source() const { return source_; }
  const std::string& target() const { return target_; }

 private:
  struct Deleter {
    void operator()(PJ* pj) const;
    void operator()(PJ_CONTEXT* ctx) const;
  };
  Transformer() = default;
  std::unique_ptr<PJ_CONTEXT, Deleter> ctx_;
  std::unique_ptr<PJ, Deleter> pj_;
  std::string source_;
  std::string target_;
};

}  // namespace geo
