#pragma once
// Extracts of a story around the words a reader searched, with those words
// marked, for the result lists of search. Pure: no index involved, so
// results can be shown with snippets without holding any index lock while
// the texts are read from the store.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace depeche::search {

// Text examined per snippet at most: the start of a story is where its
// words are, and an extract is built per result per page view.
inline constexpr std::size_t kMaxSnippetSourceBytes = 8 * 1024;
// Length of an extract, in bytes of text before escaping (about two lines).
inline constexpr std::size_t kSnippetBytes = 220;
// Context kept before the first matched word.
inline constexpr std::size_t kSnippetLeadBytes = 60;

// The text a story's extract is taken from: its description, then its
// body's text (plain text, from html_to_text), whitespace collapsed. The
// description is left out when the body opens with it (a teaser cut from
// the body, ending in "…" or not), which would otherwise be read twice on
// a short story.
std::string snippet_source(std::string_view description, std::string_view body_text);

class Highlighter {
 public:
  // Reads `query` as Index::search does (same words, stems, stop words).
  explicit Highlighter(std::string_view query);
  ~Highlighter();
  Highlighter(const Highlighter&) = delete;
  Highlighter& operator=(const Highlighter&) = delete;

  // An HTML extract of `text` (plain text, not HTML) of about kSnippetBytes
  // around the first searched word found in its first
  // kMaxSnippetSourceBytes, each searched word (in any inflection, with or
  // without accents) wrapped in <mark>…</mark>, everything else
  // HTML-escaped; "…" marks text cut off at either end. The start of the
  // text when no word is found; "" for an empty text.
  std::string snippet(std::string_view text) const;

 private:
  struct Terms;
  std::unique_ptr<Terms> terms_;
};

}  // namespace depeche::search
