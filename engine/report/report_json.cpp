// report.json: written a piece at a time (WriteJsonBody, WriteJsonEnd) and read back (ParseJson).
#include "engine/report/report_model.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <set>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "engine/base/calendar.h"
#include "engine/base/locale_text.h"
#include "engine/base/party_id.h"
#include "engine/base/short_copy.h"
#include "engine/base/source.h"
#include "engine/base/text.h"
#include "engine/eval/work_pool.h"
#include "engine/report/json_number.h"
#include "engine/report/json_text.h"
#include "engine/report/party_payments.h"
#include "engine/report/recent_numbers.h"
#include "engine/report/repeated_fields.h"

namespace vigie::report {

namespace {

namespace model = sema::model;
using nlohmann::ordered_json;

}  // namespace

namespace {

ordered_json Optional(const std::optional<double>& value) { return value ? ordered_json(*value) : ordered_json(nullptr); }

// Schemas 2 and 3 name each source once, in the report's `sources`: its id there (1, 2...), in the order
// the report first reads it (verdicts, then payments, contract by contract); two Source objects
// with the same texts are one entry.
class SourceIds {
 public:
  explicit SourceIds(const Report& report) {
    for (const Contract& c : report.contracts) {
      for (const Item& item : c.items) {
        for (const VerdictRow& v : item.verdicts) {
          for (const Input& in : v.inputs) Add(in.source.get());
        }
      }
      for (const Payment& p : c.payments) {
        for (const Input& in : p.inputs) Add(in.source.get());
      }
    }
  }
  // The id of a source the report reads (the values of one import share one: the last is kept).
  int64_t IdOf(const Source& source) const {
    if (&source != last_) {
      last_ = &source;
      last_id_ = ids_.at(&source);
    }
    return last_id_;
  }
  const std::vector<const Source*>& Entries() const { return entries_; }

 private:
  using Texts = std::tuple<int64_t, std::string_view, std::string_view, std::string_view, std::string_view,
                           std::string_view, std::string_view, std::string_view, std::string_view>;
  void Add(const Source* source) {
    if (!source || source == added_last_) return;
    added_last_ = source;
    if (ids_.count(source)) return;
    const Texts texts{source->import_id,   source->file,        source->sha256,      source->imported_at,
                      source->declared_by, source->declaration, source->reviewed_by, source->reviewed_at,
                      source->review_reason};
    const auto [entry, added] = by_texts_.emplace(texts, static_cast<int64_t>(entries_.size()) + 1);
    if (added) entries_.push_back(source);
    ids_.emplace(source, entry->second);
  }

  std::unordered_map<const Source*, int64_t> ids_;
  std::map<Texts, int64_t> by_texts_;
  std::vector<const Source*> entries_;
  const Source* added_last_ = nullptr;
  mutable const Source* last_ = nullptr;
  mutable int64_t last_id_ = 0;
};

ordered_json TextOrNull(const std::string& text) { return text.empty() ? ordered_json(nullptr) : ordered_json(text); }

// An entry of `sources`: an import (file, sha256, when), and for a value declared through `vigie
// serve` its declaration and review.
ordered_json SourceJson(int64_t id, const Source& source) {
  ordered_json j{{"id", id},
                 {"file", source.file},
                 {"sha256", source.sha256},
                 {"import_id", source.import_id},
                 {"imported_at", source.imported_at}};
  j["declared"] = source.declared_by.empty() ? ordered_json(nullptr)
                                             : ordered_json{{"by", source.declared_by},
                                                            {"status", source.declaration},
                                                            {"reviewed_by", TextOrNull(source.reviewed_by)},
                                                            {"reviewed_at", TextOrNull(source.reviewed_at)},
                                                            {"reason", TextOrNull(source.review_reason)}};
  return j;
}

// The columns of a verdict's row and of an input's, named once in the report (`verdict_columns`,
// `input_columns`): each verdict and each input is an array of its values in that order, a header
// then rows, as a table. The last column of a verdict (`extras`: its waiver, members, evidence and
// delay, the few it has) and the last two of an input (its `entity` and `period`, when they are not
// its verdict's: a group's members, a baseline's year) are written only when they say something.
constexpr std::array<const char*, 10> kVerdictColumns{"entity", "period",     "verdict", "reason", "measured",
                                                      "target", "comparator", "band",    "inputs", "extras"};
constexpr size_t kVerdictColumnsAlways = 9;
constexpr std::array<const char*, 10> kInputColumns{"indicator", "role", "value",  "missing_code", "unit",
                                                    "source",    "row",  "column", "entity",       "period"};
constexpr size_t kInputColumnsAlways = 8;

template <size_t N>
ordered_json ColumnsJson(const std::array<const char*, N>& columns) {
  ordered_json names = ordered_json::array();
  for (const char* name : columns) names.push_back(name);
  return names;
}

// A payment's input, all its columns: a payment has no entity nor period of its own to leave out.
ordered_json InputJson(const Input& in, const SourceIds& sources) {
  ordered_json row = ordered_json::array();
  row.push_back(in.indicator);
  row.push_back(in.role);
  row.push_back(Optional(in.value));
  row.push_back(in.value ? ordered_json(nullptr) : ordered_json(in.missing_code));
  row.push_back(in.unit);
  row.push_back(in.source ? ordered_json(sources.IdOf(*in.source)) : ordered_json(nullptr));
  row.push_back(in.source ? ordered_json(in.row) : ordered_json(nullptr));
  row.push_back(in.source ? ordered_json(in.column) : ordered_json(nullptr));
  row.push_back(in.entity);
  row.push_back(in.period);
  return row;
}

// A contract's `entities`: each entity of its verdicts once, by id, with its name and whether it is
// a group (its first verdict's). Found by the pooled text's address (millions of verdicts in a
// campaign: no text hashed nor compared per verdict), then the texts sorted, those equal at two
// addresses (a pool's and a literal) made one.
ordered_json EntitiesJson(const Contract& c) {
  // Each entity's first row with its order of appearance, found by the entity's address (each row
  // of a period names the entity the same row of the period before named: RepeatedFields finds it
  // without a hash, millions of times in a campaign).
  std::vector<std::pair<size_t, const VerdictRow*>> rows;
  RepeatedFields<1, bool> first;
  for (const Item& item : c.items) {
    for (const VerdictRow& v : item.verdicts) {
      first.Find({AddressOf(v.entity)}, [&] {
        rows.emplace_back(rows.size(), &v);
        return true;
      });
    }
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second->entity.str(), a.first) < std::tie(b.second->entity.str(), b.first);
  });
  ordered_json entities = ordered_json::array();
  const std::string* written = nullptr;
  for (const auto& [order, v] : rows) {
    if (written && *written == v->entity.str()) continue;
    written = &v->entity.str();
    entities.push_back(ordered_json{{"id", v->entity}, {"name", v->entity_name}, {"group", v->group}});
  }
  return entities;
}

ordered_json WaiverJson(const Waiver& w) {
  return ordered_json{{"item", w.item},       {"scope", w.scope}, {"reason", w.reason},
                      {"authority", w.authority}, {"granted", w.granted.empty() ? ordered_json(nullptr) : ordered_json(w.granted)},
                      {"until", w.until.empty() ? ordered_json(nullptr) : ordered_json(w.until)}};
}

// A verdict's `extras`: only the rare parts it has (an empty object when it has none).
ordered_json ExtrasJson(const VerdictRow& v) {
  ordered_json extras = ordered_json::object();
  if (v.waiver()) extras["waiver"] = WaiverJson(*v.waiver());
  if (!v.members().empty()) {
    ordered_json members = ordered_json::array();
    for (const auto& [member, verdict] : v.members()) members.push_back(ordered_json{{"item", member}, {"verdict", verdict}});
    extras["members"] = members;
  }
  if (!v.evidence_date().empty()) {
    extras["evidence"] =
        ordered_json{{"date", v.evidence_date()}, {"document", v.evidence_document()}, {"sha256", v.evidence_sha256()}};
  }
  if (v.days_late()) extras["days_late"] = *v.days_late();
  return extras;
}

ordered_json ScoreJson(const Score& s) {
  ordered_json j;
  j["year"] = s.year;
  if (!s.entity.empty()) j["entity"] = s.entity;
  j["score"] = s.value;
  ordered_json parts = ordered_json::array();
  for (const auto& p : s.parts) {
    parts.push_back(ordered_json{{"item", p.item}, {"weight", p.weight}, {"mean", p.mean}, {"verdicts", p.verdicts}});
  }
  j["parts"] = parts;
  return j;
}

// The JSON report written piece by piece, in exactly the bytes nlohmann's dump(2) gives for the
// whole document: a campaign's report (millions of verdicts) is never one tree nor one string.
// Each leaf object (a verdict, a score) is built and dumped on its own, then indented to its depth
// (a dumped string never holds a raw line break, so every '\n' starts a line of the object).
class JsonOut {
 public:
  explicit JsonOut(const std::function<void(std::string_view)>& sink)
      : sink_(sink), buffer_(std::make_unique<char[]>(kBufferSize)) {}
  // No flush here: the writer flushes at its end; a sink that stopped the writing by throwing
  // must not be called again while that exception unwinds.
  ~JsonOut() = default;
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  // Every byte goes through here, millions of small pieces a campaign: copied into a fixed buffer
  // handed to the sink when full (a std::string's append and a size check per piece cost more).
  void Raw(std::string_view text) {
    if (text.size() > capacity_ - size_) {
      Flush();
      if (text.size() > capacity_) return sink_(text);
    }
    std::memcpy(buffer_.get() + size_, text.data(), text.size());
    size_ += text.size();
  }
  void Raw(char ch) {
    if (size_ == capacity_) Flush();
    buffer_[size_++] = ch;
  }
  void NewLine(int depth) {
    static constexpr std::string_view kSpaces = "                                                                ";
    Raw('\n');
    for (size_t spaces = static_cast<size_t>(depth) * 2; spaces > 0;) {
      const size_t n = std::min(spaces, kSpaces.size());
      Raw(kSpaces.substr(0, n));
      spaces -= n;
    }
  }
  // `value` as dump(2) writes it when it sits `depth` levels deep.
  void Value(const ordered_json& value, int depth) {
    const std::string text = value.dump(2);
    size_t start = 0;
    for (size_t line_end = text.find('\n'); line_end != std::string::npos; line_end = text.find('\n', start)) {
      Raw(std::string_view(text).substr(start, line_end - start));
      NewLine(depth);
      start = line_end + 1;
    }
    Raw(std::string_view(text).substr(start));
  }
  // An object whose members are written in order; the member named `streamed` (null in `object`,
  // holding its place) is written by `write_streamed(depth + 1)` instead.
  void Object(const ordered_json& object, int depth, std::string_view streamed,
              const std::function<void(int)>& write_streamed) {
    if (object.empty()) return Raw("{}");
    OpenObject(object, depth, streamed, write_streamed);
    NewLine(depth);
    Raw("}");
  }
  // The same object left open after its last member (`object` not empty): more members may follow.
  void OpenObject(const ordered_json& object, int depth, std::string_view streamed,
                  const std::function<void(int)>& write_streamed) {
    Raw("{");
    bool first = true;
    for (auto member = object.begin(); member != object.end(); ++member) {
      if (!first) Raw(",");
      first = false;
      NewLine(depth + 1);
      Raw(ordered_json(member.key()).dump());
      Raw(": ");
      if (member.key() == streamed) write_streamed(depth + 1);
      else Value(member.value(), depth + 1);
    }
  }
  // An array of `items`, each written by `write(item, depth + 1)` on a line of its own, indented to
  // its depth (`indent_items`) or not at all (a campaign's one-line verdicts).
  template <class Items, class Write>
  void Array(const Items& items, int depth, const Write& write, bool indent_items = true) {
    if (items.empty()) return Raw("[]");
    Raw("[");
    bool first = true;
    for (const auto& item : items) {
      if (!first) Raw(",");
      first = false;
      NewLine(indent_items ? depth + 1 : 0);
      write(item, depth + 1);
    }
    NewLine(depth);
    Raw("]");
  }
  // Where to write `n` bytes at most, straight (Commit says where they end): the buffer is handed
  // to the sink first when they might not fit, and made larger for a piece larger than it.
  char* Room(size_t n) {
    if (n > capacity_ - size_) {
      Flush();
      if (n > capacity_) buffer_ = std::make_unique<char[]>(capacity_ = n);
    }
    return buffer_.get() + size_;
  }
  void Commit(const char* end) { size_ = static_cast<size_t>(end - buffer_.get()); }
  void Flush() {
    if (size_ == 0) return;
    sink_(std::string_view(buffer_.get(), size_));
    size_ = 0;
  }

 private:
  static constexpr size_t kBufferSize = 1 << 16;
  const std::function<void(std::string_view)>& sink_;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = kBufferSize;
  size_t size_ = 0;
};

// A verdict written straight into the report as its row (kVerdictColumns), in the bytes nlohmann's
// dump(2) of that array would give (VerdictLayout::kIndented), or its dump() on one line (kOneLine),
// without building a JSON tree per verdict (millions in a campaign): strings escaped as nlohmann
// escapes them, doubles in nlohmann's own shortest form (WriteJsonNumber), the rare parts (a waiver, a composite's
// members, a milestone's evidence and delay) through nlohmann itself.
// Its bytes go straight into the room JsonOut gives for the whole row (Room: its longest possible
// text), through a pointer of its own: no size checked nor stored per piece, and the pooled texts'
// check made once per text (PlainTexts), not once a verdict.
class VerdictWriter {
 public:
  VerdictWriter(JsonOut& out, VerdictLayout layout, const SourceIds& sources)
      : out_(out), one_line_(layout == VerdictLayout::kOneLine), sources_(sources) {}

  void Verdict(const VerdictRow& v, int depth) {
    const std::string& entity = QuotedEntity(v.entity);
    char* at = out_.Room(LongestRow(v, entity.size(), depth));
    at = Open(at);
    at = Next(at, depth + 1), at = CopyShort(at, entity.data(), entity.size());
    at = Next(at, depth + 1), at = Text(at, v.period);
    at = Next(at, depth + 1), at = Text(at, v.verdict);
    at = Next(at, depth + 1), at = Text(at, std::string_view(v.reason));
    at = Next(at, depth + 1);
    measured_ = v.measured;
    char* const measured_at = at;
    at = Measured(at, v.measured);
    measured_text_ = {measured_at, at};
    at = Bounds(at, v, depth);
    at = Next(at, depth + 1);
    if (v.inputs.empty()) {
      at = Literal(at, "[]");
    } else {
      at = Open(at);
      for (const Input& in : v.inputs) at = Next(at, depth + 2), at = InputRow(at, in, v, depth + 2);
      at = Close(at, depth + 1);
    }
    if (v.extras) {
      if (const ordered_json extras = ExtrasJson(v); !extras.empty()) {
        at = Next(at, depth + 1);
        out_.Commit(at);
        Value(extras, depth + 1);
        at = out_.Room(BreakRoom(depth));
      }
    }
    out_.Commit(Close(at, depth));
  }

 private:
  // The room a number takes at most (nlohmann's to_chars asks for 64 bytes, its texts take 25).
  static constexpr size_t kNumberRoom = 64;
  static_assert(RecentNumbers::kStored <= kNumberRoom);
  // The longest text `v`'s row can take, its extras apart: each text escaped at six bytes a byte at
  // most ("\u0007") between its quotes, each value a number's room and a comma, on its own line.
  // The entity's text is its quoted text's (QuotedEntity): the entity's own string, one of
  // thousands, is not read; nor an input's entity and period, but where they are not the row's.
  size_t LongestRow(const VerdictRow& v, size_t quoted_entity, int depth) {
    auto text = [](std::string_view t) { return 6 * t.size() + 2; };
    size_t texts = quoted_entity + text(v.period) + text(v.verdict) + text(std::string_view(v.reason)) + text(v.comparator);
    for (const Input& in : v.inputs) {
      texts += text(in.indicator) + text(in.role) + text(in.missing_code) + text(in.unit);
      if (!AtRowsPlace(in, v)) texts += text(in.entity) + text(in.period);
    }
    const size_t values = 12 + kInputColumns.size() * v.inputs.size() + 4;  // and the breaks before the closing brackets
    return texts + values * (kNumberRoom + 2 + BreakRoom(depth + 3)) + PlainTexts::kOverwrite;
  }

  // The measured value: a new number on almost every row, written, not kept among the recent ones
  // (it would push out the target and band that the next rows share).
  static char* Measured(char* at, const OptionalNumber& value) {
    if (!value || !std::isfinite(*value)) return Literal(at, "null");
    return WriteJsonNumber(at, *value);
  }
  // An input's value: most often the value measured, its text copied from the row.
  char* InputValue(char* at, const OptionalNumber& value) {
    if (value && NumberKey(value) == NumberKey(measured_)) {
      return CopyShort(at, measured_text_.first, static_cast<size_t>(measured_text_.second - measured_text_.first));
    }
    return Number(at, value);
  }
  // The columns from the target to the band, after the measured value: the same few texts on the
  // rows of an item and period, made once each (for `depth`: their breaks are indented to it).
  char* Bounds(char* at, const VerdictRow& v, int depth) {
    const std::string& bounds = bounds_.Find(
        {NumberKey(v.target), AddressOf(v.comparator), NumberKey(v.band_low), NumberKey(v.band_high), static_cast<uint64_t>(depth)},
        [&] {
          std::string text(4 * (kNumberRoom + 2 + BreakRoom(depth + 3)) + 6 * v.comparator.size() + PlainTexts::kOverwrite + 8, '\0');
          char* end = text.data();
          first_ = false;
          end = Next(end, depth + 1), end = Number(end, v.target);
          end = Next(end, depth + 1), end = v.comparator.empty() ? Literal(end, "null") : Text(end, v.comparator);
          end = Next(end, depth + 1);
          if (v.band_low) {
            end = Open(end);
            end = Next(end, depth + 2), end = Number(end, v.band_low);
            end = Next(end, depth + 2), end = Number(end, v.band_high);
            end = Close(end, depth + 1);
          } else {
            end = Literal(end, "null");
          }
          // Its own size, not the room it was written in (~430 bytes): a campaign whose targets
          // differ by entity keeps one per entity, item and year until report.json is written.
          return std::string(text.data(), end);
        });
    first_ = false;
    return CopyShort(at, bounds.data(), bounds.size());
  }
  // The key part naming a number (an absent number's bits are OptionalNumber's own).
  static uint64_t NumberKey(const OptionalNumber& number) { return std::bit_cast<uint64_t>(number.value()); }

  // An input's row (kInputColumns), its entity and period left out when they are its verdict's.
  char* InputRow(char* at, const Input& in, const VerdictRow& v, int depth) {
    at = Open(at);
    at = Next(at, depth + 1), at = Text(at, in.indicator);
    at = Next(at, depth + 1), at = Text(at, in.role);
    at = Next(at, depth + 1), at = InputValue(at, in.value);
    at = Next(at, depth + 1);
    at = in.value ? Literal(at, "null") : Text(at, in.missing_code);
    at = Next(at, depth + 1), at = Text(at, in.unit);
    if (in.source) {
      at = Next(at, depth + 1), at = Integer(at, sources_.IdOf(*in.source));
      at = Next(at, depth + 1), at = Integer(at, in.row);
      at = Next(at, depth + 1), at = Integer(at, in.column);
    } else {
      for (int i = 0; i < 3; ++i) at = Next(at, depth + 1), at = Literal(at, "null");
    }
    if (!AtRowsPlace(in, v)) {
      at = Next(at, depth + 1), at = Text(at, in.entity);
      at = Next(at, depth + 1), at = Text(at, in.period);
    }
    return Close(at, depth);
  }

  // An array (every part of a verdict the writer writes itself is one), not empty.
  char* Open(char* at) {
    *at++ = '[';
    first_ = true;
    return at;
  }
  char* Close(char* at, int depth) {
    at = Break(at, depth);
    *at++ = ']';
    first_ = false;
    return at;
  }
  // The place of the next value at `depth`: after a comma unless it is the first, on its own line
  // (dump(2)) or not.
  char* Next(char* at, int depth) {
    if (!first_) *at++ = ',';
    first_ = false;
    return Break(at, depth);
  }
  // A line break indented to `depth`, as dump(2) puts between values; nothing on one line.
  char* Break(char* at, int depth) const {
    if (one_line_) return at;
    *at++ = '\n';
    std::memset(at, ' ', static_cast<size_t>(depth) * 2);
    return at + depth * 2;
  }
  // The bytes of a Break at `depth` and of the bracket after it.
  size_t BreakRoom(int depth) const { return one_line_ ? 1 : 2 + static_cast<size_t>(depth) * 2; }
  // A part written by nlohmann: dump(2) indented to `depth`, or dump() on one line.
  void Value(const ordered_json& value, int depth) {
    if (one_line_) out_.Raw(value.dump());
    else out_.Value(value, depth);
  }
  template <size_t N>
  static char* Literal(char* at, const char (&text)[N]) {
    std::memcpy(at, text, N - 1);
    return at + N - 1;
  }
  static char* Quoted(char* at, std::string_view text) {
    *at++ = '"';
    at = CopyShort(at, text.data(), text.size());
    *at++ = '"';
    return at;
  }
  // A verdict's entity as written: thousands of texts, each met again on every item and period, in
  // the order of the period before (RepeatedFields), made once each.
  const std::string& QuotedEntity(const vigie::Text& entity) {
    return entities_.Find({AddressOf(entity)}, [&] {
      std::string text(6 * entity.size() + 2, '\0');
      return std::string(text.data(), Text(text.data(), std::string_view(entity.str())));  // its own size, kept
    });
  }
  // Whether an input is of its verdict's entity and period: equal texts at two addresses (the
  // program's names, the report's pool), compared once per pair, not once a row.
  // The pair asked last is kept apart: a row asks twice (LongestRow, InputRow).
  bool AtRowsPlace(const Input& in, const VerdictRow& v) {
    const FieldKey<4> key{AddressOf(in.entity), AddressOf(v.entity), AddressOf(in.period), AddressOf(v.period)};
    if (key != place_key_) {
      place_key_ = key;
      at_place_ = same_place_.Find(key, [&] { return in.entity == v.entity && in.period == v.period; });
    }
    return at_place_;
  }
  // A text of the report's pool: most are a few texts met again and again.
  char* Text(char* at, const vigie::Text& text) {
    if (char* end = plain_.Quoted(at, text.str())) return end;
    return Escaped(at, text);
  }
  char* Text(char* at, std::string_view text) {
    if (WrittenAsIsInJson(text)) return Quoted(at, text);
    return Escaped(at, text);
  }
  // What nlohmann's dump writes for `text`: its escapes, or its exception on bad UTF-8.
  static char* Escaped(char* at, std::string_view text) {
    const std::string escaped = ordered_json(std::string(text)).dump();
    std::memcpy(at, escaped.data(), escaped.size());
    return at + escaped.size();
  }
  // A double in nlohmann's shortest form (the last few kept written: RecentNumbers).
  char* Number(char* at, const OptionalNumber& value) {
    if (!value || !std::isfinite(*value)) return Literal(at, "null");
    if (const std::string_view known = numbers_.Find(*value); !known.empty()) {
      std::memcpy(at, known.data(), RecentNumbers::kStored);  // within the number's room
      return at + known.size();
    }
    char* end = WriteJsonNumber(at, *value);
    numbers_.Keep(*value, std::string_view(at, static_cast<size_t>(end - at)));
    return end;
  }
  static char* Integer(char* at, int64_t value) { return std::to_chars(at, at + 24, value).ptr; }

  JsonOut& out_;
  const bool one_line_;
  const SourceIds& sources_;
  bool first_ = true;
  RecentNumbers numbers_;
  PlainTexts plain_;
  RepeatedFields<1> entities_;  // each quoted (Entity)
  RepeatedFields<5> bounds_;    // Bounds
  RepeatedFields<4, bool> same_place_;  // AtRowsPlace
  FieldKey<4> place_key_{};
  bool at_place_ = false;
  OptionalNumber measured_;  // the row's measured value and its text (InputValue)
  std::pair<const char*, const char*> measured_text_{};
};

// An item without its verdicts ("verdicts" holds its place).
ordered_json ItemJson(const Item& item) {
  ordered_json ji;
  ji["name"] = item.name;
  ji["title"] = item.title;
  ji["clause"] = item.clause;
  ji["clause_text"] = item.clause_text.empty() ? ordered_json(nullptr) : ordered_json(item.clause_text);
  ji["kind"] = item.kind;
  ji["indicator"] = item.indicator.empty() ? ordered_json(nullptr) : ordered_json(item.indicator);
  ji["unit"] = item.unit.empty() ? ordered_json(nullptr) : ordered_json(item.unit);
  ji["applies_to"] = item.applies_to;
  ji["weight"] = item.weight;
  ji["tolerance"] = item.tolerance.empty() ? ordered_json(nullptr) : ordered_json(item.tolerance);
  ji["due"] = item.due.empty() ? ordered_json(nullptr) : ordered_json(item.due);
  ordered_json targets = ordered_json::array();
  for (const auto& [period, rule] : item.targets) targets.push_back(ordered_json{{"period", period}, {"rule", rule}});
  ji["targets"] = targets;
  ji["counts"] = item.counts;
  if (item.version) ji["version"] = *item.version;
  ji["verdicts"] = nullptr;
  return ji;
}

// A contract without its items ("items" holds their place).
ordered_json ContractJson(const Contract& c, const SourceIds& sources) {
  ordered_json jc;
  jc["name"] = c.name;
  jc["title"] = c.title;
  jc["kind"] = c.kind;
  jc["authority"] = c.authority;
  jc["signed"] = c.signed_on.empty() ? ordered_json(nullptr) : ordered_json(c.signed_on);
  jc["period"] = c.period;
  if (c.year_start_month != 1) jc["year_start_month"] = c.year_start_month;  // years named by ContractYearOf
  jc["scoring"] = ordered_json{{"basis", c.scoring_basis}, {"written", c.scoring_basis_written}};
  jc["template"] = c.template_name.empty() ? ordered_json(nullptr) : ordered_json(c.template_name);
  jc["parties"] = c.parties;
  jc["counts"] = c.counts;
  jc["entities"] = EntitiesJson(c);
  jc["items"] = nullptr;
  ordered_json waivers = ordered_json::array();
  for (const auto& w : c.waivers) waivers.push_back(WaiverJson(w));
  jc["waivers"] = waivers;
  ordered_json scores = ordered_json::array(), entity_scores = ordered_json::array();
  for (const auto& s : c.scores) scores.push_back(ScoreJson(s));
  for (const auto& s : c.entity_scores) entity_scores.push_back(ScoreJson(s));
  jc["scores"] = scores;
  jc["entity_scores"] = entity_scores;
  ordered_json payments = ordered_json::array();
  for (const auto& p : c.payments) {
    ordered_json& jp = payments.emplace_back(ordered_json{{"name", p.name},
                                    {"title", p.title},
                                    {"year", p.year},
                                    {"amount_eur", p.amount ? ordered_json(*p.amount) : ordered_json(nullptr)},
                                    {"score", p.score},
                                    {"reason", p.reason.empty() ? ordered_json(nullptr) : ordered_json(p.reason)},
                                    {"read", p.read},
                                    {"inputs", [&] {
                                       ordered_json inputs = ordered_json::array();
                                       for (const Input& in : p.inputs) inputs.push_back(InputJson(in, sources));
                                       return inputs;
                                     }()}});
    if (p.version) jp["version"] = *p.version;
    if (!p.party.empty()) jp["party"] = p.party;
  }
  jc["payments"] = payments;
  if (!c.amendments.empty()) {
    ordered_json amendments = ordered_json::array();
    for (const auto& a : c.amendments) {
      amendments.push_back(ordered_json{{"number", a.number}, {"effective", a.effective}, {"title", a.title}});
    }
    jc["amendments"] = amendments;
    ordered_json versions = ordered_json::object();
    for (const auto& [year, version] : c.version_by_year) versions[year] = version;
    jc["version_by_year"] = versions;
  }
  return jc;
}

}  // namespace

void WriteJsonBody(const Report& report, const std::function<void(std::string_view)>& sink, VerdictLayout layout) {
  const SourceIds sources(report);
  ordered_json root;
  root["schema_version"] = report.schema_version;
  root["language"] = report.language;
  root["engine"] = report.engine;
  root["engine_version"] = report.engine_version;
  root["generated_at"] = report.generated_at;
  root["as_of"] = report.as_of;
  root["data_as_of"] = TextOrNull(report.data_as_of);
  root["run_id"] = report.run_id;
  root["store"] = report.store;
  root["data_digest"] = report.data_digest;
  ordered_json rulesets = ordered_json::array();
  for (const auto& r : report.rulesets) rulesets.push_back(ordered_json{{"path", r.path}, {"sha256", r.sha256}});
  root["rulesets"] = rulesets;
  root["counts"] = report.counts;
  if (!report.declared_values.empty()) root["declared_values"] = report.declared_values;
  ordered_json source_entries = ordered_json::array();
  for (const Source* source : sources.Entries()) {
    source_entries.push_back(SourceJson(static_cast<int64_t>(source_entries.size()) + 1, *source));
  }
  root["sources"] = source_entries;
  root["verdict_columns"] = ColumnsJson(kVerdictColumns);
  root["input_columns"] = ColumnsJson(kInputColumns);
  root["contracts"] = nullptr;
  JsonOut out(sink);
  VerdictWriter writer(out, layout, sources);  // one for the report: what it keeps serves every item
  out.OpenObject(root, 0, "contracts", [&](int depth) {
    out.Array(report.contracts, depth, [&](const Contract& c, int contract_depth) {
      out.Object(ContractJson(c, sources), contract_depth, "items", [&](int items_depth) {
        out.Array(c.items, items_depth, [&](const Item& item, int item_depth) {
          out.Object(ItemJson(item), item_depth, "verdicts", [&](int verdicts_depth) {
            out.Array(
                item.verdicts, verdicts_depth, [&](const VerdictRow& v, int verdict_depth) { writer.Verdict(v, verdict_depth); },
                layout == VerdictLayout::kIndented);
          });
        });
      });
    });
  });
  out.Flush();
}

void WriteJsonEnd(const Report& report, const std::function<void(std::string_view)>& sink) {
  ordered_json files = ordered_json::array();
  for (const auto& f : report.files) files.push_back(ordered_json{{"name", f.name}, {"sha256", f.sha256}});
  JsonOut out(sink);
  out.Raw(",");
  out.NewLine(1);
  out.Raw("\"files\": ");
  out.Value(files, 1);
  out.NewLine(0);
  out.Raw("}\n");
  out.Flush();
}

void WriteJson(const Report& report, const std::function<void(std::string_view)>& sink, VerdictLayout layout) {
  WriteJsonBody(report, sink, layout);
  WriteJsonEnd(report, sink);
}

std::string RenderJson(const Report& report, VerdictLayout layout) {
  std::string text;
  WriteJson(report, [&](std::string_view piece) { text.append(piece); }, layout);
  return text;
}

namespace {

// A report that parses as JSON but says something vigie never writes: why, in the reader's words.
struct ReportProblem : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A source as the schemas write it (schema 1 inside each input, schemas 2 and 3 in `sources`).
Source SourceFromJson(const ordered_json& j) {
  Source source;
  source.file = j.at("file");
  source.sha256 = j.at("sha256");
  source.import_id = j.at("import_id");
  source.imported_at = j.at("imported_at");
  if (const auto declared = j.find("declared"); declared != j.end() && declared->is_object()) {
    auto text = [&](const char* key) {
      const auto found = declared->find(key);
      return found != declared->end() && found->is_string() ? found->get<std::string>() : std::string();
    };
    source.declared_by = text("by");
    source.declaration = text("status");
    source.reviewed_by = text("reviewed_by");
    source.reviewed_at = text("reviewed_at");
    source.review_reason = text("reason");
  }
  return source;
}

// The reading side of InputJson and ScoreJson: what `vigie verify` compares (values, their origin,
// scores). The sources an input names: schema 2's `sources` by id; schema 1's, each written whole
// in its input, gathered here so that the values of one import share one (as BuildReport makes them).
// A source without a file (written by no vigie) is read as no stored value.
struct SourcesRead {
  bool by_id = false;  // schemas 2 and 3
  std::map<int64_t, std::shared_ptr<const Source>> by_id_entries;
  std::map<std::tuple<int64_t, std::string, std::string, std::string>, std::shared_ptr<const Source>> by_texts;

  void ReadEntries(const ordered_json& entries) {
    by_id = true;
    for (const auto& entry : entries) {
      Source source = SourceFromJson(entry);
      const ordered_json& id = entry.at("id");
      if (!id.is_number_integer()) throw ReportProblem(Tr("a source's id {0} is not a whole number", id.dump()));
      const bool added = by_id_entries
                             .emplace(id.get<int64_t>(), source.file.empty() ? nullptr : std::make_shared<const Source>(std::move(source)))
                             .second;
      if (!added) throw ReportProblem(Tr("two entries of \"sources\" have the id {0}", id.dump()));
    }
  }
  std::shared_ptr<const Source> Written(Source source) {  // schema 1
    if (source.file.empty()) return nullptr;
    if (!source.declared_by.empty()) return std::make_shared<const Source>(std::move(source));
    std::shared_ptr<const Source>& shared = by_texts[{source.import_id, source.file, source.sha256, source.imported_at}];
    if (!shared) shared = std::make_shared<const Source>(std::move(source));
    return shared;
  }
  std::shared_ptr<const Source> Named(const ordered_json& id) const {  // schema 2
    const auto found = id.is_number_integer() ? by_id_entries.find(id.get<int64_t>()) : by_id_entries.end();
    if (found == by_id_entries.end()) throw ReportProblem(Tr("an input names the source {0}, which no entry of \"sources\" has", id.dump()));
    return found->second;
  }
};

// A text of the report (a string: at() throws otherwise), held in its pool.
Text Pooled(TextPool& texts, const ordered_json& j) { return texts.Intern(j.get_ref<const std::string&>()); }

// A value's row or column in its file: a whole number that fits in 32 bits (Input::row).
int32_t PlaceNumber(const ordered_json& number) {
  if (!number.is_number_integer() || (number.is_number_unsigned() && number.get<uint64_t>() > uint64_t{INT32_MAX}) ||
      number.get<int64_t>() > INT32_MAX || number.get<int64_t>() < INT32_MIN) {
    throw ReportProblem(Tr("an input's row or column is {0}, not a line or column number", number.dump()));
  }
  return static_cast<int32_t>(number.get<int64_t>());
}

Input InputFromJson(const ordered_json& j, SourcesRead& sources, TextPool& texts) {
  Input in;
  in.entity = Pooled(texts, j.at("entity"));
  in.indicator = Pooled(texts, j.at("indicator"));
  in.period = Pooled(texts, j.at("period"));
  in.role = Pooled(texts, j.at("role"));
  if (!j.at("value").is_null()) in.value = j["value"].get<double>();
  if (!j.at("missing_code").is_null()) in.missing_code = Pooled(texts, j["missing_code"]);
  in.unit = Pooled(texts, j.at("unit"));
  const ordered_json& source = j.at("source");
  if (source.is_null()) return in;
  const ordered_json& place = sources.by_id ? j : source;  // schema 2: row and column beside the source's id
  in.row = PlaceNumber(place.at("row"));
  in.column = PlaceNumber(place.at("column"));
  in.source = sources.by_id ? sources.Named(source) : sources.Written(SourceFromJson(source));
  return in;
}

// Schema 3's rows back into the objects of schema 2, which the rest of ParseJson reads: each value
// under its column's name; an input's entity and period its verdict's (`entity`, `period`) when its
// row leaves them out; a verdict's extras beside its other keys.
// A payment's input (`entity` null) always has every column: a payment has no entity of its own.
ordered_json InputObject(const ordered_json& row, const ordered_json& entity, const ordered_json& period) {
  if (!row.is_array() || (row.size() != kInputColumnsAlways && row.size() != kInputColumns.size())) {
    throw ReportProblem(Tr("an input has {0} values instead of {1} or {2}", row.size(), kInputColumnsAlways, kInputColumns.size()));
  }
  if (entity.is_null() && row.size() != kInputColumns.size()) {
    throw ReportProblem(Tr("a payment's input has {0} values instead of {1}", row.size(), kInputColumns.size()));
  }
  ordered_json j = ordered_json::object();
  for (size_t i = 0; i < row.size(); ++i) j[kInputColumns[i]] = row[i];
  if (row.size() == kInputColumnsAlways) j["entity"] = entity, j["period"] = period;
  return j;
}

ordered_json VerdictObject(const ordered_json& row, const std::string& item) {
  if (!row.is_array() || (row.size() != kVerdictColumnsAlways && row.size() != kVerdictColumns.size())) {
    throw ReportProblem(Tr("a verdict of {0} has {1} values instead of {2} or {3}", item, row.size(), kVerdictColumnsAlways,
                           kVerdictColumns.size()));
  }
  ordered_json j = ordered_json::object();
  for (size_t i = 0; i < kVerdictColumnsAlways; ++i) j[kVerdictColumns[i]] = row[i];
  if (!row[8].is_array()) throw ReportProblem(Tr("the inputs of a verdict of {0} are not a list", item));
  ordered_json& inputs = j["inputs"] = ordered_json::array();
  for (const auto& input : row[8]) inputs.push_back(InputObject(input, row[0], row[1]));
  if (row.size() == kVerdictColumns.size()) {
    const ordered_json& extras = row[9];
    if (!extras.is_object()) throw ReportProblem(Tr("the extras of a verdict of {0} are not an object", item));
    for (const char* key : {"waiver", "members", "evidence", "days_late"}) {
      if (const auto found = extras.find(key); found != extras.end()) j[key] = *found;
    }
  }
  return j;
}

// Schema 3 names its columns: they must be the ones this vigie writes.
template <size_t N>
void CheckColumns(const ordered_json& root, const char* key, const std::array<const char*, N>& columns) {
  const ordered_json expected = ColumnsJson(columns);
  if (root.at(key) != expected) throw ReportProblem(Tr("\"{0}\" is not {1}, the columns of schema {2}", key, expected.dump(), "3"));
}

Score ScoreFromJson(const ordered_json& j) {
  Score s;
  s.year = j.at("year");
  s.entity = j.value("entity", "");
  s.value = j.at("score");
  if (const auto parts = j.find("parts"); parts != j.end() && parts->is_array()) {
    for (const auto& p : *parts) s.parts.push_back(ScorePart{p.at("item"), p.at("weight"), p.at("mean"), p.at("verdicts")});
  }
  return s;
}

// The text under `key`, "" when it is absent or null (what RenderJson writes for an empty one).
std::string TextOf(const ordered_json& j, const char* key) {
  const auto found = j.find(key);
  return found != j.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::map<std::string, int64_t> CountsOf(const ordered_json& j) {
  std::map<std::string, int64_t> counts;
  if (const auto found = j.find("counts"); found != j.end() && found->is_object()) {
    for (const auto& [verdict, count] : found->items()) {
      if (count.is_number_integer()) counts[verdict] = count.get<int64_t>();
    }
  }
  return counts;
}

Waiver WaiverFromJson(const ordered_json& j) {
  return Waiver{TextOf(j, "item"), TextOf(j, "reason"), TextOf(j, "authority"), TextOf(j, "granted"), TextOf(j, "until"),
                TextOf(j, "scope")};
}

// The rest of a verdict RenderJson writes: what the HTML and CSV reports show beside its label. Its
// trajectory point is the verdict itself, as BuildReport makes it.
void ReadVerdictDetail(const ordered_json& jv, VerdictRow& v, TextPool& texts) {
  v.reason = TextOf(jv, "reason");
  v.comparator = texts.Intern(TextOf(jv, "comparator"));
  if (const auto band = jv.find("band"); band != jv.end() && band->is_array() && band->size() == 2 && (*band)[0].is_number() &&
      (*band)[1].is_number()) {
    v.band_low = (*band)[0].get<double>();
    v.band_high = (*band)[1].get<double>();
  }
  if (const auto waiver = jv.find("waiver"); waiver != jv.end() && waiver->is_object()) {
    v.EditExtras().waiver = std::make_shared<const Waiver>(WaiverFromJson(*waiver));
  }
  if (const auto members = jv.find("members"); members != jv.end() && members->is_array() && !members->empty()) {
    VerdictExtras& extras = v.EditExtras();
    for (const auto& m : *members) extras.members.emplace_back(m.at("item"), m.at("verdict"));
  }
  if (const auto late = jv.find("days_late"); late != jv.end() && late->is_number_integer()) v.EditExtras().days_late = late->get<int>();
  if (const auto evidence = jv.find("evidence"); evidence != jv.end() && evidence->is_object()) {
    VerdictExtras& extras = v.EditExtras();
    extras.evidence_date = evidence->value("date", "");
    extras.evidence_document = evidence->value("document", "");
    extras.evidence_sha256 = evidence->value("sha256", "");
  }
}

void ReadItemDetail(const ordered_json& ji, Item& item) {
  item.title = TextOf(ji, "title");
  item.clause = TextOf(ji, "clause");
  item.clause_text = TextOf(ji, "clause_text");
  item.indicator = TextOf(ji, "indicator");
  item.unit = TextOf(ji, "unit");
  item.applies_to = TextOf(ji, "applies_to");
  item.weight = TextOf(ji, "weight");
  item.tolerance = TextOf(ji, "tolerance");
  item.due = TextOf(ji, "due");
  if (const auto targets = ji.find("targets"); targets != ji.end() && targets->is_array()) {
    for (const auto& t : *targets) item.targets.emplace_back(t.at("period"), t.at("rule"));
  }
  item.counts = CountsOf(ji);
}

void ReadContractDetail(const ordered_json& jc, Contract& c) {
  c.title = TextOf(jc, "title");
  c.kind = TextOf(jc, "kind");
  c.authority = TextOf(jc, "authority");
  c.signed_on = TextOf(jc, "signed");
  c.period = TextOf(jc, "period");
  c.template_name = TextOf(jc, "template");
  if (const auto month = jc.find("year_start_month"); month != jc.end() && month->is_number_integer()) {
    c.year_start_month = month->get<int>();
  }
  if (const auto scoring = jc.find("scoring"); scoring != jc.end() && scoring->is_object()) {
    c.scoring_basis = scoring->value("basis", "commitment");
    c.scoring_basis_written = scoring->value("written", false);
  }
  if (const auto parties = jc.find("parties"); parties != jc.end() && parties->is_array()) {
    for (const auto& party : *parties) c.parties.push_back(party.get<std::string>());
  }
  c.counts = CountsOf(jc);
  if (const auto waivers = jc.find("waivers"); waivers != jc.end() && waivers->is_array()) {
    for (const auto& w : *waivers) c.waivers.push_back(WaiverFromJson(w));
  }
  if (const auto amendments = jc.find("amendments"); amendments != jc.end() && amendments->is_array()) {
    for (const auto& a : *amendments) c.amendments.push_back({a.at("number"), a.at("effective"), a.at("title")});
  }
  if (const auto versions = jc.find("version_by_year"); versions != jc.end() && versions->is_object()) {
    for (const auto& [year, version] : versions->items()) c.version_by_year[year] = version.get<int>();
  }
}

// How deep a report may nest its arrays and objects: vigie writes 10 levels at most. nlohmann's
// ordered_json parser recurses once a level, and a text nested 100,000 deep (a hostile report posted
// to vigie serve's /api/verify, 200 KB) overflowed the stack.
constexpr int kMaxNesting = 64;

// Whether `text` nests arrays and objects deeper than `limit` (brackets inside strings skipped).
bool NestedDeeperThan(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

std::optional<Report> ParseJson(const std::string& text, std::string& problem) {
  if (NestedDeeperThan(text, kMaxNesting)) {
    problem = Tr("the report nests its values more than {0} levels deep; vigie writes no such report", kMaxNesting);
    return std::nullopt;
  }
  ordered_json root;
  try {
    root = ordered_json::parse(text);
  } catch (const std::exception& error) {
    problem = Tr("not JSON: {0}", error.what());
    return std::nullopt;
  }
  if (!root.is_object() || !root.contains("engine") || root["engine"] != "vigie" ||
      !root.contains("schema_version")) {
    problem = Tr("not a vigie report (no engine \"vigie\" and schema_version)");
    return std::nullopt;
  }
  const bool schema1 = root["schema_version"] == "1";
  const bool schema3 = root["schema_version"] == kReportSchemaVersion;
  if (!schema1 && !schema3 && root["schema_version"] != "2") {
    problem = Tr("report schema version {0} is not one this vigie reads ({1}, {2} or {3})", root["schema_version"].dump(), "1",
                 "2", kReportSchemaVersion);
    return std::nullopt;
  }
  try {
    Report report;
    SourcesRead sources;
    if (!schema1) sources.ReadEntries(root.at("sources"));
    if (schema3) {
      CheckColumns(root, "verdict_columns", kVerdictColumns);
      CheckColumns(root, "input_columns", kInputColumns);
    }
    // Reports written before vigie spoke French have no "language": they are in English.
    report.language = root.value("language", "en");
    report.engine_version = root.value("engine_version", "");
    report.generated_at = TextOf(root, "generated_at");
    report.counts = CountsOf(root);
    report.as_of = root.at("as_of").get<std::string>();
    report.data_as_of = root["data_as_of"].is_null() ? "" : root["data_as_of"].get<std::string>();
    report.run_id = root.value("run_id", 0);
    report.store = root.value("store", "");
    report.data_digest = root.value("data_digest", "");
    if (const auto declared = root.find("declared_values"); declared != root.end() && declared->is_object()) {
      for (const auto& [status, count] : declared->items()) {
        if (count.is_number_integer()) report.declared_values[status] = count.get<int64_t>();
      }
    }
    for (const auto& r : root.at("rulesets")) report.rulesets.push_back({r.at("path"), r.at("sha256")});
    if (root.contains("files")) {
      for (const auto& f : root.at("files")) report.files.push_back({f.at("name"), f.at("sha256")});
    }
    const TextPoolPtr texts = std::make_shared<TextPool>();
    for (const auto& jc : root.at("contracts")) {
      Contract c;
      c.texts = texts;
      c.name = jc.at("name");
      ReadContractDetail(jc, c);
      // Schemas 2 and 3 name each entity once per contract (a verdict its id); schema 1 in each verdict.
      std::unordered_map<std::string, std::pair<Text, bool>> entities;
      if (!schema1) {
        for (const auto& je : jc.at("entities")) {
          if (!entities.emplace(je.at("id"), std::pair<Text, bool>{Pooled(*texts, je.at("name")), je.at("group")}).second) {
            throw ReportProblem(Tr("two entries of \"entities\" of contract {0} have the id {1}", c.name, je.at("id").dump()));
          }
        }
      }
      for (const auto& ji : jc.at("items")) {
        Item item;
        item.texts = texts;
        item.name = ji.at("name");
        item.kind = ji.at("kind");
        ReadItemDetail(ji, item);
        if (ji.contains("version")) item.version = ji.at("version").get<int>();
        const Text item_name = texts->Intern(item.name);
        const Text row_kind = Text::Static(item.kind == "milestone" ? "milestone" : "commitment");
        for (const auto& written : ji.at("verdicts")) {
          const ordered_json row_object = schema3 ? VerdictObject(written, item.name) : ordered_json();
          const ordered_json& jv = schema3 ? row_object : written;
          VerdictRow v;
          v.item = item_name;
          v.kind = row_kind;
          v.entity = Pooled(*texts, jv.at("entity"));
          v.period = Pooled(*texts, jv.at("period"));
          v.verdict = Pooled(*texts, jv.at("verdict"));
          if (schema1) {
            v.entity_name = texts->Intern(TextOf(jv, "entity_name"));
          } else {
            const auto entity = entities.find(v.entity.str());
            if (entity == entities.end()) {
              throw ReportProblem(Tr("a verdict of {0} names the entity {1}, which no entry of the contract's \"entities\" has",
                                     item.name, v.entity));
            }
            std::tie(v.entity_name, v.group) = entity->second;
          }
          if (!jv.at("measured").is_null()) v.measured = jv.at("measured").get<double>();
          if (!jv.at("target").is_null()) v.target = jv.at("target").get<double>();
          ReadVerdictDetail(jv, v, *texts);
          for (const auto& jin : jv.at("inputs")) v.inputs.push_back(InputFromJson(jin, sources, *texts));
          item.verdicts.push_back(std::move(v));
        }
        c.items.push_back(std::move(item));
      }
      for (const auto& jp : jc.at("payments")) {
        Payment p;
        p.name = jp.at("name");
        p.year = jp.at("year");
        p.title = TextOf(jp, "title");
        p.score = TextOf(jp, "score");
        p.reason = TextOf(jp, "reason");
        if (const auto read = jp.find("read"); read != jp.end() && read->is_array()) {
          for (const auto& line : *read) p.read.push_back(line.get<std::string>());
        }
        if (const auto version = jp.find("version"); version != jp.end() && version->is_number_integer()) p.version = version->get<int>();
        if (jp.contains("party")) p.party = jp.at("party").get<std::string>();
        if (!jp.at("amount_eur").is_null()) p.amount = jp.at("amount_eur").get<std::string>();
        if (!jp.at("inputs").is_array()) throw ReportProblem(Tr("the inputs of payment {0} are not a list", p.name));
        for (const auto& jin : jp.at("inputs")) {
          p.inputs.push_back(InputFromJson(schema3 ? InputObject(jin, nullptr, nullptr) : jin, sources, *texts));
        }
        c.payments.push_back(std::move(p));
      }
      for (const auto& js : jc.at("scores")) c.scores.push_back(ScoreFromJson(js));
      for (const auto& js : jc.at("entity_scores")) c.entity_scores.push_back(ScoreFromJson(js));
      c.summary = SummarizeContract(c);
      report.contracts.push_back(std::move(c));
    }
    return report;
  } catch (const ReportProblem& error) {
    problem = error.what();
    return std::nullopt;
  } catch (const std::exception& error) {
    problem = Tr("the report is incomplete: {0}", error.what());
    return std::nullopt;
  }
}

}  // namespace vigie::report
