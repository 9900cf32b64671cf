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

inline constexpr std::array kAllTexts = {
    kTitle,     kCounty,        kCommunities,      kGrids,        kCompounds, kBuildings,
    kPopulation, kHouseholds,
    kArea,      kCode,          kSelection,        kNothingSelected, kHierarchy, kLayers, kLabels,
    kFill,      kOutline,       kFitHint,          kSquareKm,     kPersons,   kLoadNotes,
};

// The text in the language on screen (Chinese until language switching lands).
inline const char* Tr(const Text& t) { return t.zh.data(); }

}  // namespace viewer
