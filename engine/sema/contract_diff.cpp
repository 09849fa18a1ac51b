#include "engine/sema/contract_diff.h"

#include <map>
#include <sstream>

#include "engine/sema/model_printer.h"

namespace vigie::sema {
namespace {

// One printed item as field -> text, in print order. A line's field is its first word, or its first
// two for a target (one field per period; four for a party's target: per party and period); a
// verdict rule is a field of its own.
struct Fields {
  std::vector<std::string> order;
  std::map<std::string, std::string> text;
};

std::string Trim(const std::string& line) {
  const size_t begin = line.find_first_not_of(' ');
  return begin == std::string::npos ? "" : line.substr(begin);
}

Fields FieldsOf(const std::string& printed, const std::string& head_field = "title") {
  Fields out;
  std::istringstream lines(printed);
  std::string line;
  bool head = true;
  while (std::getline(lines, line)) {
    std::string rest = Trim(line);
    std::string field;
    if (head) {
      // "commitment NAME "TITLE"": the title is the field; the name is the item itself.
      const size_t name_end = rest.find(' ', rest.find(' ') + 1);
      field = head_field;
      rest = name_end == std::string::npos ? "" : rest.substr(name_end + 1);
      head = false;
    } else if (rest.rfind("target ", 0) == 0 || rest.rfind("applies to", 0) == 0) {
      // "target 2020 ..."; a party's line "target for 08 2022 ..." is a field per party and period.
      const int words = rest.rfind("target for ", 0) == 0 ? 4 : 2;
      size_t end = 0;
      for (int i = 0; i < words && end != std::string::npos; ++i) end = rest.find(' ', i == 0 ? 0 : end + 1);
      field = rest.substr(0, end);
      rest = end == std::string::npos ? "" : rest.substr(end + 1);
    } else if (rest.rfind("rule ", 0) == 0) {
      field = rest;
      rest = "";
    } else {
      const size_t space = rest.find(' ');
      field = rest.substr(0, space);
      rest = space == std::string::npos ? "" : rest.substr(space + 1);
    }
    if (out.text.emplace(field, rest).second) out.order.push_back(field);
  }
  return out;
}

void DiffFields(const std::string& kind, const std::string& item, const Fields& before, const Fields& after,
                std::vector<ClauseChange>& out) {
  for (const std::string& field : before.order) {
    auto it = after.text.find(field);
    if (it == after.text.end()) {
      out.push_back({ClauseChange::Kind::kRemoved, kind, item, field, before.text.at(field), ""});
    } else if (it->second != before.text.at(field)) {
      out.push_back({ClauseChange::Kind::kChanged, kind, item, field, before.text.at(field), it->second});
    }
  }
  for (const std::string& field : after.order) {
    if (!before.text.count(field)) out.push_back({ClauseChange::Kind::kAdded, kind, item, field, "", after.text.at(field)});
  }
}

// Items of one kind matched by name: added, removed, or compared field by field.
template <typename T, typename Print>
void DiffItems(const std::string& kind, const std::string& head_field, const std::vector<T>& before, const std::vector<T>& after, Print print,
               std::vector<ClauseChange>& out) {
  std::map<std::string, const T*> old_items;
  for (const T& x : before) old_items[x.name] = &x;
  std::map<std::string, const T*> new_items;
  for (const T& x : after) new_items[x.name] = &x;
  for (const T& x : before) {
    auto it = new_items.find(x.name);
    if (it == new_items.end()) {
      out.push_back({ClauseChange::Kind::kRemoved, kind, x.name, "", Trim(print(x)), ""});
    } else {
      DiffFields(kind, x.name, FieldsOf(print(x), head_field), FieldsOf(print(*it->second), head_field), out);
    }
  }
  for (const T& x : after) {
    if (!old_items.count(x.name)) out.push_back({ClauseChange::Kind::kAdded, kind, x.name, "", "", Trim(print(x))});
  }
}

std::string MilestoneText(const model::Milestone& m) {
  return "  milestone " + m.name + " \"" + m.title + "\"\n    due " + model::Format(m.due) + "\n    weight " + m.weight_text +
         "\n    evidence " + m.evidence + "\n";
}

// A waiver has no name: it is known by its commitment, its parties and its period ("ambu for
// 080000037 in 2020"), and compared on its reason, grant and end.
struct WaiverItem {
  std::string name, text;
};

std::vector<WaiverItem> WaiverItems(const model::Contract& c) {
  std::vector<WaiverItem> out;
  for (const model::Waiver& w : c.waivers) {
    std::string name = w.commitment;
    if (!w.entities.empty()) {
      name += " for ";
      for (size_t i = 0; i < w.entities.size(); ++i) name += (i ? ", " : "") + w.entities[i];
    }
    if (w.first) name += " in " + model::Format(*w.first) + (w.last && *w.last != *w.first ? ".." + model::Format(*w.last) : "");
    std::string text = "  waiver " + name + "\n";
    if (!w.reason.empty()) text += "    reason " + w.reason + "\n";
    if (w.granted) text += "    granted " + model::Format(*w.granted) + "\n";
    if (!w.authority.empty()) text += "    authority " + w.authority + "\n";
    if (w.until) text += "    until " + model::Format(*w.until) + "\n";
    out.push_back({std::move(name), std::move(text)});
  }
  return out;
}

std::string ContractText(const model::Contract& c) {
  std::ostringstream out;
  out << "contract " << c.name << " \"" << c.title << "\"\n";
  out << "  period " << c.first_year << ".." << c.last_year << "\n";
  std::string parties;
  // Each with its kind, as in the contract ("group GHT", "commune 08105"); an establishment bare.
  for (const auto& p : c.parties) {
    const std::string kind = p.kind == model::Party::Kind::kGroup ? "group " : p.kind == model::Party::Kind::kOther ? p.other_kind + " " : "";
    parties += (parties.empty() ? "" : ", ") + kind + p.id;
  }
  out << "  parties " << parties << "\n";
  out << "  scoring " << model::Name(c.scoring.aggregate)
      << (c.scoring.basis == model::Scoring::Basis::kVerdict ? " by verdict" : " by commitment");
  for (const auto& [verdict, value] : c.scoring.values) out << " " << model::Name(verdict) << "=" << value;
  out << "\n";
  return out.str();
}

}  // namespace

std::string_view Name(ClauseChange::Kind kind) {
  switch (kind) {
    case ClauseChange::Kind::kAdded: return "added";
    case ClauseChange::Kind::kRemoved: return "removed";
    case ClauseChange::Kind::kChanged: return "changed";
  }
  return "changed";
}

std::vector<ClauseChange> DiffContracts(const model::Contract& before, const model::Contract& after) {
  std::vector<ClauseChange> out;
  DiffFields("contract", "", FieldsOf(ContractText(before), "title"), FieldsOf(ContractText(after), "title"), out);
  DiffItems("commitment", "title", before.commitments, after.commitments, [](const model::Commitment& x) { return PrintCommitment(x); }, out);
  DiffItems("milestone", "title", before.milestones, after.milestones, MilestoneText, out);
  DiffItems("waiver", "title", WaiverItems(before), WaiverItems(after), [](const WaiverItem& x) { return x.text; }, out);
  DiffItems("payment", "formula", before.payments, after.payments, [](const model::Payment& x) { return PrintPayment(x); }, out);
  return out;
}

}  // namespace vigie::sema
