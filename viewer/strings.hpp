// Every piece of UI text, Chinese first (the default) and English. The font
// atlas is built from these, so each Chinese glyph the UI shows is in it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
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
inline constexpr Text kPopulation = {"人口", "Residents"};
inline constexpr Text kHouseholds = {"户数", "Homes"};
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
inline constexpr Text kOpen = {"未结诉求", "Open"};
inline constexpr Text kOverdue = {"超期", "Overdue"};
inline constexpr Text kReceivedToday = {"今日受理", "New"};
inline constexpr Text kClosedToday = {"今日结案", "Closed"};
inline constexpr Text kOnTimeRate = {"按期结案率", "On time"};
inline constexpr Text kReworkRate = {"返工率", "Rework"};
inline constexpr Text kSatisfaction = {"满意度", "Rating"};
inline constexpr Text kResponseRate = {"响应率", "Response"};
inline constexpr Text kResolutionRate = {"解决率", "Resolved"};
// What each rate counts (the tiles' hover), in the words of the 12345 assessment.
inline constexpr Text kOnTimeNote = {"按期结案率：已结案诉求中在办理时限内结案的比例",
                                     "On-time closure: closed demands closed by their deadline"};
inline constexpr Text kReworkNote = {"返工率：已结案诉求中核查未通过、退回重新处置过的比例",
                                     "Rework rate: closed demands sent back to handling at least once"};
inline constexpr Text kResponseNote = {
    "响应率：应响应诉求中按时响应（受理后派遣）的比例。响应时限：办理时限不超过24小时的紧急诉求2小时，"
    "其余24小时；超过时限仍未派遣的计为未响应，时限内待派遣的暂不计入",
    "Response rate: demands due a response that were dispatched within the limit (2 h for urgent "
    "items with a deadline of 24 h or less, 24 h otherwise); one still undispatched past the limit "
    "is a miss, one still within it is not counted yet"};
inline constexpr Text kResolutionNote = {
    "解决率：已结案诉求中问题一次解决的比例——未返工且群众未评不满意（1–2星）；未回访评价的以核查通过为准",
    "Resolution rate: closed demands solved at the first answer: no rework and not rated "
    "dissatisfied (1–2 stars); an unrated one stands on its verification"};
inline constexpr Text kSatisfactionNote = {"满意度：群众回访评价的平均星级（1–5星）",
                                           "Satisfaction: the residents' mean rating, 1–5 stars"};
inline constexpr Text kNoClosedYet = {"暂无已结案诉求，无从计算", "No closed demands yet to rate"};
inline constexpr Text kNoResponseDue = {
    "暂无应响应的诉求：尚无受理，或受理的均在响应时限内待派遣",
    "No demand due a response yet: none received, or all still within their limit"};
inline constexpr Text kNoRatingsYet = {"暂无群众评价", "No ratings yet"};
inline constexpr Text kIncidents = {"突发事件", "Incidents"};
inline constexpr Text kSensorsAlarm = {"设备告警", "Alarms"};
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
// The ping layer and its legend row: a demand received, moved on, closed.
inline constexpr Text kPings = {"诉求动态", "Demand activity"};
inline constexpr Text kPingArrived = {"新受理", "New"};
inline constexpr Text kPingMoved = {"流转", "Moved on"};
inline constexpr Text kPingClosed = {"结案", "Closed"};
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
inline constexpr Text kLegendArea = {"个", "area"};  // one
inline constexpr Text kSnapshotAt = {"数据时间", "As of"};
inline constexpr Text kWarnCount = {"预警", "warn"};
inline constexpr Text kTrendNote = {"▲▼ 较24小时前（今日受理、今日结案较昨日同时）",
                                    "▲▼ against 24 h before (today's counts: this time yesterday)"};
inline constexpr Text kDetail = {"详情", "Detail"};
inline constexpr Text kDemand = {"诉求", "Demand"};
inline constexpr Text kStageNow = {"当前", "Now"};
inline constexpr Text kDeadline = {"时限", "Due"};
inline constexpr Text kAssignee = {"承办", "Assigned to"};
inline constexpr Text kDispatchedTo = {"派至", "to"};
inline constexpr Text kLoading = {"读取中…", "Loading…"};
inline constexpr Text kSystemDid = {"系统自动", "Automatic"};  // an incident log line's actor
// A picked demand or incident that a replayed moment does not hold yet.
inline constexpr Text kNotYetAt = {"{} #{} 在此时刻尚未发生", "{} #{} had not happened yet at this moment"};
inline constexpr Text kIncidentWord = {"突发事件", "Incident"};
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
inline constexpr Text kImpact = {"影响范围", "Affected"};
// The language switch shows the other language, in its own script.
inline constexpr Text kOtherLanguage = {"EN", "中文"};
// fmt pattern: the level's Chinese name, its numeral, the class.
inline constexpr Text kIncidentHeading = {"{0} {1}级 · {2}", "Level {1} · {2}"};
// fmt patterns: grids, compounds, residents, households.
inline constexpr Text kImpactAreas = {"{} 个网格 · {} 个小区 · 约 {} 人（{} 户）",
                                      "{} grids · {} compounds · about {} residents ({} households)"};
// fmt patterns: open demands, overdue, sensors, in alarm.
inline constexpr Text kImpactInside = {"区内未结诉求 {} 件（超期 {}）· 传感器 {} 个（告警 {}）",
                                       "{} open demands inside ({} overdue) · {} sensors ({} in alarm)"};
inline constexpr Text kImpactNote = {"人口按各网格面积在区内的比例估算",
                                     "residents estimated from each grid's share of its area inside"};
inline constexpr Text kDueBy = {"应到", "Due by"};
inline constexpr Text kLog = {"处置日志", "Log"};
inline constexpr Text kHotGrids = {"Gi* 热点网格", "Gi* hot grids"};
inline constexpr Text kVsDay = {"日增", "24 h"};
inline constexpr Text kHotMark = {"●热点", "● hot"};
inline constexpr Text kHotGridsLayer = {"Gi* 热点网格", "Gi* hot grids"};
inline constexpr Text kHotLegend = {"Gi* 热点网格", "Gi* hot grid"};
inline constexpr Text kHotLegendNote = {"与相邻网格合计诉求量显著高于全县（95%置信）",
                                        "with its neighbours, significantly above the county (95%)"};
inline constexpr Text kEarlyWarning = {"社情民意提前研判", "Early warning"};
inline constexpr Text kWarningNoHistory = {"历史不足7天，暂不研判", "under 7 days of history: no judgement yet"};
inline constexpr Text kNoWarnings = {"各网格诉求均在常态范围内", "every grid within its usual range"};
inline constexpr Text kLeague = {"十佳小区评比（按期、返工、满意度）", "Compound league (on time, rework, satisfaction)"};
inline constexpr Text kScore = {"得分", "Score"};
inline constexpr Text kTabSituation = {"态势", "Situation"};
inline constexpr Text kTabHotspots = {"热点研判", "Hotspots"};
inline constexpr Text kTabLayers = {"图层筛选", "Layers & filters"};
inline constexpr Text kLive = {"实时", "Live"};
inline constexpr Text kFeedProblem = {"数据源中断 · 画面可能不是最新：", "Feed interrupted · this may not be current:"};
inline constexpr Text kReplay = {"回放", "Replay"};
inline constexpr Text kBackToLive = {"回到实时", "Back to live"};
inline constexpr Text kPlay = {"播放", "Play"};
inline constexpr Text kPause = {"暂停", "Pause"};
inline constexpr Text kReplaying = {"回放", "Replaying"};
inline constexpr Text kOpenShort = {"未结", "Open"};
inline constexpr Text kOnTimeShort = {"按期率", "On time"};
inline constexpr Text kReworkShort = {"返工率", "Rework"};
inline constexpr Text kAlarmShort = {"告警", "Alarms"};

// The command-centre wall (gridops view --wall).
inline constexpr Text kTickerTitle = {"最新动态", "Latest events"};
inline constexpr Text kTickerNewDemand = {"新诉求", "New demand"};
inline constexpr Text kTickerOpened = {"事件启动", "Incident opened"};
inline constexpr Text kTickerEnded = {"事件结束", "Incident ended"};
inline constexpr Text kTickerSummons = {"吹哨", "Summoned"};
inline constexpr Text kTickerReportIn = {"报到", "Reported in"};
inline constexpr Text kTickerEscalated = {"超时升级", "Escalated"};
inline constexpr Text kNoEventsYet = {"暂无动态", "No events yet"};
// fmt pattern: seconds without a new event or a moving store clock.
inline constexpr Text kFeedSilent = {"已 {} 秒未收到新数据，数据源可能已停止",
                                     "no new data for {} s: the feed may have stopped"};
inline constexpr Text kWeekdays[] = {
    {"星期日", "Sunday"},   {"星期一", "Monday"}, {"星期二", "Tuesday"}, {"星期三", "Wednesday"},
    {"星期四", "Thursday"}, {"星期五", "Friday"}, {"星期六", "Saturday"}};
inline constexpr Text kTourCounty = {"全县概况", "County overview"};
inline constexpr Text kTourNewIncident = {"新突发事件", "New incident"};
// fmt patterns: the stop's number, the number of stops; the next stop's name.
inline constexpr Text kTourStop = {"巡览 {}/{}", "Tour {}/{}"};
inline constexpr Text kTourNext = {"下一站 {}", "next: {}"};
inline constexpr Text kTourResumes = {"之后回到巡览", "then back to the tour"};
inline constexpr Text kChiefShort = {"社区长", "Chief"};
inline constexpr Text kFeedDown = {"中断", "Interrupted"};
// A followed server's trouble (ops::FeedTrouble), under kFeedProblem.
inline constexpr Text kFeedConnecting = {"正在连接 {} …", "connecting to {} …"};
inline constexpr Text kFeedUnreachable = {"无法连接 {}", "{} cannot be reached"};
inline constexpr Text kFeedUnreachableFor = {"{} 已 {} 秒无法连接", "{} unreachable for {} s"};
inline constexpr Text kFeedGivenUp = {"已停止跟随 {}", "stopped following {}"};
inline constexpr Text kFeedStalled = {"{} 已 {} 秒无任何消息，数据源可能停滞",
                                      "no news from {} for {} s: the feed may be stalled"};
inline constexpr Text kFeedCatchingUp = {"正在同步 {}：第 {} / {} 条事件",
                                         "catching up with {}: event {} of {}"};
inline constexpr Text kFeedWhy = {"原因：", "why: "};
inline constexpr Text kBeijingTime = {"北京时间", "Beijing time"};
inline constexpr Text kRankedByOpen = {"未结诉求最多", "Most open demands"};

// Emergency coordination from the desk (viewer/panels/coordination.cpp).
inline constexpr Text kNewIncident = {"新建突发事件", "New incident"};
inline constexpr Text kPlaceHint = {"在地图上点击事件中心位置", "Click the map at the incident's centre"};
inline constexpr Text kPlaceAgain = {"再次点击地图可移动中心", "Click the map again to move it"};
inline constexpr Text kLevel = {"级别", "Level"};
inline constexpr Text kClass = {"类别", "Class"};
inline constexpr Text kRadius = {"半径（米）", "Radius (m)"};
inline constexpr Text kShapeCircle = {"圆形范围", "Circle"};
inline constexpr Text kShapeArea = {"绘制范围", "Draw the area"};
inline constexpr Text kAreaHint = {"在地图上依次点击范围的各个角",
                                   "Click the area's corners on the map in turn"};
// fmt pattern: how many corners.
inline constexpr Text kAreaCorners = {"已点 {} 个角", "{} corners"};
inline constexpr Text kUndoCorner = {"撤销一点", "Undo corner"};
inline constexpr Text kClearArea = {"清除", "Clear"};
inline constexpr Text kIncidentTitle = {"标题", "Title"};
inline constexpr Text kOpenIncident = {"启动事件", "Open incident"};
inline constexpr Text kCancel = {"取消", "Cancel"};
inline constexpr Text kSummonAction = {"吹哨", "Summon"};
inline constexpr Text kSummonWhom = {"选择要吹哨的部门", "Departments to summon"};
inline constexpr Text kReportInLimit = {"报到时限（分钟）", "Report-in limit (min)"};
inline constexpr Text kRecordReportIn = {"报到", "Report in"};
// fmt pattern: the next stage's name.
inline constexpr Text kMoveStage = {"进入{}阶段", "Move to {}"};
inline constexpr Text kLogHint = {"日志内容", "Log entry"};
inline constexpr Text kAddLog = {"记录", "Log"};
inline constexpr Text kSummaryHint = {"处置总结（结束事件时必填）", "Summary (needed to close)"};
inline constexpr Text kCloseIncident = {"结束事件", "Close incident"};
inline constexpr Text kReadOnlyDesk = {"只读：未提供写入令牌（--token-file）",
                                       "Read only: no write token (--token-file)"};
inline constexpr Text kSending = {"提交中…", "Sending…"};
inline constexpr Text kDraftNeedsCenter = {"center：请先在地图上点击事件中心",
                                           "center: click the map at the incident's centre first"};
inline constexpr Text kDraftNeedsTitle = {"title：请填写事件标题", "title: give the incident a title"};
// fmt pattern: how many corners so far.
inline constexpr Text kDraftNeedsArea = {"polygon：请在地图上点击至少 3 个角（已点 {} 个）",
                                         "polygon: click at least 3 corners on the map ({} so far)"};
// fmt pattern: the two sides, numbered from 1 in the order drawn.
inline constexpr Text kDraftSidesCross = {"polygon：第 {} 条边与第 {} 条边相交，请撤销或重画",
                                          "polygon: sides {} and {} cross; undo or redraw"};
inline constexpr Text kCornerCrosses = {"此点会使范围的边相交，未添加",
                                        "That corner would make the sides cross; not added"};
// fmt pattern: the radius, the least and the most.
inline constexpr Text kDraftBadRadius = {"radius_m：{} 米不在 {}–{} 米之间",
                                         "radius_m: {} m is not within {}–{} m"};
// What the desk did, as its outcome line says (fmt patterns where marked).
inline constexpr Text kDidOpen = {"启动事件「{}」", "Opened \"{}\""};           // the title
inline constexpr Text kDidSummon = {"吹哨 {} 个部门", "Summoned {} departments"};  // how many
inline constexpr Text kDidReportIn = {"{} 报到", "{} reported in"};                // the department
inline constexpr Text kDidStage = {"进入{}阶段", "Moved to {}"};                    // the stage
inline constexpr Text kDidLog = {"记录日志", "Logged"};
inline constexpr Text kDidClose = {"结束事件", "Closed"};
inline constexpr Text kRefused = {"未成功", "Refused"};
// Why (CommandOutcome::status), before the API's own sentence.
inline constexpr Text kRefusedUnreachable = {"无法连接服务器", "the server cannot be reached"};
inline constexpr Text kRefusedNoAccess = {"没有写入权限（令牌无效）",
                                          "not allowed: the desk's token is not valid"};
inline constexpr Text kRefusedNotFound = {"该事件或部门不存在", "no such incident or department"};
inline constexpr Text kRefusedConflict = {
    "事件状态已变化，可能另一席位已处理",
    "the incident changed meanwhile; another desk may have acted"};
inline constexpr Text kRefusedInvalid = {"输入有误", "the request is not valid"};
inline constexpr Text kRefusedServer = {"服务器内部错误", "the server failed"};

inline constexpr std::array kAllTexts = {
    kTitle,     kCounty,        kCommunities,      kGrids,        kCompounds, kBuildings,
    kPopulation, kHouseholds,
    kArea,      kCode,          kSelection,        kNothingSelected, kHierarchy, kLayers, kLabels,
    kFill,      kOutline,       kFitHint,          kSquareKm,     kPersons,   kLoadNotes,
    kOpen, kOverdue, kReceivedToday, kClosedToday, kOnTimeRate, kReworkRate, kSatisfaction,
    kResponseRate, kResolutionRate, kOnTimeNote, kReworkNote, kResponseNote, kResolutionNote,
    kSatisfactionNote, kNoClosedYet, kNoResponseDue, kNoRatingsYet,
    kIncidents, kSensorsAlarm, kVsDayAgo, kVsYesterday, kNoData, kFilterAll, kFilterPrefix,
    kClearFilter, kFilters, kFamilies, kStages, kSources, kWindow, kWindowAny, kWindow24h,
    kWindow7d, kWindow30d, kChoropleth, kMetricOpen, kMetricOverdue, kMetricPer1000, kMetricAlarm,
    kByLevel, kDemandPoints, kHeat, kSensors, kPings, kPingArrived, kPingMoved, kPingClosed,
    kCountyWide, kChief, kOnDuty, kOffDuty, kPartyOrg,
    kSecretary, kDemonstration, kRanked, kNoValue, kLegendAreas, kLegendArea, kSnapshotAt, kWarnCount, kTrendNote, kOpenShort, kOnTimeShort, kReworkShort,
    kAlarmShort, kDetail, kDemand, kStageNow, kDeadline, kAssignee, kDispatchedTo, kLoading, kSystemDid, kNotYetAt, kIncidentWord, kRework, kWarnAt,
    kAlarmAt, kFalling, kLast24h, kOpened, kSummons, kReported, kReportedLate, kNotReported, kImpact, kOtherLanguage, kIncidentHeading, kImpactAreas, kImpactInside, kImpactNote,
    kEscalated, kDueBy, kLog, kHotGrids, kVsDay, kHotMark, kHotGridsLayer, kHotLegend, kHotLegendNote, kEarlyWarning, kWarningNoHistory,
    kNoWarnings, kLeague, kScore, kTabSituation, kTabHotspots, kTabLayers, kLive, kFeedProblem, kReplay,
    kBackToLive, kPlay, kPause, kReplaying,
    kTickerTitle, kTickerNewDemand, kTickerOpened, kTickerEnded, kTickerSummons, kTickerReportIn,
    kTickerEscalated, kNoEventsYet, kFeedSilent, kWeekdays[0], kWeekdays[1], kWeekdays[2],
    kWeekdays[3], kWeekdays[4], kWeekdays[5], kWeekdays[6], kTourCounty, kTourNewIncident,
    kTourStop, kTourNext, kTourResumes, kChiefShort, kFeedDown, kBeijingTime, kRankedByOpen,
    kNewIncident, kPlaceHint, kPlaceAgain, kLevel, kClass, kRadius, kIncidentTitle, kOpenIncident,
    kCancel, kSummonAction, kSummonWhom, kReportInLimit, kRecordReportIn, kMoveStage, kLogHint,
    kAddLog, kSummaryHint, kCloseIncident, kReadOnlyDesk, kSending, kDraftNeedsCenter,
    kDraftNeedsTitle, kDraftBadRadius, kDidOpen, kDidSummon, kDidReportIn, kDidStage, kDidLog,
    kDidClose, kRefused, kShapeCircle, kShapeArea, kAreaHint, kAreaCorners, kUndoCorner,
    kClearArea, kDraftNeedsArea, kDraftSidesCross, kCornerCrosses, kFeedConnecting,
    kFeedUnreachable, kFeedUnreachableFor, kFeedGivenUp, kFeedStalled, kFeedCatchingUp, kFeedWhy,
    kRefusedUnreachable, kRefusedNoAccess, kRefusedNotFound, kRefusedConflict, kRefusedInvalid,
    kRefusedServer,
};

// ---------------------------------------------------------------------------
// The language on screen: Chinese by default; `--lang en` or the side
// panel's button switch it. Set and read on the UI thread only.

enum class Language : uint8_t { kChinese, kEnglish };

inline Language& LanguageOnScreen() {
  static Language language = Language::kChinese;
  return language;
}
inline void SetLanguage(Language l) { LanguageOnScreen() = l; }
inline bool English() { return LanguageOnScreen() == Language::kEnglish; }

// The text in the language on screen.
inline const char* Tr(const Text& t) { return English() ? t.en.data() : t.zh.data(); }

// A model name (a stage, a source, a level …): its Chinese, or in English
// its API name with spaces ("grid_worker" → "grid worker").
template <typename N>  // ops::Names, ops::StageNames
std::string TrName(const N& n) {
  if (!English()) return std::string(n.zh);
  std::string out(n.en);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

// A catalogue entry's name (family, category, department): `en` in English
// when the catalogue has one.
template <typename T>
const std::string& TrOf(const T& entry) {
  return English() && !entry.en.empty() ? entry.en : entry.zh;
}

}  // namespace viewer
