#pragma once
// The words clustering reads (articles/clusters.h): folded, with what kind
// of word each is. Internal to articles/.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace depeche::articles {

enum class WordKind { plain, name, number };

struct Word {
  std::string text;  // folded: lower case, no accents; numbers with '.' decimals
  WordKind kind = WordKind::plain;
};

// The content words of `text` (plain text, or HTML when `html`: tags and
// entities are skipped), at most `max_words`, stop words left out.
std::vector<Word> content_words(std::string_view text, bool html, std::size_t max_words);

}  // namespace depeche::articles
