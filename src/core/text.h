#pragma once
// Small text utilities shared by ingest (wire text) and render (pages).
// UTF-8 in, UTF-8 out; no locale involved.

#include <cstdint>
#include <string>
#include <string_view>

namespace depeche {

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string escape_html(std::string_view text);

// ASCII whitespace runs become one space; leading and trailing space go.
std::string collapse_whitespace(std::string_view text);

// At most `max_chars` code points, cut at the last space before the limit
// (or at the limit when there is none), with "…" appended when cut.
std::string cut_at_word(std::string_view text, std::size_t max_chars);

// Input text echoed in a report line, a log line or a .reason file: one
// line whatever it holds. C0 and C1 control characters (line feeds, carriage
// returns, escape sequences) and the Unicode line and paragraph separators
// become visible escapes (\x0a, \u2028); text past kMaxReportTextBytes is
// cut with "…". Applying it twice changes nothing more.
inline constexpr std::size_t kMaxReportTextBytes = 1000;
std::string one_line(std::string_view text);

// A stable 64-bit FNV-1a hash as 16 hex digits: names content-addressed
// files and makes ETags. Not for security.
std::string fnv1a_hex(std::string_view bytes);

// Appends code point `cp` (at most U+10FFFF, not a surrogate) as UTF-8.
void append_utf8(std::string& out, char32_t cp);

// The length in bytes (1 to 4) of the well-formed UTF-8 sequence starting
// at s[i], or 0 when none starts there (stray or missing continuation byte,
// overlong form, surrogate, beyond U+10FFFF, cut short by the end of s).
// Requires i < s.size().
std::size_t valid_utf8_at(std::string_view s, std::size_t i);

// How many bytes the UTF-8 sequence starting with `lead` has (1 to 4), or 0
// when `lead` cannot start one.
inline std::size_t utf8_length(unsigned char lead) {
  return lead < 0x80           ? 1
         : (lead >> 5) == 0x6  ? 2
         : (lead >> 4) == 0xE  ? 3
         : (lead >> 3) == 0x1E ? 4
                               : 0;
}

}  // namespace depeche
