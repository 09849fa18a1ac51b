#include "engine/cli/fmt_command.h"

#include <fstream>
#include <sstream>

#include "engine/base/diagnostic_render.h"
#include "engine/base/text.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"
#include "engine/driver/loader.h"
#include "engine/syntax/formatter.h"
#include "engine/syntax/parser.h"

namespace vigie::cli {
namespace {

bool IsLiterateContract(const std::string& path) {
  return path.size() > 9 && path.compare(path.size() - 9, 9, ".vigie.md") == 0;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) lines.push_back(line);
  return lines;
}

// A unified diff of two small texts (longest common subsequence of lines), with 2 lines of context.
std::string Diff(const std::string& path, const std::string& before, const std::string& after) {
  const std::vector<std::string> a = Lines(before), b = Lines(after);
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  struct Op { char kind; std::string text; size_t old_line, new_line; };
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) { ops.push_back({' ', a[i], i + 1, j + 1}); ++i; ++j; }
    else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) { ops.push_back({'-', a[i], i + 1, j + 1}); ++i; }
    else { ops.push_back({'+', b[j], i + 1, j + 1}); ++j; }
  }
  std::string out = "--- " + path + "\n+++ " + path + "\n";
  for (size_t k = 0; k < ops.size();) {
    if (ops[k].kind == ' ') { ++k; continue; }
    size_t start = k >= 2 ? k - 2 : 0, end = k;
    while (end < ops.size()) {
      size_t run = end;
      while (run < ops.size() && ops[run].kind == ' ') ++run;
      if (run - end > 4 || run == ops.size()) { end = std::min(ops.size(), end + 2); break; }
      end = run + 1;
      while (end < ops.size() && ops[end].kind != ' ') ++end;
    }
    size_t old_count = 0, new_count = 0;
    for (size_t x = start; x < end; ++x) {
      if (ops[x].kind != '+') ++old_count;
      if (ops[x].kind != '-') ++new_count;
    }
    // As diff -u writes it: an empty side starts at the line before, so patch(1) can apply it.
    const size_t old_start = old_count == 0 ? ops[start].old_line - 1 : ops[start].old_line;
    const size_t new_start = new_count == 0 ? ops[start].new_line - 1 : ops[start].new_line;
    out += "@@ -" + std::to_string(old_start) + "," + std::to_string(old_count) + " +" + std::to_string(new_start) + "," +
           std::to_string(new_count) + " @@\n";
    for (size_t x = start; x < end; ++x) out += std::string(1, ops[x].kind) + ops[x].text + "\n";
    k = end;
  }
  return out;
}

}  // namespace

int RunFmt(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty()) {
    err << UsageError("fmt", std::string(Tr("name the files or folders to format")));
    return kExitUsage;
  }
  std::optional<syntax::Language> language;
  if (options.lang == "fr") language = syntax::Language::kFrench;
  else if (options.lang == "en") language = syntax::Language::kEnglish;
  DiagnosticSink sink(options.max_errors);
  driver::ParsedProgram program;
  driver::LoadOptions load;
  load.follow_imports = false;
  driver::LoadProgram(options.paths, options.root, program, sink, load);
  if (sink.HasErrors()) {
    err << RenderTextAll(sink.Sorted(), program.sources);
    err << Tr("failed: files with syntax errors are not formatted; nothing was changed") << "\n";
    return kExitInputErrors;
  }
  int changed = 0;
  size_t formattable = 0;
  for (const syntax::ast::File& file : program.files) {
    const SourceFile& source = program.sources.Get(file.file);
    if (IsLiterateContract(source.DisplayPath())) {
      // The rules of a literate contract are spread over fenced blocks between prose: rewriting the
      // extracted rules would throw the prose away, so these files are left to their author.
      err << Tr("note: {0} is a literate contract (.vigie.md); fmt leaves it as it is", source.DisplayPath()) << "\n";
      continue;
    }
    ++formattable;
    const std::string formatted = syntax::FormatFile(file, source, language);
    // Never write something that does not parse: a user's file is worth more than a layout.
    {
      SourceManager check_sources;
      DiagnosticSink check_sink;
      const FileId id = check_sources.Add(source.DisplayPath(), formatted);
      syntax::ParseFile(check_sources, id, check_sink);
      if (check_sink.HasErrors()) {
        err << Tr("vigie fmt: internal error: the formatted {0} would not parse; it was left as it is", source.DisplayPath())
            << "\n"
            << RenderTextAll(check_sink.Sorted(), check_sources);
        return kExitInternal;
      }
    }
    if (formatted == source.Text()) continue;
    ++changed;
    if (options.check) {
      out << Tr("would reformat {0}", source.DisplayPath()) << "\n";
    } else if (options.diff) {
      out << Diff(source.DisplayPath(), source.Text(), formatted);
    } else if (options.to_stdout) {
      out << formatted;
    } else {
      // The display path is relative to --root or the current directory, as given.
      std::ofstream file_out(options.root.empty() ? source.DisplayPath() : options.root + "/" + source.DisplayPath(),
                             std::ios::binary | std::ios::trunc);
      if (!file_out) {
        err << Tr("vigie fmt: cannot write {0}", source.DisplayPath()) << "\n";
        return kExitInternal;
      }
      file_out << formatted;
      out << Tr("formatted {0}", source.DisplayPath()) << "\n";
    }
  }
  if (options.to_stdout) {
    for (const syntax::ast::File& file : program.files) {
      const SourceFile& source = program.sources.Get(file.file);
      if (IsLiterateContract(source.DisplayPath())) continue;
      if (syntax::FormatFile(file, source, language) == source.Text()) out << source.Text();
    }
  }
  if (options.check || options.diff) {
    if (changed == 0 && options.check) {
      out << (formattable == 0   ? std::string(Tr("no file to format"))
              : formattable == 1 ? std::string(Tr("the file is formatted"))
                                 : Tr("all {0} files are formatted", formattable))
          << "\n";
    }
    return changed > 0 ? kExitInputErrors : kExitOk;
  }
  return kExitOk;
}

}  // namespace vigie::cli
