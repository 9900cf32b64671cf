#include "ops/demand_filter.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ops {

bool DemandFilter::Empty() const {
  return families.empty() && window == 0 &&
         std::all_of(stages.begin(), stages.end(), [](bool b) { return b; }) &&
         std::all_of(sources.begin(), sources.end(), [](bool b) { return b; });
}

namespace {

// "a、b、c" of the names whose flag is set, or "" when every one is.
template <size_t N, typename NameOf>
std::string Chosen(const std::array<bool, N>& on, NameOf name_of) {
  if (std::all_of(on.begin(), on.end(), [](bool b) { return b; })) return "";
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (!on[i]) continue;
    if (!out.empty()) out += "、";
    out += name_of(i);
  }
  return out.empty() ? "无" : out;
}

std::string WindowName(TimeMs window) {
  if (window % kDay == 0 && window >= 2 * kDay) return fmt::format("近{}天", window / kDay);
  if (window % kHour == 0) return fmt::format("近{}小时", window / kHour);
  return fmt::format("近{}分钟", window / kMinute);
}

}  // namespace

std::string DescribeFilter(const DemandFilter& filter, const Catalog& catalog) {
  std::vector<std::string> parts;
  if (!filter.families.empty()) {
    std::string names;
    for (const std::string& code : filter.families) {
      const Family* f = catalog.FindFamily(code);
      if (!names.empty()) names += "、";
      names += f ? f->zh : code;
    }
    parts.push_back("类别：" + names);
  }
  if (std::string s = Chosen(filter.stages, [](size_t i) { return kStageNames[i].zh; });
      !s.empty()) {
    parts.push_back("阶段：" + s);
  }
  if (std::string s = Chosen(filter.sources, [](size_t i) { return kSourceNames[i].zh; });
      !s.empty()) {
    parts.push_back("来源：" + s);
  }
  if (filter.window > 0) parts.push_back("受理于" + WindowName(filter.window));
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " · ") + p;
  return out;
}

FilterMatcher::FilterMatcher(const DemandFilter& filter, const Catalog& catalog, TimeMs now)
    : filter_(filter), since_(filter.window > 0 ? now - filter.window : 0) {
  for (const Category& c : catalog.categories) {
    if (std::find(filter.families.begin(), filter.families.end(), c.family) !=
        filter.families.end()) {
      categories_.insert(c.code);
    }
  }
}

bool FilterMatcher::operator()(const Demand& d) const {
  if (!filter_.stages[static_cast<size_t>(d.stage)]) return false;
  if (!filter_.sources[static_cast<size_t>(d.source)]) return false;
  if (filter_.window > 0 && d.received < since_) return false;
  if (!filter_.families.empty() && !categories_.contains(d.category)) return false;
  return true;
}

std::shared_ptr<const Kpis> FilteredKpis(const Snapshot& snapshot, const Catalog& catalog,
                                         const DemandFilter& filter) {
  if (filter.Empty()) return snapshot.kpis;
  auto kpis = std::make_shared<Kpis>();
  const Kpis& all = *snapshot.kpis;
  kpis->day_start = all.day_start;
  kpis->incidents_by_level = all.incidents_by_level;
  kpis->areas.resize(all.areas.size());
  // Keep what is not about demands.
  auto keep = [](AreaKpis& k, const AreaKpis& from) {
    k.sensors_warn = from.sensors_warn;
    k.sensors_alarm = from.sensors_alarm;
    k.incidents_active = from.incidents_active;
  };
  keep(kpis->county, all.county);
  for (size_t i = 0; i < all.areas.size(); ++i) keep(kpis->areas[i], all.areas[i]);
  const FilterMatcher matches(filter, catalog, snapshot.now);
  snapshot.demands.ForEach([&](const Demand& d) {
    if (matches(d)) AddKpisTo(*kpis, d.areas, DemandKpis(d, snapshot.now, all.day_start), +1);
  });
  return kpis;
}

}  // namespace ops
