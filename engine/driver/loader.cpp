#include "engine/driver/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "engine/base/text.h"

namespace vigie::driver {
namespace fs = std::filesystem;
namespace {

bool IsLiterate(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.size() > 9 && name.compare(name.size() - 9, 9, ".vigie.md") == 0;
}

// A literate contract: Markdown whose ```vigie fenced blocks are the rules. Every other line becomes
// an empty line, so the rules keep their line numbers (and diagnostics point at the Markdown file's
// own lines); the paragraph above each block is kept as its clause text.
std::string ExtractVigieBlocks(const std::string& markdown, std::vector<std::pair<uint32_t, std::string>>& paragraphs) {
  std::string code;
  std::string paragraph, last_paragraph;
  bool in_block = false, in_other_fence = false;
  uint32_t line_number = 0;
  size_t start = 0;
  while (start <= markdown.size()) {
    size_t end = start;
    while (end < markdown.size() && LineBreakLength(markdown, end) == 0) ++end;
    const bool last = end == markdown.size();
    std::string line = markdown.substr(start, end - start);
    ++line_number;
    std::string trimmed = line;
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    size_t indent = trimmed.find_first_not_of(' ');
    const std::string bare = indent == std::string::npos ? "" : trimmed.substr(indent);
    if (!in_block && !in_other_fence && (bare == "```vigie" || bare == "~~~vigie" || bare == "``` vigie")) {
      in_block = true;
      if (!paragraph.empty()) last_paragraph = paragraph;
      paragraphs.emplace_back(line_number + 1, last_paragraph);
      paragraph.clear();
      last_paragraph.clear();  // a paragraph is the clause of the block right below it, never of a later one
    } else if (in_block && (bare == "```" || bare == "~~~")) {
      in_block = false;
    } else if (!in_block && (bare.rfind("```", 0) == 0 || bare.rfind("~~~", 0) == 0)) {
      in_other_fence = !in_other_fence;  // another language's code block: not rules, not a clause
    } else if (in_block) {
      code += line;
    } else if (!in_other_fence) {
      if (bare.empty()) {
        if (!paragraph.empty()) last_paragraph = paragraph;
        paragraph.clear();
      } else if (bare[0] == '#') {  // headings are not clause text, and a new heading starts a new clause
        paragraph.clear();
        last_paragraph.clear();
      } else {
        paragraph += (paragraph.empty() ? "" : " ") + bare;
      }
    }
    if (last) break;
    code += markdown.substr(end, LineBreakLength(markdown, end));  // the line break as written
    start = end + LineBreakLength(markdown, end);
  }
  return code;
}

class Loader {
 public:
  Loader(const std::string& display_root, ParsedProgram& program, DiagnosticSink& sink, const LoadOptions& options)
      : root_(fs::absolute(display_root.empty() ? fs::current_path() : fs::path(display_root)).lexically_normal()),
        program_(program), sink_(sink), options_(options) {}

  void LoadNamed(const std::vector<std::string>& paths) {
    for (const std::string& path : paths) {
      std::error_code error;
      const fs::path given(path);
      if (fs::is_directory(given, error)) {
        std::vector<fs::path> found;
        for (auto it = fs::recursive_directory_iterator(given, fs::directory_options::skip_permission_denied, error);
             !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
          if (it->is_regular_file(error) && (it->path().extension() == ".vigie" || IsLiterate(it->path()))) {
            found.push_back(it->path());
          }
        }
        std::sort(found.begin(), found.end());
        if (found.empty()) {
          Diagnostic diagnostic = MakeDiagnostic(DiagCode::kNoSourceInDirectory, Span{},
                                                 Tr("directory '{0}' has no .vigie file", Display(fs::absolute(given))));
          diagnostic.help = Tr("rulesets and contracts are files ending in .vigie");
          sink_.Report(std::move(diagnostic));
        }
        for (const fs::path& file : found) Load(file, Span{});
        program_.files_named += found.size();
        continue;
      }
      if (Load(given, Span{}) != kFailed) ++program_.files_named;
    }
  }

 private:
  static constexpr size_t kFailed = static_cast<size_t>(-1);
  static constexpr size_t kMaxImportDepth = 256;  // files in one chain of imports (docs/language.md, Limits)

  std::string Display(const fs::path& path) const {
    // Relative to the display root when the file is below it; otherwise as the user wrote it.
    const fs::path normal = fs::absolute(path).lexically_normal();
    fs::path relative = normal.lexically_relative(root_);
    if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
    return path.lexically_normal().generic_string();
  }

  static std::string Key(const fs::path& path) {
    std::error_code error;
    fs::path canonical = fs::weakly_canonical(path, error);
    return (error ? path.lexically_normal() : canonical).generic_string();
  }

  // Loads one file (and, recursively, its imports); returns its index in program_.files or kFailed.
  // `imported_at` is the span of the import string, or invalid for a file named by the user.
  size_t Load(const fs::path& path, Span imported_at) {
    const std::string key = Key(path);
    if (auto done = loaded_.find(key); done != loaded_.end()) return done->second;
    if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
      ReportCycle(key, imported_at);
      return kFailed;
    }
    const std::string shown = Display(path);
    auto fail = [&](DiagCode code, const std::string& message, std::string_view help) {
      Diagnostic diagnostic = MakeDiagnostic(
          imported_at.IsValid() && code == DiagCode::kFileNotFound ? DiagCode::kImportNotFound : code, imported_at,
          message);
      diagnostic.help = help;
      sink_.Report(std::move(diagnostic));
      loaded_[key] = kFailed;
      return kFailed;
    };
    std::error_code error;
    if (!fs::exists(path, error)) {
      return fail(DiagCode::kFileNotFound,
                  imported_at.IsValid() ? Tr("imported file '{0}' does not exist", shown) : Tr("cannot find file '{0}'", shown),
                  imported_at.IsValid() ? Tr("an import is relative to the file that contains it") : Tr("check the path"));
    }
    if (fs::is_directory(path, error)) {
      return fail(DiagCode::kFileUnreadable, Tr("'{0}' is a directory, not a .vigie file", shown),
                  Tr("import the files of a directory one by one"));
    }
    const auto size = fs::file_size(path, error);
    if (!error && size > options_.max_file_bytes) {
      auto megabytes = [](uintmax_t bytes) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.1f", static_cast<double>(bytes) / (1024.0 * 1024.0));
        std::string number(buffer);
        if (CurrentLanguage() == Language::kFrench) std::replace(number.begin(), number.end(), '.', ',');
        return Tr("{0} MB", number);
      };
      return fail(DiagCode::kFileTooLarge,
                  Tr("file '{0}' is {1} ({2} bytes); the limit is {3}", shown, megabytes(size), std::to_string(size),
                     megabytes(options_.max_file_bytes)),
                  Tr("a ruleset this large is almost certainly not a ruleset: check the file name"));
    }
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
      return fail(DiagCode::kFileUnreadable, Tr("cannot read file '{0}'", shown), Tr("check its permissions"));
    }
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    std::string text = buffer.str();

    if (text.find('\0') != std::string::npos) {
      return fail(DiagCode::kBinaryFile, Tr("file '{0}' is not a text file (it contains NUL bytes)", shown),
                  Tr("vigie reads rulesets written as UTF-8 text"));
    }
    const size_t invalid = FindInvalidUtf8(text);
    if (invalid != std::string::npos) {
      // Keep the file, with each invalid byte shown as '?', so the diagnostic can point at the line.
      for (size_t i = invalid; i < text.size();) {
        size_t next = FindInvalidUtf8(std::string_view(text).substr(i));
        if (next == std::string::npos) break;
        text[i + next] = '?';
        i += next + 1;
      }
      FileId id = program_.sources.Add(shown, std::move(text));
      Diagnostic diagnostic = MakeDiagnostic(DiagCode::kInvalidUtf8, Span{id, static_cast<uint32_t>(invalid),
                                                                          static_cast<uint32_t>(invalid + 1)},
                                             Tr("file '{0}' is not valid UTF-8 (shown as '?' below)", shown));
      diagnostic.help = Tr("save the file as UTF-8; a spreadsheet or an old editor may have used Windows-1252");
      sink_.Report(std::move(diagnostic));
      loaded_[key] = kFailed;
      return kFailed;
    }

    std::vector<std::pair<uint32_t, std::string>> paragraphs;
    std::optional<std::string> file_bytes;
    if (IsLiterate(path)) {
      file_bytes = text;
      text = ExtractVigieBlocks(text, paragraphs);
    }
    FileId id = program_.sources.Add(shown, std::move(text));
    program_.sources.GetMutable(id).SetParagraphs(std::move(paragraphs));
    if (file_bytes) program_.sources.GetMutable(id).SetFileBytes(std::move(*file_bytes));
    const size_t errors_before = sink_.ErrorCount();
    syntax::ast::File file = syntax::ParseFile(program_.sources, id, sink_, options_.parse);
    const bool empty = file.imports.empty() && file.indicators.empty() && file.attributes.empty() &&
                       file.contracts.empty() && file.templates.empty() && file.tables.empty() && file.tests.empty();
    const bool blank = program_.sources.Get(id).Text().find_first_not_of(" \t\r\n") == std::string::npos;
    if (empty && sink_.ErrorCount() == errors_before) {
      Diagnostic diagnostic = MakeDiagnostic(DiagCode::kEmptyFile, Span{id, 0, 0},
                                             blank ? Tr("file '{0}' is empty", shown) : Tr("file '{0}' declares nothing", shown));
      diagnostic.help = Tr("a ruleset declares indicators, contracts, templates or tests");
      sink_.Report(std::move(diagnostic));
    }

    stack_.push_back(key);
    stack_spans_.push_back(imported_at);
    const fs::path directory = path.parent_path();
    if (options_.follow_imports) {
      for (const syntax::ast::Import& import : file.imports) {
        if (import.path.value.empty()) {
          ReportEmptyImport(import.path.span);
          continue;
        }
        if (stack_.size() >= kMaxImportDepth) {
          ReportDeepImport(import.path.span);
          continue;
        }
        Load(directory / import.path.value, import.path.span);
      }
    }
    stack_.pop_back();
    stack_spans_.pop_back();

    const size_t index = program_.files.size();
    program_.files.push_back(std::move(file));
    loaded_[key] = index;
    return index;
  }

  // Load recurses once per file of a chain of imports: a chain longer than any real ruleset's is
  // refused before it can exhaust the stack.
  void ReportDeepImport(Span imported_at) {
    Diagnostic diagnostic = MakeDiagnostic(
        DiagCode::kImportTooDeep, imported_at,
        Tr("this import would make a chain of {0} files, each importing the next; the limit is {1}", stack_.size() + 1,
           kMaxImportDepth));
    diagnostic.help = Tr("import the shared files from one main file, side by side, rather than one from the other");
    sink_.Report(std::move(diagnostic));
  }

  // `import ""` (or a string cut at the end of the line): no path to look for.
  void ReportEmptyImport(Span imported_at) {
    Diagnostic diagnostic = MakeDiagnostic(DiagCode::kImportNotFound, imported_at, std::string(Tr("this import names no file")));
    diagnostic.help = Tr("write the path of a .vigie file, relative to this one: import \"catalog.vigie\"");
    sink_.Report(std::move(diagnostic));
  }

  void ReportCycle(const std::string& key, Span imported_at) {
    auto start = std::find(stack_.begin(), stack_.end(), key);
    Diagnostic diagnostic = MakeDiagnostic(DiagCode::kImportCycle, imported_at,
                                           std::string(Tr("this import closes a cycle: the files import each other")));
    for (auto it = start; it != stack_.end(); ++it) {
      const size_t i = static_cast<size_t>(it - stack_.begin());
      if (i + 1 < stack_spans_.size() && stack_spans_[i + 1].IsValid()) {
        diagnostic.notes.push_back(Note{stack_spans_[i + 1], std::string(Tr("imported from here"))});
      }
    }
    diagnostic.help = Tr("move the shared declarations into a file that both import, and import it one way only");
    sink_.Report(std::move(diagnostic));
  }

  fs::path root_;
  ParsedProgram& program_;
  DiagnosticSink& sink_;
  const LoadOptions& options_;
  std::map<std::string, size_t> loaded_;
  std::vector<std::string> stack_;
  std::vector<Span> stack_spans_;
};

}  // namespace

void LoadProgram(const std::vector<std::string>& paths, const std::string& display_root, ParsedProgram& program,
                 DiagnosticSink& sink, const LoadOptions& options) {
  Loader loader(display_root, program, sink, options);
  loader.LoadNamed(paths);
}

}  // namespace vigie::driver
