#include "ops/live_state.hpp"

#include <algorithm>
#include <functional>
#include <cassert>

namespace ops {

namespace {

constexpr TimeMs kChinaOffset = 8 * kHour;  // Asia/Shanghai, no daylight saving

// The levels a grid set delivers, in order, for the live-point index.
std::vector<uint32_t> PolygonsPerLevel(const geo::GridSet& grids) {
  std::vector<uint32_t> counts;
  for (int l = 0; l < geo::kLevelCount; ++l) {
    const auto n = static_cast<uint32_t>(grids.LevelCount(static_cast<geo::Level>(l)));
    if (n == 0) break;
    counts.push_back(n);
  }
  return counts;
}

}  // namespace

TimeMs LocalDayStart(TimeMs t) {
  const TimeMs local = t + kChinaOffset;
  const TimeMs day = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  return day * kDay - kChinaOffset;
}

LiveState::LiveState(const geo::GridSet& grids, const Catalog& catalog)
    : grids_(grids),
      catalog_(catalog),
      now_(NowMs()),
      sensors_(std::make_shared<std::vector<Sensor>>()),
      incidents_(std::make_shared<std::vector<Incident>>()),
      organisation_(std::make_shared<Organisation>()),
      kpis_(std::make_shared<Kpis>()) {
  kpis_->areas.resize(grids.features.size());
  kpis_->day_start = LocalDayStart(now_);
  geo::PointIndexOptions options;
  options.extent = grids.bounds;
  options.cell_size_m = geo::SuggestCellSize(grids.bounds, 100'000);
  options.polygons_per_level = PolygonsPerLevel(grids);
  point_levels_ = options.polygons_per_level.size();
  auto points = geo::PointIndex::Create(std::move(options));
  assert(points && "a loaded grid set has a finite, non-empty extent");
  points_ = std::move(*points);
}

// ---------------------------------------------------------------------------
// KPI arithmetic, shared with filtered recounts (ops/demand_filter.cpp)

void AddKpis(AreaKpis& k, const AreaKpis& d, int sign) {
  k.open += sign * d.open;
  k.overdue += sign * d.overdue;
  k.received_today += sign * d.received_today;
  k.closed_today += sign * d.closed_today;
  k.received += sign * d.received;
  k.closed += sign * d.closed;
  k.closed_on_time += sign * d.closed_on_time;
  k.reworked += sign * d.reworked;
  k.rated += sign * d.rated;
  k.satisfaction_sum += sign * d.satisfaction_sum;
  k.response_due += sign * d.response_due;
  k.responded_in_time += sign * d.responded_in_time;
  k.resolved += sign * d.resolved;
  k.sensors_warn += sign * d.sensors_warn;
  k.sensors_alarm += sign * d.sensors_alarm;
  k.incidents_active += sign * d.incidents_active;
}

void AddKpisTo(Kpis& kpis, const AreaIds& areas, const AreaKpis& d, int sign) {
  AddKpis(kpis.county, d, sign);
  for (geo::FeatureId f : areas) {
    if (f != geo::kNoFeature && f < kpis.areas.size()) AddKpis(kpis.areas[f], d, sign);
  }
}

namespace {

// The response counters at `at`, given whether the demand had responded by
// then (`responded_then`) or was still in received.
void CountResponse(AreaKpis& k, const Demand& d, TimeMs at, bool responded_then) {
  const TimeMs limit = d.received + ResponseLimit(d);
  if (responded_then) {
    k.response_due = 1;
    k.responded_in_time = d.responded <= limit;
  } else {
    k.response_due = at > limit;  // a miss once the limit has passed unanswered
  }
}

void CountClosed(AreaKpis& k, const Demand& d, TimeMs day_start) {
  k.closed = 1;
  k.closed_today = d.closed >= day_start && d.closed < day_start + kDay;
  k.closed_on_time = d.closed <= d.deadline;
  k.reworked = d.rework_count > 0;
  k.resolved = IsResolved(d);
  k.rated = d.satisfaction > 0;
  k.satisfaction_sum = d.satisfaction;
}

}  // namespace

AreaKpis DemandKpis(const Demand& d, TimeMs now, TimeMs day_start) {
  AreaKpis k;
  k.received = 1;
  k.received_today = d.received >= day_start && d.received < day_start + kDay;
  if (d.stage == Stage::kReceived) {
    CountResponse(k, d, now, false);
  } else if (d.responded != 0) {
    CountResponse(k, d, now, true);
  }  // else: past received with no known response time, left out of the rate
  if (d.Open()) {
    k.open = 1;
    k.overdue = now > d.deadline;
  } else {
    CountClosed(k, d, day_start);
  }
  return k;
}

AreaKpis DemandKpisAt(const Demand& d, TimeMs at, TimeMs day_start) {
  AreaKpis k;
  if (d.received > at) return k;
  k.received = 1;
  k.received_today = d.received >= day_start;
  if (d.responded != 0) {
    CountResponse(k, d, at, d.responded <= at);
  } else if (d.stage == Stage::kReceived) {
    CountResponse(k, d, at, false);
  }
  if (d.closed == 0 || d.closed > at) {
    k.open = 1;
    k.overdue = at > d.deadline;
  } else {
    CountClosed(k, d, day_start);
  }
  return k;
}

// ---------------------------------------------------------------------------
// KPI bookkeeping: every change subtracts the old contribution and adds the
// new one, so counters never drift from what a recount would give.

void LiveState::Add(const AreaIds& areas, const AreaKpis& d, int sign) {
  if (kpis_published_) {
    kpis_ = std::make_shared<Kpis>(*kpis_);
    kpis_published_ = false;
  }
  AddKpisTo(*kpis_, areas, d, sign);
}

void LiveState::CountDemand(const Demand& d, int sign) {
  Add(d.areas, DemandKpis(d, now_, kpis_->day_start), sign);
}

void LiveState::CountSensor(const Sensor& s, int sign) {
  AreaKpis k;
  k.sensors_warn = s.state == AlertState::kWarn;
  k.sensors_alarm = s.state == AlertState::kAlarm;
  Add(s.areas, k, sign);
}

void LiveState::CountIncident(const Incident& i, int sign) {
  if (i.stage == IncidentStage::kEnded) return;
  AreaKpis k;
  k.incidents_active = 1;
  Add(AreaIds{geo::kNoFeature, geo::kNoFeature, geo::kNoFeature, geo::kNoFeature}, k, sign);
  const int level = static_cast<int>(i.opened_as.level) - 1;
  if (level >= 0 && level < 4) kpis_->incidents_by_level[level] += sign;
}

void LiveState::RecountAll() {
  auto fresh = std::make_shared<Kpis>();
  fresh->areas.resize(grids_.features.size());
  fresh->day_start = LocalDayStart(now_);
  kpis_ = std::move(fresh);
  kpis_published_ = false;
  demands_.ForEach([&](const Demand& d) { CountDemand(d, +1); });
  for (const Sensor& s : *sensors_) CountSensor(s, +1);
  for (const Incident& i : *incidents_) CountIncident(i, +1);
}

void LiveState::AdvanceClock(TimeMs t) {
  if (t <= now_) return;
  if (LocalDayStart(t) != kpis_->day_start) {
    now_ = t;
    RecountAll();
    while (!deadlines_.empty() && deadlines_.top().first < now_) deadlines_.pop();
    while (!response_limits_.empty() && response_limits_.top().first < now_) {
      response_limits_.pop();
    }
    return;
  }
  // Demands whose deadline falls before `t` become overdue now, and those
  // still in received past their response limit become missed responses.
  std::vector<const Demand*> passing;
  while (!deadlines_.empty() && deadlines_.top().first < t) {
    const auto [deadline, id] = deadlines_.top();
    deadlines_.pop();
    const Demand* d = demands_.Find(id);
    if (d && d->Open() && d->deadline == deadline) passing.push_back(d);
  }
  while (!response_limits_.empty() && response_limits_.top().first < t) {
    const auto [limit, id] = response_limits_.top();
    response_limits_.pop();
    const Demand* d = demands_.Find(id);
    if (d && d->stage == Stage::kReceived && d->received + ResponseLimit(*d) == limit) {
      passing.push_back(d);
    }
  }
  // A demand passing both at once is recounted once.
  std::sort(passing.begin(), passing.end());
  passing.erase(std::unique(passing.begin(), passing.end()), passing.end());
  for (const Demand* d : passing) CountDemand(*d, -1);
  now_ = t;
  for (const Demand* d : passing) CountDemand(*d, +1);
}

// ---------------------------------------------------------------------------
// Demands

DemandTable::Chunk& LiveState::MutableChunk(size_t chunk) {
  if (chunk == demands_.chunks_.size()) {
    demands_.chunks_.push_back(std::make_shared<DemandTable::Chunk>());
    chunk_published_.push_back(false);
  } else if (chunk_published_[chunk]) {
    demands_.chunks_[chunk] = std::make_shared<DemandTable::Chunk>(*demands_.chunks_[chunk]);
    chunk_published_[chunk] = false;
  }
  // Unpublished chunks are this writer's alone.
  return const_cast<DemandTable::Chunk&>(*demands_.chunks_[chunk]);
}

void LiveState::UpdatePoint(const Demand* before, const Demand& after) {
  const auto id = static_cast<geo::PointId>(after.id);
  const bool was_open = before && before->Open();
  if (was_open && !after.Open()) {
    (void)points_->Remove(id);
    return;
  }
  if (!after.Open() || was_open) return;
  std::array<geo::PolygonId, geo::kLevelCount> polygons;
  const size_t levels = point_levels_;
  for (size_t l = 0; l < levels; ++l) {
    const geo::FeatureId f = after.areas[l];
    polygons[l] =
        f == geo::kNoFeature ? geo::kNoPolygon : f - grids_.LevelBegin(static_cast<geo::Level>(l));
  }
  (void)points_->Insert(id, after.xy, std::span(polygons.data(), levels));
}

void LiveState::AddDemand(Demand demand) {
  assert(demand.id == static_cast<int64_t>(demands_.size_) + 1 && "demand ids come in order");
  AdvanceClock(demand.updated);
  const size_t i = demands_.size_;
  auto& slot = MutableChunk(i / DemandTable::kChunk)[i % DemandTable::kChunk];
  slot = std::make_shared<const Demand>(std::move(demand));
  ++demands_.size_;
  CountDemand(*slot, +1);
  if (slot->Open() && slot->deadline >= now_) deadlines_.emplace(slot->deadline, slot->id);
  if (slot->stage == Stage::kReceived) {
    const TimeMs limit = slot->received + ResponseLimit(*slot);
    if (limit >= now_) response_limits_.emplace(limit, slot->id);
  }
  UpdatePoint(nullptr, *slot);
  NoteRecent(slot->id);
}

void LiveState::ReplaceDemand(Demand demand) {
  const Demand* before = demands_.Find(demand.id);
  assert(before && "ReplaceDemand needs an existing id");
  AdvanceClock(demand.updated);
  // The first move out of received is the response; the store's event
  // carries the demand as it was, so the time is set here, once.
  if (demand.responded == 0 && before->stage == Stage::kReceived &&
      demand.stage != Stage::kReceived) {
    demand.responded = demand.updated;
  }
  CountDemand(*before, -1);
  const size_t i = static_cast<size_t>(demand.id - 1);
  auto& slot = MutableChunk(i / DemandTable::kChunk)[i % DemandTable::kChunk];
  auto old = slot;  // keeps `before` alive for UpdatePoint
  slot = std::make_shared<const Demand>(std::move(demand));
  CountDemand(*slot, +1);
  UpdatePoint(old.get(), *slot);
  NoteRecent(slot->id);
}

void LiveState::SeedRecentDemands() {
  std::vector<std::pair<TimeMs, int64_t>> latest;  // (updated, id), a min-heap of the newest
  const size_t keep = RecentDemands::kCapacity;
  demands_.ForEach([&](const Demand& d) {
    const std::pair<TimeMs, int64_t> key{d.updated, d.id};
    if (latest.size() < keep) {
      latest.push_back(key);
      std::push_heap(latest.begin(), latest.end(), std::greater<>());
    } else if (key > latest.front()) {
      std::pop_heap(latest.begin(), latest.end(), std::greater<>());
      latest.back() = key;
      std::push_heap(latest.begin(), latest.end(), std::greater<>());
    }
  });
  std::sort(latest.begin(), latest.end());  // oldest first, as if applied so
  recent_ = std::make_shared<RecentDemands>();
  recent_published_ = false;
  for (const auto& [at, id] : latest) recent_->Add(id);
}

void LiveState::NoteRecent(int64_t id) {
  if (recent_published_) {
    recent_ = std::make_shared<RecentDemands>(*recent_);
    recent_published_ = false;
  }
  recent_->Add(id);
}

// ---------------------------------------------------------------------------
// Sensors, incidents, organisation

const Sensor* LiveState::FindSensor(std::string_view id) const {
  auto it = sensor_index_.find(std::string(id));
  return it == sensor_index_.end() ? nullptr : &(*sensors_)[it->second];
}

void LiveState::PutSensor(Sensor sensor) {
  AdvanceClock(sensor.last_at);
  if (sensors_published_) {
    sensors_ = std::make_shared<std::vector<Sensor>>(*sensors_);
    sensors_published_ = false;
  }
  auto [it, added] = sensor_index_.emplace(sensor.spec.id, sensors_->size());
  if (added) {
    sensors_->push_back(std::move(sensor));
  } else {
    CountSensor((*sensors_)[it->second], -1);
    (*sensors_)[it->second] = std::move(sensor);
  }
  CountSensor((*sensors_)[it->second], +1);
}

const Incident* LiveState::FindIncident(int64_t id) const {
  if (id < 1 || static_cast<size_t>(id) > incidents_->size()) return nullptr;
  return &(*incidents_)[static_cast<size_t>(id - 1)];
}

const Incident* LiveState::FindIncidentByCap(std::string_view sender,
                                             std::string_view identifier) const {
  for (const Incident& i : *incidents_) {
    if (i.opened_as.cap_identifier == identifier && i.opened_as.cap_sender == sender) return &i;
  }
  return nullptr;
}

void LiveState::PutIncident(Incident incident) {
  if (incidents_published_) {
    incidents_ = std::make_shared<std::vector<Incident>>(*incidents_);
    incidents_published_ = false;
  }
  const auto i = static_cast<size_t>(incident.id - 1);
  assert(i <= incidents_->size() && "incident ids come in order");
  if (i == incidents_->size()) {
    incidents_->push_back(std::move(incident));
  } else {
    CountIncident((*incidents_)[i], -1);
    (*incidents_)[i] = std::move(incident);
  }
  CountIncident((*incidents_)[i], +1);
}

void LiveState::SetOrganisation(Organisation organisation) {
  organisation_ = std::make_shared<const Organisation>(std::move(organisation));
}

std::shared_ptr<const Snapshot> LiveState::Publish(int64_t seq) {
  AdvanceClock(NowMs());
  auto s = std::make_shared<Snapshot>();
  s->seq = seq;
  s->now = now_;
  s->demands = demands_;
  std::fill(chunk_published_.begin(), chunk_published_.end(), true);
  s->sensors = sensors_;
  sensors_published_ = true;
  s->incidents = incidents_;
  incidents_published_ = true;
  s->organisation = organisation_;
  s->kpis = kpis_;
  kpis_published_ = true;
  s->open_points = points_->Publish();
  s->recent_demands = recent_;
  recent_published_ = true;
  latest_ = s;
  return s;
}

}  // namespace ops
