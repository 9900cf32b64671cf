#include "viewer/layers/ping_model.hpp"

#include <algorithm>

namespace viewer {

double Ping::Progress(double now_s) const {
  return std::clamp((now_s - born_s) / PingLifetimeS(kind), 0.0, 1.0);
}

namespace {

// Whether two tables hold the same chunks: nothing changed between them.
bool SameTable(const ops::DemandTable& a, const ops::DemandTable& b) {
  if (a.size() != b.size() || a.ChunkCount() != b.ChunkCount()) return false;
  for (size_t c = 0; c < a.ChunkCount(); ++c) {
    if (a.ChunkAt(c) != b.ChunkAt(c)) return false;
  }
  return true;
}

}  // namespace

PingLook PingModel::Observe(const ops::Snapshot& snapshot, SnapshotFeed feed,
                            const Matches& matches, double now_s) {
  const ops::DemandTable& demands = snapshot.demands;
  PingLook look;
  if (based_ && feed == feed_ && SameTable(demands, baseline_)) {
    baseline_now_ = snapshot.now;  // the clock moved on with nothing new
    return look;
  }
  const bool news = based_ && feed == feed_ && feed != SnapshotFeed::kReplayStill &&
                    demands.size() >= baseline_.size();
  feed_ = feed;
  auto rebase = [&] {
    baseline_ = demands;
    baseline_now_ = snapshot.now;
    based_ = true;
    look.rebased = true;
    changes_.clear();
    return look;
  };
  if (!news) return rebase();

  // The changed demands, chunk by chunk: an unchanged chunk address is an
  // unchanged chunk, an unchanged pointer an unchanged demand.
  constexpr size_t kChunk = ops::DemandTable::kChunk;
  const size_t known = baseline_.size();
  size_t replaced = 0;  // known demands with a new object
  changes_.clear();
  for (size_t c = 0; c < demands.ChunkCount(); ++c) {
    const ops::DemandTable::Chunk* now = demands.ChunkAt(c);
    const ops::DemandTable::Chunk* was =
        c < baseline_.ChunkCount() ? baseline_.ChunkAt(c) : nullptr;
    if (now == was || !now) continue;
    const size_t end = std::min(kChunk, demands.size() - std::min(demands.size(), c * kChunk));
    for (size_t j = 0; j < end; ++j) {
      const ops::Demand* after = (*now)[j].get();
      // Slots past the baseline's size are null in its chunk.
      const ops::Demand* before = was ? (*was)[j].get() : nullptr;
      if (after == before || !after) continue;
      replaced += before != nullptr;
      changes_.emplace_back(before, after);
      if (changes_.size() > kMaxChangesPerLook) return rebase();
    }
  }
  look.changed = changes_.size();
  if (known >= kRebuildMinDemands && replaced == known) return rebase();

  // `before` objects live in baseline_'s chunks: it is replaced only after.
  const size_t before_count = pings_.size();
  const ops::TimeMs since = std::max(baseline_now_ - kNewsSlackMs, snapshot.now - kNewsWindowMs);
  for (const auto& [before, after] : changes_) {
    if ((before ? after->updated : after->received) < since) continue;  // old news
    PingKind kind;
    ops::Stage stage = after->stage;
    if (!after->Open()) {
      if (before && !before->Open()) continue;  // a closed demand edited
      kind = PingKind::kLeaving;                // closed, or came and went between two looks
    } else if (!before) {
      kind = PingKind::kArrival;
      stage = ops::Stage::kReceived;
    } else if (before->stage != after->stage) {
      kind = PingKind::kStage;
    } else {
      continue;  // the same stage: an assignee, a rating, a deadline
    }
    if (!matches(*after)) continue;
    Fire(*after, kind, stage, now_s);
  }
  changes_.clear();
  baseline_ = demands;
  baseline_now_ = snapshot.now;
  look.fired = pings_.size() - before_count;
  if (pings_.size() > kMaxPings) {
    pings_.erase(pings_.begin(), pings_.end() - kMaxPings);
    look.fired = std::min(look.fired, kMaxPings);
  }
  if (look.fired) ++version_;
  return look;
}

void PingModel::Fire(const ops::Demand& demand, PingKind kind, ops::Stage stage, double now_s) {
  pings_.push_back({demand.id, demand.xy, kind, stage, now_s});
}

void PingModel::Rebase() {
  based_ = false;
  baseline_ = {};
}

void PingModel::Clear() {
  Rebase();
  if (pings_.empty()) return;
  pings_.clear();
  ++version_;
}

bool PingModel::Expire(double now_s) {
  const size_t n = std::erase_if(
      pings_, [now_s](const Ping& p) { return now_s - p.born_s >= PingLifetimeS(p.kind); });
  if (n) ++version_;
  return n > 0;
}

bool PingModel::Refilter(const ops::DemandTable& demands, const Matches& matches) {
  const size_t n = std::erase_if(pings_, [&](const Ping& p) {
    const ops::Demand* d = demands.Find(p.demand);
    return !d || !matches(*d);
  });
  if (n) ++version_;
  return n > 0;
}

}  // namespace viewer
