#include "engine/base/pooled_text.h"

namespace vigie {

namespace {
// The literals' and fixed vocabularies' pool: a few dozen texts, never freed.
TextPool& ProgramTexts() {
  static auto* pool = new TextPool;
  return *pool;
}
}  // namespace

Text Text::Static(std::string_view text) { return ProgramTexts().Intern(text); }

Text TextPool::Intern(std::string_view text) {
  const std::lock_guard<std::mutex> lock(lock_);
  auto it = texts_.find(text);
  if (it == texts_.end()) it = texts_.emplace(text).first;
  return Text(&*it);
}

void TextPool::Hold(TextArenaPtr arena) {
  const std::lock_guard<std::mutex> lock(lock_);
  if (arenas_.empty() || arenas_.back() != arena) arenas_.push_back(std::move(arena));
}

}  // namespace vigie
