#include "search/analysis.h"

#include "core/text.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <utility>

namespace depeche::search {
namespace {

// ASCII spelling of U+00C0…U+017F, sixteen code points a row; "" keeps the
// character as it is (× and ÷ are not letters).
constexpr std::array<std::string_view, 192> kLatinFold = {
    "A", "A", "A",  "A",  "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",   // C0
    "D", "N", "O",  "O",  "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "ss",  // D0
    "a", "a", "a",  "a",  "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0
    "d", "n", "o",  "o",  "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0
    "A", "a", "A",  "a",  "A", "a", "C",  "c", "C", "c", "C", "c", "C", "c", "D",  "d",   // 100
    "D", "d", "E",  "e",  "E", "e", "E",  "e", "E", "e", "E", "e", "G", "g", "G",  "g",   // 110
    "G", "g", "G",  "g",  "H", "h", "H",  "h", "I", "i", "I", "i", "I", "i", "I",  "i",   // 120
    "I", "i", "IJ", "ij", "J", "j", "K",  "k", "k", "L", "l", "L", "l", "L", "l",  "L",   // 130
    "l", "L", "l",  "N",  "n", "N", "n",  "N", "n", "n", "N", "n", "O", "o", "O",  "o",   // 140
    "O", "o", "OE", "oe", "R", "r", "R",  "r", "R", "r", "S", "s", "S", "s", "S",  "s",   // 150
    "S", "s", "T",  "t",  "T", "t", "T",  "t", "U", "u", "U", "u", "U", "u", "U",  "u",   // 160
    "U", "u", "U",  "u",  "W", "w", "Y",  "y", "Y", "Z", "z", "Z", "z", "Z", "z",  "s",   // 170
};

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The code point starting at text[i] and its length in bytes. Every code
// point we fold is ASCII or has a two- or three-byte form; anything else
// (four-byte forms, invalid sequences) comes back as {0, 1}.
std::pair<char32_t, std::size_t> decode_at(std::string_view text, std::size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return {c, 1};
  if (c >= 0xC2 && c <= 0xDF && i + 1 < text.size() && is_continuation(text[i + 1])) {
    return {((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu), 2};
  }
  if (c >= 0xE0 && c <= 0xEF && i + 2 < text.size() && is_continuation(text[i + 1]) &&
      is_continuation(text[i + 2])) {
    return {((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                (static_cast<unsigned char>(text[i + 2]) & 0x3Fu),
            3};
  }
  return {0, 1};
}

// Appends what `cp` folds to and returns true, or returns false when the
// code point is to be kept as written.
bool fold_code_point(char32_t cp, std::string& out) {
  if (cp >= 0xC0 && cp <= 0x17F) {
    auto folded = kLatinFold[cp - 0xC0];
    if (folded.empty()) return false;
    out += folded;
    return true;
  }
  if (cp >= 0x300 && cp <= 0x36F) return true;  // combining mark: dropped
  if (cp == U'\'' || cp == 0x2BC || cp == 0x2018 || cp == 0x2019) {
    out += ' ';  // apostrophes, see the header
    return true;
  }
  return false;
}

// Decodes the entity `name` (what lies between '&' and ';'); false when it
// is not one we know.
bool decode_entity(std::string_view name, std::string& out) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kNamed = {
      {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}}};
  for (const auto& [n, text] : kNamed) {
    if (name == n) {
      out += text;
      return true;
    }
  }
  if (name.size() < 2 || name[0] != '#') return false;
  bool hex = name[1] == 'x' || name[1] == 'X';
  auto digits = name.substr(hex ? 2 : 1);
  std::uint32_t cp = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
  bool valid = ec == std::errc() && end == digits.data() + digits.size() && cp != 0 &&
               cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
  if (!valid) return false;
  append_utf8(out, cp);
  return true;
}

// Longest entity name we decode ("#x10FFFF"), with room to spare.
constexpr std::size_t kMaxEntityChars = 10;

}  // namespace

std::string fold_for_search(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto [cp, length] = decode_at(text, i);
    // What is not folded is copied as written, invalid sequences included.
    if (cp == 0 || !fold_code_point(cp, out)) out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      bool comment = html.substr(i, 4) == "<!--";
      auto close = comment ? html.find("-->", i + 4) : html.find('>', i + 1);
      if (close == std::string_view::npos) break;  // an unfinished tag ends the text
      i = close + (comment ? 3 : 1);
      out += ' ';
      continue;
    }
    if (c == '&') {
      auto semi = html.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i - 1 <= kMaxEntityChars &&
          decode_entity(html.substr(i + 1, semi - i - 1), out)) {
        i = semi + 1;
        continue;
      }
    }
    out += c;
    ++i;
  }
  return out;
}

std::string provider_key(std::string_view provider) {
  std::string out;
  for (char c : fold_for_search(provider)) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    }
  }
  return out;
}

}  // namespace depeche::search
