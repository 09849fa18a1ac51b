#include "engine/report/report_text.h"

#include <cmath>
#include <cstdio>

namespace vigie::report {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string FormatNumber(std::optional<double> value) {
  if (!value) return "";
  const double v = *value;
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  if (v == 0) return "0";
  // Decimals so that the number keeps 10 significant digits, written without an exponent.
  const int integer_digits = static_cast<int>(std::floor(std::log10(std::fabs(v)))) + 1;
  int decimals = 10 - integer_digits;
  if (decimals < 0) decimals = 0;
  if (decimals > 15) decimals = 15;
  char buffer[400];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  std::string out(buffer);
  if (out.find('.') != std::string::npos) {
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

std::string FormatNumberFrench(std::optional<double> value) {
  std::string out = FormatNumber(value);
  for (char& c : out) {
    if (c == '.') c = ',';
  }
  return out;
}

std::string FormatEuros(std::string_view amount) {
  std::string sign, whole, fraction;
  std::string_view rest = amount;
  if (!rest.empty() && rest.front() == '-') {
    sign = "-";
    rest.remove_prefix(1);
  }
  const size_t dot = rest.find('.');
  whole = std::string(rest.substr(0, dot));
  if (dot != std::string_view::npos) fraction = std::string(rest.substr(dot));
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += "\u00a0";
    grouped += whole[i];
  }
  return sign + grouped + fraction + "\u00a0€";
}

std::string VerdictLabel(std::string_view verdict) {
  std::string out(verdict);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

const std::vector<std::string>& VerdictOrder() {
  static const std::vector<std::string> kOrder = {"met",     "partially_met",  "not_met", "missing_data",
                                                  "waived",  "not_applicable", "pending", "error"};
  return kOrder;
}

std::string ComparatorSymbol(std::string_view comparator) {
  if (comparator == ">=") return "≥";
  if (comparator == "<=") return "≤";
  if (comparator == "!=") return "≠";
  return std::string(comparator);
}

std::string UnitSuffix(std::string_view unit) {
  if (unit == "percent") return "\u00a0%";
  if (unit == "euros") return "\u00a0€";
  return "";
}

std::string AbbreviateSha(std::string_view sha256) {
  if (sha256.size() <= 12) return std::string(sha256);
  return std::string(sha256.substr(0, 12)) + "…";
}

}  // namespace vigie::report
