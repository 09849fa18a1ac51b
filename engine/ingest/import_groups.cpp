// The groups layout: a group and its members, with the dates each belongs.
#include "engine/ingest/internal/import_run.h"

#include "engine/base/group_id.h"
#include "engine/base/quote.h"

namespace vigie::ingest::internal {

bool Importer::BuildGroups() {
  auto group_column = RequireColumn(kGroupColumns, N_("group"));
  auto member_column = RequireColumn(kMemberColumns, N_("member"));
  if (!group_column || !member_column) {
    Flush();
    return false;
  }
  auto name_column = FindColumn(folded_, kGroupNameColumns);
  auto from_column = FindColumn(folded_, kFromColumns);
  auto until_column = FindColumn(folded_, kUntilColumns);
  std::set<std::string> groups;
  auto date_of = [&](const CsvRow& row, size_t index, std::optional<size_t> column, bool end,
                     std::optional<std::string>& out) {
    if (!column) return true;
    const std::string text = Trim(row.fields[*column]);
    if (text.empty()) return true;
    DateCell date = ParseDateCell(text);
    if (date.ok) {
      out = calendar::Format(date.AsDate());
      return true;
    }
    const PeriodCell period_cell = ParsePeriodCell(text);
    if (auto period = ToPeriod(period_cell)) {  // a year or a quarter stands for its first/last day
      auto [first, last] = Bounds(*period);
      out = end ? last : first;
      return true;
    }
    // Written as a period (2023-Q5): say what is wrong with the period, else with the date.
    Report(DiagCode::kValueDoesNotParse, FieldSpan(row, *column), period_cell.well_formed ? period_cell.error : date.error,
           Tr("write 2019-01-01 or 01/01/2019 (or a year: 2019)"));
    RejectRow(index);
    return false;
  };
  for (size_t index = 0; index < table_.rows.size(); ++index) {
    const CsvRow& row = table_.rows[index];
    if (rejected_rows_[index]) continue;
    const std::string group = Trim(row.fields[*group_column]);
    const std::string member = Trim(row.fields[*member_column]);
    if (group.empty()) {
      Report(DiagCode::kValueDoesNotParse, FieldSpan(row, *group_column), Tr("this line names no group"),
             Tr("give the group's code, such as GHT_NORD_ARDENNES"));
      RejectRow(index);
      continue;
    }
    // A territory the store knows (a département, a commune...) may have members as a group has:
    // its value is then its own or its members', as the contract says (docs/language.md).
    const bool territory = known_territories_.count(group) > 0;
    if (!territory && !CheckGroupId(row, index, *group_column, group)) continue;
    if (!CheckKnownEntity(row, index, *member_column, member)) continue;
    store::MembershipRow membership{group, member, std::nullopt, std::nullopt, static_cast<int64_t>(row.line)};
    if (!date_of(row, index, from_column, false, membership.valid_from)) continue;
    if (!date_of(row, index, until_column, true, membership.valid_until)) continue;
    if (membership.valid_from && membership.valid_until && *membership.valid_until < *membership.valid_from) {
      Report(DiagCode::kValueDoesNotParse, FieldSpan(row, *until_column),
             Tr("the membership ends ({0}) before it starts ({1})", *membership.valid_until, *membership.valid_from),
             Tr("check the two dates"));
      RejectRow(index);
      continue;
    }
    // A new group is created; a known one is written again only with a name, which the store
    // then records as a correction if it changed (a file without names keeps the stored ones).
    const std::string name = name_column ? Trim(row.fields[*name_column]) : "";
    if (groups.insert(group).second && !territory && (!known_entities_.count(group) || !name.empty())) {
      batch_.entities.push_back(store::EntityRow{group, "group", name, ""});
    }
    batch_.memberships.push_back(membership);
    summary_.values_read += 1;
  }
  return true;
}

bool Importer::CheckGroupId(const CsvRow& row, size_t index, size_t field, const std::string& id) {
  const std::string problem = GroupIdProblem(id);
  if (problem.empty()) return true;
  Report(DiagCode::kBadGroupId, FieldSpan(row, field), Tr("'{0}' is not a group code: {1}", ShortenForMessage(id), problem),
         Tr("write the code the contract names (parties groupe GHT_NORD_ARDENNES); its full name goes in a name column "
            "(nom_groupe, rs)"));
  RejectRow(index);
  return false;
}

}  // namespace vigie::ingest::internal
