#include "geo/crs.hpp"

#include <proj.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <fmt/format.h>

namespace geo {

std::string DisplayCrsFor(LonLat center) {
  const int cm = static_cast<int>(std::lround(center.lon / 3.0)) * 3;
  if (cm >= 75 && cm <= 135) return fmt::format("EPSG:{}", 4534 + (cm - 75) / 3);
  const int zone = std::clamp(static_cast<int>(std::floor((center.lon + 180) / 6)) + 1, 1, 60);
  return fmt::format("EPSG:{}", (center.lat >= 0 ? 32600 : 32700) + zone);
}

void Transformer::Deleter::operator()(PJ* pj) const { proj_destroy(pj); }
void Transformer::Deleter::operator()(PJ_CONTEXT* ctx) const { proj_context_destroy(ctx); }

namespace {

// PROJ's own sentence for the last error on `ctx`, or "" if none.
std::string LastError(PJ_CONTEXT* ctx) {
  const int err = proj_context_errno(ctx);
  if (err == 0) return "";
  const char* text = proj_context_errno_string(ctx, err);
  // "Unknown error (code 4096)" tells a person nothing: leave it out.
  if (!text || std::string_view(text).starts_with("Unknown error")) return "";
  return text;
}

}  // namespace

Result<Transformer> Transformer::Create(std::string_view source, std::string_view target) {
  Transformer t;
  t.source_ = source;
  t.target_ = target;
  t.ctx_.reset(proj_context_create());
  if (!t.ctx_) return Fail(ErrorCode::kInternal, "PROJ: cannot create a context");
  // Quiet: errors come back to the caller as values with PROJ's reason.
  proj_log_level(t.ctx_.get(), PJ_LOG_NONE);

  for (std::string_view crs : {source, target}) {
    PJ* probe = proj_create(t.ctx_.get(), std::string(crs).c_str());
    const bool ok = probe != nullptr && proj_is_crs(probe);
    std::string why = LastError(t.ctx_.get());
    if (probe) proj_destroy(probe);
    if (!ok) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("'{}' is not a coordinate reference system PROJ knows{}{}",
                              crs.substr(0, 200), why.empty() ? "" : ": ", why));
    }
  }
  PJ* raw = proj_create_crs_to_crs(t.ctx_.get(), std::string(source).c_str(),
                                   std::string(target).c_str(), nullptr);
  if (!raw) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("PROJ found no transformation from '{}' to '{}': {}", source.substr(0, 200),
                            target, LastError(t.ctx_.get())));
  }
  PJ* normalised = proj_normalize_for_visualization(t.ctx_.get(), raw);
  proj_destroy(raw);
  if (!normalised) {
    return Fail(ErrorCode::kInternal, "PROJ: cannot normalise axis order: " + LastError(t.ctx_.get()));
  }
  t.pj_.reset(normalised);
  return t;
}

bool Transformer::Transform(std::span<double> xs, std::span<double> ys) const {
  assert(xs.size() == ys.size() && "x and y spans must have the same length");
  if (xs.empty()) return true;
  proj_trans_generic(pj_.get(), PJ_FWD, xs.data(), sizeof(double), xs.size(), ys.data(),
                     sizeof(double), ys.size(), nullptr, 0, 0, nullptr, 0, 0);
  for (size_t i = 0; i < xs.size(); ++i) {
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]) || xs[i] == HUGE_VAL) return false;
  }
  return true;
}

Meters Transformer::Forward(double x, double y) const {
  Transform(std::span<double>(&x, 1), std::span<double>(&y, 1));
  return {x, y};
}

}  // namespace geo
