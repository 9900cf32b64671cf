// An incident's log in both languages: every line gridops writes keeps its
// parts, is stored in Chinese with no English in it, reads back the same
// after a restart, and words itself in English for a display switched to it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "ops/incident_log.hpp"
#include "ops/store_codec.hpp"
#include "store_fixture.hpp"

namespace {

using ops::LogEntry;
using ops::LogKind;
using ops::Wording;

std::string Zh(const LogEntry& e) {
  return ops::LogLine(e, test::SampleCatalog(), Wording::kChinese);
}
std::string En(const LogEntry& e) {
  return ops::LogLine(e, test::SampleCatalog(), Wording::kEnglish);
}

TEST(IncidentLog, EveryKindInBothLanguages) {
  const LogEntry by_hand = ops::OpenedLine(ops::IncidentLevel::kII, "黄河府谷段洪水", "");
  EXPECT_EQ(Zh(by_hand), "II 级 黄河府谷段洪水：手工启动");
  EXPECT_EQ(En(by_hand), "Level II · 黄河府谷段洪水: opened by hand");
  const LogEntry from_cap = ops::OpenedLine(ops::IncidentLevel::kI, "暴雨红色预警", "YL-0042");
  EXPECT_EQ(Zh(from_cap), "I 级 暴雨红色预警：据 CAP 预警 YL-0042 启动");
  EXPECT_EQ(En(from_cap), "Level I · 暴雨红色预警: opened from CAP alert YL-0042");
  const LogEntry updated = ops::UpdatedLine(ops::IncidentLevel::kIII, "暴雨黄色预警", "YL-0043");
  EXPECT_EQ(Zh(updated), "据 CAP 预警 YL-0043 更新：III 级 暴雨黄色预警");
  EXPECT_EQ(En(updated), "Updated by CAP alert YL-0043: level III, 暴雨黄色预警");
  const LogEntry cancelled = ops::CancelledLine("YL-0044");
  EXPECT_EQ(Zh(cancelled), "据 CAP 预警 YL-0044 撤销");
  EXPECT_EQ(En(cancelled), "Cancelled by CAP alert YL-0044");

  const LogEntry summons = ops::SummonsLine({{"fire", 15}, {"water_resources", 30}});
  EXPECT_EQ(Zh(summons), "吹哨：县消防救援大队（15分钟）、县水利局（30分钟）");
  EXPECT_EQ(En(summons),
            "Summoned: County Fire and Rescue Brigade (15 min), County Water Resources Bureau "
            "(30 min)");
  // One limit for all is said once.
  const LogEntry usual = ops::SummonsLine({{"fire", 30}, {"water_resources", 30}});
  EXPECT_EQ(Zh(usual), "吹哨：县消防救援大队、县水利局，限30分钟内报到");
  EXPECT_EQ(En(usual),
            "Summoned: County Fire and Rescue Brigade, County Water Resources Bureau (report in "
            "within 30 min)");
  const LogEntry on_time = ops::ReportInLine("fire", 0);
  EXPECT_EQ(Zh(on_time), "报到：县消防救援大队");
  EXPECT_EQ(En(on_time), "Reported in: County Fire and Rescue Brigade");
  const LogEntry late = ops::ReportInLine("fire", 12);
  EXPECT_EQ(Zh(late), "报到：县消防救援大队，迟到12分钟");
  EXPECT_EQ(En(late), "Reported in: County Fire and Rescue Brigade, 12 min late");
  const LogEntry escalated = ops::EscalatedLine("water_resources");
  EXPECT_EQ(Zh(escalated), "县水利局 超时未报到，已升级督办");
  EXPECT_EQ(En(escalated), "County Water Resources Bureau missed its report-in limit: escalated");

  const LogEntry stage = ops::StageLine(ops::IncidentStage::kHandling);
  EXPECT_EQ(Zh(stage), "阶段 → 处置");
  EXPECT_EQ(En(stage), "Stage → handling");
  const LogEntry closed = ops::ClosedLine("险情解除");
  EXPECT_EQ(Zh(closed), "结束：险情解除");
  EXPECT_EQ(En(closed), "Closed: 险情解除");
  const LogEntry note = ops::NoteLine(0, "值班员", "巡查：河堤无渗漏");
  EXPECT_EQ(Zh(note), "巡查：河堤无渗漏");
  EXPECT_EQ(En(note), "巡查：河堤无渗漏") << "a note is the coordinator's own words";
}

TEST(IncidentLog, ADepartmentNotInTheCatalogIsNamedByItsCode) {
  const LogEntry e = ops::ReportInLine("drone_unit", 0);
  EXPECT_EQ(Zh(e), "报到：drone_unit");
  EXPECT_EQ(En(e), "Reported in: drone_unit");
}

TEST(IncidentLog, AStoreFromBeforeKindsReadsItsLinesAsNotes) {
  const auto old = ops::codec::LogEntryFrom(
      nlohmann::json{{"at", 1000}, {"actor", "指挥长"}, {"text", "stage → 响应"}});
  EXPECT_EQ(old.kind, LogKind::kNote);
  EXPECT_EQ(En(old), "stage → 响应") << "shown as it was stored";

  LogEntry summons = ops::Worded(ops::SummonsLine({{"fire", 15}}), test::SampleCatalog());
  summons.at = 5000;
  summons.actor = "值班长";
  EXPECT_EQ(summons.text, "吹哨：县消防救援大队，限15分钟内报到");
  const LogEntry back = ops::codec::LogEntryFrom(ops::codec::LogEntryJson(summons));
  EXPECT_EQ(back.at, 5000);
  EXPECT_EQ(back.actor, "值班长");
  EXPECT_EQ(back.text, summons.text);
  EXPECT_EQ(back.kind, LogKind::kSummons);
  ASSERT_EQ(back.departments.size(), 1u);
  EXPECT_EQ(back.departments[0].code, "fire");
  EXPECT_EQ(back.departments[0].minutes, 15);
  EXPECT_FALSE(ops::codec::LogEntryJson(ops::NoteLine(1, "值班员", "x")).contains("kind"))
      << "a note is stored as before";
}

const LogEntry* Find(const std::vector<LogEntry>& log, LogKind kind) {
  for (const LogEntry& e : log)
    if (e.kind == kind) return &e;
  return nullptr;
}

// The coordination workflow through the store: each line is stored in
// Chinese without a word of English, and words itself in English the same
// before and after a restart.
TEST(IncidentLog, TheStoredWorkflowSpeaksBothLanguagesAcrossARestart) {
  test::TempDir dir;
  const auto path = dir.path() / "county.db";
  auto store = test::OpenSampleStore(path);
  ASSERT_TRUE(store);
  ops::IncidentInput in;
  in.level = ops::IncidentLevel::kII;
  in.klass = ops::IncidentClass::kNaturalDisaster;
  in.title = "黄河府谷段洪水";
  in.center = test::PointIn(*store, "61082200200504");
  in.radius_m = 800;
  in.actor = "指挥长";
  const ops::TimeMs t0 = ops::NowMs() - 2 * ops::kHour;
  in.at = t0;
  auto opened = store->OpenIncident(in);
  ASSERT_TRUE(opened) << opened.error().message;
  const int64_t id = opened->id;
  ASSERT_TRUE(store->Summon(id, {"fire"}, 30, "指挥长", t0 + ops::kMinute));
  ASSERT_TRUE(store->ReportIn(id, "fire", "李队", t0 + 40 * ops::kMinute));  // 9 min late
  ASSERT_TRUE(store->Summon(id, {"water_resources"}, 20, "指挥长", t0 + 2 * ops::kMinute));
  ASSERT_TRUE(
      store->SetIncidentStage(id, ops::IncidentStage::kHandling, "指挥长", t0 + 45 * ops::kMinute));
  // The water bureau never reports in: the writer's periodic pass escalates it.
  bool escalated = false;
  for (int i = 0; i < 50 && !escalated; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(store->LogIncident(id, "巡查：河堤无渗漏", "值班员", 0));
    escalated = Find(store->Latest()->incidents->at(0).log, LogKind::kEscalated) != nullptr;
  }
  ASSERT_TRUE(escalated);
  ASSERT_TRUE(store->CloseIncident(id, "险情解除", "指挥长", 0));

  auto check = [](const std::vector<LogEntry>& log) {
    const std::regex english_word("[A-Za-z]{3,}");
    for (const LogEntry& e : log) {
      EXPECT_FALSE(std::regex_search(e.text, english_word)) << "stored in Chinese: " << e.text;
      EXPECT_EQ(e.text, Zh(e)) << "one wording for the store and the displays";
    }
    struct Expected {
      LogKind kind;
      const char* zh;
      const char* en;
    };
    for (const Expected& x : std::initializer_list<Expected>{
             {LogKind::kOpened, "II 级 黄河府谷段洪水：手工启动",
              "Level II · 黄河府谷段洪水: opened by hand"},
             {LogKind::kSummons, "吹哨：县消防救援大队，限30分钟内报到",
              "Summoned: County Fire and Rescue Brigade (report in within 30 min)"},
             {LogKind::kReportIn, "报到：县消防救援大队，迟到9分钟",
              "Reported in: County Fire and Rescue Brigade, 9 min late"},
             {LogKind::kStage, "阶段 → 处置", "Stage → handling"},
             {LogKind::kNote, "巡查：河堤无渗漏", "巡查：河堤无渗漏"},
             {LogKind::kClosed, "结束：险情解除", "Closed: 险情解除"},
         }) {
      const LogEntry* e = Find(log, x.kind);
      ASSERT_NE(e, nullptr) << ops::NameOf(ops::kLogKindNames, x.kind);
      EXPECT_EQ(e->text, x.zh);
      EXPECT_EQ(En(*e), x.en);
    }
    bool water_escalated = false;
    for (const LogEntry& e : log) {
      if (e.kind == LogKind::kEscalated && e.departments.at(0).code == "water_resources") {
        water_escalated = true;
        EXPECT_EQ(e.text, "县水利局 超时未报到，已升级督办");
        EXPECT_EQ(e.actor, "gridops");
      }
    }
    EXPECT_TRUE(water_escalated);
  };
  const std::vector<LogEntry> before = store->Latest()->incidents->at(0).log;
  check(before);

  store.reset();
  store = test::OpenSampleStore(path);
  ASSERT_TRUE(store);
  const std::vector<LogEntry> after = store->Latest()->incidents->at(0).log;
  ASSERT_EQ(after.size(), before.size());
  for (size_t k = 0; k < after.size(); ++k) {
    EXPECT_EQ(after[k].kind, before[k].kind);
    EXPECT_EQ(En(after[k]), En(before[k])) << "the parts survive a restart";
  }
  check(after);
}

}  // namespace
