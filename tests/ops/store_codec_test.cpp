// The store's own encodings: the demand.received payload written straight to
// text must be what the JSON document it replaces would dump, so that replay
// (which decodes the text) and the live state (made from the values) agree.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "ops/api_json.hpp"
#include "ops/store_codec.hpp"
#include "support/test_support.hpp"

namespace {

using nlohmann::json;

std::string Dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// What PostDemand wrote before the text encoder: the document, then dump().
json Document(const ops::Demand& d, const geo::GridSet& grids, const ops::DemandInput& in) {
  json payload = ops::codec::DemandJson(d, grids);
  json contact = json::object();
  if (!in.contact_name.empty()) contact["name"] = in.contact_name;
  if (!in.contact_phone.empty()) contact["phone"] = in.contact_phone;
  if (!in.contact_email.empty()) contact["email"] = in.contact_email;
  if (!in.device_id.empty()) contact["device_id"] = in.device_id;
  if (!in.media_url.empty()) contact["media_url"] = in.media_url;
  if (!contact.empty()) payload["contact"] = contact;
  return payload;
}

TEST(DemandReceivedText, IsByteForByteTheDocumentsDump) {
  const geo::GridSet& grids = test::SampleCounty();
  std::mt19937_64 rng(20261125);
  // Text that needs each kind of escape, Chinese, and nothing at all.
  const std::string pieces[] = {"楼道堆放杂物", "\"quoted\"", "back\\slash", "tab\there",
                                "line\nbreak\r", std::string("nul\0byte", 8), "\x01\x1f\x7f",
                                "emoji 🚒", "", "/slash/", "\b\f"};
  auto text = [&] {
    std::string s;
    for (int n = static_cast<int>(rng() % 4); n > 0; --n) s += pieces[rng() % std::size(pieces)];
    return s;
  };
  const double coords[] = {108.5, 108.0, 34.123456789012345, -0.0, 1e-7, 120.00000000000001};
  for (int i = 0; i < 2000; ++i) {
    ops::Demand d;
    d.id = static_cast<int64_t>(rng() % 10'000'000);
    d.category = text();
    d.source = static_cast<ops::Source>(rng() % 5);
    d.description = text();
    d.address = text();
    d.lonlat = {coords[rng() % std::size(coords)], coords[rng() % std::size(coords)]};
    for (geo::FeatureId& f : d.areas) {
      f = rng() % 3 == 0 ? geo::kNoFeature
                         : static_cast<geo::FeatureId>(rng() % grids.features.size());
    }
    d.stage = static_cast<ops::Stage>(rng() % 6);
    d.received = static_cast<ops::TimeMs>(rng() % 2'000'000'000'000);
    d.deadline = d.received + 3'600'000;
    d.updated = d.received;
    d.closed = rng() % 2 ? 0 : d.received + 1;
    d.rework_count = static_cast<int>(rng() % 3);
    d.satisfaction = static_cast<int>(rng() % 6);
    d.assignee = text();
    ops::DemandInput in;
    if (rng() % 2) in.contact_name = text();
    if (rng() % 2) in.contact_phone = "13800000000";
    if (rng() % 3 == 0) in.contact_email = text();
    if (rng() % 4 == 0) in.device_id = text();
    if (rng() % 4 == 0) in.media_url = "https://example.org/a.jpg?x=\"1\"";
    ASSERT_EQ(ops::codec::DemandReceivedText(d, grids, in), Dump(Document(d, grids, in)))
        << "demand " << i;
  }
}

TEST(DemandReceivedText, StoresTextThatIsNotUtf8Repaired) {
  const geo::GridSet& grids = test::SampleCounty();
  ops::Demand d;
  d.id = 7;
  d.category = "S01";
  d.description = "bad \xff\xfe byte";
  d.areas = {geo::kNoFeature, geo::kNoFeature, geo::kNoFeature, geo::kNoFeature};
  const json back = json::parse(ops::codec::DemandReceivedText(d, grids, {}));
  EXPECT_EQ(back["description"], ops::ToValidUtf8(d.description));
  EXPECT_TRUE(back["areas"].is_array());
  EXPECT_EQ(back["areas"].size(), 4u);
  EXPECT_FALSE(back.contains("contact"));
}

}  // namespace
