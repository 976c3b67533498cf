// The French spacing rules, on cells (see typography_cells.h). Each rule
// looks a few visible cells around one position; a run of spaces is always
// taken whole, so that whatever spaces were there, the result is the same:
// this is what makes the rules idempotent.

#include <unicode/uchar.h>

#include <algorithm>
#include <cstddef>
#include <string_view>

#include "render/typography_cells.h"

namespace depeche::render::typo {
namespace {

using Pos = std::ptrdiff_t;

// Words and symbols that stay on the line of the number before them.
constexpr std::u32string_view kUnits[] = {
    U"%",         U"‰",         U"€",        U"$",       U"£",         U"¥",         U"°C",
    U"°F",        U"°",         U"M€",       U"Md€",     U"k€",        U"km/h",      U"km²",
    U"km",        U"m²",        U"m³",       U"m",       U"cm",        U"mm",        U"kg",
    U"g",         U"mg",        U"t",        U"ha",      U"l",         U"L",         U"cl",
    U"ml",        U"mL",        U"ko",       U"Mo",      U"Go",        U"To",        U"kWh",
    U"MWh",       U"GWh",       U"TWh",      U"kW",      U"MW",        U"GW",        U"h",
    U"min",       U"s",         U"ms",       U"million", U"millions",  U"milliard",  U"milliards",
    U"euro",      U"euros",     U"dollar",   U"dollars", U"an",        U"ans",       U"mois",
    U"semaine",   U"semaines",  U"jour",     U"jours",   U"heure",     U"heures",    U"minute",
    U"minutes",   U"seconde",   U"secondes", U"mètre",   U"mètres",    U"kilomètre", U"kilomètres",
    U"habitants", U"personnes", U"points",   U"janvier", U"février",   U"mars",      U"avril",
    U"mai",       U"juin",      U"juillet",  U"août",    U"septembre", U"octobre",   U"novembre",
    U"décembre",  U"Mds",
};

// Units that get a no-break space even when written against the number
// ("50%" → "50 %"); letters are not split off ("10km" stays as written).
constexpr std::u32string_view kAttachedUnits[] = {
    U"%", U"‰", U"€", U"$", U"£", U"°C", U"°F",
};

// Ordinal endings kept with their number: "1er janvier", "3e étage".
constexpr std::u32string_view kOrdinals[] = {
    U"er", U"re", U"e", U"es", U"ers", U"res", U"ème", U"èmes", U"eme", U"ᵉ", U"ᵉʳ",
};

// Abbreviations tied to what follows: a number, or a capitalised name.
struct Abbreviation {
  std::u32string_view text;
  bool before_number;
};
constexpr Abbreviation kAbbreviations[] = {
    {U"n°", true},    {U"N°", true},    {U"nº", true},     {U"Nº", true},   {U"p.", true},
    {U"pp.", true},   {U"art.", true},  {U"M.", false},    {U"MM.", false}, {U"Mme", false},
    {U"Mmes", false}, {U"Mlle", false}, {U"Mlles", false}, {U"Me", false},  {U"Mgr", false},
    {U"Dr", false},   {U"Pr", false},
};

bool is_opening_guillemet(char32_t c) {
  return c == U'«' || c == U'‹';
}
bool is_closing_guillemet(char32_t c) {
  return c == U'»' || c == U'›';
}

bool is_mark(char32_t c) {
  return c == ';' || c == ':' || c == '!' || c == '?';
}

// What may close a phrase right after "?" or "!": "(vraiment ?)".
bool is_closing(char32_t c) {
  return c == ')' || c == ']' || is_closing_guillemet(c) || c == U'”' || c == '"' || c == U'’' ||
         c == '\'';
}

bool ends_in_letter(std::u32string_view s) {
  return !s.empty() && u_isUAlphabetic(static_cast<UChar32>(s.back()));
}

class Rules {
 public:
  Rules(std::vector<Cell>& cells, const std::vector<std::uint32_t>& visible)
      : cells_(cells), visible_(visible), n_(static_cast<Pos>(visible.size())) {}

  void run() {
    mark_url_tokens();
    for (Pos j = 0; j < n_;) j = step(j);
  }

 private:
  Cell& at(Pos j) { return cells_[visible_[j]]; }
  const Cell& at(Pos j) const { return cells_[visible_[j]]; }
  // Outside the text counts as a line break: no rule reaches across it.
  Cls cls(Pos j) const { return j < 0 || j >= n_ ? Cls::brk : static_cast<Cls>(at(j).cls); }
  char32_t cp(Pos j) const { return j < 0 || j >= n_ ? 0 : at(j).cp; }
  bool solid(Pos j) const { return cls(j) != Cls::space && cls(j) != Cls::brk; }
  // What may follow a ";" or ":" that ends a clause: a space, the end, or a
  // closing guillemet (which gets its own space, so that a second pass
  // sees a space there).
  bool ends_clause(Pos j) const { return !solid(j) || is_closing_guillemet(cp(j)); }
  bool in_url(Pos j) const { return j >= 0 && j < n_ && at(j).in_url; }
  bool is_word_part(Pos j) const {
    Cls k = cls(j);
    return k == Cls::letter || k == Cls::digit || k == Cls::apostrophe || k == Cls::word_atom ||
           k == Cls::number_atom;
  }

  // What a punctuation mark may be attached to: a word, a number, a closing
  // bracket or quote, a unit symbol.
  bool is_wordish(Pos j) const {
    Cls k = cls(j);
    if (k == Cls::letter || k == Cls::digit || k == Cls::word_atom || k == Cls::number_atom) {
      return true;
    }
    char32_t c = cp(j);
    return c == ')' || c == ']' || is_closing_guillemet(c) || c == '%' || c == U'‰' || c == U'€' ||
           c == '$' || c == U'£' || c == U'°' || c == U'…';
  }

  // The spaces [from, to) become one `edit` space.
  void set_run(Pos from, Pos to, Edit edit) {
    at(from).replace = static_cast<unsigned>(edit);
    for (Pos k = from + 1; k < to; ++k) at(k).replace = static_cast<unsigned>(Edit::remove);
  }

  Pos run_end(Pos j) const {
    while (cls(j) == Cls::space) ++j;
    return j;
  }
  Pos run_start(Pos j) const {  // j is just after the run
    while (cls(j - 1) == Cls::space) --j;
    return j;
  }

  // The spaces right before j become `edit`; with none, one is inserted if
  // `may_insert`.
  void space_before(Pos j, Edit edit, bool may_insert) {
    if (cls(j - 1) == Cls::space) {
      Pos s = run_start(j);
      if (solid(s - 1)) set_run(s, j, edit);
    } else if (may_insert && solid(j - 1)) {
      at(j).insert = static_cast<unsigned>(edit);
    }
  }

  // Length of `s` if the visible text at j spells it and, when it ends in a
  // letter, the word ends there too; else 0.
  Pos match(Pos j, std::u32string_view s) const {
    for (std::size_t i = 0; i < s.size(); ++i) {
      Pos k = j + static_cast<Pos>(i);
      if (cls(k) == Cls::word_atom || cls(k) == Cls::number_atom || cp(k) != s[i]) return 0;
    }
    Pos end = j + static_cast<Pos>(s.size());
    if (ends_in_letter(s) && is_word_part(end)) return 0;
    return static_cast<Pos>(s.size());
  }

  template <class List>
  Pos longest_match(Pos j, const List& list) const {
    Pos best = 0;
    for (const auto& s : list) {
      if (s.front() == cp(j)) best = std::max(best, match(j, s));
    }
    return best;
  }

  void mark_url_tokens();
  Pos step(Pos j);
  void punctuation(Pos j);
  void question_or_exclamation(Pos j);
  void semicolon(Pos j);
  void colon(Pos j);
  void open_quote(Pos j);
  void close_quote(Pos j);
  Pos number(Pos j);
  bool number_may_start(Pos j) const;
  Pos group_thousands(Pos e);
  void unit_after(Pos e);
  void tie_minutes(Pos k);
  void tie_abbreviation(Pos j);

  std::vector<Cell>& cells_;
  const std::vector<std::uint32_t>& visible_;
  Pos n_;
};

// A whitespace-delimited token with "://", "www." or "@" is an address:
// its punctuation is not French punctuation.
void Rules::mark_url_tokens() {
  for (Pos j = 0; j < n_;) {
    if (!solid(j)) {
      ++j;
      continue;
    }
    Pos start = j;
    bool url = false;
    for (; solid(j); ++j) {
      char32_t c = cp(j);
      if (c == '@') url = true;
      if (c == '/' && j - start >= 2 && cp(j - 1) == '/' && cp(j - 2) == ':') url = true;
      if (c == '.' && j - start >= 3 && (cp(j - 1) | 0x20) == 'w' && (cp(j - 2) | 0x20) == 'w' &&
          (cp(j - 3) | 0x20) == 'w') {
        url = true;
      }
    }
    if (url) {
      for (Pos k = start; k < j; ++k) at(k).in_url = 1;
    }
  }
}

Pos Rules::step(Pos j) {
  switch (cls(j)) {
    case Cls::digit:
      return number(j);
    case Cls::number_atom:
      unit_after(j + 1);
      return j + 1;
    case Cls::letter:
      tie_abbreviation(j);
      return j + 1;
    case Cls::other:
      punctuation(j);
      return j + 1;
    default:
      return j + 1;
  }
}

void Rules::punctuation(Pos j) {
  char32_t c = cp(j);
  if (c == '?' || c == '!') question_or_exclamation(j);
  if (c == ';') semicolon(j);
  if (c == ':') colon(j);
  if (is_opening_guillemet(c)) open_quote(j);
  if (is_closing_guillemet(c)) close_quote(j);
}

// "?!" and "!!!" are one cluster: only its first mark gets the space.
void Rules::question_or_exclamation(Pos j) {
  auto is_mark = [this](Pos k) { return cp(k) == '?' || cp(k) == '!'; };
  if (is_mark(j - 1)) return;
  Pos k = j;
  while (is_mark(k)) ++k;
  bool ends = cls(k) == Cls::space || cls(k) == Cls::brk || is_closing(cp(k));
  if (!ends || in_url(j)) return;
  space_before(j, Edit::nnbsp, is_wordish(j - 1));
}

// ";)" and "a;b" are not punctuation of a sentence.
void Rules::semicolon(Pos j) {
  if (cp(j - 1) == ';' || cp(j + 1) == ';') return;
  if (!ends_clause(j + 1) || in_url(j)) return;
  space_before(j, Edit::nnbsp, is_wordish(j - 1));
}

// Only a colon followed by a space or the end: "14:15", "3:1", ":)" stay.
void Rules::colon(Pos j) {
  if (cp(j - 1) == ':' || cp(j + 1) == ':') return;
  if (!ends_clause(j + 1) || in_url(j)) return;
  space_before(j, Edit::nbsp, is_wordish(j - 1));
}

// Guillemets inside an address are part of it; a mark right after "«" is
// spaced by its own rule (a colon wants U+00A0, not U+202F).
void Rules::open_quote(Pos j) {
  if (in_url(j)) return;
  Pos k = j + 1;
  Pos e = run_end(k);
  if (!solid(e) || is_closing_guillemet(cp(e)) || is_mark(cp(e))) return;
  if (e > k) {
    set_run(k, e, Edit::nnbsp);
  } else {
    at(k).insert = static_cast<unsigned>(Edit::nnbsp);
  }
}

void Rules::close_quote(Pos j) {
  if (in_url(j)) return;
  Pos s = run_start(j);
  if (!solid(s - 1) || is_opening_guillemet(cp(s - 1))) return;
  if (s < j) {
    set_run(s, j, Edit::nnbsp);
  } else {
    at(j).insert = static_cast<unsigned>(Edit::nnbsp);
  }
}

// A number starts a token or follows punctuation, and is not the decimal
// part of another number ("3,14 159" is not grouped).
bool Rules::number_may_start(Pos j) const {
  if (is_word_part(j - 1) && cls(j - 1) != Cls::apostrophe) return false;
  if (cp(j - 1) == '_') return false;
  char32_t p = cp(j - 1);
  return !((p == ',' || p == '.') && cls(j - 2) == Cls::digit);
}

// j is the first digit of a run. Returns the position after the number.
Pos Rules::number(Pos j) {
  Pos e = j;
  while (cls(e) == Cls::digit) ++e;
  if (!number_may_start(j) || in_url(j)) return e;
  if (e - j <= 3 && (e - j == 1 || cp(j) != '0')) e = group_thousands(e);
  if ((cp(e) == ',' || cp(e) == '.') && cls(e + 1) == Cls::digit) {
    for (++e; cls(e) == Cls::digit;) ++e;
  } else {
    e += longest_match(e, kOrdinals);
  }
  unit_after(e);
  return e;
}

// e follows a first group of 1 to 3 digits; each following group of exactly
// three digits, after one space, joins it.
Pos Rules::group_thousands(Pos e) {
  while (cls(e) == Cls::space && cls(e + 1) == Cls::digit && cls(e + 2) == Cls::digit &&
         cls(e + 3) == Cls::digit && cls(e + 4) != Cls::digit) {
    at(e).replace = static_cast<unsigned>(Edit::nnbsp);
    e += 4;
  }
  return e;
}

// e follows a number: tie it to a unit or counted word after it.
void Rules::unit_after(Pos e) {
  if (cls(e) == Cls::space) {
    Pos m = run_end(e);
    Pos len = longest_match(m, kUnits);
    if (len == 0) return;
    set_run(e, m, Edit::nbsp);
    if (len == 1 && cp(m) == 'h') tie_minutes(m + 1);
  } else if (solid(e) && !in_url(e) && longest_match(e, kAttachedUnits) > 0) {
    at(e).insert = static_cast<unsigned>(Edit::nbsp);
  }
}

// "5 h 30": the minutes stay with the hour.
void Rules::tie_minutes(Pos k) {
  if (cls(k) != Cls::space) return;
  Pos m = run_end(k);
  bool two_digits = cls(m) == Cls::digit && cls(m + 1) == Cls::digit && cls(m + 2) != Cls::digit;
  if (two_digits || cls(m) == Cls::number_atom) set_run(k, m, Edit::nbsp);
}

// "n° 5", "p. 12", "M. Dupont", "Mme Martin".
void Rules::tie_abbreviation(Pos j) {
  if (is_word_part(j - 1)) return;
  for (const auto& a : kAbbreviations) {
    if (a.text.front() != cp(j) || match(j, a.text) == 0) continue;
    Pos k = j + static_cast<Pos>(a.text.size());
    if (cls(k) != Cls::space) continue;
    Pos m = run_end(k);
    bool tie = a.before_number
                   ? (cls(m) == Cls::digit || cls(m) == Cls::number_atom)
                   : ((cls(m) == Cls::letter && u_isupper(static_cast<UChar32>(cp(m)))) ||
                      cls(m) == Cls::word_atom);
    if (tie) {
      set_run(k, m, Edit::nbsp);
      return;
    }
  }
}

}  // namespace

void apply_rules(std::vector<Cell>& cells, const std::vector<std::uint32_t>& visible) {
  Rules(cells, visible).run();
}

}  // namespace depeche::render::typo
