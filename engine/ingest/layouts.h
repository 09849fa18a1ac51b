// Published layouts: open-data files vigie reads as they are published, recognised by their header
// or named with `vigie import --format NAME`. A layout is a wide file with known settings: the
// dataset its columns are the `source` of (`source "HAS e-Satis 48h MCO classement"`), the column
// that names the establishment, and how its numbers are written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::ingest {

struct Layout {
  std::string_view name;         // what --format takes: "has-esatis-48h"
  std::string_view description;  // English key (N_), for --help and docs
  // Folded header names (lower case, no accents) that all appear in the file's header.
  std::vector<std::string_view> signature;
  std::string_view dataset;    // a column C is the indicator whose source is "<dataset> C", or named C
  std::string_view id_column;  // the default column of the establishment; --id-column chooses another
  // The HAS files write decimals with a comma and a point in one file ("75,09" beside "71.36"): each
  // cell is read on its own, and a mark before 3 digits is refused as ambiguous.
  std::string_view decimal;
  // The period of a row is the year of the date in this column (HAS certification: the decision's
  // date); a row whose date and values are all empty (a procedure under way) is skipped with a warning.
  std::string_view period_date_column = {};
  // When the header lacks the signature: where the missing columns are (English key, N_).
  std::string_view missing_help = {};
};

const std::vector<Layout>& Layouts();
const Layout* FindLayout(std::string_view name);
// The layout whose signature the folded header holds, if exactly one does.
const Layout* DetectLayout(const std::vector<std::string>& folded_header);
// "has-esatis-48h, has-esatis-ca, has-iqss"
std::string LayoutNames();

}  // namespace vigie::ingest
