// What the command line asked for: the command, its arguments and its options. Filled by
// ParseCommandLine (command_line.h, with CLI11); each command reads the fields its options set.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/sema/model.h"

namespace vigie::cli {

struct Options {
  std::string command;
  std::vector<std::string> paths;  // the arguments that are not options
  // check, dump
  std::string diagnostics = "text";  // --diagnostics or --format: text or json (how results and mistakes print)
  std::string stage;
  bool strict = false;
  std::vector<std::string> allowed;
  bool deny_warnings = false;  // lint: any warning fails (exit 1)
  size_t max_errors = 100;
  std::string root;
  // import, evidence, store
  std::string store = "vigie.db";
  std::vector<std::string> catalogs;  // --catalog / --rules, repeatable
  std::string format;                 // import --format: wide | long | entities | groups | evidence
  std::optional<std::string> period;
  std::string dataset, mapping, rejects, decimal, by;
  std::string sheet;  // import: the sheet of an .xlsx workbook (name or 1-based position)
  std::string id_column, pivot_column, weight_column;  // import: --id, --pivot, --weight
  std::string join_file;                              // import: --join
  bool combine_sites = false;                          // import: --combine-sites
  bool keep_valid = false;
  bool finess_key_warning = false;
  std::string contract, milestone, entity, date, document;
  // run, explain, verify
  std::string as_of, data_as_of, report_dir;
  std::vector<std::string> formats;    // --formats json,md,csv,html (default: all)
  std::vector<std::string> contracts;  // --contract, repeatable: which contracts to evaluate
  std::string sign_key;                // run --sign NAME.key: sign the JSON report
  int jobs = 0;                        // run --jobs N: threads that read the values and judge the commitments (0: one per core)
  bool html_pages = false;             // run --html-pages: the HTML report in pages at any size
  std::optional<uint64_t> memory;      // run --memory SIZE: the memory the report may take (none: what is available)
  std::string public_key;              // verify --public-key NAME.pub: check its signature
  // diff: --from N --to N (versions of one amended contract), --store DB (evaluate both sides)
  std::string from_version, to_version, diff_store;
  // lint: --store DB (the warnings only the data can tell)
  std::string lint_store;
  // key generate --out NAME [--force]
  std::string key_out;
  bool force = false;
  // --lang fr|en (every command: the language of messages; fmt: also of the keywords it writes)
  std::string lang;
  // fmt
  bool check = false, diff = false, to_stdout = false;
  // test
  std::string junit, filter;
  bool fail_on_empty = false;
  std::optional<double> coverage_threshold;
  // user add|list|remove, serve
  std::string role;
  std::vector<std::string> entities;  // user add --entity, repeatable
  std::string listen = "127.0.0.1:8080";
  bool public_listen = false;         // serve --public: listen on an address other than loopback
  size_t read_connections = 4;        // serve --read-connections: the read-only SQLite connections (0: none)
  bool stdin_terminal = false;        // standard input is a terminal (set by RunCli from Terminal)
};

// Checks --as-of (YYYY-MM-DD) and --data-as-of (a date or a UTC time) when given, with the
// calendar's wording: the usage error, e.g. "--as-of: '2023-02-29' is not a date: February 2023 has
// 28 days", or nullopt. Commands that take these options call it before anything else.
std::optional<std::string> CheckDateOptions(const Options& options);

}  // namespace vigie::cli
