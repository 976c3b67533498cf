#include "render/typography.h"

#include <unicode/messagepattern.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <vector>

#include "render/typography_cells.h"

namespace depeche::render {
namespace {

using typo::CellText;
using typo::Cls;

bool ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool ascii_alnum(char c) {
  return ascii_alpha(c) || (c >= '0' && c <= '9');
}
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}
bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::any_of(names.begin(), names.end(), [&](auto n) { return iequals(name, n); });
}

// ---- HTML -----------------------------------------------------------------

// How the rules see an element.
enum class Element { inline_tag, block, atom, raw_inline, raw_block };

Element element_kind(std::string_view name) {
  // Content never spaced: code as a word in the sentence, the rest apart.
  if (is_one_of(name, {"code", "kbd", "samp", "var"})) return Element::raw_inline;
  if (is_one_of(name, {"pre", "script", "style", "textarea", "title", "xmp", "svg", "math",
                       "noscript", "template", "iframe", "object"})) {
    return Element::raw_block;
  }
  if (is_one_of(name, {"img", "video", "audio", "input", "button", "select"})) return Element::atom;
  if (is_one_of(name,
                {"p",       "div",        "br",     "li",       "ul",         "ol",    "dl",
                 "dt",      "dd",         "h1",     "h2",       "h3",         "h4",    "h5",
                 "h6",      "blockquote", "table",  "caption",  "thead",      "tbody", "tfoot",
                 "tr",      "td",         "th",     "figure",   "figcaption", "hr",    "section",
                 "article", "header",     "footer", "nav",      "aside",      "main",  "address",
                 "details", "summary",    "form",   "fieldset", "legend",     "body",  "html",
                 "head"})) {
    return Element::block;
  }
  return Element::inline_tag;
}

// After the '>' that ends a tag whose name ends before `p`; quoted
// attribute values may contain '>'.
std::size_t tag_end(std::string_view s, std::size_t p) {
  char quote = 0;
  bool after_equals = false;
  for (; p < s.size(); ++p) {
    char c = s[p];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '>') return p + 1;
    if ((c == '"' || c == '\'') && after_equals) {
      quote = c;
    } else if (c == '=') {
      after_equals = true;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') after_equals = false;
  }
  return s.size();
}

// After the end tag of the raw-text element `name` whose content starts at
// `from` (the end of the input if it is never closed).
std::size_t raw_text_end(std::string_view s, std::size_t from, std::string_view name) {
  for (auto p = s.find("</", from); p != std::string_view::npos; p = s.find("</", p + 2)) {
    std::size_t after = p + 2 + name.size();
    if (after <= s.size() && iequals(s.substr(p + 2, name.size()), name) &&
        (after == s.size() || !ascii_alnum(s[after]))) {
      return tag_end(s, after);
    }
  }
  return s.size();
}

// Adds the markup at s[i] == '<' and returns where it ends; returns i when
// the '<' is a plain character ("a < b" escaped badly).
std::size_t add_markup(std::string_view s, std::size_t i, CellText& cells) {
  std::string_view rest = s.substr(i);
  if (rest.starts_with("<!--")) {
    auto e = s.find("-->", i + 4);
    cells.add_hidden(i);
    return e == std::string_view::npos ? s.size() : e + 3;
  }
  if (rest.starts_with("<!") || rest.starts_with("<?")) {
    cells.add_hidden(i);
    return tag_end(s, i + 2);
  }
  bool closing = rest.starts_with("</");
  std::size_t p = i + (closing ? 2 : 1);
  if (p >= s.size() || !ascii_alpha(s[p])) return i;
  std::size_t name_begin = p;
  while (p < s.size() && (ascii_alnum(s[p]) || s[p] == '-')) ++p;
  std::string_view name = s.substr(name_begin, p - name_begin);
  std::size_t end = tag_end(s, p);
  Element kind = element_kind(name);
  if (!closing && (kind == Element::raw_inline || kind == Element::raw_block)) {
    end = raw_text_end(s, end, name);
  }
  if (kind == Element::block || (kind == Element::raw_block && !closing)) {
    cells.add_opaque(i, Cls::brk);
  } else if (!closing && (kind == Element::atom || kind == Element::raw_inline)) {
    cells.add_opaque(i, Cls::word_atom);
  } else {
    cells.add_hidden(i);
  }
  return end;
}

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};
// The entities whose meaning the rules need; any other named entity is read
// as a letter (most are: &eacute;…).
constexpr NamedEntity kEntities[] = {
    {"nbsp", 0xA0},     {"amp", '&'},       {"lt", '<'},        {"gt", '>'},
    {"quot", '"'},      {"apos", '\''},     {"laquo", 0xAB},    {"raquo", 0xBB},
    {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"thinsp", 0x2009}, {"ensp", 0x2002},
    {"emsp", 0x2003},   {"hellip", 0x2026}, {"rsquo", 0x2019},  {"lsquo", 0x2018},
    {"rdquo", 0x201D},  {"ldquo", 0x201C},  {"euro", 0x20AC},   {"pound", 0xA3},
    {"dollar", '$'},    {"percnt", '%'},    {"permil", 0x2030}, {"deg", 0xB0},
    {"ordm", 0xBA},     {"semi", ';'},      {"colon", ':'},     {"excl", '!'},
    {"quest", '?'},     {"commat", '@'},    {"sol", '/'},       {"period", '.'},
    {"comma", ','},     {"ndash", 0x2013},  {"mdash", 0x2014},  {"NewLine", '\n'},
    {"Tab", '\t'},      {"lpar", '('},      {"rpar", ')'},      {"num", '#'},
};

// A character reference is at most this long ("&CounterClockwiseContourIntegral;").
constexpr std::size_t kMaxEntityLength = 40;

// Adds the entity at s[i] == '&' and returns its length; 0 when it is not
// one (a lone '&' is then a plain character).
std::size_t add_entity(std::string_view s, std::size_t i, CellText& cells) {
  auto semi = s.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > kMaxEntityLength || semi == i + 1) return 0;
  std::string_view body = s.substr(i + 1, semi - i - 1);
  std::size_t len = semi - i + 1;
  if (body[0] == '#') {
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return 0;
    char32_t value = 0;
    for (char c : digits) {
      int d = c >= '0' && c <= '9'                             ? c - '0'
              : hex && ascii_alpha(c) && ascii_lower(c) <= 'f' ? ascii_lower(c) - 'a' + 10
                                                               : -1;
      if (d < 0) return 0;
      value = value * (hex ? 16 : 10) + static_cast<char32_t>(d);
    }
    bool valid = value != 0 && value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF);
    cells.add_char(i, valid ? value : 0xFFFD);
    return len;
  }
  if (!std::all_of(body.begin(), body.end(), ascii_alnum)) return 0;
  for (const auto& e : kEntities) {
    if (e.name == body) {
      cells.add_char(i, e.cp);
      return len;
    }
  }
  cells.add_classed(i, 0, Cls::letter);
  return len;
}

// ---- ICU MessageFormat -----------------------------------------------------

// What a stretch of the pattern is for the rules.
enum class Stretch { text, syntax, hidden, word, number };

class MessageCells {
 public:
  MessageCells(const icu::UnicodeString& pattern, std::size_t max_cells)
      : pattern_(pattern), cells_(max_cells + 2, CellText::Insertions::before_hidden) {
    source_.reserve(max_cells);
  }

  // Adds the UTF-16 range [from, to) of the pattern as `what`.
  void add(int32_t from, int32_t to, Stretch what) {
    if (to <= from) return;
    std::size_t begin = source_.size();
    pattern_.tempSubString(from, to - from).toUTF8String(source_);
    switch (what) {
      case Stretch::text:
        for (std::size_t i = begin; i < source_.size();) {
          auto d = typo::decode_utf8(source_, i);
          cells_.add_char(i, d.cp);
          i += d.len;
        }
        break;
      case Stretch::syntax:
        cells_.add_opaque(begin, Cls::brk);
        break;
      case Stretch::hidden:
        cells_.add_hidden(begin);
        break;
      case Stretch::word:
        cells_.add_opaque(begin, Cls::word_atom);
        break;
      case Stretch::number:
        cells_.add_opaque(begin, Cls::number_atom);
        break;
    }
  }
  // The caller's text comes before a message: " ; " is spaced as in
  // "a ; b". After it, the message's end is taken as the end of the text.
  void add_edge() { cells_.add_opaque(source_.size(), Cls::word_atom); }

  std::string apply() { return cells_.apply(source_); }

 private:
  const icu::UnicodeString& pattern_;
  CellText cells_;
  std::string source_;
};

// "{n, number}": a simple argument whose type is "number".
bool is_number_argument(const icu::MessagePattern& mp, int32_t arg_start) {
  const auto& part = mp.getPart(arg_start);
  if (part.getArgType() != UMSGPAT_ARG_TYPE_SIMPLE || arg_start + 2 >= mp.countParts()) {
    return false;
  }
  const auto& type = mp.getPart(arg_start + 2);
  return type.getType() == UMSGPAT_PART_TYPE_ARG_TYPE &&
         mp.partSubstringMatches(type, UNICODE_STRING_SIMPLE("number"));
}

// Cuts a parsed pattern into cells. A complex argument (plural, select)
// is a word for the text around it, and each of its sub-messages is spaced
// on its own, with the text around the argument as its edges.
void cut_message(const icu::MessagePattern& mp, MessageCells& out) {
  std::vector<bool> in_text;  // per nesting level: a message (text) or an argument
  int32_t pos = 0;
  out.add_edge();
  for (int32_t i = 0; i < mp.countParts(); ++i) {
    const auto& part = mp.getPart(i);
    // Parts may overlap: the ARG_INT of "=0" lies inside its ARG_SELECTOR.
    int32_t index = std::max(part.getIndex(), pos);
    int32_t limit = std::max(part.getLimit(), pos);
    out.add(pos, index, !in_text.empty() && in_text.back() ? Stretch::text : Stretch::syntax);
    switch (part.getType()) {
      case UMSGPAT_PART_TYPE_MSG_START:
        out.add(index, limit, Stretch::syntax);
        if (!in_text.empty()) out.add_edge();  // the top level has one already
        in_text.push_back(true);
        break;
      case UMSGPAT_PART_TYPE_MSG_LIMIT:
        out.add(index, limit, Stretch::syntax);
        if (!in_text.empty()) in_text.pop_back();
        break;
      case UMSGPAT_PART_TYPE_ARG_START:
        if (part.getArgType() == UMSGPAT_ARG_TYPE_NONE ||
            part.getArgType() == UMSGPAT_ARG_TYPE_SIMPLE) {
          int32_t last = mp.getLimitPartIndex(i);
          limit = mp.getPart(last).getLimit();
          out.add(index, limit, is_number_argument(mp, i) ? Stretch::number : Stretch::word);
          i = last;
        } else {
          out.add(index, limit, Stretch::word);
          in_text.push_back(false);
        }
        break;
      case UMSGPAT_PART_TYPE_ARG_LIMIT:
        out.add(index, limit, Stretch::word);
        if (!in_text.empty()) in_text.pop_back();
        break;
      case UMSGPAT_PART_TYPE_REPLACE_NUMBER:
        out.add(index, limit, Stretch::number);
        break;
      case UMSGPAT_PART_TYPE_SKIP_SYNTAX:
      case UMSGPAT_PART_TYPE_INSERT_CHAR:
        out.add(index, limit, Stretch::hidden);
        break;
      default:
        out.add(index, limit, Stretch::syntax);
        break;
    }
    pos = limit;
  }
}

bool same_structure(const icu::MessagePattern& a, const icu::MessagePattern& b) {
  if (a.countParts() != b.countParts()) return false;
  for (int32_t i = 0; i < a.countParts(); ++i) {
    const auto& x = a.getPart(i);
    const auto& y = b.getPart(i);
    if (x.getType() != y.getType() || x.getArgType() != y.getArgType() ||
        x.getValue() != y.getValue() || x.getLength() != y.getLength()) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string french_spacing(std::string_view text) {
  if (text.size() > kMaxTypographyBytes) return std::string(text);
  CellText cells(text.size(), CellText::Insertions::after_hidden);
  for (std::size_t i = 0; i < text.size();) {
    auto d = typo::decode_utf8(text, i);
    cells.add_char(i, d.cp);
    i += d.len;
  }
  return cells.apply(text);
}

std::string french_spacing_html(std::string_view html) {
  if (html.size() > kMaxTypographyBytes) return std::string(html);
  CellText cells(html.size(), CellText::Insertions::after_hidden);
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] == '<') {
      std::size_t end = add_markup(html, i, cells);
      if (end > i) {
        i = end;
        continue;
      }
    } else if (html[i] == '&') {
      if (std::size_t len = add_entity(html, i, cells)) {
        i += len;
        continue;
      }
    }
    auto d = typo::decode_utf8(html, i);
    cells.add_char(i, d.cp);
    i += d.len;
  }
  return cells.apply(html);
}

std::string french_spacing_message(std::string_view pattern) {
  std::string original(pattern);
  if (pattern.size() > kMaxTypographyBytes) return original;
  auto u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size())));
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error{};
  icu::MessagePattern mp(u, &parse_error, status);
  if (U_FAILURE(status)) return original;
  MessageCells cells(u, pattern.size() * 2 + 4);
  cut_message(mp, cells);
  std::string spaced = cells.apply();

  // The contract is that only text changed: check it rather than trust it.
  auto v = icu::UnicodeString::fromUTF8(
      icu::StringPiece(spaced.data(), static_cast<int32_t>(spaced.size())));
  icu::MessagePattern check(v, &parse_error, status);
  if (U_FAILURE(status) || !same_structure(mp, check)) return original;
  return spaced;
}

bool is_french(std::string_view bcp47_language, std::string_view site_locale) {
  std::string_view primary = bcp47_language.substr(0, bcp47_language.find_first_of("-_"));
  if (primary.empty() || iequals(primary, "und")) {
    return !site_locale.empty() && is_french(site_locale, {});
  }
  return iequals(primary, "fr") || iequals(primary, "fra") || iequals(primary, "fre");
}

namespace {

template <class Space>
std::string spaced_and_kept(BoundedMemo<std::string, std::string, Space>& kept,
                            std::string_view in, std::string (*space)(std::string_view)) {
  if (in.size() > kMaxRememberedTextBytes) return space(in);
  if (auto found = kept.find(in)) return std::move(*found);
  std::string out = space(in);
  kept.keep(in, out);
  return out;
}

}  // namespace

std::string SpacedTexts::text(std::string_view plain) {
  return spaced_and_kept(text_, plain, &french_spacing);
}

std::string SpacedTexts::html(std::string_view html) {
  return spaced_and_kept(html_, html, &french_spacing_html);
}

}  // namespace depeche::render
