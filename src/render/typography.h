#pragma once
// French typography for text a reader sees: no-break spaces where French
// rules (Imprimerie nationale, Lexique) want them, so that a line never
// starts with ":" or "»", and "1 200 arbres" or "5 h 30" never split over
// two lines.
//
// The rules, applied to French text only (the caller decides by language,
// see is_french):
//  1. U+202F NARROW NO-BREAK SPACE before ; ! ? — an existing run of spaces
//     there becomes one U+202F; one is inserted when the mark directly
//     follows a word and is followed by a space, the end or a closing
//     quote or bracket. "?!" and "!!" stay together; "a?b" is untouched.
//  2. U+00A0 NO-BREAK SPACE before ":" followed by a space or the end (so
//     "14:15" and "3:1" are untouched), inserted after a word if missing.
//  3. U+202F after « ‹ and before » › (replacing spaces, inserted if
//     missing). English quotes and apostrophes are left as they are.
//  4. Thousands: "12 000 000" gets U+202F between its groups (a group of 1
//     to 3 digits, then groups of exactly 3 digits). "en 2023 100
//     personnes" stays apart: 2023 has four digits. Decimals are untouched.
//  5. U+00A0 between a number and a following unit or counted word from a
//     fixed list (%, €, km, h, min, millions, euros, ans, habitants, month
//     names…), inserted before an attached % ‰ € $ £ °C; times "5 h 30"
//     keep both spaces; "n° 5", "p. 12", "M. Dupont", "Mme Martin" are tied.
// Rules 1, 2 and the inserted units skip whitespace-delimited tokens that
// contain "://", "www." or "@" (URLs and e-mail addresses).
//
// All functions are pure, thread-safe, never throw on bad input (invalid
// UTF-8 passes through byte for byte), run in linear time and memory, and
// are idempotent: applying one twice changes nothing more. Output grows by
// at most a few bytes per inserted space. Inputs longer than
// kMaxTypographyBytes are returned unchanged.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/bounded_memo.h"

namespace depeche::render {

// Work is proportional to the input (about 12 bytes of scratch memory per
// input byte); a wire body or a page is far smaller than this.
inline constexpr std::size_t kMaxTypographyBytes = std::size_t{8} << 20;

// Plain UTF-8 text (not HTML) in, the same text with French spacing out.
// Line breaks ("\n") are kept: no rule reaches across them.
std::string french_spacing(std::string_view text);

// An HTML fragment (as made by the wire sanitizer or the comment renderer)
// with French spacing in its text nodes only. Tags, attribute values,
// comments and the content of <code> <kbd> <samp> <var> <pre> <script>
// <style> <textarea> are copied unchanged; entities are read for their
// meaning (&nbsp; is a no-break space, &laquo; is «) and copied unchanged
// unless the rule replaces that very space, so "&lt;" stays escaped. Inline
// tags (<a>, <em>…) do not break the text ("<b>Quoi</b> ?" is one phrase);
// block tags (<p>, <br>, <li>…) end it. Inserted spaces are raw UTF-8
// characters, valid anywhere in a text node.
std::string french_spacing_html(std::string_view html);

// French spacing of the short texts that come back on every render
// (headlines, teasers, captions, credits), kept: applying the rules again
// to each card of each page cost more than the rest of the card. Texts
// longer than kMaxRememberedTextBytes (a wire body: its page is rendered
// once per change) are spaced and not kept. Thread-safe.
inline constexpr std::size_t kRememberedSpacedTexts = 4096;
inline constexpr std::size_t kMaxRememberedTextBytes = 1024;
class SpacedTexts {
 public:
  std::string text(std::string_view plain);  // french_spacing, kept
  std::string html(std::string_view html);   // french_spacing_html, kept

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Kept = BoundedMemo<std::string, std::string, Hash>;
  Kept text_{kRememberedSpacedTexts};
  Kept html_{kRememberedSpacedTexts};
};

// An ICU MessageFormat pattern (as in templates/i18n/fr.json) with French
// spacing in its literal text only: argument syntax, plural selectors and
// apostrophe quoting are left as they are, a simple argument counts as a
// word ("{site} :") or, typed "number" or as "#", as a number ("# minutes").
// Each sub-message of a plural or select is spaced on its own. The result
// parses to the same structure; a pattern that does not parse, or whose
// structure would change, is returned unchanged.
std::string french_spacing_message(std::string_view pattern);

// Whether text in `bcp47_language` ("fr", "fr-FR", "fr-CA", "fra", any
// case, "_" accepted for "-") follows French typography. An empty or
// undetermined ("und") language takes the site's: is_french(site_locale).
// Example: is_french(dispatch.language, settings.locale).
bool is_french(std::string_view bcp47_language, std::string_view site_locale = {});

}  // namespace depeche::render
