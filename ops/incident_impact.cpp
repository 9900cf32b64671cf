#include "ops/incident_impact.hpp"

#include <algorithm>
#include <cmath>

namespace ops {

std::vector<geo::Meters> IncidentRing(const IncidentInput& area,
                                      const geo::Transformer& to_display, double min_radius_m) {
  std::vector<geo::Meters> ring;
  if (area.polygon.size() >= 3) {
    for (const geo::LonLat& p : area.polygon) ring.push_back(to_display.Forward(p.lon, p.lat));
    if (ring.size() > 3 && ring.front().x == ring.back().x && ring.front().y == ring.back().y)
      ring.pop_back();  // a closed ring, as GeoJSON and CAP write them
  } else {
    const geo::Meters c = to_display.Forward(area.center.lon, area.center.lat);
    ring = geo::CircleRing(c, std::max(area.radius_m, min_radius_m));
  }
  const bool placed = std::all_of(ring.begin(), ring.end(), [](const geo::Meters& m) {
    return std::isfinite(m.x) && std::isfinite(m.y);
  });
  if (!placed || ring.size() < 3) ring.clear();
  return ring;
}

geo::Result<std::unique_ptr<ImpactCalculator>> ImpactCalculator::Create(
    const geo::GridSet& grids) {
  auto to_display = geo::Transformer::Create("EPSG:4490", grids.display_crs);
  if (!to_display) return std::unexpected(to_display.error());
  return std::unique_ptr<ImpactCalculator>(new ImpactCalculator(grids, std::move(*to_display)));
}

ImpactCalculator::ImpactCalculator(const geo::GridSet& grids, geo::Transformer to_display)
    : grids_(grids), to_display_(std::move(to_display)), overlap_(grids) {}

IncidentImpact ImpactCalculator::Of(const IncidentInput& area, const Snapshot& now) const {
  IncidentImpact out;
  const std::vector<geo::Meters> ring = Ring(area);
  if (ring.empty()) return out;
  for (int l = 0; l < 3; ++l) out.areas[l] = overlap_.Shares(static_cast<geo::Level>(l), ring);
  for (const geo::AreaShare& g : out.areas[static_cast<int>(geo::Level::kGrid)]) {
    const geo::Feature& f = grids_.features[g.feature];
    out.population += static_cast<double>(f.population) * g.share;
    out.households += static_cast<double>(f.households) * g.share;
  }
  if (now.open_points) {
    now.open_points->InPolygon(ring, [&](geo::PointId id, geo::Meters) {
      out.open_demands.push_back(static_cast<int64_t>(id));
    });
  }
  std::sort(out.open_demands.begin(), out.open_demands.end());  // ids come in order received
  for (const int64_t id : out.open_demands) {
    if (const Demand* d = now.demands.Find(id); d && d->Overdue(now.now)) ++out.overdue;
  }
  if (now.sensors) {
    for (const Sensor& s : *now.sensors) {
      if (!geo::RingContains(ring, s.xy)) continue;
      out.sensors.push_back(s.spec.id);
      if (s.state == AlertState::kWarn) ++out.sensors_warn;
      if (s.state == AlertState::kAlarm) ++out.sensors_alarm;
    }
  }
  return out;
}

}  // namespace ops
