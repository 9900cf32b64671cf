#include "ops/simulator_text.hpp"

#include <fmt/format.h>

#include <array>
#include <map>
#include <utility>

namespace ops::sim_text {

namespace {

// Common surnames, weighted towards those of northern Shaanxi (高 郝 贺 白
// 乔 苗 折 柴 are frequent around 府谷).
constexpr std::array<std::string_view, 48> kSurnames = {
    "王", "李", "张", "刘", "杨", "高", "郝", "贺", "白", "乔", "苗", "折", "柴", "秦", "赵", "陈",
    "黄", "周", "吴", "徐", "孙", "胡", "朱", "郭", "马", "罗", "梁", "宋", "郑", "韩", "冯", "董",
    "程", "曹", "许", "吕", "苏", "贾", "丁", "魏", "薛", "田", "任", "姚", "崔", "康", "霍", "雷"};
constexpr std::array<std::string_view, 40> kGivenNames = {
    "芳",   "伟",   "娜",   "敏",   "静",   "丽",   "强",   "磊",   "军",   "洋",
    "勇",   "艳",   "杰",   "娟",   "涛",   "明",   "超",   "霞",   "平",   "刚",
    "建华", "建国", "志强", "秀兰", "海燕", "红梅", "晓东", "玉兰", "春梅", "俊杰",
    "浩然", "鹏飞", "亚楠", "建军", "卫东", "海波", "永刚", "丽华", "晓燕", "彦军"};

// How each source puts a demand: "{place}" and "{item}" are filled in.
const std::array<std::vector<std::string_view>, kSourceCount> kOpenings = {{
    {"市民来电反映{place}{item}方面的问题。", "12345热线转办：{place}居民反映{item}问题。"},
    {"网格员巡查发现{place}存在{item}问题，已拍照上报。",
     "网格员入户走访时，{place}居民提出{item}需求。"},
    {"居民通过随手拍反映{place}{item}问题，附现场照片。",
     "“随手拍”上报：{place}{item}，请尽快处理。"},
    {"居民到社区服务窗口申请办理{item}，住址{place}。",
     "居民在便民服务窗口咨询{item}事宜，住址{place}。"},
    {"感知设备监测到{place}异常，自动生成{item}工单。",
     "物联网设备告警：{place}疑似{item}，请核实。"},
}};

// A detail by family: what residents add.
const std::map<std::string_view, std::vector<std::string_view>>& Details() {
  static const std::map<std::string_view, std::vector<std::string_view>> details = {
      {"sanitation",
       {"公共区域卫生较差，影响居民出行。", "气味较大，夏季容易滋生蚊蝇。",
        "已持续多日，多名居民反映。"}},
      {"property",
       {"物业迟迟未处理，居民意见较大。", "涉及整栋楼住户，希望社区协调。",
        "此前反映过一次，尚未解决。"}},
      {"public_safety",
       {"存在安全隐患，请尽快处置。", "涉及老人和儿童安全，居民较为担心。",
        "情况较急，请立即派人查看。"}},
      {"elderly_child",
       {"老人行动不便，希望上门办理。", "家中无人照料，请社区帮助。",
        "家属在外地务工，委托社区协助。"}},
      {"disputes",
       {"双方多次协商未果，请网格员调解。", "已影响邻里关系，希望社区出面协调。",
        "夜间尤为严重，影响休息。"}},
      {"social_services",
       {"材料已基本备齐，请指导办理。", "不清楚办理流程，请工作人员帮助。",
        "家庭困难，希望尽快办理。"}},
      {"urban_order",
       {"影响市容和通行，请执法部门处理。", "多次劝阻无效。", "早晚高峰时段尤为严重。"}},
      {"utilities",
       {"影响周边居民正常生活，请尽快抢修。", "夜间出行存在安全隐患。", "涉及多栋楼住户。"}},
  };
  return details;
}

std::string Replace(std::string text, std::string_view key, std::string_view value) {
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at)) {
    text.replace(at, key.size(), value);
    at += value.size();
  }
  return text;
}

}  // namespace

std::string PersonName(SimRandom& rng) {
  return fmt::format("{}{}", rng.Choose(std::span<const std::string_view>(kSurnames)),
                     rng.Choose(std::span<const std::string_view>(kGivenNames)));
}

std::string Phone(SimRandom& rng) {
  return fmt::format("13{}-0000-{:04}", rng.Int(0, 9), rng.Int(0, 9999));
}

std::string Fill(std::string_view pattern, std::string_view place) {
  return Replace(std::string(pattern), "{place}", place);
}

std::string DemandDescription(SimRandom& rng, const Category& category, Source source,
                              std::string_view place) {
  const auto& openings = kOpenings[static_cast<size_t>(source)];
  std::string text = Replace(Fill(rng.Choose(std::span(openings)), place), "{item}", category.zh);
  const auto it = Details().find(category.family);
  if (it != Details().end()) text += rng.Choose(std::span(it->second));
  return text;
}

std::string DepartmentFor(const Category& category, const Catalog& catalog) {
  // Words of an item's name that say who handles it, checked in order.
  static const std::array<std::pair<std::string_view, std::string_view>, 24> kByWord = {{
      {"燃气", "gas"},
      {"停水", "water_supply"},
      {"供水", "water_supply"},
      {"停电", "power"},
      {"供电", "power"},
      {"供暖", "heating"},
      {"消防", "fire"},
      {"违法建设", "urban_management"},
      {"占道", "urban_management"},
      {"噪声", "ecology"},
      {"油烟", "ecology"},
      {"污染", "ecology"},
      {"食品", "market_regulation"},
      {"地质", "natural_resources"},
      {"残疾", "disabled_persons"},
      {"户籍", "police_station"},
      {"医保", "medical_insurance"},
      {"退役军人", "veterans"},
      {"就业", "human_resources"},
      {"养老保险", "human_resources"},
      {"入学", "education"},
      {"托育", "education"},
      {"救助", "civil_affairs"},
      {"低保", "civil_affairs"},
  }};
  static const std::array<std::pair<std::string_view, std::string_view>, 7> kByFamily = {{
      {"utilities", "housing"},
      {"public_safety", "emergency"},
      {"urban_order", "urban_management"},
      {"sanitation", "urban_management"},
      {"social_services", "civil_affairs"},
      {"elderly_child", "civil_affairs"},
      {"property", "housing"},
  }};
  for (const auto& [word, code] : kByWord) {
    if (category.zh.find(word) != std::string::npos && catalog.FindDepartment(code)) {
      return std::string(code);
    }
  }
  for (const auto& [family, code] : kByFamily) {
    if (category.family == family && catalog.FindDepartment(code)) return std::string(code);
  }
  if (catalog.FindDepartment("street_office")) return "street_office";
  return catalog.departments.empty() ? "" : catalog.departments.front().code;
}

std::string ShortName(std::string_view zh) {
  if (zh.starts_with("县")) zh.remove_prefix(std::string_view("县").size());
  return std::string(zh);
}

std::span<const IncidentKind> IncidentKinds() {
  using C = IncidentClass;
  static const std::vector<IncidentKind> kinds = {
      {C::kAccident,
       3.0,
       "{place}居民楼火灾",
       "{place}一居民楼起火，有浓烟，楼内群众正在疏散。",
       {"fire", "ambulance", "police_station", "street_office", "power"}},
      {C::kAccident,
       2.0,
       "{place}燃气泄漏",
       "{place}燃气管道泄漏，现场有明显异味，已设警戒区。",
       {"gas", "fire", "police_station", "street_office"}},
      {C::kAccident,
       2.0,
       "{place}附近交通事故",
       "{place}附近路口两车相撞，有人员受伤，道路拥堵。",
       {"traffic_police", "ambulance", "transport"}},
      {C::kAccident,
       1.5,
       "{place}供水管道爆裂",
       "{place}供水主管道爆裂，路面积水，周边小区停水。",
       {"water_supply", "housing", "street_office", "traffic_police"}},
      {C::kAccident,
       1.0,
       "{place}片区大面积停电",
       "{place}片区突发停电，涉及多个小区和商铺。",
       {"power", "street_office", "emergency"}},
      {C::kAccident,
       0.7,
       "{place}在建工地局部坍塌",
       "{place}在建工地基坑边坡局部坍塌，正在核实有无人员被困。",
       {"housing", "fire", "ambulance", "emergency", "police_station"}},
      {C::kNaturalDisaster,
       1.2,
       "黄河水位上涨威胁{place}",
       "黄河上游来水增加，{place}沿河段水位持续上涨，低洼区域需转移群众。",
       {"water_resources", "emergency", "meteorology", "armed_forces", "street_office"}},
      {C::kNaturalDisaster,
       0.8,
       "{place}山体滑坡险情",
       "{place}后山边坡出现裂缝和落石，坡下住户需紧急撤离。",
       {"natural_resources", "emergency", "fire", "housing", "street_office"}},
      {C::kNaturalDisaster,
       1.0,
       "强降雨致{place}内涝",
       "短时强降雨造成{place}道路和地下车库积水。",
       {"urban_management", "water_resources", "emergency", "fire"}},
      {C::kNaturalDisaster,
       0.6,
       "沙尘天气影响{place}",
       "强沙尘天气过境，{place}能见度骤降。",
       {"meteorology", "ecology", "emergency", "education"}},
      {C::kPublicHealth,
       1.0,
       "{place}疑似食物中毒",
       "{place}一餐馆多名就餐人员出现呕吐、腹泻症状。",
       {"health", "cdc", "market_regulation", "ambulance"}},
      {C::kPublicHealth,
       0.6,
       "{place}聚集性发热病例",
       "{place}短时间内出现多例发热病例，疑似聚集性疫情。",
       {"cdc", "health", "street_office"}},
      {C::kSocialSafety,
       1.2,
       "{place}人员聚集",
       "{place}出现较多人员聚集，情绪激动，需疏导。",
       {"police", "street_office", "police_station", "civil_affairs"}},
      {C::kSocialSafety,
       1.0,
       "{place}老人走失",
       "{place}一名患阿尔茨海默病老人走失，家属求助。",
       {"police_station", "street_office", "civil_affairs", "red_cross"}},
      {C::kSocialSafety,
       0.5,
       "{place}大型活动人流拥挤",
       "{place}大型活动散场人流集中，存在踩踏风险。",
       {"police", "traffic_police", "emergency", "ambulance", "street_office"}},
  };
  return kinds;
}

}  // namespace ops::sim_text
