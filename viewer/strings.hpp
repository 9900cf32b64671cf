// Every piece of UI text, Chinese first (the default) and English. The font
// atlas is built from these, so each Chinese glyph the UI shows is in it.
#pragma once

#include <array>
#include <string_view>

namespace viewer {

struct Text {
  std::string_view zh;
  std::string_view en;
};

inline constexpr Text kTitle = {"网格化管理 · 城市运行", "Grid governance · city operations"};
inline constexpr Text kCounty = {"县", "County"};
inline constexpr Text kCommunities = {"社区", "Communities"};
inline constexpr Text kGrids = {"网格", "Grids"};
inline constexpr Text kCompounds = {"小区", "Compounds"};
inline constexpr Text kBuildings = {"楼栋", "Buildings"};
inline constexpr Text kPopulation = {"人口", "Population"};
inline constexpr Text kHouseholds = {"户数", "Households"};
inline constexpr Text kArea = {"面积", "Area"};
inline constexpr Text kCode = {"编码", "Code"};
inline constexpr Text kSelection = {"选中", "Selection"};
inline constexpr Text kNothingSelected = {"点击地图或列表选择区域", "Click the map or the list"};
inline constexpr Text kHierarchy = {"社区 › 网格 › 小区", "Community › Grid › Compound"};
inline constexpr Text kLayers = {"图层", "Layers"};
inline constexpr Text kLabels = {"标注", "Labels"};
inline constexpr Text kFill = {"填充", "Fill"};
inline constexpr Text kOutline = {"边界", "Outline"};
inline constexpr Text kFitHint = {"F 键：全县视图", "F: fit the county"};
inline constexpr Text kSquareKm = {"平方公里", "km²"};
inline constexpr Text kPersons = {"人", "persons"};
inline constexpr Text kLevelNames[] = {kCommunities, kGrids, kCompounds, kBuildings};
inline constexpr Text kLoadNotes = {"加载提示", "Load notes"};

// The live dashboard.
inline constexpr Text kOpen = {"未结诉求", "Open demands"};
inline constexpr Text kOverdue = {"超期", "Overdue"};
inline constexpr Text kReceivedToday = {"今日受理", "Received today"};
inline constexpr Text kClosedToday = {"今日结案", "Closed today"};
inline constexpr Text kOnTimeRate = {"按期结案率", "On-time closure"};
inline constexpr Text kReworkRate = {"返工率", "Rework rate"};
inline constexpr Text kSatisfaction = {"满意度", "Satisfaction"};
inline constexpr Text kIncidents = {"突发事件", "Incidents"};
inline constexpr Text kSensorsAlarm = {"设备告警", "Sensors in alarm"};
inline constexpr Text kVsDayAgo = {"较24小时前", "vs 24 h ago"};
inline constexpr Text kVsYesterday = {"较昨日同时", "vs this time yesterday"};
inline constexpr Text kNoData = {"暂无", "n/a"};
inline constexpr Text kFilterAll = {"筛选：全部诉求", "Filter: all demands"};
inline constexpr Text kFilterPrefix = {"筛选：", "Filter: "};
inline constexpr Text kClearFilter = {"清除筛选", "Clear filter"};
inline constexpr Text kFilters = {"筛选", "Filters"};
inline constexpr Text kFamilies = {"类别", "Families"};
inline constexpr Text kStages = {"阶段", "Stages"};
inline constexpr Text kSources = {"来源", "Sources"};
inline constexpr Text kWindow = {"受理时间", "Received"};
inline constexpr Text kWindowAny = {"不限", "any time"};
inline constexpr Text kWindow24h = {"近24小时", "last 24 h"};
inline constexpr Text kWindow7d = {"近7天", "last 7 days"};
inline constexpr Text kWindow30d = {"近30天", "last 30 days"};
inline constexpr Text kChoropleth = {"专题着色", "Choropleth"};
inline constexpr Text kMetricOpen = {"未结诉求", "open demands"};
inline constexpr Text kMetricOverdue = {"超期诉求", "overdue demands"};
inline constexpr Text kMetricPer1000 = {"每千人未结", "open per 1,000 residents"};
inline constexpr Text kMetricAlarm = {"告警设备", "sensors in alarm"};
inline constexpr Text kMetricNames[] = {kMetricOpen, kMetricOverdue, kMetricPer1000, kMetricAlarm};
inline constexpr Text kByLevel = {"着色层级", "Level"};
inline constexpr Text kDemandPoints = {"诉求点位", "Demand points"};
inline constexpr Text kHeat = {"热力", "Density"};
inline constexpr Text kSensors = {"感知设备", "Sensors"};
inline constexpr Text kCountyWide = {"全县", "County"};
inline constexpr Text kChief = {"责任人", "Chief"};
inline constexpr Text kOnDuty = {"在岗", "on duty"};
inline constexpr Text kOffDuty = {"不在岗", "off duty"};
inline constexpr Text kPartyOrg = {"党组织", "Party organisation"};
inline constexpr Text kSecretary = {"书记", "secretary"};
inline constexpr Text kDemonstration = {"示范小区", "demonstration compound"};
inline constexpr Text kRanked = {"下级排名", "Areas below, ranked"};
inline constexpr Text kNoValue = {"无数据", "no value"};
inline constexpr Text kLegendAreas = {"个", "areas"};
inline constexpr Text kSnapshotAt = {"数据时间", "As of"};
inline constexpr Text kWarnCount = {"预警", "warn"};
inline constexpr Text kTrendNote = {"▲▼ 较24小时前（今日受理、今日结案较昨日同时）",
                                    "▲▼ against 24 h before (today's counts: this time yesterday)"};
inline constexpr Text kDetail = {"详情", "Detail"};
inline constexpr Text kDemand = {"诉求", "Demand"};
inline constexpr Text kStageNow = {"当前", "Now"};
inline constexpr Text kDeadline = {"时限", "Due"};
inline constexpr Text kAssignee = {"承办", "Assigned to"};
inline constexpr Text kLoading = {"读取中…", "Loading…"};
inline constexpr Text kRework = {"返工", "Rework"};
inline constexpr Text kWarnAt = {"预警线", "Warn at"};
inline constexpr Text kAlarmAt = {"告警线", "Alarm at"};
inline constexpr Text kFalling = {"（低于为险）", "(low is danger)"};
inline constexpr Text kLast24h = {"近24小时读数", "Readings, last 24 h"};
inline constexpr Text kOpened = {"启动", "Opened"};
inline constexpr Text kSummons = {"吹哨 · 报到", "Summons · report-ins"};
inline constexpr Text kReported = {"已报到", "Reported"};
inline constexpr Text kReportedLate = {"迟到报到", "Reported late"};
inline constexpr Text kNotReported = {"超时未报到", "Late, not reported"};
inline constexpr Text kEscalated = {"超时已升级", "Late, escalated"};
inline constexpr Text kDueBy = {"应到", "Due by"};
inline constexpr Text kLog = {"处置日志", "Log"};
inline constexpr Text kHotGrids = {"Gi* 热点网格", "Gi* hot grids"};
inline constexpr Text kVsDay = {"日增", "24 h"};
inline constexpr Text kHotMark = {"●热点", "● hot"};
inline constexpr Text kEarlyWarning = {"社情民意提前研判", "Early warning"};
inline constexpr Text kWarningNoHistory = {"历史不足7天，暂不研判", "under 7 days of history: no judgement yet"};
inline constexpr Text kNoWarnings = {"各网格诉求均在常态范围内", "every grid within its usual range"};
inline constexpr Text kLeague = {"十佳小区评比（按期、返工、满意度）", "Compound league (on time, rework, satisfaction)"};
inline constexpr Text kScore = {"得分", "Score"};
inline constexpr Text kTabSituation = {"态势", "Situation"};
inline constexpr Text kTabHotspots = {"热点研判", "Hotspots"};
inline constexpr Text kTabLayers = {"图层筛选", "Layers & filters"};
inline constexpr Text kLive = {"实时", "Live"};
inline constexpr Text kReplay = {"回放", "Replay"};
inline constexpr Text kBackToLive = {"回到实时", "Back to live"};
inline constexpr Text kPlay = {"播放", "Play"};
inline constexpr Text kPause = {"暂停", "Pause"};
inline constexpr Text kReplaying = {"回放", "Replaying"};
inline constexpr Text kOpenShort = {"未结", "Open"};
inline constexpr Text kOnTimeShort = {"按期率", "On time"};
inline constexpr Text kReworkShort = {"返工率", "Rework"};
inline constexpr Text kAlarmShort = {"告警", "Alarms"};

inline constexpr std::array kAllTexts = {
    kTitle,     kCounty,        kCommunities,      kGrids,        kCompounds, kBuildings,
    kPopulation, kHouseholds,
    kArea,      kCode,          kSelection,        kNothingSelected, kHierarchy, kLayers, kLabels,
    kFill,      kOutline,       kFitHint,          kSquareKm,     kPersons,   kLoadNotes,
    kOpen, kOverdue, kReceivedToday, kClosedToday, kOnTimeRate, kReworkRate, kSatisfaction,
    kIncidents, kSensorsAlarm, kVsDayAgo, kVsYesterday, kNoData, kFilterAll, kFilterPrefix,
    kClearFilter, kFilters, kFamilies, kStages, kSources, kWindow, kWindowAny, kWindow24h,
    kWindow7d, kWindow30d, kChoropleth, kMetricOpen, kMetricOverdue, kMetricPer1000, kMetricAlarm,
    kByLevel, kDemandPoints, kHeat, kSensors, kCountyWide, kChief, kOnDuty, kOffDuty, kPartyOrg,
    kSecretary, kDemonstration, kRanked, kNoValue, kLegendAreas, kSnapshotAt, kWarnCount, kTrendNote, kOpenShort, kOnTimeShort, kReworkShort,
    kAlarmShort, kDetail, kDemand, kStageNow, kDeadline, kAssignee, kLoading, kRework, kWarnAt,
    kAlarmAt, kFalling, kLast24h, kOpened, kSummons, kReported, kReportedLate, kNotReported,
    kEscalated, kDueBy, kLog, kHotGrids, kVsDay, kHotMark, kEarlyWarning, kWarningNoHistory,
    kNoWarnings, kLeague, kScore, kTabSituation, kTabHotspots, kTabLayers, kLive, kReplay,
    kBackToLive, kPlay, kPause, kReplaying,
};

// The text in the language on screen (Chinese until language switching lands).
inline const char* Tr(const Text& t) { return t.zh.data(); }

}  // namespace viewer
