#pragma once
// Wire bodies are HTML from outside: never trusted. The sanitiser parses
// them as a browser would (gumbo) and writes back only an allow-list of
// elements and attributes, so what it returns is safe to emit as is.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/text.h"

namespace depeche::ingest {

inline constexpr std::size_t kMaxDescriptionChars = 600;
inline constexpr std::size_t kMaxHtmlBytes = 4 * 1024 * 1024;

// Allow-listed HTML: paragraphs, headings (h1 becomes h2: the page owns
// h1), emphasis, lists, quotes, tables, figures, links (http, https,
// mailto and relative only; rel="nofollow noopener" added) and images
// (http/https only). Scripts, styles, frames, forms and their content are
// dropped; other unknown elements are unwrapped, keeping their text; every
// attribute not on the list (on*, style, class, id…) is dropped. Text is
// NFC-normalised and escaped. Input beyond kMaxHtmlBytes is cut.
std::string sanitize_html(std::string_view html);

struct SanitizedHtml {
  std::string html;  // what sanitize_html returns
  std::string text;  // what html_to_text returns for that html
};

// Both from one parse: half the cost of sanitize_html then html_to_text,
// for the same two strings, but for markup a second parse would re-nest (a
// heading the source put inside another): there the text keeps apart the
// words the source kept apart.
SanitizedHtml sanitize_html_with_text(std::string_view html);

// The text of an HTML fragment: entities decoded, blocks separated by a
// space, whitespace collapsed, dropped elements left out.
std::string html_to_text(std::string_view html);

}  // namespace depeche::ingest
