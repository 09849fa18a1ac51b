// keywords.def (used for messages and by tools) must say exactly what the grammar's lexer accepts.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>
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

// TOKEN -> set of spellings, from rules such as `AT_LEAST : 'at' [ \t]+ 'least' | 'au' [ \t]+ 'moins' ;`
std::map<std::string, std::set<std::string>> GrammarKeywords() {
  std::ifstream stream(std::string(VIGIE_SOURCE_DIR) + "/grammar/Vigie.g4");
  std::stringstream buffer;
  buffer << stream.rdbuf();
  std::map<std::string, std::set<std::string>> out;
  std::istringstream lines(buffer.str());
  std::string line;
  const std::regex rule(R"(^([A-Z_]+)\s*:\s*(.*);\s*$)");
  const std::regex literal(R"('((?:\\'|[^'])*)')");
  while (std::getline(lines, line)) {
    std::smatch match;
    if (!std::regex_match(line, match, rule)) continue;
    std::string body = match[2];
    std::stringstream alternatives(body);
    std::string alternative;
    while (std::getline(alternatives, alternative, '|')) {
      std::string spelling;
      for (std::sregex_iterator it(alternative.begin(), alternative.end(), literal), end; it != end; ++it) {
        std::string piece = (*it)[1];
        for (size_t at = piece.find("\\'"); at != std::string::npos; at = piece.find("\\'")) piece.replace(at, 2, "'");
        spelling += (spelling.empty() ? "" : " ") + piece;
      }
      if (!spelling.empty()) out[match[1]].insert(spelling);
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
