#include "viewer/wall_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <queue>
#include <tuple>

#include "viewer/strings.hpp"

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Type sizes

WallType WallTypeFor(int framebuffer_height) {
  WallType t;
  t.scale = std::max(1.0f, static_cast<float>(framebuffer_height) / 1080.0f);
  // Whole pixels: the atlas rasterises at exactly these sizes.
  t.body_px = std::round(kWallMinBodyPx1080 * t.scale);
  t.heading_px = std::round(36 * t.scale);
  t.figure_px = 2 * t.body_px;  // LoadFonts' digit font is twice the body
  return t;
}

// ---------------------------------------------------------------------------
// [SECTION] Ticker

namespace {

// A ticker label starts with a capital, as "New demand" does ("handling" →
// "Handling"); Chinese is unchanged.
std::string Capitalised(std::string label) {
  if (!label.empty() && label[0] >= 'a' && label[0] <= 'z')
    label[0] = static_cast<char>(label[0] - 'a' + 'A');
  return label;
}

std::string AreaName(const geo::GridSet& set, const ops::AreaIds& areas) {
  // The grid says where; its community is on the tour card already.
  for (const geo::Level level : {geo::Level::kGrid, geo::Level::kCommunity}) {
    const geo::FeatureId id = areas[static_cast<size_t>(level)];
    if (id != geo::kNoFeature && id < set.features.size()) return set.features[id].name;
  }
  return "";
}

// Keeps the `count` latest lines seen, in a heap whose top is the oldest.
struct Latest {
  size_t count;
  using Key = std::tuple<ops::TimeMs, int, int64_t, int64_t>;  // time, kind, id, sub-id
  struct Entry {
    Key key;
    TickerLine line;
    bool operator>(const Entry& o) const { return key > o.key; }
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;

  // Whether a line at `key` would be kept: checked before building its text.
  bool Wanted(const Key& key) const { return heap.size() < count || key > heap.top().key; }
  void Add(const Key& key, TickerLine line) {
    if (!Wanted(key)) return;
    heap.push({key, std::move(line)});
    if (heap.size() > count) heap.pop();
  }
};

void AddDemands(const ops::Snapshot& s, const geo::GridSet& set, const ops::Catalog& catalog,
                Latest& out) {
  auto add = [&](const ops::Demand& d) {
    const bool moved = d.stage != ops::Stage::kReceived && d.updated > d.received;
    const ops::TimeMs at = moved ? d.updated : d.received;
    const Latest::Key key{at, moved ? TickerLine::kStage : TickerLine::kNewDemand, d.id, 0};
    if (at <= 0 || !out.Wanted(key)) return;
    TickerLine l;
    l.at = at;
    l.kind = moved ? TickerLine::kStage : TickerLine::kNewDemand;
    l.label = moved ? Capitalised(TrName(ops::kStageNames[static_cast<size_t>(d.stage)]))
                    : std::string(Tr(kTickerNewDemand));
    const ops::Category* c = catalog.FindCategory(d.category);
    l.text = c ? Tr(Text{c->zh, c->en}) : d.category;
    if (const std::string where = AreaName(set, d.areas); !where.empty()) l.text += " · " + where;
    l.severity = d.Open() && s.now > d.deadline ? 1 : 0;
    out.Add(key, std::move(l));
  };
  if (!s.recent_demands) {
    s.demands.ForEach(add);
    return;
  }
  // The demands changed last, each once: a ticker's worth among the last
  // few hundred changes, without looking through every demand stored.
  std::vector<int64_t> seen;
  s.recent_demands->ForEachNewestFirst([&](int64_t id) {
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) return;
    seen.push_back(id);
    if (const ops::Demand* d = s.demands.Find(id)) add(*d);
  });
}

void AddSensors(const ops::Snapshot& s, const geo::GridSet& set, Latest& out) {
  if (!s.sensors) return;
  for (size_t i = 0; i < s.sensors->size(); ++i) {
    const ops::Sensor& sensor = (*s.sensors)[i];
    if (sensor.state == ops::AlertState::kNormal) continue;
    const ops::TimeMs at = sensor.state_since ? sensor.state_since : sensor.last_at;
    const Latest::Key key{at, TickerLine::kSensor, static_cast<int64_t>(i), 0};
    if (at <= 0 || !out.Wanted(key)) continue;
    TickerLine l;
    l.at = at;
    l.kind = TickerLine::kSensor;
    l.severity = sensor.state == ops::AlertState::kAlarm ? 2 : 1;
    l.label = Capitalised(TrName(ops::kAlertStateNames[static_cast<size_t>(sensor.state)]));
    l.text = fmt::format("{} {:.4g} {}", sensor.spec.name, sensor.last_value, sensor.spec.unit);
    if (const std::string where = AreaName(set, sensor.areas); !where.empty())
      l.text += " · " + where;
    out.Add(key, std::move(l));
  }
}

void AddIncidents(const ops::Snapshot& s, const ops::Catalog& catalog, Latest& out) {
  if (!s.incidents) return;
  for (const ops::Incident& i : *s.incidents) {
    const int level = static_cast<int>(i.opened_as.level);
    auto add = [&](ops::TimeMs at, TickerLine::Kind kind, int64_t sub, const Text& label,
                   int severity, const std::string& text) {
      const Latest::Key key{at, kind, i.id, sub};
      if (at <= 0 || !out.Wanted(key)) return;
      TickerLine l;
      l.at = at;
      l.kind = kind;
      l.level = level;
      l.severity = severity;
      l.label = Tr(label);
      l.text = text;
      out.Add(key, std::move(l));
    };
    const std::string title = fmt::format(
        "{} {} · {}", ops::NameOf(ops::kIncidentLevelNames, i.opened_as.level),
        TrName(ops::kIncidentLevelNames[static_cast<size_t>(level - 1)]), i.opened_as.title);
    add(i.opened, TickerLine::kIncident, 0, kTickerOpened, 2, title);
    if (i.stage == ops::IncidentStage::kEnded)
      add(i.ended, TickerLine::kIncident, 1, kTickerEnded, 0, title);
    for (size_t k = 0; k < i.summons.size(); ++k) {
      const ops::Summons& m = i.summons[k];
      const ops::Department* d = catalog.FindDepartment(m.department);
      const std::string who = d ? Tr(Text{d->zh, d->en}) : m.department;
      const auto sub = static_cast<int64_t>(k);
      add(m.summoned, TickerLine::kSummons, sub, kTickerSummons, 0,
          who + " · " + i.opened_as.title);
      add(m.reported, TickerLine::kReportIn, sub, kTickerReportIn, m.reported > m.deadline ? 1 : 0,
          who);
      add(m.escalated, TickerLine::kEscalated, sub, kTickerEscalated, 2, who);
    }
  }
}

}  // namespace

std::vector<TickerLine> TickerOf(const ops::Snapshot& snapshot, const geo::GridSet& set,
                                 const ops::Catalog& catalog, size_t count) {
  Latest latest{count, {}};
  if (count == 0) return {};
  AddDemands(snapshot, set, catalog, latest);
  AddSensors(snapshot, set, latest);
  AddIncidents(snapshot, catalog, latest);
  std::vector<TickerLine> out;
  out.reserve(latest.heap.size());
  while (!latest.heap.empty()) {
    out.push_back(std::move(const_cast<TickerLine&>(latest.heap.top().line)));
    latest.heap.pop();
  }
  std::reverse(out.begin(), out.end());  // newest first
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Clock and health

std::string WallClockTime(ops::TimeMs t) {
  const std::string iso = ops::FormatTime(t + 8 * ops::kHour);  // "2030-06-03T02:00:00Z"
  return iso.substr(11, 8);
}

std::string WallClockDate(ops::TimeMs t) {
  const ops::TimeMs local = t + 8 * ops::kHour;
  // 1970-01-01 was a Thursday (index 4 with Sunday 0).
  const int64_t days = local >= 0 ? local / ops::kDay : (local - ops::kDay + 1) / ops::kDay;
  const int weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);
  return fmt::format("{} {}", ops::FormatTime(local).substr(0, 10), Tr(kWeekdays[weekday]));
}

std::string FeedTroubleText(const ops::FeedTrouble& t, Language language) {
  const bool en = language == Language::kEnglish;
  auto say = [en](const Text& text) { return fmt::runtime(en ? text.en : text.zh); };
  std::string headline;
  switch (t.kind) {
    case ops::FeedTrouble::kNone:
      return "";
    case ops::FeedTrouble::kConnecting:
      headline = fmt::format(say(kFeedConnecting), t.url);
      break;
    case ops::FeedTrouble::kDown:
      headline = t.seconds > 0 ? fmt::format(say(kFeedUnreachableFor), t.url, t.seconds)
                               : fmt::format(say(kFeedUnreachable), t.url);
      break;
    case ops::FeedTrouble::kGivenUp:
      headline = fmt::format(say(kFeedGivenUp), t.url);
      break;
    case ops::FeedTrouble::kSilent:
      headline = fmt::format(say(kFeedStalled), t.url, t.seconds);
      break;
    case ops::FeedTrouble::kCatchingUp:
      headline = fmt::format(say(kFeedCatchingUp), t.url, t.seq, t.server_seq);
      break;
  }
  if (t.detail.empty()) return headline;
  return fmt::format("{}\n{}{}", headline, en ? kFeedWhy.en : kFeedWhy.zh, t.detail);
}

std::string FeedWatch::Check(const ops::Snapshot* snapshot, const std::string& problem,
                             double wall_s) {
  const int64_t seq = snapshot ? snapshot->seq : -1;
  const ops::TimeMs now = snapshot ? snapshot->now : -1;
  if (!started_ || seq != seq_ || now != now_) {
    started_ = true;
    seq_ = seq;
    now_ = now;
    changed_s_ = wall_s;
  }
  if (!problem.empty()) return problem;
  const double silent = wall_s - changed_s_;
  if (silent < kSilentAfter) return "";
  return fmt::format(fmt::runtime(Tr(kFeedSilent)), static_cast<int>(silent));
}

// ---------------------------------------------------------------------------
// [SECTION] Legend placement

ScreenPx CornerBoxOrigin(const Viewport& map, double w, double h, double margin, MapCorner corner) {
  const bool right = corner == MapCorner::kBottomRight || corner == MapCorner::kTopRight;
  const bool bottom = corner == MapCorner::kBottomRight || corner == MapCorner::kBottomLeft;
  return {right ? map.x + map.width - margin - w : map.x + margin,
          bottom ? map.y + map.height - margin - h : map.y + margin};
}

MapCorner LeastHiddenCorner(const Viewport& map, double w, double h, double margin,
                            const std::function<bool(ScreenPx)>& shown) {
  constexpr int kSamples = 12;
  MapCorner best = MapCorner::kBottomRight;
  int least = kSamples * kSamples + 1;
  for (MapCorner c : {MapCorner::kBottomRight, MapCorner::kBottomLeft, MapCorner::kTopLeft,
                      MapCorner::kTopRight}) {
    const ScreenPx o = CornerBoxOrigin(map, w, h, margin, c);
    int hidden = 0;
    for (int i = 0; i < kSamples; ++i) {
      for (int j = 0; j < kSamples; ++j) {
        hidden += shown({o.x + (i + 0.5) * w / kSamples, o.y + (j + 0.5) * h / kSamples});
      }
    }
    if (hidden < least) {
      least = hidden;
      best = c;
    }
  }
  return best;
}

}  // namespace viewer
