// ops::Replay (replay.hpp): the county at a past moment, from the event log.
//
// [SECTION] Open and read the log: when each event comes into force
// [SECTION] At: seek the cursor, keyframes, the trail
// [SECTION] What depends on the moment: KPIs, sensors' last readings
#include "ops/replay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>

#include "ops/store.hpp"
#include "ops/store_writer.hpp"

namespace ops {

using nlohmann::json;

namespace {

// Where set-up events sort: before every event of the county's timeline.
constexpr TimeMs kSetUp = std::numeric_limits<TimeMs>::min();
// No keyframe closer than this many events to the one before: replaying
// them costs less than the keyframe's memory is worth.
constexpr size_t kMinKeyframeGap = 64;
// Restarting from a keyframe rebuilds a live state (1–3 µs a demand,
// measured) where going forward decodes and applies each event (10–20 µs):
// a keyframe ahead of the cursor is worth a restart when it skips more
// events than this plus an eighth of the demands.
constexpr size_t kRestartEvents = 1024;
// A trail (see Replay::trail_) covers at most this many events before the
// position asked.
constexpr size_t kMaxTrail = 1024;

bool IsSetUp(std::string_view kind) {
  return kind == "sensor.registered" || kind.starts_with("org.");
}

// The id in an entity such as "demand/7"; 0 when it is not `prefix` + id.
int64_t IdIn(std::string_view entity, std::string_view prefix) {
  if (!entity.starts_with(prefix)) return 0;
  entity.remove_prefix(prefix.size());
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(entity.data(), entity.data() + entity.size(), id);
  return ec == std::errc() && end == entity.data() + entity.size() && id > 0 ? id : 0;
}

// The slot of `id` in a chain by id - 1, grown as ids come.
TimeMs& ChainSlot(std::vector<TimeMs>& chain, int64_t id) {
  const auto i = static_cast<size_t>(id - 1);
  if (i >= chain.size()) chain.resize(i + 1, kSetUp);
  return chain[i];
}

TimeMs FloorDiv(TimeMs t, TimeMs d) {
  return t >= 0 ? t / d : (t - d + 1) / d;
}

// Resets a statement however the scope ends, so no read transaction stays
// open (it would hold back the live store's checkpoints).
struct Rewind {
  sql::Statement& statement;
  ~Rewind() { statement.Reset(); }
};

// One read transaction around the reads of one At(): they all see the same
// moment of the file, and the WAL read lock is taken once, not per query.
class ReadTransaction {
 public:
  explicit ReadTransaction(sql::Database& db) : db_(db) { db_.Exec("BEGIN"); }
  ~ReadTransaction() { sqlite3_exec(db_.get(), "COMMIT", nullptr, nullptr, nullptr); }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  sql::Database& db_;
};

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Open and read the log: when each event comes into force

Replay::Replay(sql::Database db, const geo::GridSet& grids, const Catalog& catalog,
               ReplayOptions options)
    : db_(std::move(db)),
      grids_(grids),
      catalog_(catalog),
      options_(options),
      spacing_(std::max<TimeMs>(options.keyframe_every, 1)),
      index_(geo::PolygonIndex::Build(grids)),
      locator_(grids, index_),
      codes_(grids),
      last_new_demand_(kSetUp),
      last_new_incident_(kSetUp) {
  read_events_.emplace(db_, "SELECT seq, at, kind, entity FROM events WHERE seq > ? ORDER BY seq");
  read_payloads_.emplace(
      db_, "SELECT seq, kind, payload FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq");
  last_reading_.emplace(
      db_, "SELECT at, value FROM readings WHERE sensor = ? AND at <= ? ORDER BY at DESC LIMIT 1");
  last_hourly_.emplace(db_,
                       "SELECT hour, mean FROM readings_hourly WHERE sensor = ? AND hour <= ? "
                       "ORDER BY hour DESC LIMIT 1");
  empty_ = LiveState(grids, catalog).Publish(0);
}

Replay::~Replay() = default;

geo::Result<std::unique_ptr<Replay>> Replay::Open(const std::filesystem::path& path,
                                                  const geo::GridSet& grids, const Catalog& catalog,
                                                  ReplayOptions options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return geo::Fail(geo::ErrorCode::kNotFound,
                     fmt::format("{}: no such store file", path.string()));
  }
  const std::string name = path.string();
  try {
    sql::Database db = sql::Database::Open(name, false, true);
    int version = 0;
    bool has_log = false;
    {
      sql::Statement v(db, "PRAGMA user_version");
      if (v.Step()) version = static_cast<int>(v.Int(0));
      sql::Statement t(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'");
      has_log = t.Step();
    }
    if (version == 0 || !has_log) {
      return geo::Fail(geo::ErrorCode::kUnreadable,
                       fmt::format("{}: not a gridops store (no event log)", name));
    }
    if (version > StoreSchemaVersion()) {
      return geo::Fail(geo::ErrorCode::kUnsupported,
                       fmt::format("{}: schema version {} is newer than this gridops knows ({}); "
                                   "use a newer gridops",
                                   name, version, StoreSchemaVersion()));
    }
    std::unique_ptr<Replay> replay(new Replay(std::move(db), grids, catalog, options));
    replay->ReadEvents();
    return replay;
  } catch (const sql::Error& e) {
    if ((e.code() & 0xff) == SQLITE_NOTADB) {
      return geo::Fail(geo::ErrorCode::kUnreadable,
                       fmt::format("{}: not a gridops store (not an SQLite database)", name));
    }
    return geo::Fail(geo::ErrorCode::kUnreadable, fmt::format("{}: {}", name, e.what()));
  }
}

geo::Result<size_t> Replay::Refresh() {
  const size_t before = entries_.size();
  size_t first_moved = 0;
  try {
    first_moved = ReadEvents();
  } catch (const sql::Error& e) {
    return geo::Fail(geo::ErrorCode::kUnreadable, fmt::format("{}: {}", db_.path(), e.what()));
  }
  // Keyframes and the cursor past the first entry that moved saw a log
  // without the new events where they now belong.
  std::erase_if(keyframes_, [&](const Keyframe& k) { return k.position > first_moved; });
  std::erase_if(trail_, [&](const auto& step) { return step.first > first_moved; });
  if (state_ && position_ > first_moved) {
    state_.reset();
    raw_.reset();
  }
  last_.reset();
  return entries_.size() - before;
}

size_t Replay::ReadEvents() {
  const size_t before = entries_.size();
  const int64_t last_before = last_seq_;
  {
    Rewind rewind{*read_events_};
    read_events_->Bind(1, last_seq_);
    while (read_events_->Step()) {
      Entry e;
      e.seq = read_events_->Int(0);
      const TimeMs at = read_events_->Int(1);
      const std::string_view kind = read_events_->TextView(2);
      e.in_force = InForce(at, kind, read_events_->TextView(3), e.demand);
      const TimeMs shown = e.in_force == kSetUp ? at : e.in_force;
      earliest_ = entries_.empty() ? shown : std::min(earliest_, shown);
      latest_ = entries_.empty() ? shown : std::max(latest_, shown);
      last_seq_ = e.seq;
      entries_.push_back(e);
    }
  }
  // New events usually come into force after all the others; the rest
  // (set-up events, late reports) sort into place.
  auto order = [](const Entry& a, const Entry& b) {
    return a.in_force != b.in_force ? a.in_force < b.in_force : a.seq < b.seq;
  };
  const auto old_end = entries_.begin() + static_cast<ptrdiff_t>(before);
  if (std::is_sorted(before ? old_end - 1 : old_end, entries_.end(), order)) {
    return before;
  }
  std::sort(entries_.begin(), entries_.end(), order);
  size_t first = 0;
  while (entries_[first].seq <= last_before) ++first;
  return first;
}

TimeMs Replay::InForce(TimeMs at, std::string_view kind, std::string_view entity, int64_t& demand) {
  if (IsSetUp(kind)) return kSetUp;
  // After the entity's own last event (and, for a new one, after the one
  // with the previous id): a chain's times never go back.
  auto chain = [&](TimeMs& last, TimeMs* last_new) {
    TimeMs t = std::max(at, last);
    if (last_new) t = *last_new = std::max(t, *last_new);
    return last = t;
  };
  if (const int64_t id = IdIn(entity, "demand/"); id && kind.starts_with("demand.")) {
    demand = id;
    return chain(ChainSlot(demand_chain_, id),
                 kind == "demand.received" ? &last_new_demand_ : nullptr);
  }
  if (const int64_t id = IdIn(entity, "incident/"); id && kind.starts_with("incident.")) {
    return chain(ChainSlot(incident_chain_, id),
                 kind == "incident.opened" ? &last_new_incident_ : nullptr);
  }
  if (kind == "sensor.state") {
    auto [it, added] = sensor_chain_.try_emplace(std::string(entity), kSetUp);
    return chain(it->second, nullptr);
  }
  return at;  // a kind this gridops does not know decodes to nothing
}

// ---------------------------------------------------------------------------
// [SECTION] At: seek the cursor, keyframes, the trail

size_t Replay::PositionAt(TimeMs t) const {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), t,
                             [](TimeMs v, const Entry& e) { return v < e.in_force; });
  return static_cast<size_t>(it - entries_.begin());
}

geo::Result<std::shared_ptr<const Snapshot>> Replay::At(TimeMs t) {
  t = std::min(t, std::max(latest_, NowMs()));
  if (entries_.empty() || t < earliest_) return EmptyAt(t);
  const size_t position = PositionAt(t);
  if (last_ && last_position_ == position && last_t_ == t) return last_;
  try {
    ReadTransaction reading(db_);
    std::shared_ptr<const Snapshot> raw = FromTrail(position);
    if (!raw) {
      Seek(position);
      if (!raw_) raw_ = state_->Publish(cursor_seq_);
      raw = raw_;
    }
    last_ = AsOf(*raw, t, position);
  } catch (const std::exception& e) {
    // sql::Error, or a payload its kind cannot read: the cursor is half
    // way; the next At() restarts from a keyframe.
    state_.reset();
    raw_.reset();
    last_.reset();
    return geo::Fail(geo::ErrorCode::kUnreadable, fmt::format("{}: {}", db_.path(), e.what()));
  }
  last_position_ = position;
  last_t_ = t;
  return last_;
}

void Replay::Seek(size_t position) {
  // The keyframe at or before `position` nearest to it.
  auto after = std::upper_bound(keyframes_.begin(), keyframes_.end(), position,
                                [](size_t p, const Keyframe& k) { return p < k.position; });
  const Keyframe* nearest = after == keyframes_.begin() ? nullptr : &*(after - 1);
  if (state_ && position_ > position) {
    Restart(nearest);
    return Advance(position, true);  // a scrub backward: the next steps come from the trail
  }
  if (!state_ || (nearest && nearest->position > position_ &&
                  nearest->position - position_ > kRestartEvents + state_->DemandCount() / 8)) {
    Restart(nearest);
  }
  Advance(position, false);
}

std::shared_ptr<const Snapshot> Replay::FromTrail(size_t position) const {
  auto it = std::lower_bound(trail_.begin(), trail_.end(), position,
                             [](const auto& step, size_t p) { return step.first < p; });
  return it != trail_.end() && it->first == position ? it->second : nullptr;
}

void Replay::Restart(const Keyframe* from) {
  state_ = std::make_unique<LiveState>(grids_, catalog_);
  position_ = 0;
  cursor_seq_ = 0;
  raw_.reset();
  trail_.clear();
  if (!from) return;
  const Snapshot& s = *from->snapshot;
  state_->SetOrganisation(*s.organisation);
  for (const Sensor& x : *s.sensors) state_->PutSensor(x);
  for (const Incident& i : *s.incidents) state_->PutIncident(i);
  s.demands.ForEach([&](const Demand& d) { state_->AddDemand(d); });
  state_->SeedRecentDemands();
  position_ = from->position;
  cursor_seq_ = s.seq;
  raw_ = from->snapshot;
}

void Replay::Advance(size_t position, bool trail) {
  if (position_ >= position) return;
  // With `trail`, a snapshot at each position an At() can ask for (where
  // the time events come into force changes) up to `position`.
  const size_t trail_from =
      trail ? std::max(position_, position - std::min(position, kMaxTrail)) : position;
  std::shared_ptr<const Snapshot> here = std::move(raw_);  // published at position_, if at all
  auto leave_trail = [&](size_t i) {
    if (i < trail_from || (i > 0 && entries_[i].in_force == entries_[i - 1].in_force)) return;
    if (!here) {
      here = !keyframes_.empty() && keyframes_.back().position == i ? keyframes_.back().snapshot
                                                                    : state_->Publish(cursor_seq_);
    }
    trail_.emplace_back(i, std::move(here));
  };
  // Consecutive seqs are read with one statement: in a log written in time
  // order that is all of them.
  while (position_ < position) {
    size_t end = position_ + 1;
    while (end < position && entries_[end].seq == entries_[end - 1].seq + 1) ++end;
    Rewind rewind{*read_payloads_};
    read_payloads_->Bind(1, entries_[position_].seq).Bind(2, entries_[end - 1].seq);
    for (size_t i = position_; i < end; ++i) {
      if (!read_payloads_->Step() || read_payloads_->Int(0) != entries_[i].seq) {
        throw sql::Error(SQLITE_CORRUPT,
                         fmt::format("event {} is missing from the log", entries_[i].seq));
      }
      MaybeKeyframe(i);
      leave_trail(i);
      here.reset();
      ApplyChange(DecodeEvent(read_payloads_->TextView(1), json::parse(read_payloads_->TextView(2)),
                              *state_, codes_, locator_),
                  *state_);
      position_ = i + 1;
      cursor_seq_ = std::max(cursor_seq_, entries_[i].seq);
    }
  }
  if (trail) {
    raw_ = state_->Publish(cursor_seq_);
    trail_.emplace_back(position_, raw_);
  }
}

// Before applying entries_[position]: a keyframe when it is the first event
// of the timeline or the first past a multiple of the spacing.
void Replay::MaybeKeyframe(size_t position) {
  if (position == 0) return;
  const TimeMs next = entries_[position].in_force, before = entries_[position - 1].in_force;
  if (next == kSetUp) return;
  if (before != kSetUp && FloorDiv(next, spacing_) == FloorDiv(before, spacing_)) return;
  if (!keyframes_.empty() && position < keyframes_.back().position + kMinKeyframeGap) return;
  keyframes_.push_back(
      Keyframe{position, FloorDiv(next, spacing_) * spacing_, state_->Publish(cursor_seq_)});
  // Too many: double the spacing, keeping the first (the timeline's start).
  constexpr TimeMs kLongest = 100 * 365 * kDay;
  const size_t each = 16 * state_->DemandCount() + sizeof(AreaKpis) * grids_.features.size();
  const size_t most =
      std::max<size_t>(std::min(options_.max_keyframes, options_.keyframe_bytes / each), 2);
  while (keyframes_.size() > most && spacing_ < kLongest) {
    spacing_ *= 2;
    auto kept = keyframes_.begin() + 1;
    for (auto k = kept; k != keyframes_.end(); ++k) {
      if (k->label % spacing_ != 0) continue;
      if (kept != k) *kept = std::move(*k);
      ++kept;
    }
    keyframes_.erase(kept, keyframes_.end());
  }
}

// ---------------------------------------------------------------------------
// [SECTION] What depends on the moment: KPIs, sensors' last readings

std::shared_ptr<const Snapshot> Replay::AsOf(const Snapshot& raw, TimeMs t, size_t position) {
  auto s = std::make_shared<Snapshot>(raw);
  s->now = t;
  s->kpis = KpisAt(raw, t, position);
  s->sensors = SensorsAt(raw.sensors, t);
  return s;
}

std::shared_ptr<const Snapshot> Replay::EmptyAt(TimeMs t) const {
  auto s = std::make_shared<Snapshot>(*empty_);
  s->now = t;
  auto kpis = std::make_shared<Kpis>(*empty_->kpis);
  kpis->day_start = LocalDayStart(t);
  s->kpis = std::move(kpis);
  return s;
}

// The cursor's KPIs count what does not depend on the clock (open, closed,
// rates, sensors, incidents) exactly; overdue and today's counts are
// counted again at `t`, on the live counters' own rules (DemandKpis).
std::shared_ptr<const Kpis> Replay::KpisAt(const Snapshot& raw, TimeMs t, size_t position) {
  auto kpis = std::make_shared<Kpis>(*raw.kpis);
  kpis->day_start = LocalDayStart(t);
  auto clear = [](AreaKpis& k) { k.overdue = k.received_today = k.closed_today = 0; };
  clear(kpis->county);
  for (AreaKpis& k : kpis->areas) clear(k);
  // Adds one demand's `field` (a few counters, not all thirteen: this runs
  // for every open demand at every step of a replay).
  auto add = [&](const Demand& d, int32_t AreaKpis::*field, int32_t value) {
    if (value == 0) return;
    kpis->county.*field += value;
    for (geo::FeatureId f : d.areas) {
      if (f != geo::kNoFeature && f < kpis->areas.size()) kpis->areas[f].*field += value;
    }
  };
  auto count = [&](const Demand* d, bool overdue, bool today) {
    if (!d) return;
    const AreaKpis k = DemandKpis(*d, t, kpis->day_start);
    if (overdue) add(*d, &AreaKpis::overdue, k.overdue);
    if (today) {
      add(*d, &AreaKpis::received_today, k.received_today);
      add(*d, &AreaKpis::closed_today, k.closed_today);
    }
  };
  // Overdue: only open demands can be, and they are the live points (every
  // demand, should a position have failed to place).
  if (raw.open_points->Size() == static_cast<size_t>(raw.kpis->county.open)) {
    raw.open_points->ForEach(
        [&](geo::PointId id, geo::Meters) { count(raw.demands.Find(id), true, false); });
  } else {
    raw.demands.ForEach([&](const Demand& d) { count(&d, true, false); });
  }
  // Received or closed today: received = the receipt's `at` and closed =
  // the closing's, and no event is in force before its `at`, so only
  // demands an event in force since the day began touched can count.
  const auto first =
      std::lower_bound(entries_.begin(), entries_.begin() + static_cast<ptrdiff_t>(position),
                       kpis->day_start, [](const Entry& e, TimeMs v) { return e.in_force < v; });
  if (++generation_ == 0) {  // wrapped: no stale stamp may match
    std::fill(stamp_.begin(), stamp_.end(), 0);
    generation_ = 1;
  }
  stamp_.resize(raw.demands.size(), 0);
  for (auto e = first; e != entries_.begin() + static_cast<ptrdiff_t>(position); ++e) {
    const auto i = static_cast<size_t>(e->demand - 1);
    if (e->demand == 0 || i >= stamp_.size() || stamp_[i] == generation_) continue;
    stamp_[i] = generation_;
    count(raw.demands.Find(e->demand), false, true);
  }
  return kpis;
}

std::shared_ptr<const std::vector<Sensor>> Replay::SensorsAt(
    const std::shared_ptr<const std::vector<Sensor>>& sensors, TimeMs t) {
  if (sensors->empty()) return sensors;
  auto out = std::make_shared<std::vector<Sensor>>(*sensors);
  for (Sensor& s : *out) {
    {
      Rewind rewind{*last_reading_};
      last_reading_->Bind(1, s.spec.id).Bind(2, t);
      if (last_reading_->Step()) {
        s.last_at = last_reading_->Int(0);
        s.last_value = last_reading_->Real(1);
        continue;
      }
    }
    Rewind rewind{*last_hourly_};
    last_hourly_->Bind(1, s.spec.id).Bind(2, t);
    if (last_hourly_->Step()) {
      s.last_at = last_hourly_->Int(0);
      s.last_value = last_hourly_->Real(1);
    }
  }
  return out;
}

}  // namespace ops
