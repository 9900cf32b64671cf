// The statistical tests behind the hotspots panel: Getis-Ord Gi* with its
// multiple-testing corrections, and the Poisson upper tail the early
// warning uses. Declared in ops/hotspots.hpp.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <vector>

#include "ops/hotspots.hpp"

namespace ops {

namespace {

// Which of `p` (NaN: not tested) pass `correction` at `alpha`.
std::vector<bool> Significant(const std::vector<double>& p, double alpha,
                              MultipleTesting correction) {
  std::vector<double> tested;
  for (double v : p) {
    if (!std::isnan(v)) tested.push_back(v);
  }
  const double m = static_cast<double>(tested.size());
  double threshold = alpha;
  switch (correction) {
    case MultipleTesting::kNone:
      break;
    case MultipleTesting::kBonferroni:
      threshold = m > 0 ? alpha / m : alpha;
      break;
    case MultipleTesting::kFdr: {
      // Benjamini & Hochberg (1995): the largest k with p_(k) ≤ k/m · alpha;
      // the k smallest p-values are significant.
      std::sort(tested.begin(), tested.end());
      threshold = -1;  // none significant unless some k qualifies
      for (size_t k = tested.size(); k >= 1; --k) {
        if (tested[k - 1] <= double(k) / m * alpha) {
          threshold = tested[k - 1];
          break;
        }
      }
      break;
    }
  }
  std::vector<bool> out(p.size(), false);
  for (size_t i = 0; i < p.size(); ++i) out[i] = !std::isnan(p[i]) && p[i] <= threshold;
  return out;
}

}  // namespace

std::vector<GiStar> GiStarOf(std::span<const double> values, const geo::Adjacency& adjacency,
                             geo::FeatureId first, double alpha, MultipleTesting correction) {
  const size_t count = values.size();
  assert(first + count <= adjacency.FeatureCount() &&
         "GiStarOf: values run past the features the adjacency was built for");
  std::vector<GiStar> out(count);
  double n = 0, sum = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    n += 1;
    sum += v;
  }
  if (n < 2) return out;  // no variation to test against
  const double mean = sum / n;
  double squares = 0;  // two passes: Σ(x − x̄)² keeps its precision for large counts
  for (double v : values) {
    if (!std::isnan(v)) squares += (v - mean) * (v - mean);
  }
  const double s = std::sqrt(squares / n);
  const bool flat = s <= 1e-12 * std::max(1.0, std::abs(mean));

  std::vector<double> p(count, std::numeric_limits<double>::quiet_NaN());
  for (size_t i = 0; i < count; ++i) {
    if (std::isnan(values[i])) continue;
    GiStar& g = out[i];
    g.tested = true;
    double w = 1, local = values[i];  // the grid itself: w_ii = 1
    for (geo::FeatureId j : adjacency.Of(first + static_cast<geo::FeatureId>(i))) {
      if (j < first || j - first >= count || std::isnan(values[j - first])) continue;
      w += 1;
      local += values[j - first];
    }
    const double spread = (n * w - w * w) / (n - 1);
    if (!flat && spread > 0) {
      g.z = (local - mean * w) / (s * std::sqrt(spread));
      g.p = std::erfc(std::abs(g.z) / std::sqrt(2.0));
    }
    p[i] = g.p;
  }
  const std::vector<bool> significant = Significant(p, alpha, correction);
  for (size_t i = 0; i < count; ++i) {
    out[i].hot = significant[i] && out[i].z > 0;
    out[i].cold = significant[i] && out[i].z < 0;
  }
  return out;
}

double PoissonUpperTail(int64_t k, double mean) {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  // log P(X = i), exact to lgamma's precision even where exp(−mean) underflows.
  auto log_pmf = [&](int64_t i) {
    return -mean + double(i) * std::log(mean) - std::lgamma(double(i) + 1);
  };
  if (double(k) <= mean) {
    // The tail is large (≥ ~0.5): 1 − P(X < k) loses nothing that matters.
    double below = 0;
    for (int64_t i = 0; i < k; ++i) below += std::exp(log_pmf(i));
    return std::clamp(1 - below, 0.0, 1.0);
  }
  // Past the mean the terms fall: sum them from k until they stop counting.
  double term = std::exp(log_pmf(k)), tail = 0;
  for (int64_t i = k; term > tail * 1e-17; ++i) {
    tail += term;
    term *= mean / double(i + 1);
  }
  return std::min(tail, 1.0);
}

}  // namespace ops
