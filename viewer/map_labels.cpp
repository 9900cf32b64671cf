#include "viewer/map_labels.hpp"

namespace viewer {

namespace {

// Space kept clear around each label, in pixels.
constexpr float kPadPx = 6;
// A level's names appear only once its areas are this wide on screen, so the
// county view shows communities, a community view its grids, and compounds
// come when a grid fills much of the screen.
constexpr double kMinScreenWidthPx[geo::kLevelCount] = {0, 220, 120, 90};

struct Box {
  double x0, y0, x1, y1;
  bool Overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

}  // namespace

std::vector<PlacedLabel> PlaceLabels(const geo::GridSet& set, const Camera& camera,
                                     const MeasureText& measure) {
  std::vector<PlacedLabel> placed;
  std::vector<Box> taken;
  const Viewport& vp = camera.viewport();
  for (int l = 0; l < geo::kLevelCount; ++l) {
    const auto level = static_cast<geo::Level>(l);
    for (geo::FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
      const geo::Feature& f = set.features[id];
      if (f.name.empty()) continue;
      const TextSize size = measure(f.name, level);
      // The area must be wider on screen than its name, or the name would
      // spill over its neighbours.
      const double screen_width = f.bounds.Width() / camera.meters_per_pixel();
      const double screen_height = f.bounds.Height() / camera.meters_per_pixel();
      if (screen_width < size.width * 1.1 || screen_height < size.height * 1.5 ||
          screen_width < kMinScreenWidthPx[l]) {
        continue;
      }
      const ScreenPx c = camera.ToScreen(f.label_point);
      const Box box{c.x - size.width / 2 - kPadPx, c.y - size.height / 2 - kPadPx,
                    c.x + size.width / 2 + kPadPx, c.y + size.height / 2 + kPadPx};
      if (box.x0 < vp.x || box.y0 < vp.y || box.x1 > vp.x + vp.width ||
          box.y1 > vp.y + vp.height) {
        continue;
      }
      bool clear = true;
      for (const Box& t : taken) clear = clear && !t.Overlaps(box);
      if (!clear) continue;
      taken.push_back(box);
      placed.push_back({id, c, size});
    }
  }
  return placed;
}

}  // namespace viewer
