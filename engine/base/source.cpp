#include "engine/base/source.h"

#include <algorithm>

namespace vigie {

Span Cover(const Span& a, const Span& b) {
  if (!a.IsValid()) return b;
  if (!b.IsValid() || a.file != b.file) return a;
  return Span{a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

SourceFile::SourceFile(std::string display_path, std::string text)
    : display_path_(std::move(display_path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  // size_t: a text past 4 GiB (the readers refuse one) must not wrap the index and loop for ever.
  for (size_t i = 0; i < text_.size(); ++i) {
    if (const size_t length = LineBreakLength(text_, i); length > 0) {
      i += length - 1;
      line_starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
  // A final newline does not open a line of its own.
  if (line_starts_.size() > 1 && line_starts_.back() == text_.size()) line_starts_.pop_back();
}

LineColumn SourceFile::Locate(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line_index = static_cast<uint32_t>(after - line_starts_.begin()) - 1;
  uint32_t start = line_starts_[line_index];
  std::string_view before(text_.data() + start, offset - start);
  return LineColumn{line_index + 1, CountCodePoints(before) + 1};
}

uint32_t SourceFile::SheetColumn(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  const uint32_t start = LineStart(Locate(offset).line);
  return static_cast<uint32_t>(std::count(text_.begin() + start, text_.begin() + offset, '\t')) + 1;
}

uint32_t SourceFile::LineStart(uint32_t line) const {
  if (line == 0) return 0;
  if (line > line_starts_.size()) return static_cast<uint32_t>(text_.size());
  return line_starts_[line - 1];
}

std::string_view SourceFile::LineText(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t start = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_.data() + start, end - start);
}

std::string SourceFile::ParagraphFor(uint32_t line) const {
  std::string found;
  for (const auto& [first_line, text] : paragraphs_) {
    if (first_line <= line) found = text;
  }
  return found;
}

FileId SourceManager::Add(std::string display_path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(display_path), std::move(text)));
  return static_cast<FileId>(files_.size() - 1);
}

size_t LineBreakLength(std::string_view text, size_t offset) {
  if (offset >= text.size()) return 0;
  if (text[offset] == '\n') return 1;
  if (text[offset] != '\r') return 0;
  return offset + 1 < text.size() && text[offset + 1] == '\n' ? 2 : 1;
}

uint32_t CountCodePoints(std::string_view utf8) {
  uint32_t count = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

size_t FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length;
    uint32_t code_point;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { length = 2; code_point = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { length = 3; code_point = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { length = 4; code_point = c & 0x07; }
    else return i;
    if (i + length > n) return i;
    for (size_t k = 1; k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid too.
    static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinForLength[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace vigie
