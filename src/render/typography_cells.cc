#include <unicode/uchar.h>

#include "render/typography_cells.h"

#include "core/text.h"

namespace depeche::render::typo {
namespace {

bool is_horizontal_space(char32_t c) {
  return c == 0x20 || c == 0x09 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_line_break(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}

Cls classify(char32_t c) {
  if (c >= '0' && c <= '9') return Cls::digit;
  if (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return Cls::letter;
  if (is_horizontal_space(c)) return Cls::space;
  if (is_line_break(c)) return Cls::brk;
  if (c == '\'' || c == 0x2019 || c == 0x02BC) return Cls::apostrophe;
  if (c < 0x80) return Cls::other;
  auto u = static_cast<UChar32>(c);
  // Combining marks belong to the letter before them ("e" + U+0301).
  if (u_isUAlphabetic(u) || (U_GET_GC_MASK(u) & U_GC_M_MASK) != 0) return Cls::letter;
  return Cls::other;
}

std::size_t utf8_length(char32_t cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

char32_t edit_char(unsigned edit) {
  return static_cast<Edit>(edit) == Edit::nbsp ? kNbsp : kNnbsp;
}

}  // namespace

Decoded decode_utf8(std::string_view s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1};
  std::size_t len = (b >= 0xC2 && b <= 0xDF)   ? 2
                    : (b >= 0xE0 && b <= 0xEF) ? 3
                    : (b >= 0xF0 && b <= 0xF4) ? 4
                                               : 0;
  if (len == 0 || i + len > s.size()) return {0xFFFD, 1};
  char32_t cp = b & (0x7Fu >> len);
  for (std::size_t k = 1; k < len; ++k) {
    auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (cont & 0x3Fu);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not characters.
  bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return {0xFFFD, 1};
  return {cp, len};
}

CellText::CellText(std::size_t max_cells, Insertions insertions) : insertions_(insertions) {
  cells_.reserve(max_cells + 1);  // + the end marker
}

void CellText::add_char(std::size_t begin, char32_t cp) {
  add_classed(begin, cp, classify(cp));
}

void CellText::add_classed(std::size_t begin, char32_t cp, Cls cls) {
  Cell c{};
  c.begin = static_cast<std::uint32_t>(begin);
  c.cp = cp;
  c.cls = static_cast<std::uint32_t>(cls);
  cells_.push_back(c);
}

void CellText::add_opaque(std::size_t begin, Cls cls) {
  add_classed(begin, 0, cls);
}

void CellText::add_hidden(std::size_t begin) {
  add_classed(begin, 0, Cls::other);
  cells_.back().hidden = 1;
}

std::string CellText::apply(std::string_view source) {
  std::vector<std::uint32_t> visible;
  visible.reserve(cells_.size());
  for (std::uint32_t i = 0; i < cells_.size(); ++i) {
    if (!cells_[i].hidden) visible.push_back(i);
  }
  apply_rules(cells_, visible);

  if (insertions_ == Insertions::before_hidden) {
    for (std::size_t j = 0; j < visible.size(); ++j) {
      std::uint32_t first = j == 0 ? 0 : visible[j - 1] + 1;
      auto& from = cells_[visible[j]];
      if (from.insert == 0 || first == visible[j]) continue;
      cells_[first].insert = from.insert;
      from.insert = 0;
    }
  }

  add_classed(source.size(), 0, Cls::brk);  // end marker: the last cell's limit
  // A space already of the right kind keeps its spelling ("&nbsp;").
  auto kept = [](const Cell& c) {
    return c.replace == static_cast<unsigned>(Edit::keep) ||
           (c.replace != static_cast<unsigned>(Edit::remove) && c.cp == edit_char(c.replace));
  };
  // Size the output exactly, so that it is allocated once.
  std::size_t size = 0;
  for (std::size_t i = 0; i + 1 < cells_.size(); ++i) {
    const Cell& c = cells_[i];
    if (c.insert != 0) size += utf8_length(edit_char(c.insert));
    if (kept(c)) {
      size += cells_[i + 1].begin - c.begin;
    } else if (c.replace != static_cast<unsigned>(Edit::remove)) {
      size += utf8_length(edit_char(c.replace));
    }
  }
  std::string out;
  out.reserve(size);
  for (std::size_t i = 0; i + 1 < cells_.size(); ++i) {
    const Cell& c = cells_[i];
    if (c.insert != 0) append_utf8(out, edit_char(c.insert));
    if (kept(c)) {
      out.append(source.substr(c.begin, cells_[i + 1].begin - c.begin));
    } else if (c.replace != static_cast<unsigned>(Edit::remove)) {
      append_utf8(out, edit_char(c.replace));
    }
  }
  cells_.pop_back();
  return out;
}

}  // namespace depeche::render::typo
