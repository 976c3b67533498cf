#pragma once
// How a reader's words become a Xapian query (internal to src/search: the
// types are Xapian's). Shared by Index::search and the snippet highlighter,
// so that the words highlighted are the words searched.

#include <xapian.h>

#include <string>
#include <string_view>

namespace depeche::search {

// Prefix of headline-only terms ("titre:" in queries).
inline constexpr const char* kHeadlinePrefix = "S";

struct ParsedQuery {
  // Empty when the text holds no word to search (blank, punctuation only).
  Xapian::Query query;
  // The text with misspelt words replaced by the nearest indexed words;
  // empty when `spelling` was null or nothing needed correcting.
  std::string corrected;
};

// Reads `text` with the site's syntax (Index::search documents it): any
// word may match, documents holding every word come first, French stop
// words are dropped outside phrases (a query of stop words only keeps
// them), malformed syntax is read again as plain words. `spelling`, when
// given, is the database whose spelling dictionary corrects the words (it
// must support spelling: not the in-memory backend). Xapian errors
// propagate.
ParsedQuery parse_reader_query(std::string_view text, const Xapian::Database* spelling);

}  // namespace depeche::search
