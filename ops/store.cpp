#include "ops/store.hpp"

#include <fmt/format.h>

#include <optional>

#include "ops/store_writer.hpp"

namespace ops {

namespace {

constexpr size_t kRecentEvents = 100'000;  // the change stream kept in memory
constexpr size_t kMaxGroup = 4096;         // commands in one transaction at most

// Schema migrations, applied in order; PRAGMA user_version is how many ran.
// The event log is the truth; the other tables are what it adds up to.
constexpr std::string_view kMigrations[] = {
    R"sql(
CREATE TABLE events(
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,          -- UTC ms
  kind TEXT NOT NULL,
  entity TEXT NOT NULL,
  actor TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL);       -- JSON
CREATE INDEX events_entity ON events(entity, seq);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TABLE demands(
  id INTEGER PRIMARY KEY, category TEXT NOT NULL, source TEXT NOT NULL,
  description TEXT NOT NULL, address TEXT NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL,
  community TEXT NOT NULL, grid TEXT NOT NULL, compound TEXT NOT NULL, building TEXT NOT NULL,
  stage TEXT NOT NULL, received INTEGER NOT NULL, deadline INTEGER NOT NULL,
  updated INTEGER NOT NULL, closed INTEGER NOT NULL, rework_count INTEGER NOT NULL,
  satisfaction INTEGER NOT NULL, assignee TEXT NOT NULL);
CREATE INDEX demands_grid ON demands(grid, stage);
CREATE TABLE sensors(
  id TEXT PRIMARY KEY, spec TEXT NOT NULL, state TEXT NOT NULL,
  state_since INTEGER NOT NULL, last_value REAL NOT NULL, last_at INTEGER NOT NULL);
-- One b-tree keyed by (sensor, time): a second reading at the same
-- millisecond from the same sensor replaces the first.
CREATE TABLE readings(
  sensor TEXT NOT NULL, at INTEGER NOT NULL, value REAL NOT NULL,
  PRIMARY KEY(sensor, at)) WITHOUT ROWID;
CREATE TABLE readings_hourly(
  sensor TEXT NOT NULL, hour INTEGER NOT NULL, n INTEGER NOT NULL,
  min REAL NOT NULL, max REAL NOT NULL, mean REAL NOT NULL,
  PRIMARY KEY(sensor, hour)) WITHOUT ROWID;
CREATE TABLE incidents(
  id INTEGER PRIMARY KEY, stage TEXT NOT NULL, level TEXT NOT NULL,
  cap_sender TEXT NOT NULL, cap_identifier TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE organisation(id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL);
)sql",
    // 2: nothing queries demands by grid (the live state answers that), and
    // the index cost every commit one page per distinct grid in it: with
    // demands from 8 grids, half the WAL frames written.
    R"sql(
DROP INDEX IF EXISTS demands_grid;
)sql",
    // 3: when each demand was first responded to (left received), for the
    // response rate; a store of schema 2 recovers it from its event log.
    R"sql(
ALTER TABLE demands ADD COLUMN responded INTEGER NOT NULL DEFAULT 0;
UPDATE demands SET responded = coalesce(
  (SELECT min(at) FROM events
    WHERE entity = 'demand/' || demands.id AND kind = 'demand.transition'), 0)
  WHERE stage != 'received';
)sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

// A time more than this ahead of the wall clock is refused: one mistyped
// year would otherwise move the store's clock and make every demand overdue.
constexpr TimeMs kMaxAhead = 7 * kDay;

Checked<void> CheckAt(TimeMs at, std::string_view field = "at") {
  if (at > NowMs() + kMaxAhead) {
    return Refuse(400, std::string(field),
                  fmt::format("{}: {} is more than 7 days ahead of now ({})", field, FormatTime(at),
                              FormatTime(NowMs())));
  }
  return {};
}

int UserVersion(sql::Database& db) {
  sql::Statement q(db, "PRAGMA user_version");
  return q.Step() ? static_cast<int>(q.Int(0)) : 0;
}

}  // namespace

int StoreSchemaVersion() {
  return kSchemaVersion;
}

Store::Store(const StoreOptions& options, const geo::GridSet& grids, const Catalog& catalog)
    : options_(options), grids_(grids), catalog_(catalog), index_(geo::PolygonIndex::Build(grids)) {
  locator_ = std::make_unique<Locator>(grids_, index_);
}

geo::Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options,
                                                const geo::GridSet& grids, const Catalog& catalog) {
  std::unique_ptr<Store> store(new Store(options, grids, catalog));
  const std::string path = options.path.string();
  try {
    sql::Database db = sql::Database::Open(path, true);
    db.Exec("PRAGMA journal_mode = WAL");
    db.Exec(options.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    db.Exec("PRAGMA foreign_keys = ON");
    // Checkpoints run on their own thread (CheckpointLoop), not in the
    // writer's commits, where each would hold every waiting sender.
    db.Exec("PRAGMA wal_autocheckpoint = 0");
    const int version = UserVersion(db);
    if (version > kSchemaVersion) {
      return geo::Fail(geo::ErrorCode::kInvalidInput,
                       fmt::format("{}: schema version {} is newer than this gridops knows ({}); "
                                   "use a newer gridops",
                                   path, version, kSchemaVersion));
    }
    for (int v = version; v < kSchemaVersion; ++v) {
      sql::Transaction tx(db);
      db.Exec(kMigrations[v]);
      db.Exec(fmt::format("PRAGMA user_version = {}", v + 1));
      tx.Commit();
    }
    store->writer_ = std::make_unique<Writer>(std::move(db), grids, catalog, *store->locator_,
                                              options.readings_retention);
    Writer& w = *store->writer_;
    w.Load();
    if (w.seq() == 0) {  // a new store (or one whose seeding failed): seed it
      std::optional<Organisation> organisation;
      if (!options.organisation_file.empty()) {
        auto o = LoadOrganisation(options.organisation_file);
        if (!o) return std::unexpected(o.error());
        organisation = std::move(*o);
      }
      std::vector<SensorSpec> sensors;
      if (!options.sensors_file.empty()) {
        auto s = LoadSensors(options.sensors_file);
        if (!s) return std::unexpected(s.error());
        sensors = std::move(*s);
      }
      sql::Transaction tx(w.db());
      w.Seed(organisation, sensors);
      tx.Commit();
    }
    store->reader_ = std::make_unique<sql::Database>(sql::Database::Open(path, false, true));
  } catch (const sql::Error& e) {
    return geo::Fail(geo::ErrorCode::kUnreadable, e.what());
  } catch (const nlohmann::json::exception& e) {
    return geo::Fail(geo::ErrorCode::kInvalidInput,
                     fmt::format("{}: a stored record is not valid JSON ({})", path, e.what()));
  }
  Writer& w = *store->writer_;
  (void)w.TakeEvents();
  store->last_seq_ = w.seq();
  store->latest_ = w.state().Publish(w.seq());
  store->thread_ = std::thread([s = store.get()] { s->WriterLoop(); });
  store->checkpointer_ = std::thread([s = store.get()] { s->CheckpointLoop(); });
  return store;
}

Store::~Store() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (checkpointer_.joinable()) checkpointer_.join();
  // A clean close leaves the WAL folded into the database.
  if (writer_) {
    try {
      writer_->db().Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const sql::Error&) {
    }
  }
}

void Store::CheckpointLoop() {
  std::optional<sql::Database> db;
  try {
    db.emplace(sql::Database::Open(options_.path.string(), false));
  } catch (const sql::Error&) {
    return;  // the writer's own connection still works; the WAL only grows
  }
  std::unique_lock lock(queue_mutex_);
  while (!stopping_) {
    stop_cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    // PASSIVE copies what it can without waiting for (or blocking) anyone.
    sqlite3_wal_checkpoint_v2(db->get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
  }
}

// ---------------------------------------------------------------------------
// The writer loop: take everything queued, one transaction, commit, answer.

Checked<Outcome> Store::Submit(Job job) {
  auto answer = std::make_shared<std::promise<Checked<Outcome>>>();
  auto result = answer->get_future();
  Submit(std::move(job), [answer](Checked<Outcome> out) { answer->set_value(std::move(out)); });
  return result.get();
}

void Store::Submit(Job job, Done done) {
  bool wake = false, queued = false;
  {
    std::lock_guard lock(queue_mutex_);
    if (!stopping_) {
      queued = true;
      // The writer only sleeps on an empty queue: wake it for the first command.
      wake = queue_.empty();
      queue_.push_back(Pending{std::move(job), std::move(done)});
    }
  }
  if (!queued) return done(Refuse(503, "", "the store is shutting down"));
  if (wake) queue_cv_.notify_one();
}

void Store::WriterLoop() {
  Writer& w = *writer_;
  auto last_publish = std::chrono::steady_clock::now();
  for (;;) {
    std::vector<Pending> group;
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait_for(lock, std::chrono::seconds(1),
                         [&] { return stopping_ || !queue_.empty(); });
      if (queue_.size() <= kMaxGroup) {
        group.swap(queue_);
      } else {
        group.assign(std::make_move_iterator(queue_.begin()),
                     std::make_move_iterator(queue_.begin() + kMaxGroup));
        queue_.erase(queue_.begin(), queue_.begin() + kMaxGroup);
      }
      if (group.empty() && stopping_) return;
    }
    std::vector<Checked<Outcome>> results;
    results.reserve(group.size());
    try {
      sql::Transaction tx(w.db());
      // Commands validate before they change anything, so a refusal leaves
      // nothing behind; an exception (a full disk, a bug) may leave a command
      // half-applied, so it fails the whole group below.
      for (Pending& p : group) results.push_back(p.job(w));
      w.Periodic();
      tx.Commit();
    } catch (const std::exception& e) {
      // Nothing of this group is stored (the transaction rolled back): say so
      // to every sender, and bring the live state back to what the file holds.
      results.assign(group.size(), Refuse(503, "", fmt::format("store: {}", e.what())));
      try {
        w.Reset();
      } catch (const std::exception&) {
      }
    }
    std::vector<StoredEvent> events = w.TakeEvents();
    // Publish what changed, and at least once a second when idle, so the
    // snapshot's clock (and with it "overdue") keeps moving.
    const auto now = std::chrono::steady_clock::now();
    if (!events.empty() || now - last_publish >= std::chrono::seconds(1)) {
      last_publish = now;
      auto snapshot = w.state().Publish(w.seq());
      std::lock_guard lock(published_mutex_);
      latest_ = std::move(snapshot);
      last_seq_ = w.seq();
      for (StoredEvent& e : events) recent_.push_back(std::move(e));
      while (recent_.size() > kRecentEvents) recent_.pop_front();
    }
    published_cv_.notify_all();
    for (size_t i = 0; i < group.size(); ++i) group[i].done(std::move(results[i]));
  }
}

// ---------------------------------------------------------------------------
// Writes

Checked<Outcome> Store::PostDemand(const DemandInput& input) {
  auto answer = std::make_shared<std::promise<Checked<Outcome>>>();
  auto result = answer->get_future();
  PostDemand(input, [answer](Checked<Outcome> out) { answer->set_value(std::move(out)); });
  return result.get();
}

void Store::PostDemand(const DemandInput& input, Done done) {
  if (auto ok = CheckAt(input.at, "requested_datetime"); !ok)
    return done(std::unexpected(ok.error()));
  // Locating reads only immutable data: done here, off the writer thread.
  auto where = locator_->Locate(input.location, "long", "lat");
  if (!where) return done(std::unexpected(where.error()));
  if (!catalog_.FindCategory(input.category)) {
    return done(Refuse(400, "service_code",
                       fmt::format("service_code: \"{}\" is not a service of this county; "
                                   "GET /open311/v2/services.json lists them",
                                   input.category)));
  }
  Submit([input, located = *where](Writer& w) { return w.PostDemand(input, located); },
         std::move(done));
}

Checked<Outcome> Store::Transition(int64_t demand, const TransitionInput& move) {
  if (auto ok = CheckAt(move.at, "at"); !ok) return std::unexpected(ok.error());
  return Submit([=](Writer& w) { return w.Transition(demand, move); });
}

Checked<Outcome> Store::RegisterSensors(const std::vector<SensorSpec>& sensors) {
  return Submit([=](Writer& w) { return w.RegisterSensors(sensors); });
}

Checked<Outcome> Store::PostReadings(std::vector<Reading> readings,
                                     std::vector<std::pair<size_t, RequestError>> refused,
                                     std::vector<size_t> index) {
  auto shared = std::make_shared<std::vector<Reading>>(std::move(readings));
  auto out = Submit([shared](Writer& w) { return w.PostReadings(*shared); });
  if (!out) return out;
  // Report refusals by position in the sender's body.
  for (auto& [i, e] : out->rejected) {
    if (i < index.size()) i = index[i];
    e.field = fmt::format("readings[{}].{}", i, e.field);
    e.message = fmt::format("readings[{}].{}", i, e.message);
  }
  out->rejected.insert(out->rejected.end(), refused.begin(), refused.end());
  std::sort(out->rejected.begin(), out->rejected.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

Checked<Outcome> Store::OpenIncident(const IncidentInput& input) {
  if (auto ok = CheckAt(input.at, "at"); !ok) return std::unexpected(ok.error());
  return Submit([=](Writer& w) { return w.OpenIncident(input); });
}

Checked<Outcome> Store::UpdateIncidentFromCap(
    const std::vector<std::pair<std::string, std::string>>& references, const IncidentInput& update,
    bool cancel) {
  if (auto ok = CheckAt(update.at, "at"); !ok) return std::unexpected(ok.error());
  return Submit([=](Writer& w) { return w.UpdateIncidentFromCap(references, update, cancel); });
}

Checked<Outcome> Store::Summon(int64_t incident, const std::vector<std::string>& departments,
                               int report_in_minutes, const std::string& actor, TimeMs at) {
  if (auto ok = CheckAt(at, "at"); !ok) return std::unexpected(ok.error());
  return Submit(
      [=](Writer& w) { return w.Summon(incident, departments, report_in_minutes, actor, at); });
}

Checked<Outcome> Store::ReportIn(int64_t incident, const std::string& department,
                                 const std::string& actor, TimeMs at) {
  if (auto ok = CheckAt(at, "at"); !ok) return std::unexpected(ok.error());
  return Submit([=](Writer& w) { return w.ReportIn(incident, department, actor, at); });
}

Checked<Outcome> Store::SetIncidentStage(int64_t incident, IncidentStage stage,
                                         const std::string& actor, TimeMs at) {
  if (auto ok = CheckAt(at, "at"); !ok) return std::unexpected(ok.error());
  return Submit([=](Writer& w) { return w.SetIncidentStage(incident, stage, actor, at); });
}

Checked<Outcome> Store::LogIncident(int64_t incident, const std::string& text,
                                    const std::string& actor, TimeMs at) {
  if (auto ok = CheckAt(at, "at"); !ok) return std::unexpected(ok.error());
  return Submit([=](Writer& w) { return w.LogIncident(incident, text, actor, at); });
}

Checked<Outcome> Store::CloseIncident(int64_t incident, const std::string& summary,
                                      const std::string& actor, TimeMs at) {
  if (auto ok = CheckAt(at, "at"); !ok) return std::unexpected(ok.error());
  return Submit([=](Writer& w) { return w.CloseIncident(incident, summary, actor, at); });
}

Checked<Outcome> Store::PutChief(const Chief& chief) {
  return Submit([=](Writer& w) { return w.PutChief(chief); });
}

Checked<Outcome> Store::PutPartyOrg(const PartyOrg& org) {
  return Submit([=](Writer& w) { return w.PutPartyOrg(org); });
}

Checked<Outcome> Store::PutUnit(const MemberUnit& unit) {
  return Submit([=](Writer& w) { return w.PutUnit(unit); });
}

Checked<Outcome> Store::CompactReadings() {
  return Submit([](Writer& w) -> Checked<Outcome> {
    Outcome out;
    out.accepted = w.CompactReadings(std::max(NowMs(), w.state().now()));
    return out;
  });
}

geo::Result<void> Store::RebuildFromEvents() {
  auto out = Submit([](Writer& w) -> Checked<Outcome> {
    w.Rebuild();
    return Wrote(0, w.seq());
  });
  if (!out) return geo::Fail(geo::ErrorCode::kUnreadable, out.error().message);
  return {};
}

// ---------------------------------------------------------------------------
// Reads

std::shared_ptr<const Snapshot> Store::Latest() const {
  std::lock_guard lock(published_mutex_);
  return latest_;
}

bool Store::WaitForEvents(int64_t after, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(published_mutex_);
  return published_cv_.wait_for(lock, timeout, [&] { return last_seq_ > after; });
}

std::vector<StoredEvent> Store::EventsAfter(int64_t after, size_t limit) const {
  std::vector<StoredEvent> out;
  {
    std::lock_guard lock(published_mutex_);
    if (after >= last_seq_) return out;
    if (!recent_.empty() && recent_.front().seq <= after + 1) {
      auto it = std::lower_bound(recent_.begin(), recent_.end(), after + 1,
                                 [](const StoredEvent& e, int64_t s) { return e.seq < s; });
      for (; it != recent_.end() && out.size() < limit; ++it) out.push_back(*it);
      return out;
    }
  }
  // Older than memory holds: read the log (WAL lets this run beside the writer).
  std::lock_guard lock(reader_mutex_);
  try {
    sql::Statement q(*reader_,
                     "SELECT seq, at, kind, entity, actor, payload FROM events WHERE seq > ? "
                     "ORDER BY seq LIMIT ?");
    q.Bind(1, after).Bind(2, static_cast<int64_t>(limit));
    while (q.Step()) {
      out.push_back(StoredEvent{q.Int(0), q.Int(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5)});
    }
  } catch (const sql::Error&) {
    out.clear();
  }
  return out;
}

std::vector<Store::ReadingPoint> Store::Readings(std::string_view sensor, TimeMs since,
                                                 size_t limit) const {
  std::vector<ReadingPoint> out;
  std::lock_guard lock(reader_mutex_);
  try {
    sql::Statement q(*reader_,
                     "SELECT hour, mean, min, max, n FROM readings_hourly WHERE sensor = ?1 AND "
                     "hour >= ?2 UNION ALL SELECT at, value, value, value, 1 FROM readings "
                     "WHERE sensor = ?1 AND at >= ?2 ORDER BY 1 LIMIT ?3");
    q.Bind(1, sensor).Bind(2, since).Bind(3, static_cast<int64_t>(limit));
    while (q.Step()) out.push_back({q.Int(0), q.Real(1), q.Real(2), q.Real(3), q.Int(4)});
  } catch (const sql::Error&) {
    out.clear();
  }
  return out;
}

std::vector<DemandTimelineEntry> Store::Timeline(std::string_view entity) const {
  std::vector<DemandTimelineEntry> out;
  std::lock_guard lock(reader_mutex_);
  try {
    sql::Statement q(
        *reader_, "SELECT seq, at, kind, actor, payload FROM events WHERE entity = ? ORDER BY seq");
    q.Bind(1, entity);
    while (q.Step()) out.push_back({q.Int(0), q.Int(1), q.Text(2), q.Text(3), q.Text(4)});
  } catch (const sql::Error&) {
    out.clear();
  }
  return out;
}

}  // namespace ops
