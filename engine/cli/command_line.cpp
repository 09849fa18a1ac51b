#include "engine/cli/command_line.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "engine/base/diagnostic.h"
#include "engine/base/memory_available.h"
#include "engine/base/suggest.h"
#include "engine/base/text.h"
#include "engine/driver/pdf.h"
#include "engine/ingest/layouts.h"
#include "engine/base/version.h"

namespace vigie::cli {
namespace {

// Option values read as text first and checked after the parse, so that a wrong value gets the
// same sentence in both languages ("--max-errors takes a positive number, not 'zero'").
struct RawValues {
  std::string max_errors, coverage_threshold, formats, finess_key, jobs, read_connections, memory;
  std::vector<std::string> allowed;
};

struct Example {
  const char* caption;  // N_
  const char* command;  // typed as is: never translated
};

// One command: what `vigie --help` lists, what `vigie NAME --help` prints around the options.
struct CommandInfo {
  const char* name;
  const char* summary;  // N_
  const char* usage;    // N_: what follows "vigie NAME"
  std::vector<Example> examples;
  // Adds the command's options, bound to `options` (or to `raw` for the values checked later).
  std::function<void(CLI::App&, Options&, RawValues&)> add_options;
};

// ---- The options, one function each: the same option has the same help in every command. ----

void AddTextOrJson(CLI::App& app, Options& o, bool result) {
  app.add_option("--format,--diagnostics", o.diagnostics,
                 result ? std::string(Tr("text (default) or json: the result as JSON on standard output"))
                        : std::string(Tr("how to print mistakes: text (default, on standard error) or json (on standard output)")))
      ->type_name("text|json");
}
void AddDiagnosticsOrFormat(CLI::App& app, Options& o) {
  app.add_option("--diagnostics,--format", o.diagnostics,
                 std::string(Tr("how to print mistakes: text (default, on standard error) or json (on standard output)")))
      ->type_name("text|json");
}
void AddMemory(CLI::App& app, RawValues& raw) {
  app.add_option("--memory", raw.memory,
                 std::string(Tr("the memory the run's report may take, such as 8G or 512M (default: what the machine has available); a run whose report needs more is refused before it is evaluated")))
      ->type_name(std::string(Tr("SIZE")));
}
void AddStrict(CLI::App& app, Options& o) {
  app.add_flag("--strict", o.strict, std::string(Tr("also report lint warnings (unused indicators...)")));
}
void AddAllow(CLI::App& app, RawValues& raw) {
  app.add_option("--allow", raw.allowed, std::string(Tr("do not report the warning NAME (e.g. --allow=trajectory-short); repeatable")))
      ->type_name(std::string(Tr("NAME")))
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}
void AddMaxErrors(CLI::App& app, RawValues& raw) {
  app.add_option("--max-errors", raw.max_errors, std::string(Tr("stop reporting after N errors (default 100)")))->type_name("N");
}
void AddRoot(CLI::App& app, Options& o) {
  app.add_option("--root", o.root, std::string(Tr("show file paths relative to DIR (default: the current directory)")))
      ->type_name(std::string(Tr("DIR")));
}
void AddStore(CLI::App& app, Options& o) {
  app.add_option("--store", o.store, std::string(Tr("the SQLite store (default vigie.db)")))->type_name(std::string(Tr("FILE")));
}
void AddCatalogs(CLI::App& app, Options& o, bool rules_first) {
  app.add_option(rules_first ? "--rules,--catalog" : "--catalog,--rules", o.catalogs,
                 rules_first ? std::string(Tr("the rulesets to read (repeatable; default: rulesets/ and contracts/)"))
                             : std::string(Tr("the catalog the data is checked against (repeatable; default: rulesets/)")))
      ->type_name(std::string(Tr("PATH")))
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}
void AddAsOf(CLI::App& app, Options& o, bool required_for_run) {
  app.add_option("--as-of", o.as_of,
                 required_for_run ? std::string(Tr("the evaluation date (required): periods ending after it are pending"))
                                  : std::string(Tr("judge as of this date (default: today)")))
      ->type_name("YYYY-MM-DD");
}
void AddDataAsOf(CLI::App& app, Options& o) {
  app.add_option("--data-as-of", o.data_as_of, std::string(Tr("read the data as it stood then (UTC, 2026-01-31T12:00:00Z)")))
      ->type_name(std::string(Tr("TIME")));
}
void AddBy(CLI::App& app, Options& o) {
  app.add_option("--by", o.by, std::string(Tr("who does it, as recorded in the store (default: $VIGIE_USER, then the account name)")))
      ->type_name(std::string(Tr("NAME")));
}

std::vector<CommandInfo> MakeCommands() {
  std::vector<CommandInfo> commands;
  commands.push_back(
      {"check", N_("check rulesets and contracts; print 'ok' and a summary, or every mistake"),
       N_("[options] FILE|DIR..."),
       {{N_("check every ruleset and contract of two folders"), "vigie check rulesets contracts"},
        {N_("also the lint warnings, except one"), "vigie check --strict --allow=unused-indicator contrat.vigie"},
        {N_("the mistakes as JSON, for an editor or CI"), "vigie check --diagnostics=json contrat.vigie"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         AddDiagnosticsOrFormat(app, o);
         AddStrict(app, o);
         AddAllow(app, raw);
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"dump", N_("print the syntax tree or the checked model (deterministic)"), N_("--stage ast|model [options] FILE..."),
       {{N_("what a contract means, the same for an English and a French file"), "vigie dump --stage model contrat.vigie"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         app.add_option("--stage", o.stage, std::string(Tr("which stage to print: ast (the syntax tree) or model (the checked model)")))
             ->type_name("ast|model");
         AddDiagnosticsOrFormat(app, o);
         AddStrict(app, o);
         AddAllow(app, raw);
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"lint", N_("warnings about doubtful rules; see docs/lint.md"), N_("[options] FILE|DIR..."),
       {{N_("the lint warnings of a contract, judged as of a date"), "vigie lint --as-of 2024-01-01 contrat.vigie"},
        {N_("in CI: any warning fails"), "vigie lint --deny-warnings rulesets contracts"},
        {N_("and what the store's data will make of them: baselines and indicators without values"),
         "vigie lint --store vigie.db rulesets contracts"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         AddAsOf(app, o, false);
         app.add_option("--store", o.lint_store,
                        std::string(Tr("also lint against this store's data (baseline years and indicators without values)")))
             ->type_name(std::string(Tr("FILE")));
         AddAllow(app, raw);
         app.add_flag("--deny-warnings", o.deny_warnings, std::string(Tr("any warning fails (exit 1), for CI")));
         AddDiagnosticsOrFormat(app, o);
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"import", N_("validate data files against the catalog and store them"), N_("[options] FILE..."),
       {{N_("the establishments of 2019 (the store is created by the first import)"),
         "vigie import --catalog rulesets --format entities --period 2019 etablissements.csv"},
        {N_("a wide file whose columns are the indicators of a source"),
         "vigie import --dataset \"Hospi Diag\" --period 2019 activite.csv"},
        {N_("store the good rows, write the bad ones to a file"), "vigie import --keep-valid --rejects rejets.csv valeurs.csv"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         AddStore(app, o);
         AddCatalogs(app, o, false);
         app.add_option("--format", o.format,
                        Tr("the file's layout (default: detected from the header); LAYOUT: a published one, {0}",
                           ingest::LayoutNames()))
             ->type_name("wide|long|entities|groups|evidence|LAYOUT");
         app.add_option("--id-column", o.id_column, std::string(Tr("the column that names the establishment (HAS: finess, finess_geo, finess_pmsi; SAE: fi the site, fi_ej the legal entity)")))
             ->type_name(std::string(Tr("COLUMN")));
         app.add_option("--period", o.period, std::string(Tr("the period of a file without a period column (2019, 2019-Q2, 2019-03)")))
             ->type_name(std::string(Tr("PERIOD")));
         app.add_option("--dataset", o.dataset, std::string(Tr("column C maps to the indicator with source \"NAME C\"")))
             ->type_name(std::string(Tr("NAME")));
         app.add_option("--mapping", o.mapping, std::string(Tr("a CSV column;indicator mapping")))->type_name(std::string(Tr("FILE")));
         app.add_flag("--keep-valid", o.keep_valid, std::string(Tr("store the good rows, write the bad ones to --rejects")));
         app.add_option("--rejects", o.rejects, std::string(Tr("where --keep-valid writes the bad rows (default FILE.rejects.csv)")))
             ->type_name(std::string(Tr("FILE")));
         app.add_option("--finess-key", raw.finess_key,
                        std::string(Tr("warn: accept FINESS numbers with a wrong check digit, with a warning (default error)")))
             ->type_name("warn|error");
         app.add_option("--decimal", o.decimal, std::string(Tr("the decimal mark (default: comma for ';' files; auto: each cell's own)")))->type_name("comma|dot|auto");
         app.add_option("--sheet", o.sheet, std::string(Tr("the sheet of an .xlsx workbook, by name or position (default: the first)")))
             ->type_name(std::string(Tr("NAME|N")));
         app.add_option("--pivot", o.pivot_column,
                        std::string(Tr("a long table: column C of a row whose COLUMN cell is T gives the indicator C_T")))
             ->type_name(std::string(Tr("COLUMN")));
         app.add_flag("--combine-sites", o.combine_sites,
                      std::string(Tr("combine the rows of one establishment by each indicator's aggregate (the sites of a legal entity)")));
         app.add_option("--weight", o.weight_column, std::string(Tr("with --combine-sites: the column weighting a weighted_mean")))
             ->type_name(std::string(Tr("COLUMN")));
         app.add_option("--join", o.join_file,
                        std::string(Tr("a second file whose rows complete each row by the columns both have (HAS certification: the decisions)")))
             ->type_name(std::string(Tr("FILE")));
         AddBy(app, o);
         AddAllow(app, raw);
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"evidence", N_("record a milestone's evidence document"),
       N_("add --rules PATH --contract NAME --milestone NAME --entity FINESS --date DATE --document FILE [options]"),
       {{N_("the medical project of an establishment, handed in on 30 June 2019"),
         "vigie evidence add --rules contrat.vigie --contract cp_2019 --milestone pmp --entity 080000615 --date "
         "2019-06-30 --document projet_medical.pdf"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         AddCatalogs(app, o, true);
         app.add_option("--contract", o.contract, std::string(Tr("the contract")))->type_name(std::string(Tr("NAME")));
         app.add_option("--milestone", o.milestone, std::string(Tr("the milestone")))->type_name(std::string(Tr("NAME")));
         app.add_option("--entity", o.entity, std::string(Tr("the establishment's FINESS number")))->type_name("FINESS");
         app.add_option("--date", o.date, std::string(Tr("the day the document was produced")))->type_name("YYYY-MM-DD");
         app.add_option("--document", o.document, std::string(Tr("the evidence document")))->type_name(std::string(Tr("FILE")));
         AddStore(app, o);
         AddBy(app, o);
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"store", N_("what the store holds; every version of one value"), N_("info | history ENTITY INDICATOR [options]"),
       {{N_("the counts, the indicators, the periods and every import"), "vigie store info"},
        {N_("every version of one value, with the file, row and column it came from"),
         "vigie store history 080000037 P12"},
        {N_("the same as JSON"), "vigie store info --format json"}},
       [](CLI::App& app, Options& o, RawValues&) {
         AddStore(app, o);
         AddTextOrJson(app, o, true);
       }});
  commands.push_back(
      {"run", N_("evaluate the contracts: verdicts, scores, payments, reports"), N_("--as-of DATE [options] [FILE|DIR...]"),
       {{N_("evaluate a contract and write its JSON and Markdown reports"),
         "vigie run --as-of 2020-06-30 --report rapport --formats json,md contrat.vigie"},
        {N_("reproduce an old report: the data as it stood then"),
         "vigie run --as-of 2020-06-30 --data-as-of 2020-07-01T00:00:00Z contrat.vigie"},
        {N_("sign the JSON report"), "vigie run --as-of 2020-06-30 --report rapport --sign ars.key contrat.vigie"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         AddAsOf(app, o, true);
         AddDataAsOf(app, o);
         AddStore(app, o);
         app.add_option("--contract", o.contracts, std::string(Tr("evaluate only this contract (repeatable)")))
             ->type_name(std::string(Tr("NAME")))
             ->allow_extra_args(false)
             ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
         app.add_option("--report,--output", o.report_dir, std::string(Tr("write the reports (report.json ...) into DIR")))
             ->type_name(std::string(Tr("DIR")));
         app.add_option("--formats", raw.formats, std::string(Tr("which reports: json,md,csv,html,pdf (default: all but pdf)")))
             ->type_name(std::string(Tr("LIST")));
         app.add_option("--sign", o.sign_key, std::string(Tr("sign the JSON report (report.json.sig) with this secret key")))
             ->type_name("NAME.key");
         app.add_option("--jobs", raw.jobs,
                        std::string(Tr("how many threads read the store's values, judge the commitments and write the reports (default: one per core); the results are the same")))
             ->type_name("N");
         app.add_flag("--html-pages", o.html_pages,
                      std::string(Tr("write the HTML report as a summary and one page per entity (automatic for large runs)")));
         AddMemory(app, raw);
         AddCatalogs(app, o, true);
         AddBy(app, o);
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"diff", N_("the clauses an avenant (or a new file) changes, and with --store the verdicts and euros"),
       N_("OLD NEW [options] | FILE --from N --to M [options]"),
       {{N_("what avenant 1 changes in a contract's clauses (0: the contract as signed)"),
         "vigie diff contrat.vigie --contract cp_2019 --from 0 --to 1"},
        {N_("and in its verdicts, scores and payments, on the data of the store"),
         "vigie diff contrat.vigie --from 0 --to 1 --store vigie.db --as-of 2022-01-01"},
        {N_("two files of one contract, as JSON"), "vigie diff ancien.vigie nouveau.vigie --format json"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         app.add_option("--contract", o.contract, std::string(Tr("the contract, when the files declare several")))
             ->type_name(std::string(Tr("NAME")));
         app.add_option("--from", o.from_version, std::string(Tr("the version compared from (0: as signed; N: after avenant N)")))
             ->type_name("N");
         app.add_option("--to", o.to_version, std::string(Tr("the version compared to")))->type_name("N");
         app.add_option("--store", o.diff_store,
                        std::string(Tr("evaluate both sides on this store: the verdicts, scores and payments that change")))
             ->type_name(std::string(Tr("FILE")));
         app.add_option("--as-of", o.as_of, std::string(Tr("with --store: the evaluation date (default: today)")))
             ->type_name("YYYY-MM-DD");
         // No default folders: the files read their own `import`s.
         app.add_option("--rules,--catalog", o.catalogs,
                        std::string(Tr("more rulesets to read with the files (repeatable; default: none, the files' own imports)")))
             ->type_name(std::string(Tr("PATH")))
             ->allow_extra_args(false)
             ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
         AddTextOrJson(app, o, true);
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"explain", N_("why one verdict is what it is"),
       N_("CONTRACT ITEM ENTITY PERIOD --as-of DATE [options] [FILE|DIR...]"),
       {{N_("why commitment dms of contract cp_2019 is what it is for one establishment in 2019"),
         "vigie explain cp_2019 dms 080000037 2019 --as-of 2020-06-30 --rules contrat.vigie"},
        {N_("the same as JSON"), "vigie explain cp_2019 dms 080000037 2019 --as-of 2020-06-30 --format json"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         AddAsOf(app, o, true);
         AddDataAsOf(app, o);
         AddStore(app, o);
         AddCatalogs(app, o, true);
         AddTextOrJson(app, o, true);
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"verify", N_("check a report, its run in the store and the chain, recompute it"), N_("REPORT.json [options]"),
       {{N_("a report made in the current folder"), "vigie verify rapport/report.json --root ."},
        {N_("also check who signed it"), "vigie verify rapport/report.json --root . --public-key ars.pub"},
        {N_("the result as JSON"), "vigie verify rapport/report.json --root . --format json"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         AddStore(app, o);
         AddMemory(app, raw);
         app.add_option("--root", o.root, std::string(Tr("the folder the report's paths are read in (default: the report's folder)")))
             ->type_name(std::string(Tr("DIR")));
         app.add_option("--rules,--catalog", o.catalogs, std::string(Tr("the rulesets (repeatable): the files the report lists")))
             ->type_name(std::string(Tr("PATH")))
             ->allow_extra_args(false)
             ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
         app.add_option("--public-key", o.public_key,
                        std::string(Tr("check the report's signature (without it, authorship is not proven)")))
             ->type_name("NAME.pub");
         AddTextOrJson(app, o, true);
         AddMaxErrors(app, raw);
       }});
  commands.push_back(
      {"key", N_("an Ed25519 key pair to sign reports (NAME.key, NAME.pub)"), N_("generate --out NAME [--force]"),
       {{N_("make ars.key (secret, mode 0600) and ars.pub (for the auditors)"), "vigie key generate --out ars"}},
       [](CLI::App& app, Options& o, RawValues&) {
         app.add_option("--out", o.key_out, std::string(Tr("write NAME.key and NAME.pub")))->type_name(std::string(Tr("NAME")));
         app.add_flag("--force", o.force, std::string(Tr("replace existing key files (the reports they signed can no longer be checked)")));
       }});
  commands.push_back(
      {"test", N_("run the rulesets' test blocks: PASS/FAIL, coverage, 'N passed, N failed'"), N_("[options] FILE|DIR..."),
       {{N_("run every test of a folder"), "vigie test rulesets"},
        {N_("in CI: JUnit XML, and fail below 80 % coverage"),
         "vigie test --junit tests.xml --coverage-threshold 80 rulesets"},
        {N_("the results as JSON"), "vigie test --format json rulesets"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         app.add_option("--filter", o.filter, std::string(Tr("run only the tests whose name contains TEXT")))
             ->type_name(std::string(Tr("TEXT")));
         app.add_option("--junit", o.junit, std::string(Tr("also write the results as JUnit XML")))->type_name(std::string(Tr("FILE")));
         app.add_flag("--fail-on-empty", o.fail_on_empty, std::string(Tr("fail when no test was found")));
         app.add_option("--coverage-threshold", raw.coverage_threshold,
                        std::string(Tr("fail when fewer than P % of commitments and milestones are tested")))
             ->type_name("P");
         AddTextOrJson(app, o, true);
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"fmt", N_("rewrite files in the canonical layout, optionally in the other language"),
       N_("[--check | --diff | --stdout] [--lang fr|en] FILE|DIR..."),
       {{N_("in CI: say which files are not in the layout"), "vigie fmt --check rulesets"},
        {N_("print a French file with English keywords"), "vigie fmt --lang en --stdout contrat.vigie"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         app.add_flag("--check", o.check, std::string(Tr("change nothing; name the files that would change (exit 1 if any)")));
         app.add_flag("--diff", o.diff, std::string(Tr("change nothing; print the differences (exit 1 if any)")));
         app.add_flag("--stdout", o.to_stdout, std::string(Tr("print the formatted text instead of rewriting the files")));
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"template", N_("the CSV files an establishment fills in for a contract"),
       N_("CONTRACT_FILE... --entity FINESS [options]"),
       {{N_("what establishment 080000615 must provide, in the folder modeles"),
         "vigie template contrat.vigie --entity 080000615 --output modeles"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         app.add_option("--entity", o.entity, std::string(Tr("the establishment's FINESS number (required)")))->type_name("FINESS");
         app.add_option("--contract", o.contract, std::string(Tr("the contract, when the files declare several")))
             ->type_name(std::string(Tr("NAME")));
         app.add_option("--output,--report", o.report_dir, std::string(Tr("the folder to write the files into (default: here)")))
             ->type_name(std::string(Tr("DIR")));
         app.add_option("--store", o.store,
                        std::string(Tr("the store that says whether the establishment is a member of the contract's group")))
             ->type_name(std::string(Tr("FILE")));
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back(
      {"user", N_("the users of vigie serve: add, list, remove (the password is read from standard input)"),
       N_("add LOGIN --role ROLE [--entity FINESS]... | list | remove LOGIN [--store FILE]"),
       {{N_("an establishment's quality manager, who declares the data of 080000615"),
         "vigie user add qualite.charleville --role establishment --entity 080000615"},
        {N_("a controller of the ARS, the password taken from a file"), "vigie user add m.durand --role controller < mdp.txt"},
        {N_("who can sign in, with their role"), "vigie user list"}},
       [](CLI::App& app, Options& o, RawValues&) {
         app.add_option("--role", o.role, std::string(Tr("controller, establishment or auditor")))
             ->type_name("controller|establishment|auditor");
         app.add_option("--entity", o.entities, std::string(Tr("an establishment user's FINESS number (repeatable)")))
             ->type_name("FINESS")
             ->allow_extra_args(false)
             ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
         AddStore(app, o);
         AddBy(app, o);
       }});
  commands.push_back(
      {"serve", N_("the web application: establishments declare their data and see their verdicts; see docs/serve.md"),
       N_("--store FILE [--listen HOST:PORT] [--public] [FILE|DIR...]"),
       {{N_("on this machine only, port 8080 (the default)"), "vigie serve --store vigie.db rulesets contracts"},
        {N_("behind a reverse proxy with TLS, on every interface"),
         "vigie serve --store vigie.db --listen 0.0.0.0:8080 --public rulesets contracts"}},
       [](CLI::App& app, Options& o, RawValues& raw) {
         AddStore(app, o);
         app.add_option("--listen", o.listen, std::string(Tr("the address and port to listen on (default 127.0.0.1:8080)")))
             ->type_name("HOST:PORT");
         app.add_flag("--public", o.public_listen,
                      std::string(Tr("allow an address other than loopback (only behind a reverse proxy with TLS)")));
         app.add_option("--read-connections", raw.read_connections,
                        std::string(Tr("read-only store connections for the requests that only read (default 4; 0: every request on the one writer)")))
             ->type_name("N");
         app.add_option("--memory", raw.memory,
                        std::string(Tr("the memory a page's report may take, such as 8G or 512M (default: what the machine has available); a page whose report needs more says so instead of its verdicts")))
             ->type_name(std::string(Tr("SIZE")));
         AddCatalogs(app, o, true);
         AddMaxErrors(app, raw);
         AddRoot(app, o);
       }});
  commands.push_back({"codes", N_("list every diagnostic code"), "", {{N_("every code, its severity, name and summary"), "vigie codes"}},
                      [](CLI::App&, Options&, RawValues&) {}});
  commands.push_back({"help", N_("this list, or the help of one command"), N_("[COMMAND]"),
                      {{N_("the options and examples of vigie import"), "vigie help import"}},
                      [](CLI::App&, Options&, RawValues&) {}});
  commands.push_back({"version", N_("the version"), "", {}, [](CLI::App&, Options&, RawValues&) {}});
  return commands;
}

const std::vector<CommandInfo>& Commands() {
  static const std::vector<CommandInfo> commands = MakeCommands();
  return commands;
}

const CommandInfo* FindCommand(const std::string& name) {
  for (const CommandInfo& command : Commands()) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

// Commands whose arguments after the name are words rather than files.
bool TakesPositionals(const std::string& name) { return name != "codes" && name != "version"; }

// One command's parser. Each command is its own CLI11 application rather than a subcommand of a
// common one: CLI11 would take an argument that happens to be another command's name (a contract
// called `test` in `vigie explain test ...`) for that command.
struct CommandApp {
  CLI::App app;
  RawValues raw;
  CommandApp(const CommandInfo& command, Options& options) : app(std::string(Tr(command.summary)), std::string("vigie ") + command.name) {
    app.set_help_flag();
    app.allow_extras(true);  // unknown options are reported by ParseCommandLine, with a suggestion
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    command.add_options(app, options, raw);
    if (TakesPositionals(command.name)) {
      app.add_option("ARGUMENTS", options.paths)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
  }
};

// "--catalog, --rules PATH"
std::string OptionLabel(const CLI::Option& option) {
  std::string label;
  for (const std::string& name : option.get_snames()) label += (label.empty() ? "-" : ", -") + name;
  for (const std::string& name : option.get_lnames()) label += (label.empty() ? "--" : ", --") + name;
  const std::string type = option.get_type_name();
  if (!type.empty() && option.get_expected_min() > 0) label += " " + type;
  return label;
}

std::vector<std::pair<std::string, std::string>> OptionRows(const CLI::App& sub) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const CLI::Option* option : sub.get_options()) {
    if (!option->nonpositional()) continue;
    rows.emplace_back(OptionLabel(*option), option->get_description());
  }
  return rows;
}

// The options every command takes (`all`: also those of `vigie` alone).
std::vector<std::pair<std::string, std::string>> GlobalRows(bool all) {
  std::vector<std::pair<std::string, std::string>> rows{
      {"--lang fr|en", std::string(Tr("the language of messages and help (default: from LANG; French)"))},
      {"-h, --help", std::string(Tr("this help"))}};
  if (all) rows.emplace_back("--version", std::string(Tr("the version of vigie")));
  return rows;
}

// Columns are counted in characters, not bytes: "--period PÉRIODE" is 16 wide.
size_t Width(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

void PrintRows(const std::vector<std::pair<std::string, std::string>>& rows, std::string& out) {
  size_t width = 0;
  for (const auto& [label, description] : rows) width = std::max(width, Width(label));
  for (const auto& [label, description] : rows) {
    out += "  " + label + std::string(width - Width(label) + 2, ' ') + description + "\n";
  }
}

std::string UsageLine(const std::string& command) {
  const CommandInfo* info = FindCommand(command);
  if (info == nullptr) return std::string(Tr("vigie COMMAND [options] [FILE|DIR...]"));
  if (info->usage[0] == '\0') return "vigie " + command;
  return "vigie " + command + " " + std::string(Tr(info->usage));
}

// The option names of a command (with their dashes), and those of every command.
std::vector<std::string> OptionNames(const CLI::App& sub) {
  std::vector<std::string> names{"--lang", "--help"};
  for (const CLI::Option* option : sub.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

namespace {
// An option's whole text read as a number from `low` to `high`, or nullopt ("8x", "", out of range).
std::optional<long> WholeNumberIn(const std::string& text, long low, long high) {
  try {
    size_t used = 0;
    const long value = std::stol(text, &used);
    if (used != text.size() || value < low || value > high) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}
}  // namespace

// A mistake in the value of an option, checked once CLI11 has read the arguments.
std::optional<std::string> CheckValues(Options& options, const RawValues& raw, const std::string& command) {
  if (options.diagnostics != "text" && options.diagnostics != "json") {
    return command == "check" || command == "dump" || command == "lint"
               ? Tr("--diagnostics takes text or json, not '{0}'", options.diagnostics)
               : Tr("--format takes text or json, not '{0}'", options.diagnostics);
  }
  if (!options.stage.empty() && options.stage != "ast" && options.stage != "model") {
    return Tr("--stage takes ast or model, not '{0}'", options.stage);
  }
  for (const std::string& slug : raw.allowed) {
    std::optional<DiagCode> code = DiagCodeFromSlug(slug);
    if (!code || InfoFor(*code).default_severity != Severity::kWarning) {
      return Tr("--allow takes the name of a warning (see 'vigie codes'), not '{0}'", slug);
    }
    options.allowed.push_back(slug);
  }
  if (!raw.jobs.empty()) {
    const std::optional<long> jobs = WholeNumberIn(raw.jobs, 1, 256);
    if (!jobs) return Tr("--jobs takes a number of threads from 1 to 256, not '{0}'", raw.jobs);
    options.jobs = static_cast<int>(*jobs);
  }
  if (!raw.memory.empty()) {
    options.memory = ParseMemorySize(raw.memory);
    if (!options.memory) return Tr("--memory takes a size such as 8G or 512M, not '{0}'", raw.memory);
  }
  if (!raw.read_connections.empty()) {
    const std::optional<long> connections = WholeNumberIn(raw.read_connections, 0, 64);
    if (!connections) {
      return Tr("--read-connections takes a number of connections from 0 to 64, not '{0}'", raw.read_connections);
    }
    options.read_connections = static_cast<size_t>(*connections);
  }
  if (!raw.max_errors.empty()) {
    const std::optional<long> max_errors = WholeNumberIn(raw.max_errors, 1, std::numeric_limits<long>::max());
    if (!max_errors) return Tr("--max-errors takes a positive number, not '{0}'", raw.max_errors);
    options.max_errors = static_cast<size_t>(*max_errors);
  }
  if (!options.format.empty()) {
    const std::string& v = options.format;
    if (v != "wide" && v != "long" && v != "entities" && v != "groups" && v != "evidence" && !ingest::FindLayout(v)) {
      return Tr("--format takes wide, long, entities, groups, evidence or a published layout ({1}), not '{0}'", v,
                ingest::LayoutNames());
    }
  }
  if (!options.decimal.empty() && options.decimal != "comma" && options.decimal != "dot" && options.decimal != "auto") {
    return Tr("--decimal takes comma, dot or auto, not '{0}'", options.decimal);
  }
  if (!raw.finess_key.empty()) {
    if (raw.finess_key != "warn" && raw.finess_key != "error") {
      return Tr("--finess-key takes warn or error, not '{0}'", raw.finess_key);
    }
    options.finess_key_warning = raw.finess_key == "warn";
  }
  if (!raw.coverage_threshold.empty()) {
    try {
      size_t used = 0;
      const double value = std::stod(raw.coverage_threshold, &used);
      if (used != raw.coverage_threshold.size() || value < 0 || value > 100) throw std::invalid_argument("");
      options.coverage_threshold = value;
    } catch (const std::exception&) {
      return Tr("--coverage-threshold takes a percentage from 0 to 100, not '{0}'", raw.coverage_threshold);
    }
  }
  if (!raw.formats.empty()) {
    const std::string list = raw.formats + ",";
    for (size_t start = 0, comma; (comma = list.find(',', start)) != std::string::npos; start = comma + 1) {
      const std::string name = list.substr(start, comma - start);
      if (name != "json" && name != "md" && name != "csv" && name != "html" && name != "pdf") {
        return Tr("--formats takes json, md, csv, html and pdf, not '{0}'", name);
      }
      if (name == "pdf" && !driver::FindChromium()) return driver::ChromiumMissingHelp();
      options.formats.push_back(name);
    }
  }
  if (!options.contract.empty()) options.contracts.push_back(options.contract);
  else if (options.contracts.size() == 1) options.contract = options.contracts[0];
  return std::nullopt;
}

// Why `arg` is not an option of `command`: it is unknown (with the closest name), or it belongs to
// other commands (named).
std::string UnknownOption(const std::string& arg, const std::string& command, const CLI::App& app) {
  const std::string name = arg.substr(0, arg.find('='));
  std::vector<std::string> owners;
  for (const CommandInfo& other : Commands()) {
    if (other.name == command) continue;
    Options scratch;
    const CommandApp other_app(other, scratch);
    const std::vector<std::string> names = OptionNames(other_app.app);
    if (name != "--lang" && name != "--help" && std::binary_search(names.begin(), names.end(), name)) {
      owners.push_back(other.name);
    }
  }
  if (!owners.empty()) {
    std::string list;
    for (const std::string& owner : owners) list += (list.empty() ? "" : ", ") + owner;
    return Tr("{0} does not apply to {1} (it is an option of: {2})", name, command, list);
  }
  // The closest name, compared without the dashes; or the one option the name begins (--keep: --keep-valid).
  std::vector<std::string> bare, starting;
  const std::string typed = name.substr(name.find_first_not_of('-') == std::string::npos ? name.size() : name.find_first_not_of('-'));
  for (const std::string& option : OptionNames(app)) {
    bare.push_back(option.substr(2));
    if (!typed.empty() && option.substr(2).starts_with(typed)) starting.push_back(option);
  }
  std::optional<std::string> close = SuggestName(typed, bare);
  if (close) close = "--" + *close;
  else if (starting.size() == 1) close = starting[0];
  if (close) return Tr("unknown option '{0}'; did you mean '{1}'?", name, *close);
  return Tr("unknown option '{0}'", name);
}

bool IsHelpFlag(const std::string& arg) { return arg == "--help" || arg == "-h"; }

}  // namespace

std::vector<std::string> CommandNames() {
  std::vector<std::string> names;
  for (const CommandInfo& command : Commands()) names.push_back(command.name);
  std::sort(names.begin(), names.end());
  return names;
}

std::string ActionError(const std::string& given, const std::vector<std::string>& actions) {
  std::string list;
  for (const std::string& action : actions) list += (list.empty() ? "" : ", ") + action;
  if (given.empty()) return Tr("say what to do: {0}", list);
  if (std::optional<std::string> close = SuggestName(given, actions)) {
    return Tr("unknown action '{0}'; did you mean '{1}'?", given, *close);
  }
  return Tr("unknown action '{0}' (the actions are: {1})", given, list);
}

std::string UsageError(const std::string& command, const std::string& message) {
  std::string out = (command.empty() ? Tr("vigie: {0}", message) : Tr("vigie {0}: {1}", command, message)) + "\n";
  out += Tr("usage: {0}", UsageLine(command)) + "\n";
  out += (command.empty() ? std::string(Tr("see 'vigie --help' for the commands")) : Tr("see 'vigie {0} --help' for its options and examples", command)) + "\n";
  return out;
}

std::string HelpText(const std::string& command) {
  std::string out;
  const CommandInfo* info = FindCommand(command);
  if (info == nullptr) {
    out += Tr("usage: {0}", UsageLine("")) + "\n\n" + std::string(Tr("commands:")) + "\n";
    std::vector<std::pair<std::string, std::string>> rows;
    for (const CommandInfo& c : Commands()) rows.emplace_back(c.name, std::string(Tr(c.summary)));
    PrintRows(rows, out);
    out += "\n" + std::string(Tr("options of every command:")) + "\n";
    PrintRows(GlobalRows(true), out);
    out += "\n" + std::string(Tr("'vigie COMMAND --help' shows the options of a command, with examples.\nA directory stands "
                                 "for every .vigie and .vigie.md file below it.\nExit codes: 0 ok, 1 mistakes in the input, "
                                 "2 usage error, 3 a file could not be read or an internal error.\nColours on a terminal "
                                 "unless NO_COLOR is set. See docs/cli.md.")) +
           "\n";
    return out;
  }
  out += Tr("vigie {0}: {1}", command, Tr(info->summary)) + "\n\n";
  out += Tr("usage: {0}", UsageLine(command)) + "\n\n";
  Options scratch;
  const CommandApp command_app(*info, scratch);
  std::vector<std::pair<std::string, std::string>> rows = OptionRows(command_app.app);
  for (auto& row : GlobalRows(false)) rows.push_back(row);
  out += std::string(Tr("options:")) + "\n";
  PrintRows(rows, out);
  if (!info->examples.empty()) {
    out += "\n" + std::string(Tr("examples:")) + "\n";
    for (const Example& example : info->examples) {
      out += "  # " + std::string(Tr(example.caption)) + "\n  " + example.command + "\n";
    }
  }
  out += "\n" + std::string(Tr("exit codes: 0 ok, 1 mistakes in the input, 2 usage error, 3 a file could not be read. "
                               "See docs/cli.md.")) +
         "\n";
  return out;
}

CommandLine ParseCommandLine(const std::vector<std::string>& args, Options& options) {
  auto usage_error = [](const std::string& command, const std::string& message) {
    return CommandLine{CommandLine::Action::kUsageError, UsageError(command, message)};
  };
  auto help = [](const std::string& text) { return CommandLine{CommandLine::Action::kHelp, text}; };
  if (args.empty()) return usage_error("", std::string(Tr("missing command")));
  const std::string& first = args[0];
  // Help and version before anything else: `vigie --help`, `vigie help CMD`, `vigie CMD --help`.
  if (IsHelpFlag(first)) return help(HelpText(args.size() > 1 && FindCommand(args[1]) ? args[1] : ""));
  if (FindCommand(first)) {  // `vigie CMD ... --help`, `vigie help --help` included
    for (const std::string& arg : args) {
      if (arg == "--") break;
      if (IsHelpFlag(arg)) return help(HelpText(first));
    }
  }
  if (first == "--version" || first == "version") return help("vigie " + std::string(kVersion) + "\n");
  if (first == "help") {
    if (args.size() > 1 && args[1] == "--man") return help(ManPage());
    if (args.size() > 1 && !FindCommand(args[1])) {
      std::string message = Tr("unknown command '{0}'", args[1]);
      if (std::optional<std::string> close = SuggestName(args[1], CommandNames())) {
        message = Tr("unknown command '{0}'; did you mean '{1}'?", args[1], *close);
      }
      return usage_error("", message);
    }
    return help(HelpText(args.size() > 1 ? args[1] : ""));
  }
  if (!FindCommand(first)) {
    if (first.starts_with("-")) {
      return usage_error("", Tr("'{0}' is not a command: the command comes first, then its options", first));
    }
    if (std::optional<std::string> close = SuggestName(first, CommandNames())) {
      return usage_error("", Tr("unknown command '{0}'; did you mean '{1}'?", first, *close));
    }
    return usage_error("", Tr("unknown command '{0}'", first));
  }
  const std::string command = first;
  options.command = command;
  CommandApp parser(*FindCommand(command), options);
  // What CLI11 would say in its own words: a value missing at the end, a value given to a switch.
  for (size_t i = 1; i < args.size() && args[i] != "--"; ++i) {
    for (const CLI::Option* option : parser.app.get_options()) {
      if (!option->nonpositional()) continue;
      for (const std::string& name : option->get_lnames()) {
        if (option->get_expected_min() > 0 && i + 1 == args.size() && args[i] == "--" + name) {
          return usage_error(command, Tr("{0} needs a value", args[i]));
        }
        if (option->get_expected_min() == 0 && args[i].starts_with("--" + name + "=")) {
          return usage_error(command, Tr("{0} takes no value", "--" + name));
        }
      }
    }
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);
  try {
    parser.app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    return usage_error(command, error.what());
  }
  for (const std::string& extra : parser.app.remaining()) {
    if (extra.starts_with("-")) return usage_error(command, UnknownOption(extra, command, parser.app));
    return usage_error(command, Tr("unexpected argument '{0}'", extra));
  }
  if (std::optional<std::string> problem = CheckValues(options, parser.raw, command)) {
    return usage_error(command, *problem);
  }
  return CommandLine{};
}

std::string ManPage() {
  // roff: a backslash and a leading dot or quote are escaped.
  auto roff = [](const std::string& text) {
    std::string out;
    for (char c : text) out += c == '\\' ? std::string("\\e") : c == '-' ? std::string("\\-") : std::string(1, c);
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
    return out;
  };
  std::string out = ".TH VIGIE 1 \"\" \"vigie " + std::string(kVersion) + "\" \"" +
                    std::string(Tr("User Commands")) + "\"\n.SH " + std::string(Tr("NAME")) + "\nvigie \\- " +
                    roff(std::string(Tr("rules and compliance engine for health contracts"))) + "\n.SH " +
                    std::string(Tr("SYNOPSIS")) + "\n" + roff(UsageLine("")) + "\n.SH " + std::string(Tr("COMMANDS")) + "\n";
  for (const CommandInfo& info : Commands()) {
    out += ".SS " + roff(UsageLine(info.name)) + "\n" + roff(std::string(Tr(info.summary))) + "\n";
    Options scratch;
    const CommandApp command_app(info, scratch);
    for (const auto& [label, description] : OptionRows(command_app.app)) {
      out += ".TP\n.B " + roff(label) + "\n" + roff(description) + "\n";
    }
    for (const Example& example : info.examples) {
      out += ".PP\n" + roff(std::string(Tr(example.caption))) + "\n.RS\n\\fB" + roff(example.command) + "\\fR\n.RE\n";
    }
  }
  out += ".SH " + std::string(Tr("OPTIONS OF EVERY COMMAND")) + "\n";
  for (const auto& [label, description] : GlobalRows(true)) out += ".TP\n.B " + roff(label) + "\n" + roff(description) + "\n";
  out += ".SH " + std::string(Tr("ENVIRONMENT")) + "\n.TP\n.B LANG\n" +
         roff(std::string(Tr("French unless it names English (en_US.UTF-8...); --lang overrides it"))) + "\n.TP\n.B NO_COLOR\n" +
         roff(std::string(Tr("when set, no colour even on a terminal"))) + "\n.SH " + std::string(Tr("EXIT STATUS")) + "\n" +
         roff(std::string(Tr("0 ok, 1 mistakes in the input, 2 usage error, 3 a file could not be read or an internal error."))) +
         "\n";
  return out;
}

}  // namespace vigie::cli
