#pragma once
// Internal to render/typography*.cc. The three front doors (plain text,
// HTML, MessageFormat) each cut their input into cells: one per character
// of readable text, one per piece the rules must not touch (a tag, an
// argument). The rules then run on the cells alone, whatever the input
// language, and the result is the source with a few spaces replaced,
// removed or inserted.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace depeche::render::typo {

// What a cell is, for the rules.
enum class Cls : std::uint8_t {
  space,        // horizontal space: U+0020, tab, U+00A0, U+2000–U+200A, U+202F…
  brk,          // a line break, a block boundary, or syntax between sub-messages
  letter,       // alphabetic or combining mark (and unknown named entities)
  digit,        // ASCII 0–9 only: numbers are what the rules group
  apostrophe,   // ' ’ ʼ: ends no word ("l’an" is not the unit "l")
  other,        // punctuation, symbols, invalid bytes
  word_atom,    // opaque but word-like: <code>, <img>, a message argument
  number_atom,  // opaque number: a "{n, number}" argument or "#"
};

// A change to one cell; also what is inserted before a cell.
enum class Edit : std::uint8_t { keep, remove, nbsp, nnbsp };

inline constexpr char32_t kNbsp = 0x00A0;
inline constexpr char32_t kNnbsp = 0x202F;

// Packed to 8 bytes: the memory use is per input byte. A cell's source is
// [begin, next cell's begin).
struct Cell {
  std::uint32_t begin;
  std::uint32_t cp : 21;      // the character (text cells); 0 otherwise
  std::uint32_t cls : 3;      // Cls
  std::uint32_t hidden : 1;   // zero-width for the rules: an inline tag, a comment
  std::uint32_t in_url : 1;   // part of a token with "://", "www." or "@"
  std::uint32_t replace : 2;  // Edit, for space cells
  std::uint32_t insert : 2;   // Edit inserted before this cell (nbsp or nnbsp)
};

// Builds the cell list over a source string, then applies the rules.
class CellText {
 public:
  // Where a space inserted before a character goes when hidden pieces
  // precede that character: after them (HTML: "</a>\u00A0:" keeps the
  // space out of the link), or before them (MessageFormat: a quoting
  // apostrophe must stay right before the character it quotes).
  enum class Insertions { after_hidden, before_hidden };

  // Cells are added in source order; each covers the source from its
  // `begin` to the next cell's. `max_cells` is a capacity hint.
  CellText(std::size_t max_cells, Insertions insertions);

  // Adds one character of readable text at `begin`, classified by code point.
  void add_char(std::size_t begin, char32_t cp);
  // Adds a character with a given class (an entity the rules cannot read).
  void add_classed(std::size_t begin, char32_t cp, Cls cls);
  // Adds an opaque piece (copied as is) that the rules see as `cls`.
  void add_opaque(std::size_t begin, Cls cls);
  // Adds an opaque piece the rules do not see at all.
  void add_hidden(std::size_t begin);

  // Runs the rules and returns `source` (the text the cells were cut
  // from) with their edits.
  std::string apply(std::string_view source);

 private:
  std::vector<Cell> cells_;
  Insertions insertions_;
};

// The rules themselves (typography_rules.cc): set `replace` and `insert`
// on the cells listed in `visible` (every cell that is not hidden, in order).
void apply_rules(std::vector<Cell>& cells, const std::vector<std::uint32_t>& visible);

// Decodes one UTF-8 sequence at `i`; an invalid or truncated one yields
// U+FFFD and length 1, so every byte is kept.
struct Decoded {
  char32_t cp;
  std::size_t len;
};
Decoded decode_utf8(std::string_view s, std::size_t i);


}  // namespace depeche::render::typo
