#!/usr/bin/env python3
"""Writes docs/diagnostics.md from engine/base/diagnostic_codes.def and the golden cases.

Every example input and output in the catalogue is copied from a golden case (tests/golden/...),
so the documentation shows exactly what `vigie` prints. Run it again after
`vigie_tests --update-goldens "[golden]"`:  python3 tools/make_diagnostics_doc.py [--check]
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(os.path.dirname(HERE), "tests", "golden")
REPO = os.path.dirname(HERE)
DEF = os.path.join(REPO, "engine", "base", "diagnostic_codes.def")
OUT = os.path.join(REPO, "docs", "diagnostics.md")

# code -> (golden case, what it means, how to fix it). The case is "stage/name": a .vigie file, a
# folder of .vigie files, or a .args command; None when no golden case can show it.
ENTRIES = {
    1001: ("check/syntax_misspelled_keyword",
           "The text does not follow the grammar of the language: a keyword is misspelled, a brace or a "
           "value is missing, or a word is where the language does not expect it. vigie says what it found "
           "and, when it can, what it expected instead.",
           "Look at the caret: the mistake is there or just before it (a missing `}` or `{` is usually "
           "noticed on the next line). Compare with the examples of [language.md](language.md). Each "
           "syntax error is reported on its own, so fix them from the top of the file."),
    1002: ("cli/max_errors",
           "vigie stopped reporting because there were too many mistakes: after 25 syntax errors in one "
           "file (the rest of that file is not read), or after the limit set by `--max-errors` (100 by "
           "default).",
           "Fix the mistakes reported so far and run `vigie check` again. Many syntax errors in a row "
           "often come from one cause, such as an unclosed string or brace, or a file that is not a "
           "ruleset at all."),
    1003: ("check/syntax_nesting_too_deep",
           "Brackets, braces or parentheses are nested more than 256 deep. No real contract needs this; "
           "vigie refuses to read the file rather than risk running out of memory. The cap is more than "
           "twice the expression depth limit (V1007), so that `vigie fmt`, which may bracket every level "
           "of an expression, always writes a file it can read back.",
           "Simplify the formula: remove needless parentheses, or split it into several payments or "
           "derived indicators."),
    1004: ("check/syntax_stray_character",
           "A character that cannot begin anything in the language, such as `@`, `§` or `$`. This often "
           "happens with text pasted from a document, or a comment written with `#`.",
           "Remove the character. Comments start with `//`; free text goes between double quotes."),
    1005: ("check/syntax_unterminated_string",
           "A text in double quotes is not closed before the end of the line.",
           "Add the closing `\"`. A string stays on one line; to put a quote inside a string, write `\\\"`."),
    1006: ("check/invalid_literal_date",
           "A date, year, quarter or month that does not exist: 30 February, a year with two digits "
           "(`19..2023`), quarter 5 (`2021-Q5`), month 13 (`2021-13`).",
           "Write dates as year-month-day (`2020-06-30`), years with four digits, quarters as "
           "`2021-Q1`..`2021-Q4` (or `2021-T1`..`2021-T4`), months as `2021-01`..`2021-12`."),
    1007: ("check/expression_too_deep",
           "An expression nests more than 100 operations inside one another. Each operator, `not`, `-`, "
           "`if`, call and table lookup is a level, and so is each operator of a chain: `a + b + c` is "
           "`(a + b) + c`, 2 levels, so a sum of 102 terms is 101 levels deep. Brackets that only group "
           "are not levels (V1003 bounds them). vigie refuses to read the file rather than run out of "
           "memory: the checker, the evaluator and the formatter all walk an expression level by level. "
           "See [Limits](language.md#limits).",
           "Split the formula: give a part of it its own derived indicator (`indicator "
           "sous_total = a + b + c`) and use that name, or put the values in a table."),
    1008: ("check/expression_too_large",
           "An expression has more than 1000 parts: names, numbers, texts, dates, operators and calls "
           "each count one, grouping brackets none. No real formula comes near; vigie refuses to read "
           "the file rather than spend its memory on it. See [Limits](language.md#limits).",
           "Split the formula into derived indicators, or put the values in a table."),
    2001: ("check/unknown_indicator",
           "A name is used as an indicator (in a commitment, a formula, a `where` filter or a test) but no "
           "indicator has that name in the files that are checked. When one of vigie's own catalogs "
           "(`rulesets/`, listed in [rulesets/README.md](../rulesets/README.md)) declares an indicator of "
           "that name, the help names that catalog (`CI_AC1` is in `rulesets/hospidiag_identite.vigie`, "
           "golden test `check/unknown_indicator_shipped`); otherwise it suggests the closest name in scope.",
           "Correct the spelling (vigie suggests the closest name), declare the indicator, or `import` the "
           "catalog that declares it (`import \"../rulesets/hospidiag_identite.vigie\"`, the path from the "
           "contract's file; installed, the catalogs are in `/usr/share/vigie/rulesets/`)."),
    2002: ("check/unknown_commitment_in_composite",
           "A composite commitment (`all of`, `any of`, `at least N of`) or a test names a commitment, "
           "milestone or payment that the contract does not have.",
           "Correct the name (vigie suggests the closest one) or add the missing commitment or milestone "
           "to the contract."),
    2003: ("check/duplicate_indicator",
           "The same name is declared twice: two indicators, two contracts, two commitments of one "
           "contract, two parameters of a template, two keys of a table, or an indicator and an attribute. "
           "All the files checked together share one set of names.",
           "Rename one of the two declarations, or remove the copy. The note shows where the first one is."),
    2004: ("check/unknown_template",
           "A contract is made from a template (`contract x = template_name(...)`) that is not declared.",
           "Correct the template's name (vigie suggests the closest one) or import the file that "
           "declares it."),
    2005: ("check/unknown_contract_in_test",
           "A test names a contract (`contract NAME` inside `test`) that is not declared.",
           "Correct the contract's name (vigie suggests the closest one) or check it together with the "
           "file that declares the contract."),
    2006: ("check/unknown_name_in_where",
           "A name in an expression (a `where` filter, a payment, a table's key) is not an indicator, an "
           "attribute, a template parameter, a commitment or a payment that can be used there.",
           "Correct the spelling, or declare the name: `attribute NAME` for a property of establishments, "
           "a template parameter, or an indicator."),
    2007: ("check/unknown_table",
           "A lookup `table_name[key]` uses a table that is not declared in the contract, its template or "
           "the catalog.",
           "Correct the table's name (vigie suggests the closest one) or declare the table with "
           "`table NAME by KEY { ... }`."),
    2008: ("check/unknown_unit_word",
           "A value word is not in its list: a unit (`pourcnt`), a direction, a period kind, a contract "
           "kind, an aggregate, a verdict or a parameter type. The lists are in "
           "[language.md](language.md#vocabulary-tables), in English and in French.",
           "Use one of the words of the list; vigie suggests the closest one, or lists them all."),
    2009: ("check/duplicate_property",
           "The same property is given twice in one block, for example two `unit` lines in one indicator. "
           "vigie keeps the first one.",
           "Keep one of the two lines."),
    2010: ("check/import_not_found",
           "An `import` names a file that does not exist. The path of an import is relative to the "
           "folder of the file that contains it.",
           "Correct the file name, or the path relative to the importing file."),
    2011: ("check/import_cycle",
           "Files import each other in a circle (a imports b, b imports a). The notes show the chain of "
           "imports.",
           "Move what both files need into a third file that both import, and import in one direction "
           "only."),
    2012: ("check/missing_unit",
           "A required property is missing: an indicator without a unit, a contract without a period, a "
           "target without comparator for an indicator without direction, a numerator without a "
           "denominator, a test without its contract, or a waiver that does not say why, when or by whom "
           "it was granted.",
           "Add the property named in the message; the help shows how it is written."),
    2013: ("check/unknown_function",
           "A formula calls a function the language does not have. The functions are `min`, `max`, "
           "`round` (`arrondi`), `abs`, `floor` (`plancher`) and `ceil` (`plafond`).",
           "Use one of these functions; vigie suggests the closest name."),
    2101: ("check/target_unit_mismatch_plain_number",
           "A target is written in a unit other than the indicator's: a plain number for an indicator in "
           "percent, days for an indicator in euros, or `pts` (points are for tolerances and "
           "improvements).",
           "Write the target in the indicator's unit, for example `70 %` for an indicator in percent."),
    2102: ("check/tolerance_unit_mismatch",
           "A tolerance (or an improvement) is in a unit that does not fit the indicator. For an indicator "
           "in percent it must be `pts` (percentage points, absolute) or `%` (relative: a share of the "
           "value); for other indicators, the indicator's own unit or `%`.",
           "Write `2 pts` for two percentage points, `2 %` for two per cent of the value, or the "
           "indicator's own unit (`1 days`)."),
    2103: ("check/target_year_outside_period",
           "A target is given for a year outside the contract's `period`, so it would never be evaluated.",
           "Remove that target, or widen the contract's period."),
    2104: ("check/trajectory_overlap",
           "Two entries of one trajectory give a target for the same year (or quarter, or month), often "
           "because a range such as `2020..2022` also covers a year written separately.",
           "Give each period one target: shorten the range or remove the extra entry."),
    2105: ("check/trajectory_gap",
           "A trajectory has no target for a period between its first and its last entry.",
           "Add an entry for the missing period, or extend a neighbouring entry with a range "
           "(`2020..2021: 60 %`)."),
    2106: ("check/weight_not_positive",
           "A commitment or milestone has a weight of zero or below. Weights share out the score, so they "
           "must be positive.",
           "Give a positive weight. To leave a commitment out of the score, remove it or grant a waiver."),
    2107: ("check/derived_indicator_cycle",
           "Derived indicators (`indicator x = formula`) are defined in terms of each other, so none of "
           "them can be computed.",
           "At least one indicator of the circle must come from data: remove its formula and give it a "
           "`unit`."),
    2108: ("check/composite_cycle",
           "Composite commitments contain each other (directly or through others), so none of them can "
           "get a verdict.",
           "A composite may only combine commitments and milestones that do not contain it: remove one "
           "link of the circle."),
    2109: ("check/waiver_unknown_commitment",
           "A waiver names a commitment or milestone that the contract does not have.",
           "Correct the name (vigie suggests the closest one)."),
    2110: ("check/template_unknown_parameter",
           "A contract made from a template gives an argument the template does not declare.",
           "Correct the parameter's name (vigie suggests the closest one) or remove the argument."),
    2111: ("check/template_missing_argument",
           "A contract made from a template does not give a parameter that has no default value.",
           "Add `name: value` between the parentheses, or give the parameter a default in the template "
           "(`montant: euros = 15000 €`)."),
    2112: ("check/template_argument_type",
           "A template argument is not of the parameter's type: a text for a number, a percentage for an "
           "amount in euros...",
           "Give a value of the type declared in the template (`number`, `text`, `date` or `euros`)."),
    2113: ("check/template_duplicate_argument",
           "The same template argument is given twice in one contract.",
           "Keep one value."),
    2114: ("check/at_least_out_of_range",
           "In `at least N of [...]`, N is 0 (the commitment could never fail) or more than the number of "
           "items (it could never be met).",
           "Use a number from 1 to the number of items in the list."),
    2115: ("check/incomplete_commitment",
           "A commitment cannot be evaluated: it has no indicator, no target or improvement, an empty "
           "trajectory `{ }`, or an empty composite `all of []`.",
           "Add `indicator NAME` and a `target` (or `improve ... from baseline YEAR`), or make it a "
           "composite of other commitments."),
    2116: ("check/conflicting_properties",
           "Properties that cannot go together: a target and an improvement in one commitment, a composite "
           "that also has an indicator, a derived indicator that also has a numerator and denominator.",
           "Keep one of them; if both are meant, write two commitments."),
    2117: ("check/invalid_period_range",
           "A range ends before it starts: a contract period `2023..2019`, a trajectory entry, a table key "
           "or an indicator's `range`.",
           "Write the smaller value first: `2019..2023`."),
    2118: ("check/period_kind_mismatch",
           "A period is of the wrong kind: a quarter or a month for a yearly indicator, a trajectory that "
           "mixes quarters and months, or a range where one period is needed (in `given` and `expect`).",
           "Use the indicator's own kind of period (see its `period`), or a year; write one `given` or "
           "`expect` line per period."),
    2119: ("check/baseline_not_before_period",
           "The baseline year of an improvement comes after the contract's first year, so the first years "
           "of the contract would be judged against a value that is not known yet. A baseline in the "
           "first year itself is allowed: that year is then the reference, and is not judged.",
           "Use the contract's first year or an earlier one: `improve 5 % from baseline 2019` for a "
           "contract from 2019 (2019 is then the reference, 2020 on are judged)."),
    2120: ("check/invalid_finess",
           "An establishment number is not a valid FINESS: it has not 9 characters, its first two are not "
           "a département (2A and 2B for Corsica), or its last digit (the check key) is wrong. The help "
           "gives the key that the first 8 characters call for.",
           "Copy the number again from the FINESS directory; a wrong key usually means a typing mistake "
           "in one of the digits."),
    2121: ("check/waiver_dates",
           "A waiver expires (`until`) before it is granted, or covers a period outside the contract's.",
           "Check the two dates, and the year after `in`."),
    2122: ("check/no_group_party",
           "A commitment says `for each member` or `for group`, but the contract's parties are "
           "establishments only, so there is no group to take members from.",
           "Add `parties group NAME` to the contract, or name the establishments with `for 080000037, ...`."),
    2124: ("check/scoring_value_out_of_range",
           "A score in `scoring { ... }` is outside 0..1 (0 is nothing, 1 is fully met).",
           "Write scores between 0 and 1: `met 1  partial 0.5  not_met 0`."),
    2125: ("check/type_mismatch_add_euros_to_percent",
           "An expression mixes things that do not go together: adding € to %, comparing days with €, an "
           "`if` whose branches differ, a `where` filter that is not a condition, or a payment that does "
           "not come out in euros.",
           "Write both sides in the same unit; a payment is an amount in euros, such as "
           "`15000 € * score`."),
    2126: ("check/test_value_unit_mismatch",
           "A test gives (or expects) a value in a unit the indicator does not have, such as `67 pts` for "
           "an indicator in percent.",
           "Write the value in the indicator's unit."),
    2127: ("check/milestone_without_due",
           "A milestone has no due date, so it can never be late or on time.",
           "Add `due 2019-06-30` (`échéance 2019-06-30`)."),
    2128: ("check/group_evidence",
           "A test gives milestone evidence for a group (a GHT, a CPTS). A milestone of a group contract "
           "without `for group` is judged for each member establishment, never for the group, so this "
           "evidence would never count and the test would say the milestone is not evaluated. A milestone "
           "that says `for group` (`pour groupe`) is judged for the group itself, on the evidence recorded "
           "for the group's code ([evaluation.md](evaluation.md#scope-which-entities)), so a test may give "
           "evidence for the group there (golden `authoring/test_group_milestone_evidence`).",
           "For a milestone judged per establishment, declare a member and give the evidence for it: "
           "`given CPTS_X member 080000003` then `given 080000003 evidence demarrage 2020-08-15`."),
    2130: (None,
           "A composite commitment contains a composite, which contains a composite, and so on, more "
           "than 256 levels deep (a composite of plain commitments is one level). No real contract "
           "needs this; vigie refuses it rather than risk running out of memory when it evaluates the "
           "composites, each of which waits for the verdicts of its members. The error is at the top "
           "composite of the chain, and says how many levels it has. See "
           "[Limits](language.md#limits). (A golden case would need 257 commitments: "
           "`tests/unit/sema/declaration_chains_test.cpp` generates it.)",
           "Combine the commitments in fewer levels: one composite may list any number of members."),
    2131: ("check/derived_indicator_too_deep",
           "A derived indicator is computed from a derived indicator, which is computed from another, "
           "and so on, through more than 32 formulas. vigie computes an indicator's inputs before the "
           "indicator, one formula inside the other, and refuses longer chains rather than risk running "
           "out of memory. The error is at the indicator at the top of the chain (one that no other "
           "formula reads), and says how many formulas the chain has. See [Limits](language.md#limits).",
           "Compute the indicator from fewer intermediate indicators (a formula may read many "
           "indicators at once), or import some of the intermediate values as data."),
    2132: (None,
           "A file imports a file, which imports another, and so on, in a chain of more than 256 files. "
           "No real ruleset needs this; vigie reads each file of the chain before the one that imports "
           "it, and refuses longer chains rather than risk running out of memory. The error is at the "
           "import that would have made the chain too long. See [Limits](language.md#limits). (A golden "
           "case would need 257 files: `tests/unit/driver/loader_test.cpp` generates them.)",
           "Import the shared files side by side from one main file rather than each from the previous one."),
    2180: ("check/categorical_misuse",
           "A categorical indicator (one that declares `values`) is given a number where it takes one of "
           "its values: a numeric target, a tolerance, an improvement, a number in a test; or it declares "
           "what only a number has (`unit`, `better`, `range`, `classes`, a numerator, a formula). The "
           "reverse too: `target at least B` or a rule naming a value, on an indicator that is a number.",
           "Write the target by the set's order (`target at least B`) or as verdict rules (`met if A or "
           "B, partially_met if C`), and remove the numeric properties. For a numeric indicator, write a "
           "number, and name missing-value codes in quotes. See "
           "[language.md](language.md#categorical-indicators)."),
    2181: ("check/unknown_category",
           "A target (`at least X`), a verdict rule or a test names a value that the indicator does not "
           "declare in its `values`.",
           "Use one of the indicator's values (the help line lists them, or suggests the closest), or add "
           "the value to the catalog. Values are names; the spelling of the data goes in quotes after the "
           "name in the catalog (`certifie \"Certifié\"`)."),
    2182: ("check/unknown_missing_code",
           "A verdict rule names a missing-value code (`not_applicable if \"Non concerné\"`) that the "
           "indicator does not declare, in its `codes` or as a code class of its `classes`. A rule on a "
           "code the data never holds would never apply.",
           "Correct the code (the help line suggests the closest one), or declare it in the catalog: "
           "`codes { \"Non concerné\": not_applicable }`. See "
           "[language.md](language.md#missing-value-codes)."),
    2183: ("check/verdict_rule_conflict",
           "A value or a code is named by two verdict rules of one commitment, so its verdict would depend "
           "on their order; or a rule (or a catalog code) gives `waived`, `pending` or `error`, which come "
           "from waivers, dates and the data, never from a value.",
           "Name each value and code in one rule only, and give `met`, `partially_met`, `not_met`, "
           "`missing_data` or `not_applicable`."),
    2140: ("check/scoring_by_verdict_min",
           "`scoring by verdict` (`notation par verdict`) with `aggregate min`, `max` or `count`. By "
           "verdict, a year's score is the weighted mean (or the mean, or the sum) of every verdict's "
           "points; min, max and count pick or count whole commitments, and have no meaning over single "
           "verdicts. An unknown word after `scoring by` is [V2008](#v2008-unknown-word).",
           "Remove the aggregate (the weighted mean is the default), or write `scoring by commitment` to "
           "take the min, max or count of the commitments' means."),
    2141: ("check/payment_years_errors",
           "A payment written `in YEARS` (`en ANNÉES`), such as `payment dotation in 2021 = ...`, names a "
           "year outside the contract's period: it would never be paid.",
           "Write years of the contract's `period`."),
    2142: ("check/payment_years_errors",
           "A payment reads an earlier payment that is not paid in all of its years: `payment total = "
           "dotation + 1000 €` is computed every year, but `dotation` is paid `in 2019` only, so in 2020 "
           "there would be no amount to read.",
           "Restrict the payment that reads to the same years (`payment total in 2019 = ...`), or give the "
           "payment it reads the years of the first."),
    2143: ("check/presence_of_what",
           "`is present` / `is absent` (`est présent` / `est absent`) is said of something that is not an "
           "attribute or an indicator, such as a number. The word after `is` must be `present` or `absent` "
           "(`présent`, `présente`, `absent`, `absente`): another word is [V2008](#v2008-unknown-word).",
           "Write the name of an attribute or an indicator before `is present`: `taille_C is present and "
           "taille_C != \"C0\"`."),
    2160: ("check/baseline_rule_without_year",
           "A target is written relative to the baseline (`<= baseline`, `<= 95 % of baseline`, "
           "`partially met up to baseline`), but the commitment does not say which year the baseline is.",
           "Add `baseline 2017` (`référence 2017`) to the commitment: the year whose own value of each "
           "establishment is the baseline. See [Baselines](language.md#baselines-and-a-rule-per-year)."),
    2161: ("check/target_not_after_baseline",
           "A commitment with `baseline YEAR` has a target for that year or an earlier one. The baseline "
           "year is the reference each establishment is compared with, not a year that is judged.",
           "Give targets from the year after the baseline on: with `baseline 2017`, "
           "`target { 2018: <= baseline, 2019: <= 95 % of baseline }`."),
    2162: ("check/baseline_leaves_no_year",
           "The baseline year is the contract's last year or after it (`baseline` or `improve ... from "
           "baseline`): no year of the contract is left to judge.",
           "Take the baseline year before the contract or in its first years, or widen the contract's "
           "`period`."),
    2163: ("check/partial_limit_wrong_side",
           "A year's `partially met up to` limit is on the wrong side of its target: with `<= 95 % of "
           "baseline`, a limit of `90 % of baseline` is stricter than the target, so no value could ever "
           "be partially met.",
           "With `<=` or `<` the limit is above the target (`<= 95 % of baseline, partially met up to "
           "baseline`); with `>=` or `>` it is below it (`>= 80 %, partially met up to 75 %`)."),
    2164: ("check/partial_limit_no_direction",
           "A `partially met up to` limit is given to a target compared with `=` or `!=`: such a target "
           "has no side on which a value could be partially met.",
           "Write the target with a direction (`<=`, `<`, `>=`, `>`), or remove the limit."),
    2165: ("check/baseline_share_unit",
           "A share of the baseline is written in another unit than `%` (`95 pts of baseline`). A share "
           "is a percentage of the establishment's own baseline value, whatever the indicator's unit.",
           "Write it in %: `<= 95 % of baseline` (`<= 95 % de la référence`)."),
    2166: ("check/history_argument",
           "`previous(...)` or `last_known(...)` is not given one number to read in earlier periods: no "
           "argument, too many, or a text. The number is usually an indicator, or a formula of "
           "indicators. See [values of earlier periods](language.md#values-of-earlier-periods).",
           "Write `previous(taux_occupation)`, or `last_known(taux_occupation, 2 years)` with how old the "
           "value may be as the second argument."),
    2167: ("check/history_age",
           "How old a value may be, in `last_known(x, AGE)`, is not a whole number of years or months, "
           "or not a whole number of the indicator's own periods (6 months for a yearly indicator).",
           "Write a whole number of years (`2 years`, `2 ans`) or of months that fits the indicator "
           "(`24 months` for a yearly one, `6 months` for a quarterly one)."),
    2168: ("check/consecutive_years",
           "`for N consecutive years` has an N that is not a whole number from 2 to 20 (1 would be the "
           "commitment itself).",
           "Write a whole number: `for 3 consecutive years` (`pour 3 années consécutives`)."),
    2169: ("check/consecutive_not_yearly",
           "`for N consecutive years` is given to a commitment whose indicator is measured by quarter "
           "or month: the rule judges one value a year.",
           "Use a yearly indicator, or write the quarterly targets without it."),
    2200: ("cli/user_errors",
           "`vigie user add --role` names a role vigie does not have. The roles of `vigie serve` are "
           "`controller` (every contract and entity, the dashboard), `establishment` (its own entities "
           "only; declares their values) and `auditor` (reads every entity, verifies reports). See "
           "[serve.md](serve.md).",
           "Give one of the three roles, as written: `--role controller`, `--role establishment` or "
           "`--role auditor`."),
    2201: ("cli/user_errors",
           "A login is empty, longer than 64 characters, has a character other than letters `a-z A-Z`, "
           "digits and `. _ @ -`, or starts with `. _ @ -`. Logins appear in the audit trail and in "
           "the server's messages; a space or an accent there is a source of confusion.",
           "Choose a login such as `m.durand` or `qualite.sedan`, or an e-mail address."),
    2202: ("cli/user_add",
           "`vigie user add` names a login that already exists. A user is never changed in place: its "
           "role, entities and password are set when it is added.",
           "To change a user, remove it (`vigie user remove LOGIN`) and add it again; to add another "
           "person, choose another login."),
    2203: ("cli/user_add",
           "`vigie user remove` names a login no user has (never added, or already removed).",
           "`vigie user list` shows the users and their logins."),
    2204: ("cli/user_errors",
           "An `establishment` user was added without `--entity`, or `--entity` was given to a "
           "`controller` or an `auditor`. An establishment user sees and declares the data of its own "
           "entities only, named by their FINESS numbers; the other roles see every entity.",
           "Give the establishment's FINESS numbers (`--entity 080000037`, repeatable), or leave "
           "`--entity` out for the other roles."),
    2205: ("cli/user_errors",
           "The password read from standard input has fewer than 12 characters. Sign-in is slowed "
           "(Argon2id) and limited (5 failures per login in 15 minutes), but a short password can still "
           "be guessed.",
           "Use a password of 12 characters or more: a sentence of a few words is long enough and easy "
           "to remember."),
    2206: (None,
           "`vigie user add` on a terminal asks for the password twice, without echo, and the two "
           "differ: no user is added. (A golden case has no terminal: `vigie user add` reads one line "
           "of standard input there.)",
           "Run the command again and type the same password twice."),
    2207: (None,
           "Values declared through `vigie serve` (the form, or `POST /api/entities/{id}/values`) have "
           "a line naming another entity than the one of the page. An establishment declares its own "
           "values only; the whole file is refused and nothing is stored. "
           "(`tests/unit/serve/http_test.cpp` shows it: "
           "`declaration-080000037.csv, line 3: values of '080000615' cannot be declared here; this "
           "page declares those of '080000037'`.)",
           "Keep only the lines of the establishment of the page, or sign in as the user of the "
           "other establishment."),
    2208: ("cli/user_errors",
           "An establishment user was added with an entity the store does not know yet. The user is "
           "added and can sign in, but sees nothing of that entity until its data is imported "
           "(`vigie import --format entities`).",
           "Check the FINESS number; if it is right, import the establishments file."),
    2210: ("check/party_codes",
           "A party that is not an establishment is named by its kind and its code (`commune 79191`, "
           "`clsm CLSM_NIORT`), and the code does not have the form of its kind: a commune's INSEE code "
           "has 5 characters, its département first (01 to 95 but 20, 2A, 2B, or 971 to 976); a "
           "département's is 01 to 95, 2A, 2B or 971 to 976; a région's has 2 digits; the other kinds "
           "(CLSM, association, institution, health and GHT territories) have a free code of the form of "
           "a group code: a letter, then letters, digits or _. The party is left out of the contract.",
           "Copy the INSEE code from the official geographic code (the commune of Niort is 79191, the "
           "Deux-Sèvres 79); for a CLSM or an association, choose a code such as CLSM_NIORT and use the "
           "same one in the data files."),
    2211: ("check/party_codes",
           "A name in a `for` list (`for CLSM_NIORT`) is not one of the contract's parties: a party that is "
           "not an establishment must be declared with its kind in `parties`, and a group is judged with "
           "`for group` or `for each member`, not named in a list.",
           "Declare the party (`parties clsm CLSM_NIORT`), correct its spelling, or write `for group`."),
    2250: ("check/anniversary_period_errors",
           "A contract period written in months (`period 2021-10..2026-09`, contract years from the "
           "signature's anniversary) that is not a whole number of 12-month years: `2021-10..2022-06` "
           "is 9 months. vigie names the month it should end on.",
           "End the period on the month before the anniversary month: five years from October 2021 "
           "are `2021-10..2026-09`. For calendar years write years: `period 2021..2025`."),
    2270: ("check/party_targets_misuse",
           "A line of a `target by party` table (`cible par partie`) names a party the commitment does not "
           "judge: not a party of the contract, or a party outside the commitment's `for` list. Its target "
           "would never be used. The help lists the parties the commitment judges.",
           "Correct the code (`51`, not `52`), add the party to the contract's `parties` or to the "
           "commitment's `for` list, or remove the line."),
    2271: ("check/party_targets_misuse",
           "A party of the contract that the commitment judges has no line in its `target by party` table, "
           "and the table has no `else:` (`sinon:`) line: nothing would say what that party must reach. "
           "Members of a group are known from the data only and are not required here (a member without "
           "a line is *not applicable*).",
           "Add a line for the party (`10: >= 12 beds`), or an `else:` line for the parties without their "
           "own target."),
    2272: ("check/party_targets_misuse",
           "A party has two lines in one `target by party` table, or the table has two `else` lines. vigie "
           "keeps the first and reports the second.",
           "Keep one line per party. A target that changes by year is a trajectory on one line: "
           "`10: { 2022: >= 12 beds, 2023: >= 13 beds }`."),
    2273: ("check/party_targets_misuse",
           "A commitment has both `target by party` and a plain `target` (or an `improve ... from "
           "baseline`): vigie cannot tell which one judges a party.",
           "Keep the table: a line for each party with its own target, and `else:` for the others."),
    2274: ("check/target_parameter",
           "A target names something that is not a template parameter holding a number (`target >= "
           "cilbe`, or a `text` parameter), or the contract made from the template gives a formula "
           "(`10 beds + 2 beds`) where the target needs a number with its unit.",
           "Declare the parameter in the template (`template charte(cible: number)`), correct its "
           "spelling, and give it in each contract as a number with its unit: `cible: 15 beds`."),
    2230: ("check/amendment_errors",
           "An avenant (`amendment N effective DATE { ... }`, `avenant N en vigueur le DATE`) names a "
           "commitment, milestone, payment or waiver that the contract, as the avenants before it left it, "
           "does not have: a commitment block without an indicator changes an existing commitment, and a "
           "milestone block without a due date an existing milestone, so the name must exist; `remove "
           "commitment X`, `remove milestone X` and `remove payment X` must name one too, and `remove "
           "waiver X for ... in ...` a waiver of X with those parties and that period.",
           "Correct the name (vigie suggests the closest one). To add a commitment, give its indicator "
           "and its target in the block; to add a milestone, its due date. To revoke every waiver of a "
           "commitment, leave out `for` and `in`."),
    2280: ("check/amendment_changes",
           "An avenant's `period` (`période`) does not extend the contract: it starts in another year "
           "(or month) than the contract's period, or it ends before the end the contract has at that "
           "point. An avenant may prolong a contract (a *prorogation*), not move its start nor shorten "
           "it. Its period is not applied.",
           "Keep the contract's first year and write the new last year (`period 2019..2025`), or remove "
           "the line."),
    2281: ("check/amendment_changes",
           "An avenant extends the contract's period, but a commitment of the amended contract has no "
           "target for some of the years it adds: a trajectory (or a party's line of `target by party`) "
           "stops at the old end. A constant target covers the added years by itself. Reported once per "
           "commitment (and party), at the avenant's `period`, instead of the trajectory-short warning.",
           "Give the added years' targets in the same avenant: `commitment ambu { target { 2024: 59 %, "
           "2025: 60 % } }` (the trajectory keeps its other years)."),
    2282: ("check/amendment_changes",
           "`remove party X` (`retirer partie X`) names something that is not a party of the contract as "
           "the avenants before it left it.",
           "Write the party's code as `parties` writes it (vigie lists the parties, or suggests the "
           "closest)."),
    2283: ("check/amendment_changes",
           "`add party X` (`ajouter partie X`) names a party the contract already has.",
           "Remove the line: the party stays bound by the contract."),
    2284: ("check/amendment_changes",
           "An avenant removes every party of the contract: the amended contract would judge no one.",
           "Add in the same avenant the party that takes over (`add party ...`), or keep one."),
    2285: ("eval/payment_too_large",
           "An amount in euros written in a contract (a payment's formula, a table's value) is above "
           "1 000 000 000 000 € (the national health insurance budget is about 250 000 000 000 €): "
           "no contract pays it, and the totals of such amounts could not be added exactly.",
           "Check the number of zeros. Amounts are written in euros, cents after a dot: `15000.50 €`."),
    2286: ("eval/payment_too_large",
           "A payment's formula gave more than 1 000 000 000 000 € (or less than -1 000 000 000 000 €) "
           "for a party or a year, although each amount written in it is within the limit: a product of "
           "amounts, or a value read from the data that is far too large. That amount is not paid, its "
           "reason says why; the rest of the run is evaluated, recorded and reported, and `vigie run` "
           "exits with 1. The diagnostic points at the payment's declaration, once per payment.",
           "Check the formula (an amount multiplied by another amount, a missing division) and the "
           "values it reads (`vigie explain`, `vigie store history`)."),
    2231: ("check/amendment_errors",
           "An avenant takes effect outside the years of the contract's period, or on or before the date "
           "the contract was signed.",
           "Check the date written after `effective` (`en vigueur le`): an avenant changes a signed "
           "contract during its period."),
    2232: ("check/amendment_errors",
           "Avenants are numbered 1, 2, 3... in the order they are written; this one has another number "
           "(a gap, a repeat, or the order reversed). Its changes are not applied.",
           "Number the avenants as the signed documents do, and write them in that order."),
    2233: ("check/amendment_errors",
           "An avenant takes effect on or before the date of the avenant written above it. Each version "
           "of a contract follows the one before, so dates must increase. Its changes are not applied.",
           "Check the dates, or the order the avenants are written in."),
    2260: ("check/party_payment_errors",
           "A payment reads `score of X` (*score de X*), but X is not a party of the contract: only a party "
           "listed in `parties` has a score of its own (its verdicts, scored by the contract's rule). A "
           "member of a group party is not a party itself.",
           "Write a party as `parties` writes it (a FINESS, a group's code, an INSEE code, a CLSM's code), "
           "or add the party to `parties`."),
    2261: ("check/party_payment_errors",
           "`score of X` is written outside a payment: in a derived indicator, a `where` filter, a table "
           "value or a template argument. A party's score is known only once every verdict of the year "
           "is judged, so only a payment can read it.",
           "Move the computation into a payment (`payment p = 10000 € * score of 080000037`); to select "
           "establishments, filter on their values or attributes instead."),
    2262: ("check/party_payment_errors",
           "A payment of the whole contract (without `for each party`) reads a payment made to each party: "
           "there is one amount per party, and the formula does not say which.",
           "Make the payment a payment to each party too (`for each party`), so that it reads each party's "
           "own amount; the reports give the total of the parties themselves."),
    2234: ("check/amendment_errors",
           "A template has an avenant. Avenants change a signed contract; a template is not signed.",
           "Write the avenant in the contract made from the template (`contract x = template(...) { "
           "amendment 1 effective ... { ... } }`)."),
    3001: ("cli/strict_unused_indicator",
           "Warning, with `--strict` only: an indicator is used by no commitment, formula or test.",
           "Remove it, or use it; or turn the warning off with `--allow=unused-indicator`."),
    3002: ("check/empty_file",
           "Warning: a file contains nothing (only spaces and blank lines).",
           "Write the declarations in it or remove the file; or turn the warning off with "
           "`--allow=empty-file`."),
    3003: ("check/trajectory_short",
           "Warning: a yearly trajectory stops before the contract's last year, so the last years have no "
           "target and are not evaluated.",
           "Extend the last entry with a range (`2021..2023: 66 %`), or turn the warning off with "
           "`--allow=trajectory-short` if this is intended."),
    3004: ("lint/trajectory_wrong_way_higher",
           "Warning, from `vigie lint` and `vigie check --strict`: a target of a trajectory is easier than "
           "the one of the period before it, for the indicator's `better` direction: lower than the year "
           "before for `better higher`, higher for `better lower` (see the golden test "
           "[`lint/trajectory_wrong_way_lower`](../tests/golden/lint/trajectory_wrong_way_lower.expected)). "
           "Targets with `=` or `!=`, and indicators without a direction, are not judged. A note points at "
           "the earlier target.",
           "Check the values against the contract: usually two numbers are swapped or mistyped. If the "
           "contract really eases the target, turn the warning off with `--allow=trajectory-wrong-way`."),
    3005: ("lint/tolerance_over_step",
           "Warning, from `vigie lint` and `vigie check --strict`: the tolerance of a commitment is wider "
           "than the step between two consecutive targets of its trajectory, so an establishment that "
           "stays at the earlier target is still *partially met* the next year. A relative tolerance "
           "(`10 %`) is measured on the later target. One warning per commitment, for the first step it "
           "swallows, with notes on both targets.",
           "Make the tolerance smaller than the smallest step (or make the steps larger); or turn the "
           "warning off with `--allow=tolerance-over-step` if the contract wants it so."),
    3006: ("lint/table_overlap",
           "Warning, from `vigie lint` and `vigie check --strict`: two ranges of a table share values "
           "(`1..2` and `2..4` both cover 2). A lookup takes the first entry that matches, so the shared "
           "values get the earlier entry's value, which is rarely what the contract's grid says.",
           "Make the ranges meet without sharing a value: `1..2`, `3..4` for whole numbers; for decimals "
           "check which side the limit belongs to. Or turn the warning off with `--allow=table-overlap`."),
    3007: ("lint/table_unreachable",
           "Warning, from `vigie lint` and `vigie check --strict`: an entry of a table (a number or a range) "
           "lies entirely inside an earlier range, so a lookup never reaches it. (A number *before* a "
           "range that contains it is fine: it is an exception to the range.) The same for a tier that an "
           "earlier tier covers (`>= 69.7 %` before `>= 75 %`), and for a result class that an earlier class "
           "covers (`A: >= 70` before `B: >= 80`): see "
           "[`lint/table_tier_unreachable`](../tests/golden/lint/table_tier_unreachable.expected).",
           "Remove the entry, or narrow the earlier range, or move the entry before it (tiers and classes: "
           "the hardest to reach first); or turn the warning off with `--allow=table-unreachable`."),
    3008: ("lint/waiver_expired",
           "Warning, from `vigie lint` and `vigie check --strict`: the `until` date of a waiver has passed "
           "on the as-of date (`vigie lint --as-of DATE`; today by default). The waiver still covers the "
           "periods before that date, but nothing after it.",
           "Renew it with a later `until` date if the reason still holds, or remove it; when it is kept "
           "on purpose for past years, turn the warning off with `--allow=waiver-expired`."),
    3009: ("lint/waiver_expiring",
           "Warning, from `vigie lint` and `vigie check --strict`: a waiver's `until` date is 90 days or "
           "fewer after the as-of date (today counts, and so does exactly 90 days). After that date the "
           "commitment is evaluated again.",
           "Have the waiver renewed in time if the reason still holds; or turn the warning off with "
           "`--allow=waiver-expiring`."),
    3010: ("lint/missing_clause_ref",
           "Warning, from `vigie lint` and `vigie check --strict`: a commitment or a milestone has no `ref` "
           "(*réf*), so reports and diagnostics cannot cite the clause of the signed contract it encodes.",
           "Add `ref \"Article 3\"` with the clause's number; or turn the warning off with "
           "`--allow=missing-clause-ref`."),
    3011: ("lint/scoring_all_zero",
           "Warning, from `vigie lint` and `vigie check --strict`: the contract's `scoring` gives 0 to every "
           "verdict, so its score is 0 whatever the results, and every payment that uses `score` is 0. "
           "(Weights cannot be zero, [V2106](#v2106-weight-not-positive); this is the other way to a score "
           "that weighs nothing.)",
           "Give `met` a score above 0, such as `met 1` (`atteint 1`)."),
    3020: ("lint/scoring_basis_unsaid",
           "Warning, from `vigie lint` and `vigie check --strict`: the contract does not say whether a "
           "year's score averages its commitments (`scoring by commitment`, the default: each commitment "
           "first takes the mean of its verdicts of the year) or its verdicts (`scoring by verdict`: every "
           "verdict counts, weighted by its commitment's weight), and two of its commitments or milestones "
           "scored in the same year have, or may have, different numbers of verdicts: one for each member "
           "and one for the group, a quarterly and a yearly indicator, a `where` filter. The two ways then "
           "give different scores, hence different payments (see [evaluation.md](evaluation.md#scores)). "
           "When every item has as many verdicts, the two are equal and nothing is said.",
           "Read the contract's text: \"the mean of the commitments' results\" is `scoring by commitment` "
           "(`notation par engagement`); \"each result weighted\", \"Σ poids × crédit / Σ poids\" over "
           "the results is `scoring by verdict` (`notation par verdict`). Write it in the contract."),
    3021: ("lint/credit_undecided",
           "Warning, from `vigie lint` and `vigie check --strict`: the contract's `scoring` gives points to "
           "`not_applicable` (`non_applicable`) or `pending` (`en_attente`). Neither is a result: a "
           "commitment that does not apply to an establishment, or a year not yet ended, would count in "
           "its score. (Crediting `missing_data` is allowed and not reported: a contract may say that data "
           "not sent scores 0.)",
           "Remove the verdict from `scoring`: not applicable and pending are then left out of the score."),
    3022: ("eval/where_attribute_present",
           "Warning, from `vigie lint` and `vigie check --strict`: a `where` filter compares an attribute "
           "(`=`, `!=`, `has`, `in`...) without testing whether the member has it. A member without a value "
           "of the attribute for the period then gets `missing_data` (\"cannot tell whether it applies\"); "
           "the contract may mean \"out of scope\" instead. See "
           "[language.md](language.md#who-a-commitment-applies-to).",
           "Say what the contract means: `taille_C is present and taille_C != \"C0\"` (*est présent et*) "
           "leaves members without it out of scope; `taille_C is absent or ...` (*est absent ou*) keeps them "
           "in. If missing data is what the contract means, turn the warning off with "
           "`--allow=absent-attribute-unsaid`."),
    3023: ("lint/signed_after_start",
           "Warning, from `vigie lint` and `vigie check --strict`: the contract was signed after one or more "
           "of its years had ended (signed on 2019-03-15 for a period 2018..2020): its targets for those "
           "years were set when the results could already be known. A signature during the first year (in "
           "March of that year, as is usual) is not reported.",
           "Check the signature date and the `period` (a year typed wrong is common). If the contract "
           "really covers past years, turn the warning off with `--allow=signed-after-start`."),
    3012: ("lint/milestone_outside_period",
           "Warning, from `vigie lint` and `vigie check --strict`: a milestone is due before the contract's "
           "first year or after its last year. A milestone made from a template is reported for each "
           "contract whose period it misses.",
           "Check the date against the contract (a year typed wrong is common); or turn the warning off "
           "with `--allow=milestone-outside-period`."),
    3046: ("cli/lint_store",
           "Warning, from `vigie lint --store`: a commitment's baseline year (`baseline 2018`) has no value "
           "in the store for some of the parties whose baseline it reads: no row for that year, or a "
           "missing-value code (`.c`, `NA`). Every verdict after the baseline year of those parties will be "
           "missing data (`vigie run` says so verdict by verdict); the lint says it once, before the run. "
           "The parties are listed in id order (the first three).",
           "Import the baseline year's values of those parties, or choose a baseline year the data has (the "
           "contract's text decides). If the contract really accepts missing data for them, turn the "
           "warning off with `--allow=baseline-without-data`."),
    3047: ("cli/lint_store",
           "Warning, from `vigie lint --store`: a commitment reads an indicator of which the store holds no "
           "row at all, for any of its parties and years judged: no imported file provides it. Every verdict "
           "of that commitment would be missing data. Often the file was not imported yet, or the catalog "
           "names the indicator differently from the file's column.",
           "Import the file that publishes the indicator (`vigie import`), or check its name against the "
           "file's columns (`vigie import` reports unknown columns, V4003/V4013)."),
    3040: ("check/party_payment_errors",
           "Warning: a payment is written `for each party` (*pour chaque partie*) in a contract with one "
           "party. It is paid to that party on the contract's score, exactly as without `for each party`: "
           "the words change nothing, and may hide that the other parties were forgotten in `parties`.",
           "Remove `for each party`, or list every party of the contract with `parties`."),
    3041: ("check/party_payment_errors",
           "Warning: a payment made to each party reads nothing that differs from one party to another "
           "(no `score`, no commitment's score, no indicator or attribute, no payment made to each party): "
           "every party receives the same amount. That is sometimes what the contract says (a fixed part "
           "per signatory), more often a formula where `* score` was forgotten.",
           "Multiply by `score`, the party's own score (`50000 € * score`), or, for a fixed part per "
           "party, keep it and let the warning be (`--allow=per-party-same-amount`)."),
    3035: ("check/amendment_errors",
           "Warning: an avenant leaves the contract exactly as it was (an empty block, or values equal to "
           "those already in force). It is reported so that a typing slip (a target written twice with "
           "the same value) is seen before the avenant is signed. Not said of an avenant whose items are "
           "refused (V2230).",
           "Write in its block what the avenant changes, or remove it."),
    3042: ("check/party_targets_lint",
           "Warning: every line of a `target by party` table gives the same target and tolerance (and the "
           "`else` line too): the table says nothing a plain `target` would not.",
           "Write the target once: `target >= 15 beds` (`cible >= 15 lits`)."),
    3043: ("check/party_targets_lint",
           "Warning: every party the commitment judges has its own line in the `target by party` table, so "
           "the `else:` line judges none. Said only when the contract names every party judged (no group "
           "whose members come from the data).",
           "Remove the `else:` line, or keep it on purpose for parties added later."),
    4001: ("import/unknown_entity_in_values",
           "A row of a data file is about an establishment (or a group) that the store does not know: "
           "values, a group member or evidence for a FINESS that was never imported. vigie does not "
           "create establishments from value files, so that a mistyped number cannot become a new "
           "establishment. When a known number is one character away, vigie suggests it.",
           "Import the establishments first (`vigie import --format entities --period 2019 "
           "etablissements.csv`), then the values; or correct the number."),
    4002: ("import/bad_finess_key_then_warn",
           "A FINESS number in a data file is not valid: it does not have 9 characters, its first two "
           "are not a département (2A and 2B for Corsica), or its last digit, the check key, is wrong. "
           "The help gives the key the first 8 characters call for. The row is rejected.",
           "Copy the number again from the FINESS directory. Some information systems export site "
           "numbers whose key is not a FINESS key: import such a file with `--finess-key=warn`, which "
           "accepts a wrong key with a warning ([V4015](#v4015-finess-key)) but still refuses a number "
           "of the wrong length or département."),
    4003: ("import/unknown_indicator_long",
           "A long file names an indicator (in its `indicateur` column) that the catalog does not "
           "declare, or a mapping file (`--mapping`) maps a column to such an indicator, or no column "
           "of a wide file maps to any indicator at all; or an evidence file names a contract the "
           "rulesets given do not have, or a milestone its contract does not have (golden test "
           "`import/evidence_csv_row_errors`). vigie suggests the closest name (for a milestone with no "
           "close name, it lists the contract's milestones).",
           "Correct the code, declare the indicator in the catalog, or check `--dataset` (the "
           "catalog's `source \"Hospi Diag P12\"` maps column `P12` with `--dataset \"Hospi Diag\"`)."),
    4004: ("import/value_does_not_parse_after_accents",
           "A cell that must be a number, a period or a date is none of them: two decimal marks "
           "(`12,5,3`), a `.` in a file whose decimal mark is the comma (`1.0.3`), letters (`abc`, `4l`), "
           "a spreadsheet error (`#DIV/0!`), a half-year (`2019-S1`), a date that does not exist "
           "(`31/06/2019`). The caret is where reading stopped. Missing values are not errors: an "
           "empty cell, `.c`, `.z`, `NA`, `ND`, `-` are stored as missing (never as zero).\n\n"
           "**A value with its interval** (Hospi Diag's quality axis Q2–Q7, 2009–2014) is read in two "
           "forms only: `57 ± 5` / `15% ± 8%` (the value and the half-width of its 95 % interval) and "
           "`63 - [58 - 68]` / `26% - [17% - 36%]` (the value and the interval's bounds); each part a "
           "number in the file's decimal mark, the bounds separated by ` - `, and `%` on every part or "
           "on none. A cell with a `±`, or with `[` and `]`, that is not one of them (`63 - [58 68]`: "
           "no ` - ` between the bounds; `26% - [17 - 36%]`: `%` on some parts only; `69 ±`: no "
           "width; `63 [58 - 68]`: no `-` before the bracket) is refused, and its help line gives the "
           "two forms instead of the file's number format. The golden case "
           "[`import/hospidiag_qualite_2009_2013`](../tests/golden/import/hospidiag_qualite_2009_2013.expected) "
           "shows three of them.",
           "Correct the cell. Numbers are written `12,5` or `1 234,5` in French files, `12.5` with "
           "`--decimal dot`; periods `2019`, `2019-T2`, `2019-03`; dates `2019-06-30` or `30/06/2019`. "
           "A value with its interval: rewrite it in one of the two published forms, or leave only the "
           "value (`63`), which is read as a plain number without a note. "
           "See [import.md](import.md#what-a-cell-may-contain) and, for the intervals, "
           "[import.md](import.md#hospi-diag-20082015-and-2022)."),
    4005: ("import/percent_in_ratio_column",
           "A value is written with `%` but the indicator is not in percent: an IP-DMS (a ratio) written "
           "`95 %` instead of `0,95`. vigie does not guess whether `95 %` means 0.95 or 95.",
           "Write the value in the indicator's unit (`0,95` for a ratio), or check that the column is "
           "the right one."),
    4006: ("import/negative_count_and_out_of_range",
           "A value is impossible for its indicator: a negative number of stays, beds or places, or a "
           "value outside the `range` (`bornes`) the catalog declares for the indicator (`112,5` for a "
           "percentage declared `bornes 0..100`).",
           "Correct the value. If the value is right (some Hospi Diag rates exceed 100 %), widen or "
           "remove the `bornes` of the indicator in the catalog. `vigie check` reports the same code for "
           "a value written in the rules that no value of the indicator can take: a target or a "
           "`partially met up to` limit, or a test's given value, outside the `range` or below zero for "
           "a count, beds or places (`target >= -1 beds`)."),
    4007: ("import/conflicting_duplicate",
           "One file gives two different values for the same establishment, indicator and period (or "
           "lists an establishment twice in an entities file). vigie cannot know which one is right; "
           "the note points at the first line.",
           "Keep the right line and remove the other. If the second line was meant for another "
           "period or establishment, correct that cell."),
    4008: ("import/quarter_for_yearly_indicator",
           "A value's period is not of the indicator's kind: a quarter (`2019-T2`) for a yearly "
           "indicator, or a year for a quarterly one (`période trimestriel`).",
           "Give the period the indicator is measured by (see its `période` in the catalog), or "
           "import the value for the right indicator."),
    4009: ("import/missing_value_column",
           "A column that the file's layout needs is not in the header: a long file without its "
           "`valeur` column, a groups file without `membre`, any values file without a FINESS column. "
           "The message lists the columns that were found.",
           "Rename the column to one of the names in the help (case, accents and spaces do not "
           "matter), or give the right `--format`."),
    4010: ("import/csv_too_many_fields",
           "A line is not well-formed CSV: more or fewer fields than the header (often a decimal comma "
           "typed as `;`, or a missing cell), a quote opened and never closed, a last line cut short, "
           "two header columns with the same name, a header cell without a name, or a file that "
           "none of `;`, `,` and tab splits into columns.",
           "Open the file in a text editor at the line shown and check its separators and quotes. A "
           "row with the wrong number of fields can be set aside with `--keep-valid`; an unclosed "
           "quote or a broken header must be corrected."),
    4011: ("import/binary_file",
           "The data file cannot be read as CSV text: it is empty, it is binary (an old `.xls` workbook "
           "renamed `.csv`, a PDF; an `.xlsx` workbook is read as one, see V4060), or it is in an "
           "encoding vigie does not read (UTF-16, or a mix of "
           "UTF-8 and Windows-1252). UTF-8 and Windows-1252 files are both read.",
           "Open the file in the spreadsheet and save it as *CSV (séparateur : point-virgule)* or "
           "*CSV UTF-8*."),
    4012: ("import/values_without_period",
           "A file of values has no period column and no `--period` was given, so vigie cannot know "
           "which year (or quarter) its values are for. An entities file with attributes needs a "
           "period too: the attributes hold for it.",
           "Give the period on the command line (`--period 2019`) or add a period column (`annee`, "
           "`periode`)."),
    4013: ("import/ignored_columns_warning",
           "*Warning.* Some columns of a wide file map to no indicator of the catalog and are not "
           "imported: context columns (the name of the establishment) or indicators the catalog does "
           "not declare. One warning names them all; the rest of the file is imported.",
           "Nothing, if the columns are not needed: `--allow ignored-column` silences the warning. To "
           "import a column, declare its indicator with `source \"DATASET COLUMN\"` or map it with "
           "`--mapping`."),
    4014: ("import/identical_duplicate_warning",
           "*Warning.* The same value for the same establishment, indicator and period is given twice "
           "in one file (`45,2` and `45,20`). It is stored once.",
           "Remove one of the two lines; `--allow identical-duplicate` silences the warning."),
    4015: ("import/bad_finess_key_then_warn",
           "*Warning.* With `--finess-key=warn`, a FINESS number whose check digit is wrong is accepted "
           "and the row imported; the warning names each one, with the key that was expected.",
           "Check the numbers the warning names; once the file is known to be right, `--allow "
           "finess-key` silences the warning."),
    4016: ("import/implausible_values",
           "A value that no indicator of its unit can take: larger in magnitude than the limit of its "
           "unit (100 000 for a percentage, 1 000 000 beds, 10 000 000 000 for a count, "
           "1 000 000 000 000 euros: [the table in import.md](import.md#limits-of-every-unit)), or "
           "closer to zero than the 9 decimals vigie keeps (`4,9E-324`). Such a cell is a mistake "
           "(a misplaced exponent or decimal mark); let through, `1,5E308` once stopped a report. The "
           "row is rejected.",
           "Correct the cell. A value that is really this large is in the wrong unit: declare the "
           "indicator in a unit that fits (thousands of euros, for instance)."),
    4017: ("import/bad_group_ids",
           "A group's code (in the `groupe` column of a groups file, or an entities file's row of kind "
           "`groupe`) is not a name a contract can use: it must start with a letter, go on with "
           "letters, digits or `_`, and have at most 64 characters (`GHT_NORD_ARDENNES`). A code "
           "such as `=1+1`, `<b>GHT</b>` or a 100 000-character cell is refused, so that it can "
           "reach neither a report nor a spreadsheet.",
           "Write the group's code as the contract names it (`parties groupe GHT_NORD_ARDENNES`); put "
           "its full name in the `nom_groupe` column."),
    4018: ("import/evidence_outside_folder",
           "A row of an evidence file names a document outside the folder of the evidence file "
           "(`../../etc/hostname`, an absolute path elsewhere, or a link that leads out of it). vigie "
           "reads, fingerprints and later shows every document it records, so an evidence file may "
           "only name documents beside it or in its sub-folders.",
           "Put the document in the evidence file's folder (or a sub-folder) and name it relative to "
           "that folder. `vigie evidence add --document` records a document wherever it is, for one "
           "you name yourself."),
    4019: ("import/ambiguous_numbers",
           "A number whose only separator is one `.` or `,` followed by exactly 3 digits, when it reads "
           "two ways: `38.250` in a file whose decimal mark is the comma is 38250 (the `.` separating "
           "thousands), but written with a decimal point it is 38.25; `1,500` with `--decimal dot` is "
           "1500 or 1.5; `1.234` in a file that does not say its decimal mark is 1.234 or 1234. Let "
           "through, a rate of 38.25 % was once stored as 38 250 %. For an indicator that counts whole "
           "things (`nombre`, `lits`, `places`) only the thousands reading is possible, and it is kept.",
           "Write thousands without a separator or with a space (`38250`, `38 250`) and decimals with "
           "the file's decimal mark (`38,25` in a `;` file). For a `,` or tab file, `--decimal dot` or "
           "`--decimal comma` says how the whole file writes decimals. See "
           "[import.md](import.md#what-a-cell-may-contain)."),
    4040: ("import/categorical_unknown_value",
           "A cell of a categorical indicator's column (or value column) is none of the indicator's values, "
           "written as the catalog declares them or loosely (case, accents, spaces, dots and hyphens "
           "aside), and none of its missing-value codes or the codes every file may use (an empty cell, "
           "`NA`, `NR`...). A number is not a value either: the store keeps a value's rank, never a number "
           "read from the file. Every such cell is reported, with its row and column.",
           "Correct the cell (the help line suggests the closest value and lists them all), or declare the "
           "value or the code in the catalog. See [import.md](import.md#what-a-cell-may-contain)."),
    4060: ("import/xlsx_hostile_files",
           "An `.xlsx` workbook vigie cannot read: the file is not a zip archive (a CSV renamed `.xlsx`, a "
           "file cut short), a zip that holds no workbook (an OpenDocument `.ods`), a workbook protected by a "
           "password, or a damaged workbook: a part missing, XML that is not well-formed, a cell out of "
           "order, a shared string that does not exist, or a `DOCTYPE` or entity declaration (which Excel "
           "never writes, and which the \"billion laughs\" attack uses). Nothing is read from it.",
           "Open the file in Excel or LibreOffice and save it again as `.xlsx` (or as CSV). For a protected "
           "workbook, remove the password first. See [import.md](import.md#excel-workbooks-xlsx)."),
    4061: ("import/xlsx_hostile_files",
           "An `.xlsx` workbook beyond vigie's limits: a part that decompresses to more than 256 MB (512 MB "
           "for the whole workbook: a \"zip bomb\" is stopped when the limit is passed), more than 5 million "
           "cells with a value, 2 million shared strings or 10 000 files, a row past Excel's 1 048 576 or a "
           "column past XFD. A real workbook of indicators is far smaller: such a file is damaged or hostile.",
           "Check where the file comes from. A genuine large workbook can be split, or its sheet saved as "
           "CSV. The limits are listed in [import.md](import.md#what-vigie-refuses-and-its-limits)."),
    4062: ("import/xlsx_values_sheet",
           "`--sheet` names a sheet the workbook does not have: by its name (case does not matter) or by "
           "its position, 1 for the first. The help line lists the workbook's sheets.",
           "Give one of the listed names, or a position between 1 and the number of sheets."),
    4063: ("import/sae_import_errors",
           "With `--combine-sites`, several rows give the same establishment, indicator and period (the "
           "sites of a legal entity read with `--id-column fi_ej`), and the catalog does not say how to combine "
           "them: the indicator has no `aggregate`, or its aggregate is `weighted_mean` and no `--weight` "
           "column was given. vigie never guesses a sum or a mean: the rows are refused.",
           "Add `aggregate sum` (or `mean`, `weighted_mean`, `min`, `max`, `count`) to the indicator in "
           "the catalog, as its definition requires (beds add up; a rate does not), or give `--weight "
           "COLUMN` for a weighted mean. See [import.md](import.md#long-statistical-tables---pivot---id-column---combine-sites-drees-sae)."),
    4070: ("import/entities_bad_party_codes",
           "A row of an entities file gives a party of another kind than an establishment (its kind "
           "column says commune, département, région, clsm...), and its code does not have that kind's "
           "form (see V2210 for the forms). The row is refused; with the default rule, nothing of the file "
           "is stored.",
           "Correct the code (a commune's INSEE code, not its postal code; 2A and 2B for Corsica, not 20), "
           "or the kind."),
    4071: ("import/entities_bad_party_codes",
           "The kind column of an entities file (`kind`, `type` or `nature`) names no kind of party, and the "
           "row's identifier is not a FINESS number either (a FINESS with another word, such as a category "
           "`CH` in a `type` column, stays an establishment). An empty cell is an establishment; the kinds are legal_entity, group, commune, département, "
           "région, territoire_de_santé (or « territoire de démocratie sanitaire »), territoire_ght, clsm, "
           "association, institution, in English or French, with or without accents.",
           "Write one of these kinds; an establishment's category (CH, CHU...) goes in an attribute "
           "column, not in the kind column."),
    4064: ("import/sae_import_errors",
           "A data row whose establishment is a territory, as the DREES writes them in `id_geo`: France "
           "(`00_FR`, `00_MET`), a région or a département (`08_Ardennes`), that the store does not know as "
           "a party. A territory imported first as a party (`08` with the kind `département`, "
           "[import.md](import.md#parties-that-are-not-establishments)) takes the rows `08_Ardennes` as its "
           "own values; the others are refused, the first one reported. France (`00_…`) is never a party.",
           "To keep the territory's own values, import it as a party first (`--format entities`, a kind "
           "column). Otherwise import the establishments' own file (SAE: `REA_YYYYr.csv` with "
           "`--id-column fi`) and declare the territory as a group of its establishments: its value is then "
           "computed from theirs, with the indicator's `aggregate`."),
    4085: ("import/has_certification_errors",
           "`--join FILE` completes each row of the imported file with the row of FILE that has the same "
           "values in the columns both headers have (matched loosely, as every header). Here the two "
           "headers share no column: nothing says which row of FILE completes which row.",
           "Join the file that belongs with this one (HAS certification: the sites file "
           "`has_certification_etab_geo.csv` is imported, the decisions file `has_certification_demarche.csv` "
           "joined; both have `code_demarche`). See [import.md](import.md#two-files-joined-the-has-certification-decisions---join)."),
    4086: ("import/has_certification_errors",
           "A key (the values of the common columns) is on several rows of the file named by `--join`: a "
           "row of the imported file would get two decisions. Most often the two files are given the wrong "
           "way round: `--join` takes the file with one row per key.",
           "Import the file with several rows per key (the sites) and join the one with one row per key "
           "(the decisions), or remove the repeated row from the joined file."),
    4087: ("import/has_certification_errors",
           "A row of the imported file has a key that no row of the file named by `--join` has: its "
           "decision is unknown. The two files are of different publications, or the key was mistyped. "
           "The row is refused (and the file with it, unless `--keep-valid`).",
           "Join two files of the same publication (the HAS publishes both on the same day), or correct the key."),
    4088: ("import/has_certification_errors",
           "A layout whose period is the year of a date (the HAS certification: `date_de_decision`) has "
           "rows with neither a date nor a value: procedures whose visit has no decision yet. They are not "
           "stored; one warning counts them. A row with a value but no date is an error "
           "([V4012](#v4012-missing-period)).",
           "Nothing to correct: import the files again when the HAS publishes the decisions. "
           "`--allow undated-rows-skipped` silences the warning."),
    5001: ("cli/missing_file",
           "A file named on the command line does not exist.",
           "Check the path (it is relative to the folder you run vigie from)."),
    5002: ("cli/no_source_in_directory",
           "A folder named on the command line contains no `.vigie` file, even in its sub-folders.",
           "Check the folder, or the extension of the files (`.vigie`)."),
    5003: ("cli/binary_file",
           "A file is not text (it contains NUL bytes): a spreadsheet, a PDF or a word-processor file "
           "was given instead of a ruleset.",
           "Give the `.vigie` text file; to copy a contract from a document, paste it into a text editor."),
    5004: ("cli/invalid_utf8",
           "A file is not valid UTF-8, usually because it was saved as Windows-1252 (Latin-1) by a "
           "spreadsheet or an old editor. The line is shown with `?` in place of each wrong byte.",
           "Save the file again as UTF-8 (in most editors: *Save as* → *Encoding: UTF-8*)."),
    5005: (None,
           "A file is larger than 4 MiB. A ruleset is a few kilobytes, so such a file is almost certainly "
           "not one. A data file given to `vigie import` is refused past 2 GiB (2,147,483,647 bytes), "
           "before it is read: its lines and places are 32-bit numbers in the diagnostics and the reports.",
           "Check the file name; split a data file that large (by year or by indicator) and import each "
           "part. This case has no golden test (a 4 MiB file is not committed); it is "
           "covered by a unit test. Real output, for a 6 MB file:\n\n"
           "```text\n"
           "$ vigie check huge_catalog.vigie\n"
           "error[V5005]: file 'huge_catalog.vigie' is 6 MB; the limit is 4 MB\n"
           "  = help: a ruleset this large is almost certainly not a ruleset: check the file name\n"
           "\n"
           "failed: 1 error\n"
           "```"),
    5006: ("check/import_directory",
           "A file exists but cannot be read: it is a folder (an `import` of a folder), or its permissions "
           "do not allow reading it.",
           "Import files one by one; check the file's permissions."),
    5010: ("import/store_not_a_vigie_store",
           "The store named by `--store` (default `vigie.db`) cannot be used: it is not an SQLite "
           "database (a text file named `.db`), it is someone else's SQLite database, it was written by "
           "a newer vigie (its schema version is higher than this vigie knows), or it does not exist "
           "(for `store` and `evidence add`, which never create one). Nothing is read or written; exit "
           "code 3. The same code when a read of the store stops before its last row (a damaged file: "
           "\"the store 'vigie.db' could not be read to the end: database disk image is malformed\"): "
           "nothing is evaluated on part of the values, and nothing is written.",
           "Name a new file to create a store, or the right store. A store written by a newer vigie "
           "needs that vigie. A damaged store: restore it from a copy. See [store.md](store.md)."),
    5011: (None,
           "Another program is writing the store (another `vigie import`, or an `sqlite3` shell in a "
           "transaction), and it did not finish within the wait (5 seconds). Nothing was written.",
           "Wait for the other import to finish and run the command again. This case has no golden "
           "test (it needs two programs at once). Real output:\n\n"
           "```text\n"
           "$ vigie import --catalog catalog.vigie --format entities --period 2019 etablissements.csv\n"
           "error[V5011]: the store 'vigie.db' is being written by another program; nothing was written\n"
           "  = help: another vigie import may be running: wait for it to finish and try again\n"
           "\n"
           "failed: etablissements.csv was not imported; nothing was stored\n"
           "```"),
    5012: (None,
           "The store cannot be written: the file or its folder is read-only for the account that runs "
           "vigie. `store info` and `store history` still work on such a store; imports do not.",
           "Check the permissions of the store and of its folder, or import into a store you can write. "
           "This case has no golden test (permissions do not survive the test copy). Real output, as an "
           "account without write access:\n\n"
           "```text\n"
           "$ vigie import --catalog catalog.vigie --format entities --period 2019 etablissements.csv\n"
           "error[V5012]: the store 'vigie.db' cannot be written\n"
           "  = help: check that the file and its folder exist and can be written (attempt to write a readonly database)\n"
           "```"),
    5013: (None,
           "Writing the store failed in the middle of an import: the disk is full, the disk failed, or "
           "the store file was deleted or replaced while the import ran. The import's transaction is "
           "rolled back, so nothing of the file was written and the store is as it was before.",
           "Free some space or fix the cause the message gives, then run the import again. This case "
           "has no golden test (it needs a failing disk). The message has this form:\n\n"
           "```text\n"
           "error[V5013]: storing P12 2019 of 080000037 failed in the store 'vigie.db': database or disk is full; nothing was written\n"
           "\n"
           "failed: valeurs.csv was not imported; nothing was stored\n"
           "```"),
    5030: ("eval/key_generate_never_overwrites",
           "`vigie key generate --out NAME` found `NAME.key` or `NAME.pub` already there. A key that "
           "signed reports must be kept, or the reports it signed can no longer be checked, so vigie "
           "writes neither file.",
           "Choose another NAME, or, if the old key is really to be replaced (lost, or exposed), add "
           "`--force`. Keep the old `NAME.pub` for the reports it signed."),
    5031: ("eval/key_generate_never_overwrites",
           "The file given to `vigie run --sign` or `vigie verify --public-key` cannot be read, or is not "
           "a vigie key of that kind: `--sign` takes the secret `NAME.key`, `--public-key` the public "
           "`NAME.pub`, both written by `vigie key generate`.",
           "Give the right file. A public key cannot sign, and a secret key is never handed to an "
           "auditor: give them `NAME.pub`."),
    5032: ("eval/run_report_not_written",
           "`vigie run --report DIR` could not write one of its reports (the folder cannot be written, "
           "a folder has the report's name, the disk is full). The run was recorded before its reports, "
           "so that they can name it; it is left incomplete in the store, never sealed, with the reason, "
           "and `vigie verify` refuses a report that names it.",
           "Fix the cause (a folder that can be written, some space) and run again: the new run gets a "
           "new number and is sealed once its reports are written."),
    5060: ("cli/user_errors",
           "`vigie user add` found no password on standard input (an empty line, or nothing). The "
           "password is never an argument: it would stay in the shell's history and be visible to "
           "other users in `ps`.",
           "On a terminal, type it when asked (twice). In a script, give it on the first line of "
           "standard input: `vigie user add m.durand --role controller < mot_de_passe.txt`."),
    5061: ("cli/serve_listen_invalid",
           "`vigie serve --listen` takes `HOST:PORT`: an IPv4 address, an IPv6 address in brackets, or "
           "`localhost`, then a port from 1 to 65535.",
           "Write for example `--listen 127.0.0.1:8080` or `--listen [::1]:8080`."),
    5062: ("cli/serve_listen_refused",
           "`vigie serve --listen` names an address other machines can reach (not `127.0.0.0/8`, `::1` "
           "or `localhost`), without `--public`. vigie speaks plain HTTP: passwords and session cookies "
           "would cross the network unencrypted.",
           "Keep the default `127.0.0.1:8080` and put a reverse proxy with TLS in front "
           "([serve.md](serve.md#behind-a-reverse-proxy-with-tls)); add `--public` only when that "
           "proxy runs on another machine."),
    5063: (None,
           "`vigie serve` cannot listen on the address: another program uses the port, or a port below "
           "1024 needs privileges. (A golden case would depend on the ports in use on the machine.)",
           "Choose another port with `--listen 127.0.0.1:8081`, or stop the program that holds it."),
    5080: ("eval/run_report_too_large",
           "A run's report holds every verdict with its reason and the values it read, in memory, before "
           "it is written: about 1 KiB a verdict. Before evaluating, `vigie run` compares what the report "
           "would need (its verdicts × 1 KiB) with the memory it may take: what the machine (or the "
           "process's control group, in a container) has available, or `--memory SIZE`. A run that would "
           "need more is refused at once, rather than exhaust the machine's memory half-way and be killed: "
           "nothing is evaluated with details, written nor recorded. `vigie verify` refuses to recompute such "
           "a report the same way, and `vigie serve` (each of whose pages builds a report; `vigie serve "
           "--memory SIZE`) shows the sentence in their place: recording an official run, the dashboard, an "
           "establishment's page, and its self-assessment download (503). A national campaign (45,000 establishments, 100 commitments, 12 months: "
           "54 million verdicts) would need about 51.5 GiB.",
           "Evaluate fewer contracts at once (`--contract NAME`, repeatable), or run it on a machine with more "
           "memory available; `--memory` gives vigie more (or less) than what the machine says is "
           "available, for example on a server shared with other programs."),
}

RANGES = """\
## Codes, severity and formats

Every mistake vigie reports has a **code** `Vnnnn`, a **severity**, a **message**, and, when it is
about a place in a file, the **file, line and column**, the line itself and carets `^^^` under the
offending text. Many also have a `note` (another place that matters, such as the first of two
declarations) and a `help` line that says how to fix it. Several mistakes are reported in one run,
sorted by file and position.

| Range | What | Effect |
|-------|------|--------|
| **1xxx** | syntax: the text does not follow the grammar | error |
| **2xxx** | names and meaning: unknown names, units, periods, templates, FINESS... | error |
| **3xxx** | warnings: probably a mistake, but the ruleset can be used | warning; `--allow=NAME` turns one off |
| **4xxx** | data files: what `vigie import` finds wrong in a CSV file | error; V4013–V4015 are warnings |
| **5xxx** | files and the store: missing, unreadable, not text; a store that cannot be used | error |

**Severity.** An *error* makes `vigie check` fail (exit code 1, or 3 when a file named on the command
line or imported could not be read). A *warning* is shown but the check still succeeds (exit code 0)
and says `ok: ... (1 warning)`. A warning is turned off by its name: `--allow=trajectory-short`. The
unused-indicator warning (V3001) and the lint warnings V3004–V3012 and V3020–V3023 are only looked for by `vigie lint` (V3046–V3047 by `vigie lint --store`)
and `vigie check --strict` ([lint.md](lint.md)). The name after the code in each
heading below (`unknown-indicator`) is the code's stable slug: it is the name `--allow` takes for
warnings, and the `slug` field of the JSON output. `vigie codes` lists every code.

**Text format** (the default, on standard error):

```text
error[V2101]: target in a plain number, but indicator 'ambu' is in percent
 --> target_unit_mismatch_plain_number.vigie:5:47
  |
5 |   commitment ambu_2_3 { indicator ambu target 70 }
  |                                               ^^
  = help: write it in the indicator's unit, for example 70 %

failed: 1 error
```

Line and column count from 1; a column counts characters, not bytes, so an accented letter counts
once. A tab is shown as one space.

**Language**: messages, notes, help lines and the summaries of `vigie codes` are in French by
default (`erreur[V2001]: indicateur inconnu « amb »`, `= aide: …`), and in English when the
environment names English (`LANG=en_US.UTF-8`, or `LANGUAGE`, `LC_ALL`, `LC_MESSAGES`; `--lang en`
once the command line has it). The codes, the slugs, `--allow` and the JSON keys are the same in
both languages; only the text changes. This catalogue shows the English texts; the French ones are
in `engine/base/messages/` and golden cases named `*_fr` (such as
[check/many_errors_sorted_fr](../tests/golden/check/many_errors_sorted_fr.expected)) show them.

**JSON format** (`--diagnostics=json`, on standard output): one object with the list `diagnostics`
and the counts `errors` and `warnings`. Each diagnostic has `severity`, `code`, `slug`, `message`,
`file`, `line`, `column`, `end_line`, `end_column` (the end is just after the offending text),
`notes` (each with `message`, `file`, `line`, `column`) and `help` (or `null`). A diagnostic that is
not about a place in a file has `"file": null`. See
[json/errors_with_notes.expected](../tests/golden/json/errors_with_notes.expected).

**Exit codes**: 0 ok (warnings allowed), 1 mistakes in the input, 2 wrong command line, 3 a file
could not be read or an internal error. See [cli.md](cli.md).

Every example below is a golden test in [tests/golden](../tests/golden): the input and the output
are copied from it, so they are exactly what vigie prints. Only the diagnostics of the code being
described are shown; the link leads to the whole recorded output.
"""


def read_codes():
    codes = []
    pattern = re.compile(r'VIGIE_DIAG\((\w+),\s*(\d+),\s*(\w+),\s*"([^"]+)",\s*N_\("([^"]+)"\)\)')
    for line in open(DEF, encoding="utf-8"):
        m = pattern.search(line)
        if m:
            codes.append((int(m.group(2)), m.group(3), m.group(4), m.group(5)))
    return codes


def blocks_for(stderr_or_stdout, code):
    """The diagnostics of one code in a recorded text output (blocks are separated by blank lines)."""
    out = []
    for block in stderr_or_stdout.split("\n\n"):
        if re.match(r"(error|warning|note)\[V%04d\]" % code, block.strip("\n")):
            out.append(block.strip("\n"))
    return out


def recorded(expected_path):
    return recorded_text(open(expected_path, encoding="utf-8", errors="replace").read())


def recorded_text(text):
    m = re.match(r"# exit: (\d+)\n", text)
    exit_code = m.group(1) if m else "?"
    body = text[m.end():] if m else text
    stdout = stderr = ""
    parts = re.split(r"^# (stdout|stderr)\n", body, flags=re.M)
    for i in range(1, len(parts), 2):
        if parts[i] == "stdout":
            stdout = parts[i + 1]
        else:
            stderr = parts[i + 1]
    return exit_code, stdout, stderr


def import_sections(case):
    """The commands of an import case (tests/golden/import/NAME/commands) with what each printed:
    a list of (command, exit code, stdout, stderr), from NAME.expected."""
    stage, name = case.split("/")
    text = open(os.path.join(GOLDEN, stage, name + ".expected"), encoding="utf-8", errors="replace").read()
    text = re.split(r"^# file ", text, flags=re.M)[0]  # files written by the commands come last
    out = []
    for chunk in re.split(r"^\$ ", text, flags=re.M)[1:]:
        command, _, rest = chunk.partition("\n")
        exit_code, stdout, stderr = recorded_text(rest)
        out.append((command, exit_code, stdout, stderr))
    return out


def import_example(case, number):
    """For an import case: the data files and the one command whose output shows the code."""
    stage, name = case.split("/")
    folder = os.path.join(GOLDEN, stage, name)
    for command, exit_code, stdout, stderr in import_sections(case):
        shown = blocks_for(stderr, number) or blocks_for(stdout, number)
        if not shown:
            continue
        files = []
        for word in re.findall(r'"[^"]*"|\S+', command)[1:]:
            path = os.path.join(folder, word)
            if word.endswith(".db") and os.path.isfile(path + ".txt"):
                path += ".txt"  # the test runner copies X.db.txt to X.db
            shown_vigie = stage != "import"  # import cases: the data files; the others: the rules too
            if (os.path.isfile(path) and (shown_vigie or not word.endswith(".vigie"))
                    and word not in [f for f, _ in files]):
                if ".db" in word and fence_input(word, path) is None:
                    continue  # a store: binary, nothing to show
                files.append((word, path))
        return command, exit_code, shown, files
    sys.exit("no V%04d diagnostic in %s" % (number, case))


def input_files(case):
    stage, name = case.split("/")
    base = os.path.join(GOLDEN, stage, name)
    if os.path.isdir(base):
        return [(name + "/" + f, os.path.join(base, f)) for f in sorted(os.listdir(base)) if f.endswith(".vigie")]
    if os.path.exists(base + ".vigie"):
        return [(name + ".vigie", base + ".vigie")]
    return []


def command_of(case):
    stage, name = case.split("/")
    args_path = os.path.join(GOLDEN, stage, name + ".args")
    if os.path.exists(args_path):
        args = [l for l in open(args_path, encoding="utf-8").read().split("\n") if l and not l.startswith("#")]
        shown, skip = [], False
        for a in args:
            if skip:
                skip = False
                continue
            if a == "--root":
                skip = True
                continue
            shown.append(a.replace("{dir}/", "").replace("{dir}", "."))
        return "vigie " + " ".join(shown), [a.replace("{dir}/", "") for a in args if "{dir}/" in a]
    target = name + "/" if os.path.isdir(os.path.join(GOLDEN, stage, name)) else name + ".vigie"
    return "vigie check " + target, []


def fence_input(label, path):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\0" in text:
        return None
    text = text.replace("\r\n", "\n")  # a CRLF file (the DREES SAE's) is shown, and read back, with LF
    language = "vigie" if label.endswith(".vigie") else "text"
    if not text:
        return "`%s` is empty (0 bytes).\n" % label
    return "`%s`:\n\n```%s\n%s```\n" % (label, language, text if text.endswith("\n") else text + "\n")


def section(number, severity, slug, summary):
    case, meaning, fix = ENTRIES[number]
    out = ["### V%04d %s\n" % (number, slug)]
    out.append("*%s* — %s.\n" % (severity[1:].lower(), summary))
    out.append(meaning + "\n")
    if case and os.path.isfile(os.path.join(GOLDEN, case, "commands")):
        stage, name = case.split("/")
        expected_rel = "../tests/golden/%s/%s.expected" % (stage, name)
        command, exit_code, shown, files = import_example(case, number)
        out.append("**Example** ([golden test `%s`](%s), which runs the commands of "
                   "[`%s/%s/commands`](../tests/golden/%s/%s/commands) in an empty folder):\n"
                   % (case, expected_rel, stage, name, stage, name))
        for label, path in files:
            fenced = fence_input(label, path)
            if fenced is None and label.endswith((".xlsx", ".zip")):
                out.append("`%s` is a zip archive (an Excel workbook, or meant to look like one), so it cannot "
                           "be shown here; tests/data/xlsx/make_workbooks.py writes it, part by part.\n" % label)
            elif fenced is None:
                out.append("`%s` is committed as it is, with bytes that are not UTF-8 text (NUL bytes, or "
                           "Windows-1252 letters), so it cannot be shown here.\n" % label)
            else:
                out.append(fenced)
        total = len(shown)
        text = "$ %s\n" % command + "\n\n".join(shown[:2]) + "\n"
        if total > 2:
            text += "...\n"
        out.append("Output (exit code %s):\n\n```text\n%s```\n" % (exit_code, text))
    elif case:
        stage, name = case.split("/")
        expected_rel = "../tests/golden/%s/%s.expected" % (stage, name)
        command, data_files = command_of(case)
        shown_inputs = []
        for label, path in input_files(case):
            shown_inputs.append((label, path))
        for data in data_files:
            p = os.path.join(GOLDEN, stage, data)
            if os.path.isfile(p) and all(os.path.basename(p) != os.path.basename(x[1]) for x in shown_inputs):
                shown_inputs.append((data, p))
        out.append("**Example** ([golden test `%s`](%s)):\n" % (case, expected_rel))
        for label, path in shown_inputs:
            fenced = fence_input(label, path)
            if fenced is None:
                out.append("`%s` is committed as it is, with bytes that are not UTF-8 text (NUL bytes, or "
                           "Windows-1252 letters), so it cannot be shown here.\n" % label)
            else:
                out.append(fenced)
        exit_code, stdout, stderr = recorded(os.path.join(GOLDEN, stage, name + ".expected"))
        shown = blocks_for(stderr, number) or blocks_for(stdout, number)
        if not shown:
            sys.exit("no V%04d diagnostic in %s" % (number, expected_rel))
        total = len(shown)
        shown = shown[:2]
        text = "$ %s\n" % command + "\n\n".join(shown) + "\n"
        if total > len(shown):
            text += "...\n"
        out.append("Output (exit code %s):\n\n```text\n%s```\n" % (exit_code, text))
    out.append("**How to fix it.** " + fix + "\n")
    return "\n".join(out)


def main():
    codes = read_codes()
    missing = [n for n, _, _, _ in codes if n not in ENTRIES]
    if missing:
        sys.exit("no entry for: " + ", ".join("V%04d" % n for n in missing))
    doc = ["# Diagnostics: every mistake vigie reports\n",
           "This is the catalogue of the codes `vigie check` and `vigie import` report (`error[V2101]: ...`). For each code: "
           "what it means, a minimal example with the exact output, and how to fix it. The language "
           "itself is described in [language.md](language.md), the command line in [cli.md](cli.md).\n",
           "<!-- Generated by tools/make_diagnostics_doc.py from engine/base/diagnostic_codes.def "
           "and the golden tests; edit the script, not this file. -->\n"]
    index = []
    for number, severity, slug, summary in codes:
        index.append("[V%04d](#v%04d-%s)" % (number, number, slug))
    doc.append("Codes: " + " · ".join(index) + "\n")
    doc.append(RANGES)
    current = None
    titles = {1: "1xxx: syntax", 2: "2xxx: names, imports and meaning", 3: "3xxx: warnings",
              4: "4xxx: data files (vigie import)", 5: "5xxx: files and the store"}
    for number, severity, slug, summary in codes:
        if number // 1000 != current:
            current = number // 1000
            doc.append("## %s\n" % titles[current])
        doc.append(section(number, severity, slug, summary))
    text = "\n".join(doc)
    if "--check" in sys.argv:
        # CI: the catalogue must match the golden outputs it quotes.
        current_text = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if current_text != text:
            print("docs/diagnostics.md is out of date: run python3 tools/make_diagnostics_doc.py")
            sys.exit(1)
        print("docs/diagnostics.md is up to date")
        return
    open(OUT, "w", encoding="utf-8").write(text)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
