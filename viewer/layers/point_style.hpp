// How live demands look on the map: stage colours, point and bubble sizes,
// the overdue pulse, the arrival and departure pings and the heat ramp. One place, read by the layers (as
// shader uniforms), the tests and the legend, so they always agree.
//
// The map under the points is a dark navy background (kBackground) with
// pastel compound fills, so every colour here is light and saturated, and
// every point wears a dark outline ring that separates it from any fill.
#pragma once

#include <array>
#include <cmath>

#include "ops/stage.hpp"
#include "viewer/map_style.hpp"

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Demand points

// Fill of an open demand by stage (closed demands are not drawn). Five hues
// far apart on both colour-blind axes and in lightness: sky blue and violet
// (cool, early in the loop), amber (being handled), teal and lime (warm-cool
// mix, nearly done). Red is kept for overdue.
inline constexpr std::array<Rgba, ops::kStageCount - 1> kStageColors = {{
    {86, 180, 233, 255},   // received 受理: sky blue
    {167, 139, 250, 255},  // dispatched 派遣: violet
    {245, 166, 35, 255},   // handling 处置: amber
    {45, 212, 191, 255},   // reported 反馈: teal
    {163, 230, 53, 255},   // verified 核查: lime green
}};
inline constexpr Rgba StageColor(ops::Stage s) { return kStageColors[static_cast<size_t>(s)]; }

// Sizes in window pixels, the same at every zoom (times the framebuffer's
// pixel scale on HiDPI screens).
inline constexpr float kPointRadiusPx = 4.0f;   // the coloured disc: 8 px across
inline constexpr float kPointOutlinePx = 1.5f;  // dark ring around it
inline constexpr Rgba kPointOutline = {11, 18, 32, 235};

// Overdue demands (open past their deadline) get a red ring outside the
// outline that breathes at kPulseHz: it grows by kRingGrowPx and fades as it
// does, so a still frame still shows it.
inline constexpr Rgba kOverdueRing = {255, 64, 56, 255};
inline constexpr float kRingGapPx = 1.0f;
inline constexpr float kRingWidthPx = 2.0f;
inline constexpr float kRingGrowPx = 3.0f;
inline constexpr double kPulseHz = 1.0;

// The pulse at `time_s`: 0 (ring smallest, most opaque) … 1 (largest,
// faintest), a sinusoid.
inline float PulseAt(double time_s) {
  const double phase = time_s * kPulseHz - std::floor(time_s * kPulseHz);
  return static_cast<float>(0.5 - 0.5 * std::cos(2 * 3.14159265358979323846 * phase));
}

// ---------------------------------------------------------------------------
// [SECTION] Pings

// The arrival / departure pings (viewer/layers/ping_layer.hpp): rings over
// the map at every level, in window pixels (times the pixel scale), their
// lifetimes in wall seconds in viewer/layers/ping_model.hpp.
//
// A new demand: a ring in the received colour grows from kArrivalFromPx to
// kArrivalToPx radius, easing out (fast first, so it reads as a splash), and
// fades as it grows.
inline constexpr float kArrivalFromPx = 6.0f;
inline constexpr float kArrivalToPx = 36.0f;
// A closed demand: a ring in kClosedColor shrinks from kLeavingFromPx to
// kLeavingToPx, easing in, and fades: the demand leaves the map.
inline constexpr float kLeavingFromPx = 30.0f;
inline constexpr float kLeavingToPx = 4.0f;
inline constexpr Rgba kClosedColor = {92, 235, 122, 255};  // 结案: the wall's "good" green
// A move between open stages: a small ring in the new stage's colour, brief.
inline constexpr float kStageFromPx = 5.0f;
inline constexpr float kStageToPx = 15.0f;
// Every ring: a coloured stroke inside a dark casing (as the points' outline:
// it reads over the choropleth's yellows as over the navy), starting at
// kPingAlpha and fading to nothing; a faint wash of its colour fills it while
// it is young, so a new ring reads as a spot, not a stray circle.
inline constexpr float kPingStrokePx = 2.5f;
inline constexpr float kPingCasingPx = 1.0f;
inline constexpr float kPingAlpha = 0.95f;
inline constexpr float kPingWashAlpha = 0.18f;
inline constexpr Rgba kPingCasing = {11, 18, 32, 200};

// ---------------------------------------------------------------------------
// [SECTION] Aggregate bubbles

// Zoomed out, when the visible points would lie closer than this on average
// (window pixels between neighbours on a uniform spread), one bubble per grid
// shows how many there are instead.
inline constexpr double kAggregateBelowSpacingPx = 7.0;
// Bubble radius grows with the square root of its count relative to the
// largest bubble, so areas compare like counts.
inline constexpr float kBubbleMinRadiusPx = 11.0f;
inline constexpr float kBubbleMaxRadiusPx = 30.0f;
inline constexpr Rgba kBubbleFill = {232, 240, 252, 230};
inline constexpr Rgba kBubbleText = {11, 18, 32, 255};

// ---------------------------------------------------------------------------
// [SECTION] Heat

// The heat kernel is a gaussian of kHeatSigmaM metres (the scale of a block
// of compounds: half-width at half-maximum 140 m), kept between the pixel bounds so the layer stays a smooth
// field zoomed out and a local glow zoomed in.
inline constexpr double kHeatSigmaM = 120.0;
inline constexpr double kHeatSigmaMinPx = 8.0;
inline constexpr double kHeatSigmaMaxPx = 40.0;
// Density is read relative to the county average of the drawn demands: the
// ramp tops out at kHeatHotRatio times the average (log-scaled below).
inline constexpr double kHeatHotRatio = 8.0;
// Colour ramp from cool to hot, stops at 0, ¼, ½, ¾, 1 of the log-scaled
// ratio: inferno's colours (monotone in lightness, so it reads in grey and to
// colour-blind eyes), transparent at the cold end so the map shows through.
inline constexpr std::array<Rgba, 5> kHeatRamp = {{
    {40, 11, 84, 0},
    {101, 21, 110, 70},
    {188, 55, 84, 160},
    {249, 142, 9, 205},
    {252, 255, 164, 230},
}};

}  // namespace viewer
