#include "viewer/layers/demand_instances.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace viewer {

namespace {

constexpr size_t kChunk = ops::DemandTable::kChunk;
// Changed slots closer than this are sent in one glBufferSubData: a call
// costs more than a few hundred bytes of copying.
constexpr size_t kMergeGapSlots = 16;
// Chunks with nothing drawn between two that have something are drawn
// through (hidden instances are culled in the vertex shader) when the gap is
// at most this long; longer gaps split the draw.
constexpr size_t kMergeGapChunks = 4;
// The smallest buffer, in slots (64 KiB).
constexpr size_t kMinCapacitySlots = 16 * kChunk;

}  // namespace

int32_t ShaderSeconds(ops::TimeMs t) {
  const ops::TimeMs ms = t - kShaderEpochMs;
  const ops::TimeMs s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  return static_cast<int32_t>(std::clamp<ops::TimeMs>(s, std::numeric_limits<int32_t>::min(),
                                                      std::numeric_limits<int32_t>::max()));
}

DemandInstances DemandInstances::Create() {
  DemandInstances d;
  d.buffer_ = gl::MakeBuffer();
  return d;
}

void DemandInstances::SetOrigin(geo::Meters origin) {
  if (origin_set_ && origin == origin_) return;
  origin_ = origin;
  origin_set_ = true;
  origin_changed_ = true;
}

// ---------------------------------------------------------------------------
// [SECTION] Sync

bool DemandInstances::Sync(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
                           const ops::DemandFilter& filter, const SlotChanged& on_change) {
  const ops::DemandTable& table = snapshot.demands;
  if (!origin_set_ && table.size() > 0) {
    // Round so that the origin does not depend on which demand came first
    // by more than a kilometre: nothing relies on it, it only reads better.
    const geo::Meters first = table.Find(1)->xy;
    SetOrigin({std::round(first.x / 1000) * 1000, std::round(first.y / 1000) * 1000});
  }
  const size_t chunk_count = table.ChunkCount();
  const size_t old_chunk_count = mirror_.size() / kChunk;
  const bool full = !synced_once_ || !(filter == filter_) || origin_changed_ ||
                    chunk_count < synced_.ChunkCount();
  const ops::TimeMs since = filter.window > 0 ? snapshot.now - filter.window : 0;
  now_ = snapshot.now;
  last_upload_ = {};
  last_upload_.full = full;

  // The chunks to look at: every one, or those whose address changed, plus
  // those a sliding time window crossed since the last sync. In a chunk that
  // only changed, only the slots whose demand changed are evaluated again:
  // LiveState gives a changed demand a new object and copies the other
  // pointers of its chunk as they were, so an unchanged pointer is an
  // unchanged demand, and its (scattered, cache-cold) object is not read.
  struct Dirty {
    size_t chunk;
    bool every_slot;
  };
  std::vector<Dirty> dirty;
  if (full) {
    for (size_t c = 0; c < std::max(chunk_count, old_chunk_count); ++c) dirty.push_back({c, true});
  } else {
    const ops::TimeMs lo = std::min(since, since_), hi = std::max(since, since_);
    for (size_t c = 0; c < chunk_count; ++c) {
      const bool moved = c >= synced_.ChunkCount() || table.ChunkAt(c) != synced_.ChunkAt(c);
      bool windowed = false;
      if (filter.window > 0 && lo != hi && c < chunk_stats_.size()) {
        const ChunkStats& s = chunk_stats_[c];
        windowed = s.open_received_max >= lo && s.open_received_min < hi;
      }
      if (moved || windowed) dirty.push_back({c, windowed});
    }
  }
  filter_ = filter;
  since_ = since;
  if (dirty.empty()) return false;

  const size_t slots = std::max(chunk_count, old_chunk_count) * kChunk;
  Reserve(slots);
  mirror_.resize(slots);
  chunk_stats_.resize(std::max(chunk_count, old_chunk_count));

  const ops::FilterMatcher matches(filter, catalog, snapshot.now);
  bool changed = full;
  constexpr size_t kNone = SIZE_MAX;
  size_t run_first = kNone, run_last = 0;  // the open upload run, slots
  for (const Dirty& dc : dirty) {
    const size_t base = dc.chunk * kChunk;
    const ops::DemandTable::Chunk* chunk =
        dc.chunk < chunk_count ? table.ChunkAt(dc.chunk) : nullptr;
    const ops::DemandTable::Chunk* was =
        !dc.every_slot && dc.chunk < synced_.ChunkCount() ? synced_.ChunkAt(dc.chunk) : nullptr;
    ChunkStats& stats = chunk_stats_[dc.chunk];
    if (dc.every_slot) {
      stats.open_received_min = INT64_MAX;
      stats.open_received_max = INT64_MIN;
    }
    bool chunk_changed = false;
    for (size_t j = 0; j < kChunk; ++j) {
      const size_t slot = base + j;
      const ops::Demand* d = chunk && slot < table.size() ? (*chunk)[j].get() : nullptr;
      if (was && d == (*was)[j].get()) continue;  // the same demand
      const PointInstance next = Evaluate(d, matches, stats);
      PointInstance& held = mirror_[slot];
      if (next == held) continue;
      if (next.drawn() != held.drawn()) next.drawn() ? ++stats.drawn : --stats.drawn;
      if (on_change) on_change(slot, held, next, d);
      held = next;
      chunk_changed = true;
      if (full) continue;  // one upload of everything below
      if (run_first != kNone && slot - run_last > kMergeGapSlots) {
        Upload(run_first, run_last - run_first + 1);
        run_first = kNone;
      }
      if (run_first == kNone) run_first = slot;
      run_last = slot;
    }
    if (chunk_changed && !full) ++last_upload_.chunks;
    changed = changed || chunk_changed;
  }
  if (run_first != kNone) Upload(run_first, run_last - run_first + 1);

  // Chunks past the end of a shorter table are hidden now: drop them.
  mirror_.resize(chunk_count * kChunk);
  chunk_stats_.resize(chunk_count);
  if (full) {
    Upload(0, mirror_.size());
    last_upload_.chunks = chunk_count;
  }
  synced_ = table;
  synced_once_ = true;
  origin_changed_ = false;
  if (changed) Summarise();
  return changed;
}

PointInstance DemandInstances::Evaluate(const ops::Demand* d, const ops::FilterMatcher& matches,
                                        ChunkStats& stats) const {
  PointInstance out;
  if (!d || !d->Open()) return out;
  stats.open_received_min = std::min(stats.open_received_min, d->received);
  stats.open_received_max = std::max(stats.open_received_max, d->received);
  if (!matches(*d)) return out;
  out.x = static_cast<float>(d->xy.x - origin_.x);
  out.y = static_cast<float>(d->xy.y - origin_.y);
  out.deadline_s = ShaderSeconds(d->deadline);
  out.stage = static_cast<uint8_t>(d->stage);
  return out;
}

void DemandInstances::Summarise() {
  drawn_ = 0;
  runs_.clear();
  size_t run_begin = 0, run_end = 0;  // chunks [begin, end) of the open run
  bool open = false;
  for (size_t c = 0; c < chunk_stats_.size(); ++c) {
    const ChunkStats& s = chunk_stats_[c];
    if (!s.drawn) continue;
    drawn_ += s.drawn;
    if (open && c - run_end <= kMergeGapChunks) {
      run_end = c + 1;
      continue;
    }
    if (open) runs_.push_back({run_begin * kChunk, (run_end - run_begin) * kChunk});
    run_begin = c;
    run_end = c + 1;
    open = true;
  }
  if (open) runs_.push_back({run_begin * kChunk, (run_end - run_begin) * kChunk});
}

// ---------------------------------------------------------------------------
// [SECTION] Buffer

void DemandInstances::Reserve(size_t slots) {
  if (slots <= capacity_slots_) return;
  size_t capacity = std::max({slots, capacity_slots_ * 2, kMinCapacitySlots});
  capacity = (capacity + kChunk - 1) / kChunk * kChunk;
  gl::Buffer grown = gl::MakeBuffer();
  glBindBuffer(GL_COPY_WRITE_BUFFER, grown.id());
  glBufferData(GL_COPY_WRITE_BUFFER, static_cast<GLsizeiptr>(capacity * sizeof(PointInstance)),
               nullptr, GL_DYNAMIC_DRAW);
  if (!mirror_.empty()) {
    // The old content moves on the GPU; nothing crosses from the CPU again.
    glBindBuffer(GL_COPY_READ_BUFFER, buffer_.id());
    glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER, 0, 0,
                        static_cast<GLsizeiptr>(mirror_.size() * sizeof(PointInstance)));
    glBindBuffer(GL_COPY_READ_BUFFER, 0);
  }
  glBindBuffer(GL_COPY_WRITE_BUFFER, 0);
  buffer_ = std::move(grown);
  capacity_slots_ = capacity;
}

void DemandInstances::Upload(size_t first_slot, size_t count) {
  if (!count) return;
  glBindBuffer(GL_ARRAY_BUFFER, buffer_.id());
  glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(first_slot * sizeof(PointInstance)),
                  static_cast<GLsizeiptr>(count * sizeof(PointInstance)), &mirror_[first_slot]);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  last_upload_.slots += count;
  last_upload_.bytes += count * sizeof(PointInstance);
  ++last_upload_.calls;
}

void DemandInstances::BindAttributes(size_t first_slot, int divisor) const {
  glBindBuffer(GL_ARRAY_BUFFER, buffer_.id());
  const size_t base = first_slot * sizeof(PointInstance);
  auto at = [&](size_t offset) { return reinterpret_cast<const void*>(base + offset); };
  constexpr auto kStride = static_cast<GLsizei>(sizeof(PointInstance));
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, kStride, at(offsetof(PointInstance, x)));
  glEnableVertexAttribArray(1);
  glVertexAttribIPointer(1, 1, GL_INT, kStride, at(offsetof(PointInstance, deadline_s)));
  glEnableVertexAttribArray(2);
  glVertexAttribIPointer(2, 1, GL_UNSIGNED_BYTE, kStride, at(offsetof(PointInstance, stage)));
  for (unsigned i = 0; i < 3; ++i) glVertexAttribDivisor(i, static_cast<unsigned>(divisor));
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

}  // namespace viewer
