// What the supervisor has narrowed the dashboard to: category families,
// stages, sources and a time window on when demands were received. Every
// layer, KPI and panel that counts demands goes through one DemandFilter, so
// the map, the header and the rankings always agree. Sensors and incidents
// are not demands: a filter leaves their counts alone.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "ops/catalog.hpp"
#include "ops/live_state.hpp"
#include "ops/model.hpp"
#include "ops/stage.hpp"

namespace ops {

struct DemandFilter {
  std::vector<std::string> families;  // Family::code; empty: every family
  std::array<bool, kStageCount> stages;
  std::array<bool, kSourceCount> sources;
  TimeMs window = 0;  // received within this long before now; 0: any time

  DemandFilter() {
    stages.fill(true);
    sources.fill(true);
  }
  // Whether it lets every demand through.
  bool Empty() const;
  bool operator==(const DemandFilter&) const = default;
};

// The filter as a sentence for the header, in Chinese ("诉求：环境卫生、物业管理 ·
// 阶段：办理中 · 近24小时"); "" when it is empty. Unknown family codes are
// shown as they are.
std::string DescribeFilter(const DemandFilter& filter, const Catalog& catalog);

// Matches demands against a filter at a moment; built once per recount, so
// the family test is one hash lookup of the category.
class FilterMatcher {
 public:
  FilterMatcher(const DemandFilter& filter, const Catalog& catalog, TimeMs now);
  bool operator()(const Demand& d) const;

 private:
  DemandFilter filter_;
  std::unordered_set<std::string> categories_;  // allowed; empty with no family filter
  TimeMs since_ = 0;
};

// The snapshot's KPIs counting only the demands the filter lets through
// (same rules as the live counters: ops::DemandKpis). Sensor and incident
// counts are the snapshot's. An empty filter returns the snapshot's own KPIs
// without a recount.
std::shared_ptr<const Kpis> FilteredKpis(const Snapshot& snapshot, const Catalog& catalog,
                                         const DemandFilter& filter);

}  // namespace ops
