// The county's lists, read from data/: the service-item taxonomy (需求清单:
// 17 self-governance and 25 assisted items in families, each with its
// deadline), the departments an incident can summon, the sensors of the
// situation-monitoring network, and the organisation (五级五长, party
// organisations, 双报到 member units, demonstration compounds).
#pragma once

#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "geo/error.hpp"
#include "ops/model.hpp"

namespace ops {

struct Catalog {
  std::vector<Family> families;
  std::vector<Category> categories;
  std::vector<Department> departments;

  const Category* FindCategory(std::string_view code) const;
  const Family* FindFamily(std::string_view code) const;
  const Department* FindDepartment(std::string_view code) const;
};

// data/ops/ of the source tree (or of an installed copy).
std::filesystem::path OpsDataDirectory();

// Reads taxonomy.json and departments.json from `dir`. Errors name the file,
// the JSON path and the value ("taxonomy.json: categories[4].deadline_hours:
// -3 is not a positive number of hours").
geo::Result<Catalog> LoadCatalog(const std::filesystem::path& dir);
// A county's sensor network (sensors.json beside its grid set).
geo::Result<std::vector<SensorSpec>> LoadSensors(const std::filesystem::path& file);
// A county's organisation (organisation.json beside its grid set).
geo::Result<Organisation> LoadOrganisation(const std::filesystem::path& file);

}  // namespace ops
