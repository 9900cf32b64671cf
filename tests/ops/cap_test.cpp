// CAP alerts: every file of the public CAP test corpora either parses or is
// refused with a reason, hostile XML is refused without reading anything,
// and GB/T 35965.1-style Chinese alerts open the incident a coordinator
// expects.
//
// [SECTION] Helpers
// [SECTION] The public corpora
// [SECTION] Hostile XML
// [SECTION] Required fields and values
// [SECTION] Chinese alerts (GB/T 35965.1)
// [SECTION] References, geometry and the incident
#include "ops/cap.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "geo/ring.hpp"
#include "support/test_support.hpp"

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Helpers

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Cap(const std::string& file) {
  return ReadFile(test::SharedData("cap/google-cap-library/" + file));
}

ops::TimeMs Time(const char* text) {
  auto t = ops::ParseTime(text);
  EXPECT_TRUE(t) << text;
  return t.value_or(0);
}

// A minimal valid CAP 1.2 alert; `alert_fields` and `info` are spliced in.
std::string Alert(const std::string& alert_fields, const std::string& info = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">)" +
         alert_fields + info + "</alert>";
}
const std::string kRequired = R"(
  <identifier>T-1</identifier><sender>test@example.org</sender>
  <sent>2024-07-11T08:30:00+08:00</sent><status>Actual</status>
  <msgType>Alert</msgType><scope>Public</scope>)";

std::string Info(const std::string& body) {
  return "<info>" + body + "</info>";
}

// The refusal of `xml`, or a failure when it parses.
ops::RequestError Refusal(const std::string& xml) {
  auto alert = ops::ParseCap(xml);
  EXPECT_FALSE(alert) << "parsed: " << (alert ? alert->identifier : "");
  return alert ? ops::RequestError{} : alert.error();
}

// `utf8` re-encoded as `charset` with iconv.
std::string Encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  std::string out(utf8.size() * 4, '\0');
  char* in_p = const_cast<char*>(utf8.data());
  char* out_p = out.data();
  size_t in_left = utf8.size(), out_left = out.size();
  EXPECT_NE(iconv(cd, &in_p, &in_left, &out_p, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] The public corpora

// What each file of ../shared/data/cap must give: "" to parse, else a part
// of the refusal. A file added later is held to "parses or says why".
const std::map<std::string, std::string> kExpected = {
    {"IBM-cap/CAP-v1.2.xsd", "root element is <schema>"},
    {"IBM-cap/README.md", "not well-formed XML"},
    {"IBM-cap/cap_amber_alert_example.xml", ""},
    {"IBM-cap/nws_atom_feed_example.xml", "root element is <feed>"},
    {"google-cap-library/schema/cap10.xsd", "root element is <schema>"},
    {"google-cap-library/schema/cap11.xsd", "root element is <schema>"},
    {"google-cap-library/schema/cap12.xsd", "root element is <schema>"},
    {"google-cap-library/testdata/amber.atom", "root element is <feed>"},
    {"google-cap-library/testdata/australia.cap", ""},
    {"google-cap-library/testdata/bushfire_invalid.edxlde", "root element is <EDXLDistribution>"},
    {"google-cap-library/testdata/bushfire_valid.edxlde", "root element is <EDXLDistribution>"},
    {"google-cap-library/testdata/canada.cap", ""},
    {"google-cap-library/testdata/canada_errors.cap", "references: empty"},
    {"google-cap-library/testdata/canada_signed.atom", "root element is <feed>"},
    {"google-cap-library/testdata/canada_signed.cap", ""},
    {"google-cap-library/testdata/earthquake-iso8859-1.cap", ""},
    {"google-cap-library/testdata/earthquake.cap", ""},
    {"google-cap-library/testdata/earthquake_index.atom", "root element is <feed>"},
    {"google-cap-library/testdata/earthquake_signed.cap", ""},
    {"google-cap-library/testdata/empty_weather_index.atom", "root element is <feed>"},
    {"google-cap-library/testdata/environment_canada_x509_cert.pem", "not well-formed XML"},
    {"google-cap-library/testdata/invalid.cap", "scope: missing"},
    {"google-cap-library/testdata/invalid.rss", "root element is <rss>"},
    {"google-cap-library/testdata/invalid_element.atom", "root element is <feed>"},
    {"google-cap-library/testdata/naads_x509_cert.pem", "not well-formed XML"},
    {"google-cap-library/testdata/no_entries.atom", "root element is <feed>"},
    {"google-cap-library/testdata/no_id.atom", "root element is <feed>"},
    {"google-cap-library/testdata/no_link.atom", "root element is <feed>"},
    {"google-cap-library/testdata/no_optional_fields.cap", ""},
    {"google-cap-library/testdata/no_title.atom", "root element is <feed>"},
    {"google-cap-library/testdata/noaa_errors.cap", "references: empty"},
    {"google-cap-library/testdata/ny_index.rss", "root element is <rss>"},
    {"google-cap-library/testdata/wcatwc-warning.cap", ""},
    {"google-cap-library/testdata/weather.atom", "root element is <feed>"},
    {"google-cap-library/testdata/weather.cap", ""},
    {"google-cap-library/testdata/weather_index.atom", "root element is <feed>"},
    {"google-cap-library/testdata/weather_invalid.atom", "root element is <feed>"},
    {"google-cap-library/testdata/xee.atom", "a DOCTYPE is not allowed"},
    {"google-cap-library/testdata/xee.cap", "a DOCTYPE is not allowed"},
    {"google-cap-library/validator-examples/43b080713727.cap", ""},
    {"google-cap-library/validator-examples/KAR0-0306112239-SW.cap", ""},
    {"google-cap-library/validator-examples/amber.rss", "root element is <rss>"},
    {"google-cap-library/validator-examples/bushfire.edxlde", "root element is <EDXLDistribution>"},
    {"google-cap-library/validator-examples/earthquake.atom", "root element is <feed>"},
    {"google-cap-library/validator-examples/homeland_security.url", "not well-formed XML"},
    {"google-cap-library/validator-examples/thunderstorm.cap", ""},
};

TEST(CapCorpus, EveryFileParsesOrIsRefusedWithAReason) {
  const std::filesystem::path root = test::SharedData("cap");
  ASSERT_TRUE(std::filesystem::is_directory(root)) << root;
  int files = 0, parsed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::string name = entry.path().lexically_relative(root).generic_string();
    const auto alert = ops::ParseCap(ReadFile(entry.path()));
    if (alert) {
      ++parsed;
      EXPECT_FALSE(alert->identifier.empty()) << name;
    } else {
      EXPECT_FALSE(alert.error().message.empty()) << name;
      EXPECT_EQ(alert.error().message.find('\n'), std::string::npos) << name;
    }
    const auto expected = kExpected.find(name);
    if (expected == kExpected.end()) continue;
    if (expected->second.empty()) {
      EXPECT_TRUE(alert) << name << ": " << alert.error().message;
    } else {
      ASSERT_FALSE(alert) << name << " parsed; expected a refusal: " << expected->second;
      EXPECT_NE(alert.error().message.find(expected->second), std::string::npos)
          << name << ": " << alert.error().message;
    }
  }
  EXPECT_GE(files, static_cast<int>(kExpected.size()));
  EXPECT_EQ(parsed, 13);
}

TEST(CapCorpus, HomelandSecurityAdvisory) {
  auto alert = ops::ParseCap(Cap("validator-examples/43b080713727.cap"));
  ASSERT_TRUE(alert) << alert.error().message;
  EXPECT_EQ(alert->identifier, "43b080713727");
  EXPECT_EQ(alert->sender, "hsas@dhs.gov");
  EXPECT_EQ(ops::FormatTime(alert->sent), "2003-04-02T19:39:01Z");  // -05:00
  EXPECT_EQ(alert->status, "Actual");
  EXPECT_EQ(alert->msg_type, "Alert");
  EXPECT_EQ(alert->scope, "Public");
  ASSERT_EQ(alert->infos.size(), 1u);
  const ops::CapInfo& info = alert->infos[0];
  EXPECT_EQ(info.categories, std::vector<std::string>{"Security"});
  EXPECT_EQ(info.severity, "Severe");
  EXPECT_EQ(info.headline, "Homeland Security Sets Code ORANGE");
  // <parameter> and <resource> hold valueName/value too; they are not eventCodes.
  EXPECT_TRUE(info.event_codes.empty());
  ASSERT_EQ(info.areas.size(), 1u);
  EXPECT_EQ(info.areas[0].desc, "U.S. nationwide and interests worldwide");
  EXPECT_EQ(ops::CapIncidentLevel(info), ops::IncidentLevel::kII);
  EXPECT_EQ(ops::CapIncidentClass(info), ops::IncidentClass::kSocialSafety);
  // Nationwide, with no geometry: nothing to put on a county map.
  auto incident = ops::IncidentFromCap(*alert);
  ASSERT_FALSE(incident);
  EXPECT_EQ(incident.error().field, "area");
}

TEST(CapCorpus, ThunderstormPolygonIsReadLatitudeFirst) {
  auto alert = ops::ParseCap(Cap("validator-examples/thunderstorm.cap"));
  ASSERT_TRUE(alert) << alert.error().message;
  EXPECT_EQ(alert->identifier, "KSTO1055887203");
  const ops::CapInfo& info = alert->infos.at(0);
  EXPECT_EQ(info.event, "SEVERE THUNDERSTORM");
  EXPECT_EQ(info.event_codes, (std::vector<std::pair<std::string, std::string>>{{"SAME", "SVR"}}));
  EXPECT_EQ(ops::FormatTime(info.expires), "2003-06-17T23:00:00Z");
  const ops::CapArea& area = info.areas.at(0);
  ASSERT_EQ(area.polygons.size(), 1u);
  ASSERT_EQ(area.polygons[0].size(), 5u);
  EXPECT_EQ(area.polygons[0][0], (geo::LonLat{-120.14, 38.47}));
  EXPECT_EQ(area.polygons[0][2], (geo::LonLat{-119.74, 38.52}));
  EXPECT_EQ(area.geocodes.size(), 3u);
  EXPECT_EQ(area.geocodes[1], (std::pair<std::string, std::string>{"SAME", "006009"}));

  auto incident = ops::IncidentFromCap(*alert);
  ASSERT_TRUE(incident) << incident.error().message;
  EXPECT_EQ(incident->title, "SEVERE THUNDERSTORM WARNING");
  EXPECT_EQ(incident->level, ops::IncidentLevel::kII);
  EXPECT_EQ(incident->klass, ops::IncidentClass::kNaturalDisaster);
  EXPECT_EQ(incident->polygon.size(), 4u);  // open ring
  // Labelled at a point inside it (its centroid: this quadrilateral is convex).
  EXPECT_TRUE(geo::InsideRing(incident->polygon, incident->center));
  EXPECT_NEAR(incident->center.lon, -119.9346, 1e-4);
  EXPECT_NEAR(incident->center.lat, 38.4840, 1e-4);
  EXPECT_EQ(incident->radius_m, 0);
  EXPECT_EQ(incident->cap_identifier, "KSTO1055887203");
  EXPECT_EQ(incident->cap_sender, "KSTO@NWS.NOAA.GOV");
  EXPECT_EQ(incident->at, alert->sent);
}

TEST(CapCorpus, PrefixedElementsCirclesAndTwoCategories) {
  auto alert = ops::ParseCap(Cap("testdata/australia.cap"));  // cap:alert, cap:info …
  ASSERT_TRUE(alert) << alert.error().message;
  EXPECT_EQ(alert->identifier, "tag:www.rfs.nsw.gov.au2011-10-06:40184");
  EXPECT_EQ(ops::FormatTime(alert->sent), "2011-10-05T13:04:00Z");
  const ops::CapInfo& info = alert->infos.at(0);
  EXPECT_EQ(info.categories, (std::vector<std::string>{"Fire", "Met"}));
  EXPECT_EQ(info.event_codes.size(), 2u);
  const ops::CapCircle& circle = info.areas.at(0).circles.at(0);
  EXPECT_EQ(circle.center, (geo::LonLat{147.0598, -35.3888}));
  EXPECT_DOUBLE_EQ(circle.radius_m, 25'000);
  auto incident = ops::IncidentFromCap(*alert);
  ASSERT_TRUE(incident) << incident.error().message;
  EXPECT_EQ(incident->klass, ops::IncidentClass::kAccident);  // Fire comes first
  EXPECT_EQ(incident->level, ops::IncidentLevel::kIV);        // Minor
  EXPECT_DOUBLE_EQ(incident->radius_m, 25'000);
}

TEST(CapCorpus, SignedUpdateKeepsItsReferencesAndSkipsTheSignature) {
  auto alert = ops::ParseCap(Cap("testdata/canada_signed.cap"));
  ASSERT_TRUE(alert) << alert.error().message;
  EXPECT_EQ(alert->msg_type, "Update");
  ASSERT_EQ(alert->references.size(), 9u);
  EXPECT_EQ(alert->references[0].sender, "cap-pac@ec.gc.ca");
  EXPECT_EQ(alert->references[0].identifier, "2.49.0.1.124.726d2331.2013");
  EXPECT_EQ(ops::FormatTime(alert->references[0].sent), "2013-01-23T21:31:00Z");
  EXPECT_EQ(alert->references[8].identifier, "2.49.0.1.124.b5af9b7c.2013");
}

TEST(CapCorpus, TsunamiWarningIsLevelOne) {
  auto alert = ops::ParseCap(Cap("testdata/wcatwc-warning.cap"));
  ASSERT_TRUE(alert) << alert.error().message;
  ASSERT_EQ(alert->references.size(), 1u);
  EXPECT_EQ(alert->references[0].sender, "PAAQ");
  EXPECT_EQ(alert->references[0].identifier, "PAAQ-1-lqw6d6");
  const ops::CapInfo& info = alert->infos.at(0);
  EXPECT_EQ(ops::FormatTime(info.onset), "2011-09-02T11:36:50Z");
  EXPECT_EQ(ops::CapIncidentLevel(info), ops::IncidentLevel::kI);
  EXPECT_EQ(ops::CapIncidentClass(info), ops::IncidentClass::kNaturalDisaster);
}

TEST(CapCorpus, Latin1BodyComesOutAsUtf8) {
  auto alert = ops::ParseCap(Cap("testdata/earthquake-iso8859-1.cap"));
  ASSERT_TRUE(alert) << alert.error().message;
  EXPECT_EQ(alert->infos.at(0).headline,
            "EQ 4.6 Usulután, Usulután, El Salvador - PRELIMINARY REPORT");
}

TEST(CapCorpus, EarthquakeEpicentreIsAZeroCircle) {
  auto alert = ops::ParseCap(Cap("testdata/earthquake.cap"));
  ASSERT_TRUE(alert) << alert.error().message;
  auto incident = ops::IncidentFromCap(*alert);
  ASSERT_TRUE(incident) << incident.error().message;
  EXPECT_EQ(incident->center, (geo::LonLat{-173.274, -16.053}));
  EXPECT_EQ(incident->radius_m, 0);
  EXPECT_EQ(incident->level, ops::IncidentLevel::kIV);  // Unknown, and no colour word
  EXPECT_EQ(incident->title, "EQ 6.3 Neiafu, Tonga - PRELIMINARY REPORT");
}

TEST(CapCorpus, BilingualAmberAlertKeepsBothInfos) {
  auto alert = ops::ParseCap(ReadFile(test::SharedData("cap/IBM-cap/cap_amber_alert_example.xml")));
  ASSERT_TRUE(alert) << alert.error().message;
  ASSERT_EQ(alert->infos.size(), 2u);
  EXPECT_EQ(alert->infos[1].language, "es-US");
  EXPECT_EQ(alert->infos[1].event, "Abducción de Niño");
  EXPECT_EQ(alert->infos[1].areas.at(0).desc, "condado de Los Ángeles");
  EXPECT_EQ(ops::PreferredCapInfo(*alert), &alert->infos[0]);  // no Chinese: the first
}

TEST(CapCorpus, Cap11AndAnAlertWithoutInfo) {
  auto amber = ops::ParseCap(Cap("validator-examples/KAR0-0306112239-SW.cap"));
  ASSERT_TRUE(amber) << amber.error().message;
  EXPECT_EQ(amber->infos.at(0).sender_name, "LOS ANGELES POLICE DEPT - LAPD");
  auto bare = ops::ParseCap(Cap("testdata/no_optional_fields.cap"));
  ASSERT_TRUE(bare) << bare.error().message;
  EXPECT_TRUE(bare->infos.empty());
  auto incident = ops::IncidentFromCap(*bare);
  ASSERT_FALSE(incident);
  EXPECT_EQ(incident.error().field, "info");
}

// ---------------------------------------------------------------------------
// [SECTION] Hostile XML

constexpr std::string_view kDoctypeRefused =
    "CAP: a DOCTYPE is not allowed (external entities and entity expansion are refused)";

TEST(CapHostile, ExternalEntityIsRefusedAndTheFileNeverRead) {
  test::TempDir dir("gridops_cap");
  const std::string secret = "TOP-SECRET-7f3a9c";
  std::ofstream(dir / "secret.txt") << secret;
  const std::string url = "file://" + (dir / "secret.txt");
  const std::string general = R"(<?xml version="1.0"?>
<!DOCTYPE alert [ <!ENTITY xxe SYSTEM ")" +
                              url + R"("> ]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">)" +
                              kRequired + "<info><headline>&xxe;</headline></info></alert>";
  const std::string parameter = R"(<?xml version="1.0"?>
<!DOCTYPE alert [ <!ENTITY % file SYSTEM ")" +
                                url + R"("> %file; ]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">)" +
                                kRequired + "</alert>";
  const std::string external_dtd = R"(<?xml version="1.0"?>
<!DOCTYPE alert SYSTEM ")" + url + R"(">
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">)" +
                                   kRequired + "</alert>";
  for (const std::string& xml : {general, parameter, external_dtd}) {
    const ops::RequestError e = Refusal(xml);
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.message, kDoctypeRefused);
    EXPECT_EQ(e.message.find(secret), std::string::npos);
    EXPECT_EQ(e.field.find(secret), std::string::npos);
  }
}

TEST(CapHostile, BillionLaughsIsRefusedWithoutExpanding) {
  std::string xml = R"(<?xml version="1.0"?>
<!DOCTYPE alert [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">)";
  for (int i = 2; i <= 9; ++i) {
    xml += "\n  <!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) xml += "&lol" + std::to_string(i - 1) + ";";
    xml += "\">";
  }
  xml += "\n]>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">" + kRequired +
         "<note>&lol9;</note></alert>";
  // Refused at the DOCTYPE, before any entity is declared, let alone expanded.
  EXPECT_EQ(Refusal(xml).message, kDoctypeRefused);
}

TEST(CapHostile, SizeDepthAndMalformedDocuments) {
  const std::string big =
      Alert(kRequired, "<note>" + std::string(ops::kCapMaxBytes, 'x') + "</note>");
  const ops::RequestError too_big = Refusal(big);
  EXPECT_EQ(too_big.status, 413);
  EXPECT_NE(too_big.message.find("at most 1048576"), std::string::npos) << too_big.message;

  std::string deep;
  for (int i = 0; i < ops::kCapMaxDepth + 5; ++i) deep += "<x>";
  for (int i = 0; i < ops::kCapMaxDepth + 5; ++i) deep += "</x>";
  EXPECT_NE(Refusal(Alert(kRequired + deep)).message.find("nested deeper than 32"),
            std::string::npos);

  const ops::RequestError truncated = Refusal(Alert(kRequired).substr(0, 120));
  EXPECT_NE(truncated.message.find("not well-formed XML at line"), std::string::npos)
      << truncated.message;
  EXPECT_NE(Refusal("").message.find("empty"), std::string::npos);
  EXPECT_NE(Refusal("{\"identifier\": \"x\"}").message.find("not well-formed XML"),
            std::string::npos);
  EXPECT_NE(Refusal("<?xml version=\"1.0\" encoding=\"EBCDIC-XX\"?><alert/>")
                .message.find("encoding is not one gridops reads"),
            std::string::npos);
}

TEST(CapHostile, WrongRootOrNamespaceNamesWhatCame) {
  EXPECT_EQ(Refusal("<feed xmlns='http://www.w3.org/2005/Atom'><entry>" + Alert(kRequired) +
                    "</entry></feed>")
                .message.substr(0, 39),
            "not a CAP alert: root element is <feed>");
  const std::string no_ns = "<alert>" + kRequired + "</alert>";
  EXPECT_NE(Refusal(no_ns).message.find("<alert> is in no namespace"), std::string::npos);
  const std::string future =
      "<alert xmlns='urn:oasis:names:tc:emergency:cap:9.9'>" + kRequired + "</alert>";
  EXPECT_NE(Refusal(future).message.find("urn:oasis:names:tc:emergency:cap:9.9"),
            std::string::npos);
  // CAP 1.0's namespace is read like 1.2.
  const std::string v10 =
      "<alert xmlns='http://www.incident.com/cap/1.0'>" + kRequired + "</alert>";
  EXPECT_TRUE(ops::ParseCap(v10));
}

TEST(CapHostile, ForeignElementsCannotOverrideCapFields) {
  const std::string xml = Alert(kRequired + R"(
  <x:identifier xmlns:x="urn:evil">EVIL</x:identifier>
  <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:sender>EVIL</ds:sender>
    <info xmlns="urn:oasis:names:tc:emergency:cap:1.2"><event>EVIL</event></info></ds:Signature>
  <unknownCapElement><identifier>EVIL</identifier></unknownCapElement>)");
  auto alert = ops::ParseCap(xml);
  ASSERT_TRUE(alert) << alert.error().message;
  EXPECT_EQ(alert->identifier, "T-1");
  EXPECT_EQ(alert->sender, "test@example.org");
  EXPECT_TRUE(alert->infos.empty());
}

// ---------------------------------------------------------------------------
// [SECTION] Required fields and values

TEST(CapFields, EachMissingRequiredFieldIsNamed) {
  for (const std::string field : {"identifier", "sender", "sent", "status", "msgType", "scope"}) {
    std::string fields = kRequired;
    const size_t open = fields.find("<" + field + ">");
    const size_t close = fields.find("</" + field + ">") + field.size() + 3;
    fields.erase(open, close - open);
    const ops::RequestError e = Refusal(Alert(fields));
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.field, field);
    EXPECT_EQ(e.message, field + ": missing");
  }
  // Present but empty is missing too.
  EXPECT_EQ(
      Refusal(Alert("<identifier> </identifier>" + kRequired.substr(kRequired.find("<sender>"))))
          .message,
      "identifier: missing");
}

TEST(CapFields, BadValuesAreNamedWithTheValue) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string fields = kRequired;
    fields.replace(fields.find(from), from.size(), to);
    return Refusal(Alert(fields));
  };
  ops::RequestError e = with("2024-07-11T08:30:00+08:00", "2024-07-11 morning");
  EXPECT_EQ(e.field, "sent");
  EXPECT_NE(e.message.find("\"2024-07-11 morning\" is not a CAP dateTime"), std::string::npos);
  // A time without its zone would be shifted by hours; refused.
  EXPECT_EQ(with("2024-07-11T08:30:00+08:00", "2024-07-11T08:30:00").field, "sent");
  e = with(">Alert<", ">Warning<");
  EXPECT_EQ(e.field, "msgType");
  EXPECT_NE(e.message.find("Alert, Update, Cancel, Ack or Error"), std::string::npos);
  e = with(">Actual<", ">Real<");
  EXPECT_EQ(e.field, "status");
  EXPECT_NE(e.message.find("Actual, Exercise, System, Test or Draft"), std::string::npos);
  EXPECT_EQ(with(">Public<", ">Everyone<").field, "scope");
  EXPECT_EQ(with(">T-1<", ">T 1<").field, "identifier");
  EXPECT_EQ(with(">test@example.org<", ">a,b<").field, "sender");

  e = Refusal(Alert(kRequired, Info("<event>x</event><expires>soon</expires>")));
  EXPECT_EQ(e.field, "info[0].expires");
  EXPECT_NE(e.message.find("\"soon\""), std::string::npos);
  e = Refusal(
      Alert(kRequired, Info("<event>a</event>") + Info("<area><areaDesc>d</areaDesc></area><area>"
                                                       "<circle>39.03,111.08</circle></area>")));
  EXPECT_EQ(e.field, "info[1].area[1].circle");
}

// ---------------------------------------------------------------------------
// [SECTION] Chinese alerts (GB/T 35965.1)

// A rainstorm orange warning from 府谷县气象台, shaped as GB/T 35965.1 writes
// it: the identifier is the issuing unit's code (610822 府谷县, 416 气象,
// 000, 00), the Beijing entry time and a serial number; an English info
// block comes first, the Chinese one second.
const std::string kFuguRainstorm = R"(<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>61082241600000_20240711083000_0</identifier>
  <sender>61082241600000</sender>
  <senderCode>61082241600000</senderCode>
  <sent>2024-07-11T08:30:00+08:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>en-US</language>
    <category>Met</category>
    <event>Rainstorm</event>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <headline>Fugu County rainstorm orange warning</headline>
    <area><areaDesc>Fugu County</areaDesc><circle>39.00,111.00 9</circle></area>
  </info>
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>暴雨</event>
    <urgency>Expected</urgency>
    <severity>Unknown</severity>
    <certainty>Likely</certainty>
    <eventCode><valueName>预警事件类型</valueName><value>11B03</value></eventCode>
    <effective>2024-07-11T08:30:00+08:00</effective>
    <expires>2024-07-12T08:30:00+08:00</expires>
    <senderName>府谷县气象台</senderName>
    <headline>府谷县气象台发布暴雨橙色预警信号</headline>
    <description>预计未来6小时内，府谷镇、新民镇降雨量将达50毫米以上，黄河沿岸及沟道注意防范山洪。</description>
    <instruction>1. 停止集会、停课；2. 切断低洼地带有危险的室外电源。</instruction>
    <area>
      <areaDesc>府谷县府谷镇、新民镇</areaDesc>
      <circle>39.03,111.08 2.5</circle>
      <geocode><valueName>行政区划代码</valueName><value>610822</value></geocode>
    </area>
  </info>
</alert>)";

TEST(CapChinese, RainstormOrangeWarningOpensALevelTwoIncident) {
  auto alert = ops::ParseCap(kFuguRainstorm);
  ASSERT_TRUE(alert) << alert.error().message;
  EXPECT_EQ(alert->identifier, "61082241600000_20240711083000_0");
  EXPECT_EQ(ops::FormatTime(alert->sent), "2024-07-11T00:30:00Z");
  const ops::CapInfo* info = ops::PreferredCapInfo(*alert);
  ASSERT_EQ(info, &alert->infos.at(1));  // zh-CN over the first
  EXPECT_EQ(info->headline, "府谷县气象台发布暴雨橙色预警信号");
  EXPECT_EQ(info->description,
            "预计未来6小时内，府谷镇、新民镇降雨量将达50毫米以上，黄河沿岸及沟道注意防范山洪。");
  EXPECT_EQ(info->areas.at(0).desc, "府谷县府谷镇、新民镇");
  EXPECT_EQ(info->areas.at(0).geocodes.at(0),
            (std::pair<std::string, std::string>{"行政区划代码", "610822"}));
  EXPECT_EQ(info->event_codes.at(0).first, "预警事件类型");
  EXPECT_EQ(info->expires - info->effective, ops::kDay);

  auto incident = ops::IncidentFromCap(*alert);
  ASSERT_TRUE(incident) << incident.error().message;
  EXPECT_EQ(incident->level, ops::IncidentLevel::kII);  // severity Unknown, 橙色 in the headline
  EXPECT_EQ(incident->klass, ops::IncidentClass::kNaturalDisaster);
  EXPECT_EQ(incident->title, "府谷县气象台发布暴雨橙色预警信号");
  EXPECT_EQ(incident->center, (geo::LonLat{111.08, 39.03}));
  EXPECT_DOUBLE_EQ(incident->radius_m, 2500);
  EXPECT_TRUE(incident->polygon.empty());
  EXPECT_EQ(incident->cap_identifier, "61082241600000_20240711083000_0");
  EXPECT_EQ(incident->cap_sender, "61082241600000");
  EXPECT_EQ(incident->actor, "府谷县气象台");
  EXPECT_EQ(incident->at, Time("2024-07-11T00:30:00Z"));
}

TEST(CapChinese, GbkBodyReadsTheSameAsUtf8) {
  std::string gbk = kFuguRainstorm;
  gbk.replace(gbk.find("UTF-8"), 5, "GBK");
  for (const char* charset : {"GBK", "GB2312"}) {
    std::string declared = gbk;
    declared.replace(declared.find("GBK"), 3, charset);
    auto alert = ops::ParseCap(Encode(declared, charset));
    ASSERT_TRUE(alert) << charset << ": " << alert.error().message;
    EXPECT_EQ(alert->infos.at(1).headline, "府谷县气象台发布暴雨橙色预警信号") << charset;
    EXPECT_EQ(alert->infos.at(1).areas.at(0).desc, "府谷县府谷镇、新民镇") << charset;
  }
}

TEST(CapChinese, ColourWordsDecideAnUnknownSeverity) {
  auto level = [](const std::string& event, const std::string& headline,
                  const std::string& severity = "Unknown") {
    ops::CapInfo info;
    info.event = event;
    info.headline = headline;
    info.severity = severity;
    return ops::CapIncidentLevel(info);
  };
  EXPECT_EQ(level("暴雨红色预警", ""), ops::IncidentLevel::kI);
  EXPECT_EQ(level("", "大风橙色预警信号"), ops::IncidentLevel::kII);
  EXPECT_EQ(level("", "高温黄色预警"), ops::IncidentLevel::kIII);
  EXPECT_EQ(level("寒潮蓝色预警", ""), ops::IncidentLevel::kIV);
  // 黄河 is the Yellow River, not a yellow warning.
  EXPECT_EQ(level("", "黄河府谷段水位上涨"), ops::IncidentLevel::kIV);
  EXPECT_EQ(level("", "蓝色预警升级为红色预警"), ops::IncidentLevel::kI);  // the worst one
  // CAP's own severity wins over words.
  EXPECT_EQ(level("暴雨红色预警", "", "Moderate"), ops::IncidentLevel::kIII);
  EXPECT_EQ(level("", "", "Extreme"), ops::IncidentLevel::kI);
  EXPECT_EQ(level("", "", "Severe"), ops::IncidentLevel::kII);
  EXPECT_EQ(level("", "", "Minor"), ops::IncidentLevel::kIV);
  EXPECT_EQ(level("", "", ""), ops::IncidentLevel::kIV);
  // Feeds that put the colour in <severity> or an eventCode.
  EXPECT_EQ(level("", "", "Orange"), ops::IncidentLevel::kII);
  ops::CapInfo coded;
  coded.severity = "Unknown";
  coded.event_codes = {{"预警级别", "黄色"}};
  EXPECT_EQ(ops::CapIncidentLevel(coded), ops::IncidentLevel::kIII);
}

TEST(CapChinese, CategoriesMapToTheFourIncidentClasses) {
  using C = ops::IncidentClass;
  const std::vector<std::pair<std::string, C>> table = {
      {"Geo", C::kNaturalDisaster}, {"Met", C::kNaturalDisaster}, {"Env", C::kNaturalDisaster},
      {"Health", C::kPublicHealth}, {"Safety", C::kSocialSafety}, {"Security", C::kSocialSafety},
      {"Rescue", C::kSocialSafety}, {"Fire", C::kAccident},       {"Transport", C::kAccident},
      {"Infra", C::kAccident},      {"CBRNE", C::kAccident},      {"Other", C::kAccident},
  };
  for (const auto& [category, klass] : table) {
    ops::CapInfo info;
    info.categories = {category};
    EXPECT_EQ(ops::CapIncidentClass(info), klass) << category;
  }
  EXPECT_EQ(ops::CapIncidentClass(ops::CapInfo{}), C::kAccident);
}

// ---------------------------------------------------------------------------
// [SECTION] References, geometry and the incident

TEST(CapReferences, UpdateAndCancelNameTheEarlierMessages) {
  const std::string refs =
      R"(<references>61082241600000,61082241600000_20240711083000_0,2024-07-11T08:30:00+08:00
      61082241600000,61082241600000_20240711120000_0,2024-07-11T12:00:00+08:00</references>)";
  for (const std::string type : {"Update", "Cancel"}) {
    std::string fields = kRequired;
    fields.replace(fields.find("Alert"), 5, type);
    auto alert = ops::ParseCap(Alert(fields + refs));
    ASSERT_TRUE(alert) << alert.error().message;
    EXPECT_EQ(alert->msg_type, type);
    ASSERT_EQ(alert->references.size(), 2u);
    EXPECT_EQ(alert->references[0].sender, "61082241600000");
    EXPECT_EQ(alert->references[0].identifier, "61082241600000_20240711083000_0");
    EXPECT_EQ(alert->references[0].sent, Time("2024-07-11T00:30:00Z"));
    EXPECT_EQ(alert->references[1].identifier, "61082241600000_20240711120000_0");
  }
  EXPECT_NE(Refusal(Alert(kRequired + "<references>a,b</references>"))
                .message.find("\"a,b\" is not \"sender,identifier,sent\""),
            std::string::npos);
  EXPECT_EQ(Refusal(Alert(kRequired + "<references>a,b,yesterday</references>")).field,
            "references");
}

TEST(CapGeometry, PolygonIsLatitudeFirstAndBecomesAnOpenRing) {
  const std::string polygon = "39.00,111.00 39.00,111.10 39.10,111.10 39.10,111.00 39.00,111.00";
  auto alert = ops::ParseCap(
      Alert(kRequired,
            Info("<category>Safety</category><event>人员聚集</event><severity>Minor</severity>"
                 "<area><areaDesc>仅编码</areaDesc><geocode><valueName>行政区划代码</valueName>"
                 "<value>610822</value></geocode></area>"
                 "<area><areaDesc>广场</areaDesc><polygon>" +
                 polygon + "</polygon><circle>39.03,111.08 1</circle></area>")));
  ASSERT_TRUE(alert) << alert.error().message;
  const auto& ring = alert->infos.at(0).areas.at(1).polygons.at(0);
  ASSERT_EQ(ring.size(), 5u);
  EXPECT_EQ(ring[1], (geo::LonLat{111.10, 39.00}));
  auto incident = ops::IncidentFromCap(*alert);
  ASSERT_TRUE(incident) << incident.error().message;
  EXPECT_EQ(incident->title, "人员聚集");  // no headline: the event
  EXPECT_EQ(incident->klass, ops::IncidentClass::kSocialSafety);
  ASSERT_EQ(incident->polygon.size(), 4u);  // the polygon wins over the circle
  EXPECT_EQ(incident->polygon.front(), (geo::LonLat{111.00, 39.00}));
  EXPECT_NEAR(incident->center.lon, 111.05, 1e-12);
  EXPECT_NEAR(incident->center.lat, 39.05, 1e-12);
  EXPECT_EQ(incident->radius_m, 0);
}

TEST(CapGeometry, SwappedOrBrokenGeometryIsRefused) {
  auto area = [](const std::string& geometry) {
    return Refusal(Alert(
        kRequired, Info("<event>e</event><area><areaDesc>d</areaDesc>" + geometry + "</area>")));
  };
  ops::RequestError e = area("<polygon>111.0,39.0 111.1,39.0 111.1,39.1 111.0,39.0</polygon>");
  EXPECT_EQ(e.field, "info[0].area[0].polygon");
  EXPECT_NE(e.message.find("were they swapped?"), std::string::npos) << e.message;
  EXPECT_NE(area("<polygon>39.0,111.0 39.1,111.1 39.0,111.0</polygon>")
                .message.find("at least 3 vertices"),
            std::string::npos);
  EXPECT_NE(
      area("<polygon>39.0;111.0 39.1,111.1 39.2,111.0</polygon>").message.find("\"39.0;111.0\""),
      std::string::npos);
  EXPECT_NE(area("<circle>39.03,111.08 -2</circle>").message.find("radius \"-2\""),
            std::string::npos);
  EXPECT_NE(area("<circle>39.03,111.08 2.5km</circle>").message.find("radius"), std::string::npos);
  EXPECT_EQ(area("<circle>139.03,111.08 1</circle>").field, "info[0].area[0].circle");
}

TEST(CapIncident, GeocodesAloneAckAndErrorAreRefused) {
  const std::string geocoded = Info(
      "<event>e</event><area><areaDesc>府谷县</areaDesc><geocode><valueName>行政区划代码</"
      "valueName>"
      "<value>610822</value></geocode></area>");
  auto alert = ops::ParseCap(Alert(kRequired, geocoded));
  ASSERT_TRUE(alert) << alert.error().message;
  auto incident = ops::IncidentFromCap(*alert);
  ASSERT_FALSE(incident);
  EXPECT_EQ(incident.error().field, "area");
  EXPECT_NE(incident.error().message.find("needs a <polygon> or <circle>"), std::string::npos);

  alert->msg_type = "Ack";
  EXPECT_EQ(ops::IncidentFromCap(*alert).error().field, "msgType");
}

}  // namespace
