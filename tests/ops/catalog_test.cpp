#include "ops/catalog.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "geo/crs.hpp"
#include "geo/polygon_index.hpp"
#include "support/test_support.hpp"

namespace ops {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Whether an error message holds the expected sentence, showing both if not.
::testing::AssertionResult Contains(const std::string& message, const std::string& part) {
  if (message.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "message: " << message << "\nlacks:   " << part;
}

fs::path SampleFile(const char* name) {
  return fs::path(geo::SampleCountyDirectory()) / name;
}

json ReadJson(const fs::path& file) {
  std::ifstream in(file);
  return json::parse(in);
}

void WriteText(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

// ---------------------------------------------------------------------------
// The shipped lists

TEST(Catalog, ShippedTaxonomyHas17SelfGovernanceAnd25AssistedItems) {
  auto catalog = LoadCatalog(OpsDataDirectory());
  ASSERT_TRUE(catalog) << catalog.error().message;
  int self = 0, assisted = 0;
  std::set<std::string> families_used;
  for (const Category& c : catalog->categories) {
    const bool is_self = c.kind == ItemKind::kSelfGovernance;
    (is_self ? self : assisted) += 1;
    EXPECT_EQ(c.code[0], is_self ? 'S' : 'A') << c.code;
    EXPECT_GT(c.deadline_hours, 0) << c.code;
    EXPECT_FALSE(c.description.empty()) << c.code;
    families_used.insert(c.family);
  }
  EXPECT_EQ(self, 17);
  EXPECT_EQ(assisted, 25);
  EXPECT_GE(catalog->families.size(), 6u);
  EXPECT_LE(catalog->families.size(), 9u);
  EXPECT_EQ(families_used.size(), catalog->families.size()) << "a family without items";
  ASSERT_NE(catalog->FindCategory("A15"), nullptr);
  EXPECT_LE(catalog->FindCategory("A15")->deadline_hours, 24) << "a gas leak is urgent";
  EXPECT_EQ(catalog->FindCategory("X99"), nullptr);
}

TEST(Catalog, ShippedDepartmentsCanBeSummoned) {
  auto catalog = LoadCatalog(OpsDataDirectory());
  ASSERT_TRUE(catalog) << catalog.error().message;
  EXPECT_GE(catalog->departments.size(), 20u);
  for (const char* code : {"emergency", "fire", "police", "gas", "power", "water_supply",
                           "civil_affairs", "street_office"}) {
    EXPECT_NE(catalog->FindDepartment(code), nullptr) << code;
  }
  EXPECT_EQ(catalog->FindDepartment("fire")->report_in_minutes, 15);
  EXPECT_EQ(catalog->FindDepartment("civil_affairs")->report_in_minutes, 60);
}

TEST(Catalog, ShippedSensorsLieInsideTheCountyAndCoverEveryKind) {
  auto sensors = LoadSensors(SampleFile("sensors.json"));
  ASSERT_TRUE(sensors) << sensors.error().message;
  EXPECT_GE(sensors->size(), 50u);
  const geo::GridSet& county = test::SampleCounty();
  const auto index = geo::PolygonIndex::Build(county);
  auto to_display = geo::Transformer::Create("EPSG:4490", county.display_crs);
  ASSERT_TRUE(to_display) << to_display.error().message;
  std::set<SensorKind> kinds;
  for (const SensorSpec& s : *sensors) {
    kinds.insert(s.kind);
    const geo::Meters xy = to_display->Forward(s.location.lon, s.location.lat);
    EXPECT_NE(index.Locate(geo::Level::kGrid, xy), geo::kNoFeature) << s.id << " " << s.name;
    EXPECT_EQ(s.falling, s.alarm < s.warn) << s.id;
  }
  EXPECT_EQ(kinds.size(), static_cast<size_t>(kSensorKindCount));
}

TEST(Catalog, ShippedOrganisationMatchesTheReferenceCounty) {
  auto org = LoadOrganisation(SampleFile("organisation.json"));
  ASSERT_TRUE(org) << org.error().message;
  const geo::GridSet& county = test::SampleCounty();
  std::set<std::string> streets;
  for (geo::FeatureId f = county.LevelBegin(geo::Level::kCommunity);
       f < county.LevelEnd(geo::Level::kCommunity); ++f) {
    streets.insert(county.features[f].parent_code);
  }
  ASSERT_EQ(streets.size(), 3u);
  const auto level_of = [&](const std::string& code) -> std::optional<geo::Level> {
    const geo::FeatureId f = county.Find(code);
    if (f == geo::kNoFeature) return std::nullopt;
    return county.features[f].level;
  };

  std::map<ChiefRole, size_t> chiefs;
  for (const Chief& c : org->chiefs) {
    ++chiefs[c.role];
    if (c.role == ChiefRole::kStreet) {
      EXPECT_TRUE(streets.count(c.area_code)) << c.area_code;
    } else {
      EXPECT_EQ(level_of(c.area_code), static_cast<geo::Level>(static_cast<int>(c.role) - 1))
          << c.area_code;
    }
  }
  EXPECT_EQ(chiefs[ChiefRole::kStreet], 3u);
  EXPECT_EQ(chiefs[ChiefRole::kCommunity], 14u);
  EXPECT_EQ(chiefs[ChiefRole::kGrid], 79u);
  EXPECT_EQ(chiefs[ChiefRole::kCompound], 241u);

  std::map<PartyOrgKind, size_t> orgs;
  for (const PartyOrg& p : org->party_orgs) {
    ++orgs[p.kind];
    EXPECT_EQ(level_of(p.area_code), static_cast<geo::Level>(static_cast<int>(p.kind)))
        << p.area_code;
  }
  EXPECT_EQ(orgs[PartyOrgKind::kCommunityCommittee], 14u);
  EXPECT_EQ(orgs[PartyOrgKind::kGridOrganisation], 79u);
  EXPECT_GT(orgs[PartyOrgKind::kCompoundBranch], 241u / 2);
  EXPECT_LT(orgs[PartyOrgKind::kCompoundBranch], 241u * 3 / 4);

  ASSERT_EQ(org->units.size(), 303u);
  int members = 0;
  std::set<std::string> communities;
  for (const MemberUnit& u : org->units) {
    members += u.members;
    communities.insert(u.community_code);
    EXPECT_EQ(level_of(u.community_code), geo::Level::kCommunity) << u.id;
  }
  EXPECT_EQ(members, 13695);
  EXPECT_EQ(communities.size(), 14u);

  ASSERT_EQ(org->demonstration_compounds.size(), 10u);
  for (const std::string& code : org->demonstration_compounds) {
    EXPECT_EQ(level_of(code), geo::Level::kCompound) << code;
  }
}

// ---------------------------------------------------------------------------
// Broken files: each is refused with the sentence naming file, path and value

// A copy of the shipped catalogue in a temporary folder, with `edit` applied
// to taxonomy.json or departments.json.
class CatalogBroken : public ::testing::Test {
 protected:
  std::string Load(const char* file, const std::function<void(json&)>& edit) {
    for (const char* name : {"taxonomy.json", "departments.json"}) {
      json doc = ReadJson(OpsDataDirectory() / name);
      if (std::string(name) == file) edit(doc);
      WriteText(dir_.path() / name, doc.dump(1));
    }
    auto catalog = LoadCatalog(dir_.path());
    EXPECT_FALSE(catalog) << "loaded a broken " << file;
    return catalog ? "" : catalog.error().message;
  }
  test::TempDir dir_;
};

TEST_F(CatalogBroken, NegativeDeadline) {
  EXPECT_TRUE(
      Contains(Load("taxonomy.json", [](json& d) { d["categories"][4]["deadline_hours"] = -3; }),
               "taxonomy.json: categories[4].deadline_hours: -3 is not a positive "
               "number of hours"));
  EXPECT_TRUE(
      Contains(Load("taxonomy.json", [](json& d) { d["categories"][0]["deadline_hours"] = 2.5; }),
               "categories[0].deadline_hours: 2.5 is not a positive number of hours"));
}

TEST_F(CatalogBroken, DuplicateCode) {
  EXPECT_TRUE(Contains(Load("taxonomy.json", [](json& d) { d["categories"][7]["code"] = "S03"; }),
                       "taxonomy.json: categories[7].code: \"S03\" repeats categories[2].code"));
  EXPECT_TRUE(
      Contains(Load("departments.json", [](json& d) { d["departments"][3]["code"] = "fire"; }),
               "departments.json: departments[3].code: \"fire\" repeats "
               "departments[2].code"));
}

TEST_F(CatalogBroken, UnknownFamilyAndKind) {
  EXPECT_TRUE(
      Contains(Load("taxonomy.json", [](json& d) { d["categories"][5]["family"] = "weather"; }),
               "taxonomy.json: categories[5].family: \"weather\" is not one of the "
               "families (sanitation, property,"));
  EXPECT_TRUE(Contains(Load("taxonomy.json", [](json& d) { d["categories"][1]["kind"] = "自治"; }),
                       "categories[1].kind: \"自治\" is not one of self_governance or assisted"));
}

TEST_F(CatalogBroken, MissingOrMistypedField) {
  EXPECT_TRUE(Contains(Load("taxonomy.json", [](json& d) { d["categories"][2].erase("zh"); }),
                       "taxonomy.json: categories[2].zh: missing"));
  EXPECT_TRUE(Contains(Load("taxonomy.json", [](json& d) { d["families"][0]["en"] = 7; }),
                       "taxonomy.json: families[0].en: 7 is not a string"));
  EXPECT_TRUE(Contains(Load("taxonomy.json", [](json& d) { d.erase("categories"); }),
                       "taxonomy.json: categories: missing"));
  EXPECT_TRUE(Contains(
      Load("departments.json", [](json& d) { d["departments"][0]["report_in_minutes"] = 0; }),
      "departments[0].report_in_minutes: 0 is not a positive number of minutes"));
}

TEST_F(CatalogBroken, NotJsonOrNoFile) {
  for (const char* name : {"taxonomy.json", "departments.json"}) {
    WriteText(dir_.path() / name, ReadJson(OpsDataDirectory() / name).dump());
  }
  WriteText(dir_.path() / "departments.json", "{\n  \"departments\": [\n    {\"code\": ,}\n");
  auto catalog = LoadCatalog(dir_.path());
  ASSERT_FALSE(catalog);
  EXPECT_TRUE(Contains(catalog.error().message, "departments.json: not valid JSON at line 3"));
  EXPECT_EQ(catalog.error().code, geo::ErrorCode::kUnreadable);

  fs::remove(dir_.path() / "taxonomy.json");
  catalog = LoadCatalog(dir_.path());
  ASSERT_FALSE(catalog);
  EXPECT_TRUE(Contains(catalog.error().message, "taxonomy.json: no such file"));
  EXPECT_EQ(catalog.error().code, geo::ErrorCode::kNotFound);
}

// sensors.json or organisation.json with `edit` applied, loaded by `load`.
template <typename Load>
std::string LoadEdited(const char* name, const std::function<void(json&)>& edit, Load load) {
  test::TempDir dir;
  json doc = ReadJson(SampleFile(name));
  edit(doc);
  WriteText(dir.path() / name, doc.dump(1));
  auto loaded = load(dir.path() / name);
  EXPECT_FALSE(loaded) << "loaded a broken " << name;
  return loaded ? "" : loaded.error().message;
}

std::string BrokenSensors(const std::function<void(json&)>& edit) {
  return LoadEdited("sensors.json", edit, [](const fs::path& f) { return LoadSensors(f); });
}
std::string BrokenOrganisation(const std::function<void(json&)>& edit) {
  return LoadEdited("organisation.json", edit,
                    [](const fs::path& f) { return LoadOrganisation(f); });
}

TEST(CatalogSensors, BrokenFilesAreRefusedWithTheirPath) {
  EXPECT_TRUE(Contains(BrokenSensors([](json& d) { d["sensors"][3]["lat"] = 111.05; }),
                       "sensors.json: sensors[3].lat: 111.05 is not a latitude"));
  EXPECT_TRUE(Contains(BrokenSensors([](json& d) { d["sensors"][0]["alarm"] = 5; }),
                       "sensors[0].alarm: 5 is below warn (7.5); for a sensor where low values "
                       "are the danger, set \"falling\": true"));
  EXPECT_TRUE(Contains(BrokenSensors([](json& d) { d["sensors"][9]["id"] = "WL-001"; }),
                       "sensors[9].id: \"WL-001\" repeats sensors[0].id"));
  EXPECT_TRUE(Contains(BrokenSensors([](json& d) { d["sensors"][1]["kind"] = "rain"; }),
                       "sensors[1].kind: \"rain\" is not one of water_level, air_quality"));
  EXPECT_TRUE(Contains(BrokenSensors([](json& d) { d["sensors"][2]["hysteresis"] = -1; }),
                       "sensors[2].hysteresis: -1 is negative"));
  EXPECT_TRUE(Contains(BrokenSensors([](json& d) { d["sensors"][2]["falling"] = "yes"; }),
                       "sensors[2].falling: \"yes\" is not true or false"));
  EXPECT_TRUE(Contains(BrokenSensors([](json& d) { d = json::array(); }),
                       "sensors.json: the top level is an array, not an object"));
}

TEST(CatalogOrganisation, BrokenFilesAreRefusedWithTheirPath) {
  EXPECT_TRUE(Contains(BrokenOrganisation([](json& d) { d["units"][10]["members"] = 0; }),
                       "organisation.json: units[10].members: 0 is not a positive number of "
                       "members"));
  EXPECT_TRUE(Contains(BrokenOrganisation([](json& d) { d["units"][12]["id"] = "U001"; }),
                       "units[12].id: \"U001\" repeats units[0].id"));
  EXPECT_TRUE(
      Contains(BrokenOrganisation([](json& d) { d["chiefs"][5]["area_code"] = "府州社区"; }),
               "chiefs[5].area_code: \"府州社区\" is not an area code (digits only)"));
  EXPECT_TRUE(Contains(BrokenOrganisation([](json& d) { d["chiefs"][4] = d["chiefs"][3]; }),
                       "chiefs[4].area_code: \"610822001001\" already has a community chief "
                       "(chiefs[3])"));
  EXPECT_TRUE(Contains(BrokenOrganisation([](json& d) { d["chiefs"][0]["role"] = "mayor"; }),
                       "chiefs[0].role: \"mayor\" is not one of street, community"));
  EXPECT_TRUE(Contains(BrokenOrganisation([](json& d) { d["party_orgs"][0]["kind"] = "branch"; }),
                       "party_orgs[0].kind: \"branch\" is not one of community_committee"));
  EXPECT_TRUE(Contains(BrokenOrganisation([](json& d) { d["demonstration_compounds"][1] = 5; }),
                       "demonstration_compounds[1]: 5 is not a compound code"));
}

}  // namespace
}  // namespace ops
