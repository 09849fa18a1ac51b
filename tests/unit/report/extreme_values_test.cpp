// Issue 13, item 1: a report renderer must stay bounded for ANY finite value. A value of 1.5e308
// once made the chart's axis infinite and its tick loop never ended (report.html grew without
// bound). The importer now refuses such values, but the renderers do not rely on it.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <regex>

#include "engine/report/html_report.h"
#include "engine/report/renderers.h"
#include "tests/unit/report/report_test_data.h"

namespace vigie::report {
namespace {

// The sample report with its measured values and targets replaced by `values`, in turn.
Report WithValues(const std::vector<double>& values) {
  Report report = testing::SampleReport();
  Item& item = report.contracts[0].items[0];
  size_t k = 0;
  for (VerdictRow& v : item.verdicts) {
    v.measured = values[k++ % values.size()];
    v.target = values[k++ % values.size()];
    v.band_low = v.target;
    v.band_high = values[k++ % values.size()];
    for (Input& in : v.inputs) in.value = v.measured;
  }
  return report;
}

// Every number written in the SVG's coordinates is finite and short (one decimal, inside the page).
void CheckCoordinates(const std::string& svg) {
  static const std::regex kAttribute(R"re( (?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kAttribute); it != std::sregex_iterator(); ++it) {
    const std::string number = (*it)[1].str();
    INFO(number);
    CHECK(number.size() <= 8);
    CHECK(std::regex_match(number, std::regex(R"(-?\d+(\.\d)?)")));
  }
  static const std::regex kPoints(R"re(points="([^"]*)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kPoints); it != std::sregex_iterator(); ++it) {
    CHECK(std::regex_match((*it)[1].str(), std::regex(R"((-?\d{1,5}\.\d,-?\d{1,5}\.\d ?)+)")));
  }
}

const std::vector<std::vector<double>> kExtremes = {
    {1e300, 1e300, 1e300},
    {-1e300, -1e300, -1e300},
    {1e-300, 1e-300, 1e-300},
    {-1e300, 1e300, 0},
    {1e-300, 1e300, 12.5},
    {std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(), 1},
    {1.5e308, 1.5e308, 39.17},
    {std::numeric_limits<double>::denorm_min(), 4.9e-324, 100},
    {1e23, -12, 1500},
};

}  // namespace

TEST_CASE("the chart's axis is bounded for any finite value", "[report]") {
  for (const std::vector<double>& values : kExtremes) {
    INFO(values[0] << " " << values[1] << " " << values[2]);
    const Report report = WithValues(values);
    const std::string svg = RenderTrajectoryChart(report.contracts[0].items[0]);
    REQUIRE(!svg.empty());
    CHECK(svg.size() < 20000);
    CHECK(testing::Count(svg, "<line class=\"grid\"") >= 2);
    CHECK(testing::Count(svg, "<line class=\"grid\"") <= 12);
    CHECK(svg.find("nan") == std::string::npos);
    CHECK(svg.find("inf") == std::string::npos);
    CHECK(svg.rfind("</svg>") != std::string::npos);
    CheckCoordinates(svg);
  }
}

TEST_CASE("every report format is bounded and well-formed for any finite value", "[report]") {
  for (const std::vector<double>& values : kExtremes) {
    INFO(values[0] << " " << values[1] << " " << values[2]);
    const Report report = WithValues(values);
    for (const Format& format : Formats()) {
      INFO(format.name);
      const std::string text = format.render(report);
      CHECK(text.size() < 200000);
      CHECK(text.find("nan") == std::string::npos);
      INFO(text.substr(text.find("inf") == std::string::npos ? 0 : std::max<size_t>(text.find("inf"), 200) - 200, 300));
      CHECK(text.find("inf") == std::string::npos);
      if (format.name == "json") {
        std::string problem;
        CHECK(ParseJson(text, problem).has_value());
      }
      if (format.name == "html") CHECK(text.rfind("</html>") != std::string::npos);
    }
  }
}

}  // namespace vigie::report
