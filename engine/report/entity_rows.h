// Where each entity's verdicts are in a contract of a report, found in two passes over its rows:
// the entity pages of a campaign (html_pages.cpp) each show one entity's verdicts, a thousand
// among millions, and the summary counts each entity's verdicts.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/report/report_model.h"

namespace vigie::report {

// A verdict's place in its contract: its item's index, then its row's in the item's verdicts.
using RowPlace = std::pair<uint32_t, uint32_t>;

// One entity of a contract: its name (its first verdict's), its count of each verdict, its verdicts.
struct EntityRows {
  std::string name;
  std::map<std::string, int64_t> counts;  // verdict -> count
  std::span<const RowPlace> rows;         // in the report's order (item by item)
};

// Every entity with a verdict in the contract, by id. The rows are gathered by the address of their
// pooled entity and verdict texts (one address per text of a pool: an entity is a number, its rows
// counted then placed in one vector, not a vector grown per entity), and only each entity's few
// counts are then keyed by text. Two addresses of one text (texts of two pools) make one entity,
// its rows back in the report's order.
class ContractEntities {
 public:
  explicit ContractEntities(const Contract& c);  // `c` is not kept
  ContractEntities(ContractEntities&&) = default;  // a move keeps the vectors the spans point into
  ContractEntities(const ContractEntities&) = delete;
  ContractEntities& operator=(const ContractEntities&) = delete;
  const std::map<std::string, EntityRows>& by_id() const { return by_id_; }

 private:
  std::vector<RowPlace> rows_;                 // every verdict, entity by entity
  std::vector<std::vector<RowPlace>> merged_;  // the rows of an entity met at two addresses
  std::map<std::string, EntityRows> by_id_;
};

}  // namespace vigie::report
