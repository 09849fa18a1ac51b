// A small report model built by hand for the report format tests: one contract with a
// quantitative commitment (a missing value in 2020), a milestone and a composite, names and
// reasons full of characters that must be escaped.
#pragma once

#include "engine/report/report_model.h"

namespace vigie::report::testing {

// How many times `what` occurs in `text` (overlaps counted).
inline size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

inline Input MakeInput(const std::string& entity, const std::string& period, std::optional<double> value,
                       const std::string& file) {
  Input in;
  in.entity = Text::Static(entity);  // a test's texts live as long as the program
  in.indicator = "P12";
  in.period = Text::Static(period);
  in.role = "value";
  in.value = value;
  in.unit = "percent";
  if (!value) in.missing_code = ".c";
  Source source;
  source.file = file;
  source.sha256 = "5f65459cd802aabbccddeeff00112233445566778899aabbccddeeff00112233";
  source.imported_at = "2026-01-01T00:00:00Z";
  source.import_id = 2;
  in.source = std::make_shared<const Source>(std::move(source));
  in.row = 98;
  in.column = 356;
  return in;
}

inline VerdictRow MakeRow(const std::string& entity, const std::string& period, const std::string& verdict,
                          std::optional<double> measured, std::optional<double> target) {
  VerdictRow v;
  v.item = "ambu";
  v.kind = "commitment";
  v.entity = Text::Static(entity);
  v.entity_name = Text::Static(entity == "010007300" ? "CLINIQUE \"LES <TILLEULS>\" & CO" : "CH DE SEDAN");
  v.period = Text::Static(period);
  v.verdict = Text::Static(verdict);
  v.measured = measured;
  v.target = target;
  v.comparator = ">=";
  v.reason = measured ? "value read" : "P12 is missing";
  v.inputs.push_back(MakeInput(entity, period, measured, "données <2019> & \"co\".csv"));
  return v;
}

inline Report SampleReport() {
  Report r;
  r.engine_version = "0.1.0";
  r.generated_at = "2026-01-01T00:00:00Z";
  r.as_of = "2022-12-31";
  r.run_id = 3;
  r.store = "vigie.db";
  r.data_digest = "e38651f43851e198c69779ca8d1f6b43b159edd17a300fa3935c7669e34f78c1";
  r.rulesets.push_back({"contrat.vigie", "5192351099ce3284fe2eac3ae358d9502c1ed8772d93899c3eedb9d75235d475"});
  r.counts = {{"met", 3}, {"missing_data", 1}, {"not_met", 1}};
  Contract c;
  c.name = "cpom";
  c.title = "CPOM <script>alert(1)</script> & \"Sedan\"";
  c.kind = "cpom";
  c.authority = "ARS Grand Est";
  c.period = "2019..2022";
  c.parties = {"010007300", "080000037"};
  c.counts = r.counts;
  Item item;
  item.name = "ambu";
  item.title = "Chirurgie <script>x</script> & \"ambu\" | axe 2";
  item.clause = "Art. 2 & <3>";
  item.clause_text = "L'établissement <s'engage> & \"réduit\"\nses délais";
  item.kind = "commitment";
  item.indicator = "P12";
  item.indicator_title = "Taux de chirurgie ambulatoire";
  item.unit = "percent";
  item.applies_to = "the contract's parties";
  item.weight = "1";
  item.targets = {{"2019", ">= 50"}, {"2020", ">= 55"}, {"2021", ">= 60"}, {"2022", ">= 60"}};
  VerdictRow a = MakeRow("010007300", "2019", "met", 52.5, 50);
  VerdictRow b = MakeRow("010007300", "2020", "missing_data", std::nullopt, std::nullopt);
  VerdictRow d = MakeRow("010007300", "2021", "met", 61, 60);
  VerdictRow e = MakeRow("010007300", "2022", "met", 62, 60);
  VerdictRow f = MakeRow("080000037", "2019", "not_met", -12.5, 50);
  f.band_low = 48;
  f.band_high = 50;
  for (const VerdictRow* v : {&a, &b, &d, &e, &f}) item.verdicts.push_back(*v);
  item.counts = {{"met", 3}, {"missing_data", 1}, {"not_met", 1}};
  c.items.push_back(item);
  c.scores.push_back(Score{"2019", "", "0.5", {ScorePart{"ambu", "1", "0.5", 2}}});
  Payment p;
  p.name = "part_variable";
  p.title = "Part variable";
  p.year = "2019";
  p.amount = "1234567.50";
  p.score = "0.5";
  c.payments.push_back(p);
  Waiver w;
  w.item = "ambu";
  w.reason = "Travaux <bloc> & \"urgence\"";
  w.authority = "ARS";
  w.granted = "2020-02-01";
  w.until = "2020-12-31";
  w.scope = "080000037 in 2020";
  c.waivers.push_back(w);
  c.summary = SummarizeContract(c);
  r.contracts.push_back(c);
  return r;
}

}  // namespace vigie::report::testing
