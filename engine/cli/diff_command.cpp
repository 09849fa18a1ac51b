#include "engine/cli/diff_command.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "engine/base/calendar.h"
#include "engine/base/clock.h"
#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/base/version.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"
#include "engine/cli/eval_commands.h"
#include "engine/driver/evaluate.h"
#include "engine/report/report_model.h"
#include "engine/report/report_text.h"
#include "engine/sema/contract_diff.h"
#include "engine/syntax/keywords.h"
#include "engine/syntax/vocabulary.h"

namespace vigie::cli {
namespace {

namespace model = sema::model;
using nlohmann::json;

// One side of the comparison: a contract of a checked file, at one of its versions.
struct Side {
  std::string file;
  driver::CheckedProgram program;
  const model::Contract* contract = nullptr;  // as signed (it holds the later versions)
  int version = 0;                             // 0: as signed; N: after avenant N
  const model::Contract& Version() const {
    return version == 0 ? *contract : contract->versions[static_cast<size_t>(version) - 1];
  }
};

// What changes in the evaluation, read from the two reports (texts as the report writes them).
struct VerdictChange {
  std::string period, item, entity;
  std::optional<std::string> before, after;  // none: no such verdict on that side
};
struct ScoreChange {
  std::string year;
  std::optional<std::string> before, after;
};
struct PaymentChange {
  std::string name, year;
  std::optional<std::string> before, after;  // euros to the cent; none: absent or not computed
};
struct Effects {
  std::string as_of;
  std::vector<VerdictChange> verdicts;
  std::vector<ScoreChange> scores;
  std::vector<PaymentChange> payments;
  int64_t total_before = 0, total_after = 0;  // cents, the payments computed on each side
};

// "62500.00" -> 6250000 cents (the report writes amounts to the cent).
std::optional<int64_t> Cents(const std::optional<std::string>& amount) {
  if (!amount || amount->empty()) return std::nullopt;
  std::optional<Rational> value = Rational::FromDecimal(*amount);
  if (!value) return std::nullopt;
  return static_cast<int64_t>(std::llround((*value * Rational(100)).ToDouble()));
}

std::string AmountOfCents(int64_t cents) {
  const int64_t magnitude = cents < 0 ? -cents : cents;
  std::string text = std::to_string(magnitude / 100) + "." + (magnitude % 100 < 10 ? "0" : "") + std::to_string(magnitude % 100);
  return (cents < 0 ? "-" : "") + text;
}

// "+12 500,00 €", "-2 000,00 €", "0,00 €".
std::string SignedAmountText(int64_t cents) { return (cents > 0 ? "+" : "") + FormatAmount(AmountOfCents(cents)); }

std::optional<std::string> Score(const report::Contract& c, const std::string& year) {
  for (const report::Score& s : c.scores) {
    if (s.year == year) return s.value;
  }
  return std::nullopt;
}

Effects CompareReports(const report::Contract& before, const report::Contract& after, const std::string& as_of) {
  Effects effects;
  effects.as_of = as_of;
  using Key = std::tuple<std::string, std::string, std::string>;  // period, item, entity
  std::map<Key, std::pair<std::optional<std::string>, std::optional<std::string>>> verdicts;
  for (const report::Item& item : before.items) {
    for (const report::VerdictRow& v : item.verdicts) verdicts[{v.period, v.item, v.entity}].first = v.verdict;
  }
  for (const report::Item& item : after.items) {
    for (const report::VerdictRow& v : item.verdicts) verdicts[{v.period, v.item, v.entity}].second = v.verdict;
  }
  for (const auto& [key, pair] : verdicts) {
    if (pair.first != pair.second) {
      effects.verdicts.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), pair.first, pair.second});
    }
  }
  std::set<std::string> years;
  for (const report::Score& s : before.scores) years.insert(s.year);
  for (const report::Score& s : after.scores) years.insert(s.year);
  for (const std::string& year : years) {
    std::optional<std::string> a = Score(before, year), b = Score(after, year);
    if (a != b) effects.scores.push_back({year, a, b});
  }
  std::map<std::pair<std::string, std::string>, std::pair<std::optional<std::string>, std::optional<std::string>>> payments;
  // A payment made to each party: one amount per party (`dotation to 080000037`).
  auto name_of = [](const report::Payment& p) { return p.party.empty() ? p.name : p.name + " " + Tr("to {0}", p.party); };
  for (const report::Payment& p : before.payments) payments[{p.year, name_of(p)}].first = p.amount;
  for (const report::Payment& p : after.payments) payments[{p.year, name_of(p)}].second = p.amount;
  for (const auto& [key, pair] : payments) {
    if (std::optional<int64_t> cents = Cents(pair.first)) effects.total_before += *cents;
    if (std::optional<int64_t> cents = Cents(pair.second)) effects.total_after += *cents;
    if (pair.first != pair.second) effects.payments.push_back({key.second, key.first, pair.first, pair.second});
  }
  return effects;
}

// The contract's report as of `as_of`, each year judged by the side's version.
// None when the side could not be evaluated; `too_large` set when that is because its report would
// not fit in memory (V5080).
std::optional<report::Contract> Evaluate(const Side& side, store::Store& store, model::Date as_of,
                                         std::optional<driver::ReportTooLarge>& too_large) {
  driver::EvaluateOptions evaluate;
  evaluate.eval.as_of = as_of;
  evaluate.eval.contracts = {side.contract->name};
  evaluate.eval.version = side.version;
  evaluate.build_report = true;
  evaluate.report.engine_version = std::string(kVersion);
  const driver::Evaluation evaluation = driver::Evaluate(side.program.model, store, evaluate);
  if (evaluation.too_large) too_large = evaluation.too_large;
  if (!evaluation.report || evaluation.report->contracts.empty()) return std::nullopt;
  return evaluation.report->contracts.front();
}

std::optional<int> ParseVersion(const std::string& text) {
  if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::atoi(text.c_str());
}

std::string KindWord(const std::string& kind) {
  if (kind == "commitment") return std::string(Tr("commitment"));
  if (kind == "milestone") return std::string(Tr("milestone"));
  if (kind == "payment") return std::string(Tr("payment"));
  if (kind == "waiver") return std::string(Tr("waiver"));
  return std::string(Tr("contract"));
}

// A clause's field as the user's language writes it: "target 2020" is "cible 2020" in French. The
// field is the canonical (English) word of the printed model, then what follows it (a year, a rule;
// a party and a year for "target for").
std::string FieldLabel(const std::string& field) {
  static const std::vector<std::pair<std::string, const char*>> kWords = {
      {"applies to", N_("judged for")}, {"target for", N_("target for")}, {"title", N_("title")},       {"formula", N_("formula")},
      {"period", N_("period")},         {"parties", N_("parties")},   {"scoring", N_("scoring")},
      {"clause", N_("clause")},         {"composite", N_("composite")}, {"indicator", N_("indicator")},
      {"baseline", N_("baseline")},     {"for", N_("consecutive years")}, {"target", N_("target")},
      {"rule", N_("rule")},             {"improve", N_("improvement")}, {"tolerance", N_("tolerance")},
      {"weight", N_("weight")},         {"aggregate", N_("aggregate")}, {"due", N_("due")},
      {"evidence", N_("evidence")},     {"reason", N_("reason")},     {"granted", N_("granted")},
      {"until", N_("until")},           {"authority", N_("authority")}};
  for (const auto& [word, label] : kWords) {
    if (field == word) return std::string(Tr(label));
    if (field.size() > word.size() && field.compare(0, word.size(), word) == 0 && field[word.size()] == ' ') {
      return std::string(Tr(label)) + field.substr(word.size());
    }
  }
  return field;
}

// Whom a clause applies to, in the user's language ("contract parties" is "les parties du contrat").
std::string AppliesToText(const std::string& value) {
  static const std::vector<std::pair<std::string, const char*>> kWords = {
      {"contract parties", N_("the contract's parties")}, {"each member", N_("each member")},
      {"group", N_("the group as a whole")}, {"entities", N_("the parties")}};
  for (const auto& [word, label] : kWords) {
    if (value == word) return std::string(Tr(label));
    if (value.size() > word.size() && value.compare(0, word.size(), word) == 0 && value[word.size()] == ' ') {
      return std::string(Tr(label)) + value.substr(word.size());
    }
  }
  return value;
}

// A printed line or a field's value in the user's language: its field word, and for "applies to"
// its value.
std::string LineLabel(const std::string& line) {
  static const std::string kAppliesTo = "applies to ";
  if (line.rfind(kAppliesTo, 0) == 0) return FieldLabel("applies to") + " " + AppliesToText(line.substr(kAppliesTo.size()));
  return FieldLabel(line);
}
// The contract's scoring line ("weighted_mean by verdict met=1 partially_met=0.5") in the user's
// language, word by word: "moyenne_pondérée par verdict atteint=1 partiellement_atteint=0,5".
std::string ScoringText(const std::string& value) {
  const syntax::Language language = CurrentLanguage() == Language::kFrench ? syntax::Language::kFrench : syntax::Language::kEnglish;
  std::istringstream words(value);
  std::string word, out;
  while (words >> word) {
    const size_t equals = word.find('=');
    std::string shown;
    if (equals != std::string::npos) {
      shown = std::string(syntax::Verdicts().Spelling(word.substr(0, equals))) + "=" + LocalizeNumber(word.substr(equals + 1));
    } else if (word == "by") {
      shown = std::string(syntax::Spell(syntax::Keyword::BY, language));
    } else if (word == "verdict" || word == "commitment") {
      shown = std::string(syntax::ScoringBases().Spelling(word));
    } else {
      shown = std::string(syntax::Aggregates().Spelling(word));
    }
    out += (out.empty() ? "" : " ") + shown;
  }
  return out;
}

std::string ValueText(const std::string& field, const std::string& value) {
  if (field == "scoring") return ScoringText(value);
  return field == "applies to" ? AppliesToText(value) : value;
}

// "initial contract", "amendment 1"; with two files, the file first: "old.vigie", "new.vigie, amendment 1".
std::string SideLabel(const Side& side, bool two_files) {
  if (!two_files) return eval::VersionLabel(side.version);
  return side.version == 0 ? side.file : Tr("{0}, {1}", side.file, eval::VersionLabel(side.version));
}

void PrintClauses(const std::vector<sema::ClauseChange>& changes, const std::string& contract, std::ostream& out) {
  if (changes.empty()) {
    out << Tr("no clause changes") << "\n";
    return;
  }
  out << Tr("clauses that change ({0}):", static_cast<int64_t>(changes.size())) << "\n";
  for (const sema::ClauseChange& c : changes) {
    const std::string kind = KindWord(c.item_kind), item = c.item.empty() ? contract : c.item;
    std::string line;
    if (c.field.empty()) {
      line = c.kind == sema::ClauseChange::Kind::kAdded ? Tr("added: {0} {1}", kind, item) : Tr("removed: {0} {1}", kind, item);
      out << "  " << line << "\n";
      std::istringstream lines(c.kind == sema::ClauseChange::Kind::kAdded ? c.after : c.before);
      std::string text;
      bool first = true;
      while (std::getline(lines, text)) {
        // The printed item: its first line flush, the rest as the printer indents them.
        const size_t begin = text.find_first_not_of(' ');
        if (begin == std::string::npos) continue;
        // In the user's language: the item's kind word, then each line's field word.
        const std::string line_text = text.substr(begin);
        const size_t space = line_text.find(' ');
        const std::string shown = first ? KindWord(line_text.substr(0, space)) + (space == std::string::npos ? "" : line_text.substr(space))
                                        : LineLabel(line_text);
        out << "      " << (first ? "" : std::string(begin < 2 ? 0 : begin - 2, ' ')) << shown << "\n";
        first = false;
      }
      continue;
    }
    switch (c.kind) {
      case sema::ClauseChange::Kind::kChanged: line = Tr("changed: {0} {1}, {2}: {3} → {4}", kind, item, FieldLabel(c.field), ValueText(c.field, c.before), ValueText(c.field, c.after)); break;
      case sema::ClauseChange::Kind::kAdded: line = Tr("added: {0} {1}, {2}: {3}", kind, item, FieldLabel(c.field), ValueText(c.field, c.after)); break;
      case sema::ClauseChange::Kind::kRemoved: line = Tr("removed: {0} {1}, {2}: {3}", kind, item, FieldLabel(c.field), ValueText(c.field, c.before)); break;
    }
    out << "  " << line << "\n";
  }
}

std::string VerdictText(const std::optional<std::string>& verdict) {
  return verdict ? report::VerdictLabel(*verdict) : std::string(Tr("no verdict"));
}
std::string ScoreText(const std::optional<std::string>& score) { return score ? LocalizeNumber(*score) : std::string(Tr("no score")); }
std::string AmountText(const std::optional<std::string>& amount) {
  return amount ? FormatAmount(*amount) : std::string(Tr("not computed"));
}

void PrintEffects(const Effects& e, const report::Contract& labels, std::ostream& out) {
  out << Tr("effects as of {0}:", FormatDate(e.as_of)) << "\n";
  if (e.verdicts.empty() && e.scores.empty() && e.payments.empty()) {
    out << "  " << Tr("no verdict, score or payment changes") << "\n";
    return;
  }
  // By period (a year for yearly indicators), then the scores and payments of each year.
  std::map<std::string, std::vector<std::string>> lines;
  for (const VerdictChange& v : e.verdicts) {
    lines[v.period].push_back(Tr("verdict {0} of {1}: {2} → {3}", v.item, v.entity, VerdictText(v.before), VerdictText(v.after)));
  }
  for (const ScoreChange& s : e.scores) lines[s.year].push_back(Tr("score: {0} → {1}", ScoreText(s.before), ScoreText(s.after)));
  for (const PaymentChange& p : e.payments) {
    const std::optional<int64_t> a = Cents(p.before), b = Cents(p.after);
    lines[p.year].push_back(a && b ? Tr("payment {0}: {1} → {2} ({3})", p.name, AmountText(p.before), AmountText(p.after),
                                        SignedAmountText(*b - *a))
                                   : Tr("payment {0}: {1} → {2}", p.name, AmountText(p.before), AmountText(p.after)));
  }
  for (const auto& [period, texts] : lines) {
    out << "  " << Tr("{0}:", report::YearLabel(labels, period)) << "\n";
    for (const std::string& text : texts) out << "    " << text << "\n";
  }
  if (!e.payments.empty()) {
    out << "  "
        << Tr("payments of every year: {0} → {1} ({2})", FormatAmount(AmountOfCents(e.total_before)),
              FormatAmount(AmountOfCents(e.total_after)), SignedAmountText(e.total_after - e.total_before))
        << "\n";
  }
}

json OrNull(const std::optional<std::string>& text) { return text ? json(*text) : json(nullptr); }

std::string DiffJson(const Side& from, const Side& to, const std::vector<sema::ClauseChange>& changes,
                     const std::optional<Effects>& effects) {
  json out;
  out["contract"] = to.contract->name;
  out["from"] = {{"file", from.file}, {"version", from.version}};
  out["to"] = {{"file", to.file}, {"version", to.version}};
  json clauses = json::array();
  for (const sema::ClauseChange& c : changes) {
    clauses.push_back({{"change", std::string(sema::Name(c.kind))},
                       {"kind", c.item_kind},
                       {"item", c.item},
                       {"field", c.field},
                       {"before", c.before.empty() ? json(nullptr) : json(c.before)},
                       {"after", c.after.empty() ? json(nullptr) : json(c.after)}});
  }
  out["clauses"] = clauses;
  if (effects) {
    json e;
    e["as_of"] = effects->as_of;
    e["verdicts"] = json::array();
    for (const VerdictChange& v : effects->verdicts) {
      e["verdicts"].push_back({{"period", v.period}, {"item", v.item}, {"entity", v.entity}, {"before", OrNull(v.before)}, {"after", OrNull(v.after)}});
    }
    e["scores"] = json::array();
    for (const ScoreChange& s : effects->scores) e["scores"].push_back({{"year", s.year}, {"before", OrNull(s.before)}, {"after", OrNull(s.after)}});
    e["payments"] = json::array();
    for (const PaymentChange& p : effects->payments) {
      const std::optional<int64_t> a = Cents(p.before), b = Cents(p.after);
      e["payments"].push_back({{"name", p.name},
                               {"year", p.year},
                               {"before", OrNull(p.before)},
                               {"after", OrNull(p.after)},
                               {"change", a && b ? json(AmountOfCents(*b - *a)) : json(nullptr)}});
    }
    e["payments_total"] = {{"before", AmountOfCents(effects->total_before)},
                           {"after", AmountOfCents(effects->total_after)},
                           {"change", AmountOfCents(effects->total_after - effects->total_before)}};
    out["effects"] = e;
  } else {
    out["effects"] = nullptr;
  }
  return out.dump(2) + "\n";
}

// Checks `file` (with the --rules catalogs) into `side` and finds the contract; false with the exit
// code set when it does not check or has no such contract.
bool Load(const std::string& file, const Options& options, Side& side, std::ostream& err, int& exit_code) {
  side.file = file;
  std::vector<std::string> paths = options.catalogs;
  paths.push_back(file);
  if (!CheckRules(paths, options, side.program, err, exit_code)) return false;
  const auto& contracts = side.program.model.contracts;
  if (!options.contract.empty()) {
    auto it = contracts.find(options.contract);
    if (it == contracts.end()) {
      err << Tr("vigie diff: no contract '{0}' in {1}", options.contract, file) << "\n";
      exit_code = kExitInputErrors;
      return false;
    }
    side.contract = &it->second;
    return true;
  }
  if (contracts.empty()) {
    err << Tr("vigie diff: {0} declares no contract", file) << "\n";
    exit_code = kExitInputErrors;
    return false;
  }
  if (contracts.size() > 1) {
    std::string names;
    for (const auto& [name, contract] : contracts) names += (names.empty() ? "" : ", ") + name;
    err << UsageError("diff", Tr("{0} declares several contracts ({1}): name one with --contract", file, names));
    exit_code = kExitUsage;
    return false;
  }
  side.contract = &contracts.begin()->second;
  return true;
}

}  // namespace

int RunDiff(const Options& options, std::ostream& out, std::ostream& err) {
  const bool two_files = options.paths.size() == 2;
  if (options.paths.empty() || options.paths.size() > 2) {
    err << UsageError("diff", std::string(Tr("give two files (OLD NEW), or one file with --from and --to")));
    return kExitUsage;
  }
  if (!two_files && (options.from_version.empty() || options.to_version.empty())) {
    err << UsageError("diff", std::string(Tr("give --from and --to: the two versions of the contract to compare (0: as signed)")));
    return kExitUsage;
  }
  std::optional<int> from = options.from_version.empty() ? 0 : ParseVersion(options.from_version);
  std::optional<int> to = options.to_version.empty() ? 0 : ParseVersion(options.to_version);
  if (!from || !to) {
    const std::string& bad = !from ? options.from_version : options.to_version;
    err << UsageError("diff", Tr("{0} takes a version number (0: the contract as signed), not '{1}'", !from ? "--from" : "--to", bad));
    return kExitUsage;
  }
  if (std::optional<std::string> problem = CheckDateOptions(options)) {
    err << UsageError("diff", *problem);
    return kExitUsage;
  }
  if (!options.as_of.empty() && options.diff_store.empty()) {
    err << UsageError("diff", std::string(Tr("--as-of dates the evaluation of both sides: give --store too")));
    return kExitUsage;
  }
  int exit_code = kExitOk;
  Side before, after;
  if (!Load(options.paths[0], options, before, err, exit_code)) return exit_code;
  if (!Load(options.paths[two_files ? 1 : 0], options, after, err, exit_code)) return exit_code;
  if (two_files && before.contract->name != after.contract->name) {
    err << Tr("vigie diff: {0} declares contract '{1}' and {2} contract '{3}': name the contract with --contract",
              before.file, before.contract->name, after.file, after.contract->name)
        << "\n";
    return kExitInputErrors;
  }
  before.version = *from;
  after.version = *to;
  for (const Side* side : {&before, &after}) {
    const int last = static_cast<int>(side->contract->versions.size());
    if (side->version > last) {
      err << UsageError("diff", Tr("contract '{0}' has versions 0 to {1} (0: as signed, {1}: after its last avenant), not {2}",
                                   side->contract->name, last, side->version));
      return kExitUsage;
    }
  }
  const std::vector<sema::ClauseChange> changes = sema::DiffContracts(before.Version(), after.Version());

  std::optional<Effects> effects;
  std::optional<report::Contract> labels;
  if (!options.diff_store.empty()) {
    Options with_store = options;
    with_store.store = options.diff_store;
    std::unique_ptr<store::Store> store = OpenForReading(with_store, err, exit_code);
    if (!store) return exit_code;
    model::Date as_of = Today();
    if (std::optional<model::Date> date = calendar::ParseDate(options.as_of).value) as_of = *date;
    std::optional<driver::ReportTooLarge> too_large;
    std::optional<report::Contract> a = Evaluate(before, *store, as_of, too_large);
    std::optional<report::Contract> b = too_large ? std::nullopt : Evaluate(after, *store, as_of, too_large);
    if (too_large) return PrintReportTooLarge(*too_large, err);
    if (a && b) {
      effects = CompareReports(*a, *b, model::Format(as_of));
      labels = b;
    }
  }
  if (options.diagnostics == "json") {
    out << DiffJson(before, after, changes, effects);
    return kExitOk;
  }
  out << Tr("contract {0}: {1} → {2}", after.contract->name, SideLabel(before, two_files), SideLabel(after, two_files)) << "\n";
  PrintClauses(changes, after.contract->name, out);
  if (effects) PrintEffects(*effects, *labels, out);
  return kExitOk;
}

}  // namespace vigie::cli
