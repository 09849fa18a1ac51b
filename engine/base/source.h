// Source files held in memory, spans into them, and the line table.
//
// Offsets are BYTE offsets into the UTF-8 text. Columns shown to users are counted in code points
// (an accented letter is one column), so `é` before an error does not shift the caret.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie {

using FileId = uint32_t;
inline constexpr FileId kNoFile = std::numeric_limits<FileId>::max();

// Half-open byte range [begin, end) in one file. An empty span (begin == end) marks a position.
struct Span {
  FileId file = kNoFile;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool IsValid() const { return file != kNoFile; }
  friend bool operator==(const Span&, const Span&) = default;
};

// Joins two spans of the same file into the smallest span covering both.
Span Cover(const Span& a, const Span& b);

struct LineColumn {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in code points
};

class SourceFile {
 public:
  // `display_path` is what diagnostics print (relative to where vigie was invoked).
  SourceFile(std::string display_path, std::string text);

  const std::string& DisplayPath() const { return display_path_; }
  const std::string& Text() const { return text_; }
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts_.size()); }

  // Line and column of a byte offset; an offset past the end maps to the end of the last line.
  LineColumn Locate(uint32_t offset) const;
  // Byte offset where 1-based `line` starts.
  uint32_t LineStart(uint32_t line) const;
  // Text of 1-based `line`, without its line terminator.
  std::string_view LineText(uint32_t line) const;

  // Literate files (.vigie.md): the Markdown paragraph written just above each fenced vigie block,
  // by the block's first line. Reports quote it as the clause text of what the block declares.
  void SetParagraphs(std::vector<std::pair<uint32_t, std::string>> paragraphs) { paragraphs_ = std::move(paragraphs); }
  // The paragraph above the block that contains `line`, or "".
  std::string ParagraphFor(uint32_t line) const;
  // The file's bytes as stored on disk, when they differ from Text() (a literate file, whose prose is
  // blanked out): reports digest these, so that verify can compare them with the file.
  void SetFileBytes(std::string bytes) { file_bytes_ = std::move(bytes); }
  const std::string& FileBytes() const { return file_bytes_ ? *file_bytes_ : text_; }
  // A sheet of a workbook read as a table (ingest/xlsx_reader.h): line N is the sheet's row N and
  // its cells are separated by tabs, so a location is written as a cell ("B12").
  void SetSheet() { sheet_ = true; }
  bool IsSheet() const { return sheet_; }
  // The 1-based spreadsheet column of a byte offset of a sheet (its tabs before it, plus one).
  uint32_t SheetColumn(uint32_t offset) const;

 private:
  std::string display_path_;
  std::string text_;
  std::optional<std::string> file_bytes_;
  std::vector<uint32_t> line_starts_;  // built once; the file is never reread
  std::vector<std::pair<uint32_t, std::string>> paragraphs_;
  bool sheet_ = false;
};

// Owns every source file of one run; FileId indexes into it.
class SourceManager {
 public:
  FileId Add(std::string display_path, std::string text);
  const SourceFile& Get(FileId id) const { return *files_.at(id); }
  SourceFile& GetMutable(FileId id) { return *files_.at(id); }
  size_t Size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// Length of the line break at byte `offset` of `text`: 2 for "\r\n" (Windows), 1 for "\n" or for a
// "\r" alone (old Mac files), 0 when no line ends there. Every reader of lines uses it, so that the
// three conventions give the same lines.
size_t LineBreakLength(std::string_view text, size_t offset);

// Number of code points in a UTF-8 string (continuation bytes are not counted).
uint32_t CountCodePoints(std::string_view utf8);

// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace vigie
