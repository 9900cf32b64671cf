#include "viewer/fonts.hpp"

#include <imgui.h>

#include <filesystem>
#include <fmt/format.h>

#include "viewer/resources.hpp"
#include "viewer/strings.hpp"

namespace viewer {

geo::Result<std::string> FindCjkFont() {
  std::vector<std::filesystem::path> candidates;
  if (auto assets = FindResourceDir("assets")) {
    candidates.push_back(std::filesystem::path(*assets) / "fonts" / "gridops-cjk.ttc");
  }
  candidates.push_back("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
  for (const auto& p : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
  }
  return geo::Fail(geo::ErrorCode::kNotFound,
                   "no CJK font found (looked for /usr/share/fonts/truetype/wqy/wqy-microhei.ttc):"
                   " install Debian's fonts-wqy-microhei (scripts/install-deps.sh does)");
}

geo::Result<Fonts> LoadFonts(const geo::GridSet& set, float ui_px, float label_px,
                             const std::vector<std::string>& extra) {
  auto path = FindCjkFont();
  if (!path) return std::unexpected(path.error());
  ImGuiIO& io = ImGui::GetIO();

  // The atlas keeps a pointer to the ranges until it is built: keep them for
  // the life of the program.
  static ImVector<ImWchar> ranges;
  ranges.clear();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
  builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
  builder.AddText("·›—…，。：；（）【】、％×²▲▼★●■◆▶");
  for (const Text& t : kAllTexts) {
    builder.AddText(t.zh.data(), t.zh.data() + t.zh.size());
    builder.AddText(t.en.data(), t.en.data() + t.en.size());  // "中文" on the language switch
  }
  for (const geo::Feature& f : set.features) builder.AddText(f.name.c_str());
  for (const std::string& text : extra) builder.AddText(text.c_str());
  builder.BuildRanges(&ranges);

  ImFontConfig config;
  config.FontNo = 0;  // WenQuanYi Micro Hei in the .ttc
  config.OversampleH = 2;
  config.OversampleV = 1;
  Fonts fonts;
  fonts.path = *path;
  fonts.ui = io.Fonts->AddFontFromFileTTF(path->c_str(), ui_px, &config, ranges.Data);
  fonts.label = io.Fonts->AddFontFromFileTTF(path->c_str(), label_px, &config, ranges.Data);
  static ImVector<ImWchar> big_ranges;
  big_ranges.clear();
  ImFontGlyphRangesBuilder big_builder;
  big_builder.AddText("0123456789.,%/-— ▲▼");
  big_builder.AddText(kNoData.zh.data(), kNoData.zh.data() + kNoData.zh.size());
  big_builder.BuildRanges(&big_ranges);
  fonts.big = io.Fonts->AddFontFromFileTTF(path->c_str(), ui_px * 2, &config, big_ranges.Data);
  if (!fonts.ui || !fonts.label || !fonts.big || !io.Fonts->Build()) {
    return geo::Fail(geo::ErrorCode::kUnreadable,
                     fmt::format("{}: ImGui cannot load this font file", *path));
  }
  return fonts;
}

geo::Result<Fonts> LoadWallFonts(const geo::GridSet& set, float body_px, float heading_px,
                                 const std::vector<std::string>& extra) {
  auto path = FindCjkFont();
  if (!path) return std::unexpected(path.error());
  ImGuiIO& io = ImGui::GetIO();
  static ImVector<ImWchar> body_ranges, heading_ranges, figure_ranges;
  auto build = [&](ImVector<ImWchar>& out, bool common, bool all_texts) {
    out.clear();
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    if (common) builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
    builder.AddText("·›—…，。：；（）【】、％×²▲▼★●■◆▶/");
    if (all_texts) {
      for (const Text& t : kAllTexts) {
        builder.AddText(t.zh.data(), t.zh.data() + t.zh.size());
        builder.AddText(t.en.data(), t.en.data() + t.en.size());
      }
      for (const geo::Feature& f : set.features) builder.AddText(f.name.c_str());
      for (const std::string& text : extra) builder.AddText(text.c_str());
    }
    builder.BuildRanges(&out);
  };
  build(body_ranges, true, true);
  build(heading_ranges, false, true);
  figure_ranges.clear();
  {
    ImFontGlyphRangesBuilder digits;
    digits.AddText("0123456789.,:%/-— ▲▼");
    digits.AddText(kNoData.zh.data(), kNoData.zh.data() + kNoData.zh.size());
    digits.BuildRanges(&figure_ranges);
  }
  ImFontConfig config;
  config.FontNo = 0;
  config.OversampleH = 1;
  config.OversampleV = 1;
  Fonts fonts;
  fonts.path = *path;
  fonts.ui = io.Fonts->AddFontFromFileTTF(path->c_str(), body_px, &config, body_ranges.Data);
  fonts.label = io.Fonts->AddFontFromFileTTF(path->c_str(), heading_px, &config, heading_ranges.Data);
  fonts.big = io.Fonts->AddFontFromFileTTF(path->c_str(), body_px * 2, &config, figure_ranges.Data);
  if (!fonts.ui || !fonts.label || !fonts.big || !io.Fonts->Build()) {
    return geo::Fail(geo::ErrorCode::kUnreadable,
                     fmt::format("{}: ImGui cannot load this font file", *path));
  }
  return fonts;
}

}  // namespace viewer
