// The JSON report's verdicts are written by a writer of their own (report_json.cpp, VerdictWriter),
// not by nlohmann: its bytes must be exactly those nlohmann's dump(2) gives for the same document,
// whatever the strings and numbers hold.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "tests/unit/report/report_test_data.h"

namespace vigie::report {
namespace {

// What nlohmann writes for the document RenderJson wrote: the reference bytes.
std::string Redumped(const std::string& json) { return nlohmann::ordered_json::parse(json).dump(2) + "\n"; }

// The sample report with verdicts whose strings and numbers test every escape and form.
Report OddReport() {
  Report r = testing::SampleReport();
  std::vector<VerdictRow>& verdicts = r.contracts[0].items[0].verdicts;
  VerdictRow& odd = verdicts[0];
  odd.reason = "tab\there, line\nbreak, \"quoted\" \\ back, bell\x07, del\x7f, ≤ é 😀 end";
  odd.entity_name = "CH D'ÉPERNAY <&>";
  odd.measured = 0.1 + 0.2;  // 0.30000000000000004
  odd.target = -0.0;
  odd.band_low = 1e-7;
  odd.band_high = 1.5e300;
  VerdictExtras& extras = odd.EditExtras();
  extras.days_late = -3;
  extras.members = {{"a", "met"}, {"b\"", "not_met"}};
  extras.evidence_date = "2020-01-02";
  extras.evidence_document = "rapport \"final\".pdf";
  extras.waiver = std::make_shared<const Waiver>(Waiver{"ambu", "raison", "ARS", "2020-01-01", "", "tout"});
  Source declared = *odd.inputs[0].source;
  declared.declared_by = "user@ch";
  declared.declaration = "validated";
  declared.reviewed_by = "ctrl";
  odd.inputs[0].source = std::make_shared<const Source>(declared);
  verdicts[1].measured = std::numeric_limits<double>::quiet_NaN();  // not finite: null, as nlohmann writes it
  verdicts[1].target = std::numeric_limits<double>::infinity();
  verdicts[2].measured = 123456789012345678.0;
  verdicts[2].inputs.clear();
  verdicts[3].inputs[0].source = nullptr;  // a value without a stored row: source null
  verdicts[3].inputs.push_back(verdicts[4].inputs[0]);
  return r;
}

TEST_CASE("the JSON report's verdicts are nlohmann's dump(2) byte for byte", "[report]") {
  const Report r = OddReport();
  const std::string json = RenderJson(r);
  CHECK(json == Redumped(json));
  CHECK(json.find("\n              \"tab\\there, line\\nbreak, \\\"quoted\\\" \\\\ back, bell\\u0007, del\x7f, ≤ é 😀 end\"") !=
        std::string::npos);
  CHECK(json.find("end\",\n              0.30000000000000004,\n              -0.0,") != std::string::npos);
  CHECK(json.find("\"P12 is missing\",\n              null,\n              null,") != std::string::npos);
}

TEST_CASE("a campaign's JSON report writes each verdict on one line, the same JSON as the indented one", "[report]") {
  const Report r = OddReport();
  const std::string one_line = RenderJson(r, VerdictLayout::kOneLine);
  const std::string indented = RenderJson(r);
  CHECK(RenderJson(r, VerdictLayout::kIndented) == indented);
  // The same document to a parser: indented again, it is the indented report byte for byte.
  CHECK(nlohmann::ordered_json::parse(one_line) == nlohmann::ordered_json::parse(indented));
  CHECK(Redumped(one_line) == indented);
  CHECK(one_line.size() < indented.size());
  // Each of the five verdicts on a line of its own, without indentation: nlohmann's dump() of it.
  size_t verdict_lines = 0;
  for (size_t start = 0, end; start < one_line.size(); start = end + 1) {
    end = one_line.find('\n', start);
    std::string line = one_line.substr(start, end - start);
    if (line.rfind("[\"", 0) != 0) {
      CHECK(line.find("\"value read\"") == std::string::npos);  // no verdict spread over lines
      continue;
    }
    ++verdict_lines;
    if (line.back() == ',') line.pop_back();
    CHECK(line == nlohmann::ordered_json::parse(line).dump());
  }
  CHECK(verdict_lines == 5);
  // The last one (080000037's 2019, the sample's own), after the verdicts' "[" and before its "]".
  CHECK(one_line.find(
            "]],\n[\"080000037\",\"2019\",\"not_met\",\"value read\",-12.5,50.0,\">=\",[48.0,50.0],"
            "[[\"P12\",\"value\",-12.5,null,\"percent\",2,98,356]]]\n          ]\n        }") != std::string::npos);
  // The rest of the document as indented as before: the item that holds them.
  CHECK(one_line.find("\n          \"verdicts\": [\n[\"010007300\",") != std::string::npos);
}

TEST_CASE("numbers the writer wrote a moment ago are written again as nlohmann writes them", "[report]") {
  // The writer keeps its last four numbers written: seven cycled through (0.0 and -0.0 two of them),
  // so that each is found, and each pushed out and written again.
  Report r = testing::SampleReport();
  std::vector<VerdictRow>& verdicts = r.contracts[0].items[0].verdicts;
  const std::vector<double> numbers = {0.0, -0.0, 0.1 + 0.2, 1e21, 55.0, 328.875, 5e-324};
  const VerdictRow model = verdicts[0];
  verdicts.clear();
  for (size_t i = 0; i < 30; ++i) {
    VerdictRow& v = verdicts.emplace_back(model);
    v.measured = numbers[i % numbers.size()];
    v.target = numbers[(i * 3) % numbers.size()];
    v.inputs[0].value = numbers[(i + 1) % numbers.size()];
  }
  for (const VerdictLayout layout : {VerdictLayout::kIndented, VerdictLayout::kOneLine}) {
    const std::string json = RenderJson(r, layout);
    CHECK(nlohmann::ordered_json::parse(json).dump(2) + "\n" == Redumped(RenderJson(r)));
    if (layout == VerdictLayout::kIndented) CHECK(json == Redumped(json));
  }
  const std::string one_line = RenderJson(r, VerdictLayout::kOneLine);
  CHECK(one_line.find("\"value read\",0.0,0.0,") != std::string::npos);
  CHECK(one_line.find("\"value read\",-0.0,1e+21,") != std::string::npos);
  CHECK(one_line.find("\"value\",-0.0,") != std::string::npos);
}

TEST_CASE("a text longer than the writer's buffer is written whole", "[report]") {
  Report r = testing::SampleReport();
  r.contracts[0].items[0].verdicts[0].reason = std::string(70000, 'a') + "é";  // more than 64 KiB
  r.contracts[0].items[0].verdicts[1].reason = std::string(65534, 'b');         // exactly fills it, quotes included
  for (const VerdictLayout layout : {VerdictLayout::kIndented, VerdictLayout::kOneLine}) {
    const std::string json = RenderJson(r, layout);
    CHECK(Redumped(json) == Redumped(RenderJson(r)));
    CHECK(json.find("\"" + std::string(70000, 'a') + "é\"") != std::string::npos);
    CHECK(json.find("\"" + std::string(65534, 'b') + "\"") != std::string::npos);
  }
  CHECK(RenderJson(r) == Redumped(RenderJson(r)));
}

TEST_CASE("a text whose escapes take more than the writer's buffer is written whole", "[report]") {
  // 20,000 control bytes: 120,000 bytes once escaped ("\u0001"), the room a verdict asks for.
  Report r = testing::SampleReport();
  r.contracts[0].items[0].verdicts[0].reason = std::string(20000, '\x01');
  for (const VerdictLayout layout : {VerdictLayout::kIndented, VerdictLayout::kOneLine}) {
    const std::string json = RenderJson(r, layout);
    CHECK(Redumped(json) == Redumped(RenderJson(r)));
  }
  const std::string json = RenderJson(r);
  CHECK(json == Redumped(json));
  std::string escaped;
  for (int i = 0; i < 20000; ++i) escaped += "\\u0001";
  CHECK(json.find("\"" + escaped + "\"") != std::string::npos);
}

// A pooled text (an entity, a period, an indicator...) is checked once and then copied: one that must
// be escaped, met again and again, is escaped each time, and one that is not UTF-8 stops the report.
TEST_CASE("the verdicts' pooled texts are written as nlohmann writes them, each time they come", "[report]") {
  Report r = testing::SampleReport();
  std::vector<VerdictRow>& verdicts = r.contracts[0].items[0].verdicts;
  const VerdictRow model = verdicts[0];
  verdicts.clear();
  const std::vector<std::string> periods = {"2021", "20\"22", "2023\n", "é2024", "a period longer than a slot holds", "p\\"};
  for (size_t i = 0; i < 40; ++i) {
    VerdictRow& v = verdicts.emplace_back(model);
    v.period = Text::Static(periods[i % periods.size()]);
    v.verdict = Text::Static(i % 2 ? "met" : "not \"met\"");
    v.comparator = Text::Static(i % 3 ? "<=" : "");
    v.inputs[0].unit = Text::Static(i % 4 ? "ratio" : "\x01unit");
  }
  for (const VerdictLayout layout : {VerdictLayout::kIndented, VerdictLayout::kOneLine}) {
    const std::string json = RenderJson(r, layout);
    CHECK(Redumped(json) == Redumped(RenderJson(r)));
  }
  const std::string json = RenderJson(r);
  CHECK(json == Redumped(json));
  const std::string one_line = RenderJson(r, VerdictLayout::kOneLine);
  CHECK(one_line.find(",\"20\\\"22\",\"met\",") != std::string::npos);
  CHECK(one_line.find(",\"2023\\n\",\"not \\\"met\\\"\",") != std::string::npos);
  CHECK(one_line.find("\"\\u0001unit\"") != std::string::npos);
  verdicts[7].period = Text::Static("\xc3(");
  CHECK_THROWS_AS(RenderJson(r), nlohmann::json::type_error);
}

// EntitiesJson finds a contract's entities by their text's address: the same id held at two
// addresses (a report's pool and the program's literals) is still one entity, its first verdict's
// name given, and the entities are in the order of their ids.
TEST_CASE("a contract's entities are each listed once, by id, whatever text holds their id", "[report]") {
  Report r = testing::SampleReport();
  TextPool pool;
  std::vector<VerdictRow>& verdicts = r.contracts[0].items[0].verdicts;
  const VerdictRow model = verdicts[0];
  verdicts.clear();
  for (const char* id : {"080000037", "010007300", "080000037", "050000001"}) {
    VerdictRow& v = verdicts.emplace_back(model);
    v.entity = pool.Intern(id);
    v.entity_name = Text::Static(std::string("pool ") + id);
  }
  VerdictRow& literal = verdicts.emplace_back(model);
  literal.entity = Text::Static("010007300");
  literal.entity_name = Text::Static("literal 010007300");
  const auto root = nlohmann::ordered_json::parse(RenderJson(r));
  CHECK(root["contracts"][0]["entities"].dump() ==
        "[{\"id\":\"010007300\",\"name\":\"pool 010007300\",\"group\":false},"
        "{\"id\":\"050000001\",\"name\":\"pool 050000001\",\"group\":false},"
        "{\"id\":\"080000037\",\"name\":\"pool 080000037\",\"group\":false}]");
  // The literal first: its name is the one given.
  std::swap(verdicts.front(), verdicts.back());
  const auto swapped = nlohmann::ordered_json::parse(RenderJson(r));
  CHECK(swapped["contracts"][0]["entities"][0].dump() == "{\"id\":\"010007300\",\"name\":\"literal 010007300\",\"group\":false}");
}

// driver/publish stops report.json's body this way when another file failed (it used to abort: the
// writer flushed its last piece from its destructor, into the sink that had just thrown).
TEST_CASE("a sink that throws stops the JSON report, and is not called again", "[report]") {
  Report r = testing::SampleReport();
  std::vector<VerdictRow>& verdicts = r.contracts[0].items[0].verdicts;
  while (verdicts.size() < 2000) verdicts.push_back(verdicts[0]);  // well over one piece (64 KiB)
  int pieces = 0;
  const auto sink = [&](std::string_view) {
    if (++pieces == 2) throw std::runtime_error("stop");
  };
  CHECK_THROWS_AS(WriteJsonBody(r, sink, VerdictLayout::kOneLine), std::runtime_error);
  CHECK(pieces == 2);
}

TEST_CASE("a verdict's text that is not UTF-8 stops the JSON report as nlohmann does", "[report]") {
  Report r = testing::SampleReport();
  r.contracts[0].items[0].verdicts[0].reason = "caf\xe9";  // Latin-1
  CHECK_THROWS_AS(RenderJson(r), nlohmann::json::type_error);
  r.contracts[0].items[0].verdicts[0].reason = "\xed\xa0\x80";  // a surrogate written in UTF-8
  CHECK_THROWS_AS(RenderJson(r), nlohmann::json::type_error);
  r.contracts[0].items[0].verdicts[0].reason = "\xc0\xaf";  // an overlong '/'
  CHECK_THROWS_AS(RenderJson(r), nlohmann::json::type_error);
}

// The writer looks for the bytes to escape, and for bytes beyond ASCII, sixteen at a time: each such
// byte at every place of a text longer than two blocks, in a block or in the rest after them.
TEST_CASE("a byte to escape or beyond ASCII is found wherever it stands in a text", "[report]") {
  for (const std::string& special : std::vector<std::string>{"\"", "\\", "\n", std::string(1, '\x01'), "\x1f", "é", "\x7f"}) {
    Report r = testing::SampleReport();
    std::vector<VerdictRow>& verdicts = r.contracts[0].items[0].verdicts;
    const VerdictRow model = verdicts[0];
    verdicts.clear();
    for (size_t at = 0; at <= 40; ++at) verdicts.emplace_back(model).reason = std::string(at, 'a') + special + std::string(40 - at, 'x');
    const std::string json = RenderJson(r);
    INFO("byte " << static_cast<int>(static_cast<unsigned char>(special[0])));
    CHECK(json == Redumped(json));
  }
  // A byte that is not UTF-8, at any place: nlohmann's dump refuses it, and so does the writer.
  for (size_t at = 0; at <= 40; ++at) {
    Report r = testing::SampleReport();
    r.contracts[0].items[0].verdicts[0].reason = std::string(at, 'a') + "\xff" + std::string(40 - at, 'b');
    INFO("at " << at);
    CHECK_THROWS(RenderJson(r));
  }
}

}  // namespace
TEST_CASE("verdicts that share a target, a comparator or a band, or read the value measured, write each their own", "[report]") {
  Report r = testing::SampleReport();
  std::vector<VerdictRow>& verdicts = r.contracts[0].items[0].verdicts;
  const VerdictRow model = verdicts[0];
  verdicts.clear();
  // Each differs from the one before by one of the parts written once (the target, the comparator,
  // either end of the band, none), and its value read is its measured value or not.
  struct Bounds {
    std::optional<double> target;
    const char* comparator;
    std::optional<double> low, high;
  };
  const std::vector<Bounds> bounds = {{50, ">=", 48, 50}, {50, ">=", 48, 51}, {50, ">=", 47, 51}, {50, "<=", 47, 51},
                                      {51, "<=", 47, 51}, {51, "<=", std::nullopt, std::nullopt},
                                      {std::nullopt, "", std::nullopt, std::nullopt}};
  for (size_t i = 0; i < 3 * bounds.size(); ++i) {
    VerdictRow& v = verdicts.emplace_back(model);
    const Bounds& b = bounds[i % bounds.size()];
    v.target = b.target;
    v.comparator = Text::Static(b.comparator);
    v.band_low = b.low;
    v.band_high = b.high;
    v.measured = 40.0 + static_cast<double>(i);
    v.inputs[0].value = i % 2 == 0 ? v.measured : OptionalNumber(-0.0);
  }
  verdicts[5].measured = 0.0;  // equal to its value read, -0.0, not in its bits: each written as it is
  const std::string indented = RenderJson(r);
  CHECK(indented == Redumped(indented));
  const std::string one_line = RenderJson(r, VerdictLayout::kOneLine);
  CHECK(Redumped(one_line) == indented);
  CHECK(one_line.find("\"value read\",40.0,50.0,\">=\",[48.0,50.0],[[\"P12\",\"value\",40.0,") != std::string::npos);
  CHECK(one_line.find("\"value read\",41.0,50.0,\">=\",[48.0,51.0],[[\"P12\",\"value\",-0.0,") != std::string::npos);
  CHECK(one_line.find("\"value read\",42.0,50.0,\">=\",[47.0,51.0],") != std::string::npos);
  CHECK(one_line.find("\"value read\",43.0,50.0,\"<=\",[47.0,51.0],") != std::string::npos);
  CHECK(one_line.find("\"value read\",44.0,51.0,\"<=\",[47.0,51.0],[[\"P12\",\"value\",44.0,") != std::string::npos);
  CHECK(one_line.find("\"value read\",0.0,51.0,\"<=\",null,[[\"P12\",\"value\",-0.0,") != std::string::npos);
  CHECK(one_line.find("\"value read\",46.0,null,null,null,[[\"P12\",\"value\",46.0,") != std::string::npos);
  CHECK(one_line.find("\"value read\",49.0,50.0,\">=\",[47.0,51.0],") != std::string::npos);  // the second round
}

}  // namespace vigie::report
