#pragma once
// Readers' comment text: how it is stored (normalize_comment), how it is
// shown (comment_html), and the moderators' word lists (WordList).
// Pure functions of their input: no I/O, no clock, no global state.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace depeche::comments {

inline constexpr std::size_t kMaxCommentChars = 3000;  // code points, after normalisation
inline constexpr std::size_t kMaxLinkTextChars = 60;   // longer URLs are shown cut, with "…"

// Reader text as stored:
// - valid UTF-8: each invalid sequence becomes U+FFFD;
// - NFC;
// - CR LF and CR become LF, and so do U+2028 and U+2029; TAB becomes a space;
//   other control characters (Unicode category Cc) are removed;
// - spaces (category Zs) at the end of each line are removed;
// - a run of blank lines becomes a single blank line (a paragraph break);
// - blank lines at the start and end, and spaces before the first
//   character, are removed.
// Blank or empty input gives "". Callers check kMaxCommentChars against
// code_points() of the result.
std::string normalize_comment(std::string_view raw);

// The number of code points in UTF-8 text (each byte that does not continue
// a sequence counts one).
std::size_t code_points(std::string_view utf8);

// The comment as HTML for the page, from normalized text:
// - every character that is not markup is escaped (& < > " ');
// - paragraphs, separated by blank lines, become <p>…</p> (one per line of
//   output); single line breaks become <br>;
// - http:// and https:// URLs (scheme in any case, not preceded by a letter
//   or digit) become <a href="…" rel="nofollow ugc noopener">…</a>. A URL
//   ends at whitespace, a control character, < > or ". Trailing
//   . , ; : ! ? ' » ) ] are left outside the link, except a ')' or ']' that
//   closes a '(' or '[' of the URL. A URL with nothing after "://" is not
//   linked. No other scheme is ever linked ("javascript:", "data:",
//   "vbscript:" stay text).
// - The href is the URL escaped for an attribute; the link text is the URL
//   escaped, cut after kMaxLinkTextChars code points with "…".
// Empty text gives "".
std::string comment_html(std::string_view normalized);

// How many links comment_html would make from `text`.
int count_links(std::string_view text);

// A moderators' list of banned or suspect words, matched case- and
// accent-insensitively on whole words: "connard" matches "Connard",
// "CONNARD!" and "conNârd", not "connards". Words are maximal runs of
// letters and digits after folding (compatibility decomposition, case
// folding, nonspacing marks removed, œ and æ spelled out), so apostrophes
// and hyphens split words: "arnaque" is found in "l'arnaque".
// An entry of several words ("sale type") matches those words in a row,
// whatever separates them in the text; an entry ending with '*' matches any
// word starting with it ("arnaq*" matches "arnaque" and "arnaqueurs"; in a
// phrase, only its last word). Entries with no letter or digit are ignored.
//
// Built once from the configuration, then immutable: first_match may be
// called from many threads at once.
class WordList {
 public:
  explicit WordList(const std::vector<std::string>& entries);

  // The entry found earliest in `text` (list order breaks ties), spelled as
  // configured; nullopt when none is found.
  std::optional<std::string> first_match(std::string_view text) const;
  // True when no usable entry was given.
  bool empty() const { return patterns_.empty(); }

 private:
  struct Pattern {
    std::string configured;
    std::vector<std::string> words;  // folded, UTF-8
    bool prefix = false;             // the last word may be followed by more letters
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  using Index = std::unordered_map<std::string, std::vector<std::size_t>, Hash, std::equal_to<>>;

  static bool matches_at(const Pattern& p, const std::vector<std::string>& words, std::size_t at);

  std::vector<Pattern> patterns_;
  Index by_first_word_;             // patterns whose first word must be equal
  Index by_prefix_;                 // one-word patterns ending with '*', by that word
  std::size_t longest_prefix_ = 0;  // in bytes, among the keys of by_prefix_
};

}  // namespace depeche::comments
