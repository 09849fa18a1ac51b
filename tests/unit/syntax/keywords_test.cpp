// keywords.def (used for messages and by tools) must say exactly what the grammar's lexer accepts.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <cctype>
#include <set>
#include <sstream>

namespace {

struct Keyword {
  std::string token, english, french;
};

std::vector<Keyword> KeywordsDef() {
  return {
#define VIGIE_KEYWORD(token, english, french) {#token, english, french},
#include "engine/syntax/keywords.def"
#undef VIGIE_KEYWORD
  };
}

std::multimap<std::string, std::string> Aliases() {
  std::multimap<std::string, std::string> out;
#define VIGIE_KEYWORD(token, english, french)
#define VIGIE_KEYWORD_ALIAS(token, spelling) out.emplace(#token, spelling);
#include "engine/syntax/keywords.def"
#undef VIGIE_KEYWORD_ALIAS
#undef VIGIE_KEYWORD
  return out;
}

// TOKEN -> set of spellings, from rules such as `AT_LEAST : 'at' [ \t]+ 'least' | 'au' [ \t]+ 'moins' ;`
// Hand-scanned: std::regex recurses per character and overflows the stack on long rules.
std::map<std::string, std::set<std::string>> GrammarKeywords() {
  std::ifstream stream(std::string(VIGIE_SOURCE_DIR) + "/grammar/Vigie.g4");
  std::map<std::string, std::set<std::string>> out;
  std::string line;
  while (std::getline(stream, line)) {
    size_t name_end = 0;
    while (name_end < line.size() && (std::isupper(static_cast<unsigned char>(line[name_end])) || line[name_end] == '_')) {
      ++name_end;
    }
    if (name_end == 0) continue;
    size_t colon = line.find_first_not_of(' ', name_end);
    if (colon == std::string::npos || line[colon] != ':') continue;
    const std::string token = line.substr(0, name_end);
    std::string spelling;
    bool in_literal = false;
    for (size_t i = colon + 1; i < line.size(); ++i) {
      const char c = line[i];
      if (in_literal) {
        if (c == '\\' && i + 1 < line.size()) {
          spelling += line[++i];
        } else if (c == '\'') {
          in_literal = false;
        } else {
          spelling += c;
        }
        continue;
      }
      if (c == '\'') {
        if (!spelling.empty() && spelling.back() != ' ') spelling += ' ';  // 'at' [ \t]+ 'least'
        in_literal = true;
      } else if (c == '|' || c == ';') {
        while (!spelling.empty() && spelling.back() == ' ') spelling.pop_back();
        if (!spelling.empty()) out[token].insert(spelling);
        spelling.clear();
        if (c == ';') break;
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("every keyword of keywords.def has exactly its two spellings in the grammar", "[syntax][keywords]") {
  const auto grammar = GrammarKeywords();
  const auto keywords = KeywordsDef();
  REQUIRE(keywords.size() > 50);
  for (const Keyword& keyword : keywords) {
    INFO(keyword.token);
    REQUIRE(grammar.count(keyword.token));
    std::set<std::string> expected{keyword.english, keyword.french};
    const auto all_aliases = Aliases();
    auto aliases = all_aliases.equal_range(keyword.token);
    for (auto it = aliases.first; it != aliases.second; ++it) expected.insert(it->second);
    CHECK(grammar.at(keyword.token) == expected);
  }
}

TEST_CASE("English and French spellings are all distinct across keywords", "[syntax][keywords]") {
  std::map<std::string, std::string> owner;
  for (const Keyword& keyword : KeywordsDef()) {
    for (const std::string& spelling : std::set<std::string>{keyword.english, keyword.french}) {
      INFO(spelling);
      auto [it, inserted] = owner.emplace(spelling, keyword.token);
      CHECK((inserted || it->second == keyword.token));
    }
  }
}
