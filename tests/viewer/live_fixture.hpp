// A crafted live county for the rendering tests: the sample county with
// demands in every stage (some overdue), its 60 sensors (two in warn, two in
// alarm) and two active incidents (a level II circle, a level IV polygon)
// and one ended, all at fixed times in 2030 so every frame is the same on
// every run (the live clock never runs behind its latest event).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "geo/crs.hpp"
#include "geo/polygon_index.hpp"
#include "ops/catalog.hpp"
#include "ops/incident_log.hpp"
#include "ops/live_state.hpp"
#include "ops/locator.hpp"
#include "support/test_support.hpp"
#include "viewer/dashboard.hpp"

namespace viewer::test_live {

// 2030-06-03 10:00 Asia/Shanghai.
inline constexpr ops::TimeMs kNow = 1'906'682'400'000;

inline const ops::Catalog& Catalog() {
  static const ops::Catalog catalog = [] {
    auto c = ops::LoadCatalog(ops::OpsDataDirectory());
    if (!c) ADD_FAILURE() << c.error().message;
    return c ? std::move(*c) : ops::Catalog{};
  }();
  return catalog;
}

// A small deterministic generator (not std::uniform_*: their output may
// differ between standard libraries, and the golden images must not).
struct Lcg {
  uint64_t state;
  uint32_t Next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  }
  double Unit() { return Next() / 2147483648.0; }  // [0, 1)
};

inline std::shared_ptr<const ops::Snapshot> CraftedSnapshot() {
  static const std::shared_ptr<const ops::Snapshot> snapshot = [] {
    const geo::GridSet& g = test::SampleCounty();
    static const geo::PolygonIndex index = geo::PolygonIndex::Build(g);
    const ops::Locator locator(g, index);
    auto to_lonlat = geo::Transformer::Create(g.display_crs, "EPSG:4490");
    EXPECT_TRUE(to_lonlat.has_value());
    ops::LiveState live(g, Catalog());
    live.AdvanceClock(kNow);
    auto lonlat_of = [&](geo::Meters m) {
      const geo::Meters ll = to_lonlat->Forward(m.x, m.y);
      return geo::LonLat{ll.x, ll.y};
    };

    // Demands: a busy cluster in the first community's grids, a few
    // elsewhere; stages cycling, every seventh received days ago (overdue).
    Lcg rng{20300603};
    int64_t id = 0;
    const geo::FeatureId first_grid = g.LevelBegin(geo::Level::kGrid);
    for (geo::FeatureId grid = first_grid; grid < g.LevelEnd(geo::Level::kGrid); ++grid) {
      const bool hot = g.features[grid].parent == g.features[first_grid].parent;
      const int n = hot ? 14 : static_cast<int>(rng.Next() % 5);
      const geo::Bounds& b = g.features[grid].bounds;
      for (int k = 0; k < n; ++k) {
        // A point of the grid: try spots in its bounds until one is inside.
        geo::Meters at = g.features[grid].label_point;
        for (int tries = 0; tries < 20; ++tries) {
          const geo::Meters p{b.min_x + rng.Unit() * (b.max_x - b.min_x),
                              b.min_y + rng.Unit() * (b.max_y - b.min_y)};
          if (index.Deepest(p) != geo::kNoFeature &&
              std::find(g.features[grid].children.begin(), g.features[grid].children.end(),
                        index.Deepest(p)) != g.features[grid].children.end()) {
            at = p;
            break;
          }
        }
        auto located = locator.Locate(lonlat_of(at));
        if (!located) continue;
        ops::Demand d;
        d.id = ++id;
        d.category = Catalog().categories[rng.Next() % Catalog().categories.size()].code;
        d.source = static_cast<ops::Source>(rng.Next() % ops::kSourceCount);
        d.description = "网格员巡查发现";
        d.lonlat = lonlat_of(at);
        d.xy = located->xy;
        d.areas = located->areas;
        d.stage = static_cast<ops::Stage>(id % 5);  // open stages only
        d.received = kNow - (id % 7 == 0 ? 5 * ops::kDay : static_cast<ops::TimeMs>(rng.Next() % 20) * ops::kHour);
        d.updated = d.received;
        d.deadline = d.received + 3 * ops::kDay;
        // Past received: dispatched 25 min after receipt, or 26 h (late
        // for the 24 h response limit) for some of the old ones.
        if (d.stage != ops::Stage::kReceived) {
          d.responded = d.received + (id % 14 == 0 ? 26 * ops::kHour : 25 * ops::kMinute);
        }
        live.AddDemand(std::move(d));
      }
    }
    // Some closed ones, for the rates: every fifth late; none after "now".
    for (int k = 0; k < 40; ++k) {
      ops::Demand d = *live.FindDemand(1 + k * 3);
      if (d.stage == ops::Stage::kReceived) d.responded = d.received + 40 * ops::kMinute;
      d.stage = ops::Stage::kClosed;
      d.closed = std::min(d.received + (k % 5 == 0 ? 4 * ops::kDay : 6 * ops::kHour),
                          kNow - ops::kMinute);
      d.updated = d.closed;
      d.satisfaction = 3 + k % 3;
      d.rework_count = k % 9 == 0;
      live.ReplaceDemand(std::move(d));
    }

    // Sensors from the sample county's network.
    auto specs = ops::LoadSensors(std::filesystem::path(geo::SampleCountyDirectory()) / "sensors.json");
    EXPECT_TRUE(specs.has_value());
    for (size_t i = 0; specs && i < specs->size(); ++i) {
      ops::Sensor s;
      s.spec = (*specs)[i];
      auto located = locator.Locate(s.spec.location);
      if (!located) continue;
      s.xy = located->xy;
      s.areas = located->areas;
      s.state = i % 17 == 3 ? ops::AlertState::kAlarm
                : i % 13 == 5 ? ops::AlertState::kWarn
                              : ops::AlertState::kNormal;
      s.last_at = kNow - ops::kMinute;
      // Readings that agree with the state (the point detail shows them).
      const double step = s.spec.alarm - s.spec.warn;
      s.last_value = s.state == ops::AlertState::kAlarm  ? s.spec.alarm + 0.4 * step
                     : s.state == ops::AlertState::kWarn ? s.spec.warn + 0.4 * step
                                                         : s.spec.warn - 1.5 * step;
      live.PutSensor(std::move(s));
    }

    // Incidents: a level II circle in the busy community, a level IV
    // polygon around another grid, and one ended (not drawn).
    auto incident = [&](int64_t iid, ops::IncidentLevel level, ops::IncidentStage stage) {
      ops::Incident i;
      i.id = iid;
      i.opened_as.level = level;
      i.opened_as.klass = ops::IncidentClass::kNaturalDisaster;
      i.opened_as.title = "黄河汛期水位超警";
      i.stage = stage;
      i.opened = kNow - ops::kHour;
      return i;
    };
    ops::Incident flood = incident(1, ops::IncidentLevel::kII, ops::IncidentStage::kResponding);
    flood.opened_as.center = lonlat_of(g.features[first_grid].label_point);
    flood.opened_as.radius_m = 900;
    const std::string departments[] = {"emergency", "water_resources", "fire", "health"};
    for (size_t k = 0; k < 4; ++k) {
      ops::Summons m;
      m.department = departments[k];
      m.summoned = kNow - 50 * ops::kMinute;
      m.deadline = m.summoned + 30 * ops::kMinute;
      if (k == 0) m.reported = m.summoned + 12 * ops::kMinute;
      if (k == 1) m.reported = m.summoned + 41 * ops::kMinute;  // late
      if (k == 2) m.escalated = m.deadline + ops::kMinute;     // late, not yet in
      flood.summons.push_back(m);
    }
    // The log as the store writes it: a note, then lines worded from their parts.
    auto logged = [&](ops::TimeMs at, const char* actor, ops::LogEntry line) {
      line = ops::Worded(std::move(line), Catalog());
      line.at = at;
      line.actor = actor;
      flood.log.push_back(std::move(line));
    };
    flood.log.push_back(
        ops::NoteLine(kNow - ops::kHour, "县应急指挥中心", "接报：黄河府谷段水位超警戒线"));
    logged(kNow - ops::kHour, "值班长 李强",
           ops::OpenedLine(ops::IncidentLevel::kII, "黄河汛期水位超警", ""));
    std::vector<ops::LogDepartment> summoned;
    for (const std::string& code : departments) summoned.push_back({code, 30});
    logged(kNow - 50 * ops::kMinute, "值班长 李强", ops::SummonsLine(summoned));
    logged(kNow - 38 * ops::kMinute, "应急局 王明", ops::ReportInLine("emergency", 0));
    logged(kNow - 19 * ops::kMinute, "gridops", ops::EscalatedLine("fire"));
    logged(kNow - 9 * ops::kMinute, "水利局 赵工", ops::ReportInLine("water_resources", 11));
    live.PutIncident(flood);
    ops::Incident gas = incident(2, ops::IncidentLevel::kIV, ops::IncidentStage::kHandling);
    const geo::Bounds& b = g.features[g.LevelEnd(geo::Level::kGrid) - 3].bounds;
    for (geo::Meters m : {geo::Meters{b.min_x, b.min_y}, geo::Meters{b.max_x, b.min_y},
                          geo::Meters{b.max_x, b.max_y}, geo::Meters{b.min_x, b.max_y}}) {
      gas.opened_as.polygon.push_back(lonlat_of(m));
    }
    live.PutIncident(gas);
    ops::Incident over = incident(3, ops::IncidentLevel::kI, ops::IncidentStage::kEnded);
    over.opened_as.center = lonlat_of(g.features[first_grid + 20].label_point);
    over.opened_as.radius_m = 2000;
    live.PutIncident(over);
    return live.Publish(id + 100);
  }();
  return snapshot;
}

inline LiveSource CraftedSource() {
  LiveSource source;
  source.catalog = &Catalog();
  source.latest = [] { return CraftedSnapshot(); };
  return source;
}

}  // namespace viewer::test_live
