// The simulator's words: people's names, demand descriptions, which
// department an item goes to, and the kinds of emergency a county town
// meets. Chinese, synthetic, chosen to read like a real command centre's
// screen.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ops/catalog.hpp"
#include "ops/model.hpp"
#include "ops/simulator.hpp"

namespace ops::sim_text {

// "王芳", "郝建军": a common surname and given name.
std::string PersonName(SimRandom& rng);
// "139-0000-4821": plainly not a real number.
std::string Phone(SimRandom& rng);

// What a resident or worker says about a demand of `category` at `place`,
// as its source would put it.
std::string DemandDescription(SimRandom& rng, const Category& category, Source source,
                              std::string_view place);

// The department an assisted item goes to (a code of `catalog`), from the
// item's name and family; "" when the catalogue has none that fits.
std::string DepartmentFor(const Category& category, const Catalog& catalog);

// The short name a department's staff sign with: "县燃气公司" → "燃气公司".
std::string ShortName(std::string_view department_zh);

// A kind of emergency: its class, how often it happens relative to the
// others, title and description ("{place}" stands for where), and the
// departments it summons, the first two always, the rest when needed.
struct IncidentKind {
  IncidentClass klass;
  double weight;
  const char* title;
  const char* description;
  std::vector<const char*> departments;
};
std::span<const IncidentKind> IncidentKinds();

// `pattern` with every "{place}" replaced.
std::string Fill(std::string_view pattern, std::string_view place);

}  // namespace ops::sim_text
