// Text wrapped the way Chinese is set (viewer/text_wrap.hpp), in place of
// ImGui::TextWrapped, which breaks only at spaces.
#include <imgui.h>

#include <cfloat>

#include "viewer/panels/panels.hpp"
#include "viewer/text_wrap.hpp"

namespace viewer {

void WrappedText(std::string_view text, float width) {
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  auto measure = [&](std::string_view s) {
    return static_cast<double>(
        font->CalcTextSizeA(size, FLT_MAX, 0, s.data(), s.data() + s.size()).x);
  };
  // A group, so every line starts where the first did (after SameLine too).
  ImGui::BeginGroup();
  for (size_t from = 0; from <= text.size();) {
    const size_t newline = text.find('\n', from);
    const std::string_view paragraph = text.substr(
        from, newline == std::string_view::npos ? std::string_view::npos : newline - from);
    const std::vector<size_t> starts = LineStarts(paragraph, width, measure);
    for (size_t k = 0; k < starts.size(); ++k) {
      const std::string_view line = LineAt(paragraph, starts, k);
      ImGui::TextUnformatted(line.data(), line.data() + line.size());
    }
    if (newline == std::string_view::npos) break;
    from = newline + 1;
  }
  ImGui::EndGroup();
}

}  // namespace viewer
