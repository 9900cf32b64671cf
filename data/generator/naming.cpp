#include "data/generator/naming.hpp"

#include <cassert>
#include <set>
#include <utility>

namespace sample_county {

const std::vector<Street>& Streets() {
  static const std::vector<Street> streets = {
      {"001", "河滨街道"},
      {"002", "府州街道"},
      {"100", "府谷镇"},
  };
  return streets;
}

const std::vector<std::string>& RiverCommunityNames() {
  static const std::vector<std::string> names = {"黄河", "河滨", "荣河", "渡口", "清水", "沿河"};
  return names;
}

const std::vector<std::string>& InlandCommunityNames() {
  static const std::vector<std::string> names = {
      "府州", "千佛洞", "新区", "城关", "南园", "西山",   "长城",
      "文化", "东关",   "建设", "新民", "团结", "高寒岭", "营盘",
  };
  return names;
}

std::string ChineseNumeral(int n) {
  static const char* const kDigits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  assert(n >= 1 && n <= 20 && "ChineseNumeral covers 1..20, enough for grids per community");
  if (n < 10) return kDigits[n];
  if (n == 10) return "十";
  if (n < 20) return std::string("十") + kDigits[n - 10];
  return "二十";
}

std::string ZeroPadded(int value, int width) {
  std::string digits = std::to_string(value);
  assert(static_cast<int>(digits.size()) <= width && "code component does not fit its width");
  return std::string(width - digits.size(), '0') + digits;
}

std::vector<std::string> CompoundNames(int count, Rng& rng) {
  // Work units' staff housing: every Chinese county town has these.
  static const std::vector<std::string> kUnitHousing = {
      "电厂家属院",   "煤矿家属院", "县医院家属院", "教育局家属院",
      "供电局家属院", "粮站家属院", "水利局家属院", "府谷中学家属院",
  };
  static const std::vector<std::string> kPrefixes = {
      "滨河", "黄河明珠", "新城", "府州", "荣河", "阳光", "锦绣", "龙湾", "兴业", "丽景",
      "东方", "御景",     "书香", "盛世", "和谐", "康乐", "幸福", "怡景", "紫荆", "凤凰",
      "星河", "水岸",     "金都", "祥和", "润泽", "泰和", "北辰", "千佛", "清水", "长城",
      "文昌", "世纪",     "学府", "鑫源", "华兴", "福泽", "嘉禾", "东兴", "麒麟", "瑞祥",
  };
  static const std::vector<std::string> kSuffixes = {
      "花园", "小区", "佳苑", "家园", "雅居", "嘉园", "名苑",
      "新村", "公寓", "华庭", "花苑", "丽都", "苑",   "湾",
  };
  auto shuffle = [&rng](std::vector<std::string>& names) {
    for (int i = static_cast<int>(names.size()) - 1; i > 0; --i) {
      std::swap(names[i], names[rng.Int(0, i)]);
    }
  };

  std::vector<std::string> combined;
  for (const std::string& prefix : kPrefixes) {
    for (const std::string& suffix : kSuffixes) combined.push_back(prefix + suffix);
  }
  shuffle(combined);
  assert(count >= static_cast<int>(kUnitHousing.size()) &&
         count - kUnitHousing.size() <= combined.size() && "not enough compound names");

  std::vector<std::string> names = kUnitHousing;
  names.insert(names.end(), combined.begin(),
               combined.begin() + (count - static_cast<int>(kUnitHousing.size())));
  shuffle(names);
  assert(std::set<std::string>(names.begin(), names.end()).size() == names.size() &&
         "compound names must be distinct");
  return names;
}

}  // namespace sample_county
