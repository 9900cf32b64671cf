#include "viewer/commands/render_store.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include "ops/simulator.hpp"
#include "ops/store_sink.hpp"
#include "viewer/commands/grid_options.hpp"
#include "viewer/commands/serve_options.hpp"

namespace viewer {

namespace fs = std::filesystem;

std::expected<std::unique_ptr<RenderStore>, std::string> RenderStore::Open(const RenderOptions& o) {
  std::unique_ptr<RenderStore> r(new RenderStore());
  auto grids = LoadGrids(o.grids, o.source_crs, o.encoding);
  if (!grids) return std::unexpected(grids.error().message);
  r->grids_ = std::move(*grids);
  auto catalog = ops::LoadCatalog(ops::OpsDataDirectory());
  if (!catalog) return std::unexpected(catalog.error().message);
  r->catalog_ = std::move(*catalog);

  StoreFlags flags;
  flags.sync = "normal";  // a rendering needs no power-failure safety
  if (!o.db.empty()) {
    std::error_code ec;
    if (!fs::is_regular_file(o.db, ec)) {
      return std::unexpected(fmt::format("--db {}: no such file (a store made by `gridops serve` "
                                         "or `gridops view --db`)",
                                         o.db));
    }
    flags.db = o.db;
  } else {
    std::string pattern = (fs::temp_directory_path() / "gridops-render-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      return std::unexpected("cannot make a temporary folder for the simulated store");
    }
    r->temp_dir_ = pattern;
    flags.db = (r->temp_dir_ / "county.db").string();
  }
  auto store = OpenCountyStore(flags, o.grids, r->grids_, r->catalog_);
  if (!store) return std::unexpected(fmt::format("{}: {}", o.db.empty() ? "--simulate" : "--db " + o.db, store.error()));
  r->store_ = std::move(*store);

  if (o.db.empty()) {
    std::vector<ops::SensorSpec> sensors;
    const fs::path sensors_file = CountyDataDirectory(o.grids) / "sensors.json";
    if (fs::exists(sensors_file)) {
      if (auto s = ops::LoadSensors(sensors_file)) sensors = std::move(*s);
    }
    const ops::TimeMs now = ops::NowMs();
    const auto span = static_cast<ops::TimeMs>(o.simulate_hours * ops::kHour);
    ops::Simulator sim(r->grids_, r->catalog_, std::move(sensors),
                       ops::SimConfig{.seed = o.seed, .demands_per_hour = o.rate,
                                      .start = now - span});
    ops::StoreSink sink(*r->store_);
    sim.RunUntil(now, sink);
    r->description_ = fmt::format("simulated {} h, seed {}", o.simulate_hours, o.seed);
  } else {
    r->description_ = fmt::format("store {}", o.db);
  }
  const auto snapshot = r->store_->Latest();
  r->description_ += fmt::format(": {} demands, {} open", snapshot->demands.size(),
                                 snapshot->kpis->county.open);
  return r;
}

RenderStore::~RenderStore() {
  store_.reset();
  if (!temp_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_dir_, ec);
  }
}

LiveSource RenderStore::source() const {
  LiveSource s = LiveSourceOf(catalog_, *store_);
  // As `view` shows it: the desk may act on this store.
  s.commands = [store = store_.get()] { return std::make_unique<ops::StoreSink>(*store); };
  return s;
}

}  // namespace viewer
