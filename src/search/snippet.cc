#include "search/snippet.h"

#include <xapian.h>

#include <algorithm>
#include <set>
#include <vector>

#include "core/text.h"
#include "search/analysis.h"
#include "search/index.h"
#include "search/query.h"

namespace depeche::search {
namespace {

struct Word {
  std::size_t begin = 0;  // bytes into the text
  std::size_t end = 0;
  bool matched = false;
};

// `text` cut to at most `max` bytes, never inside a UTF-8 sequence.
std::string_view cut_utf8(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

void append_escaped(std::string& out, std::string_view text) {
  out += escape_html(text);
}

// The words of `text`, by Xapian's idea of a word character.
std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  Xapian::Utf8Iterator it(text.data(), text.size());
  Xapian::Utf8Iterator end;
  bool in_word = false;
  for (; it != end; ++it) {
    std::size_t at = static_cast<std::size_t>(it.raw() - text.data());
    bool word_char = Xapian::Unicode::is_wordchar(*it);
    if (word_char && !in_word) words.push_back({at, at, false});
    in_word = word_char;
    if (word_char) {
      Xapian::Utf8Iterator next = it;
      ++next;
      words.back().end =
          next == end ? text.size() : static_cast<std::size_t>(next.raw() - text.data());
    }
  }
  return words;
}

// Compared between a description and its body's opening: enough to tell a
// teaser cut from the body from a summary written apart.
constexpr std::size_t kTeaserCompareBytes = 80;

}  // namespace

std::string snippet_source(std::string_view description, std::string_view body_text) {
  std::string teaser = collapse_whitespace(description);
  std::string body = collapse_whitespace(body_text.substr(
      0, std::min(body_text.size(), kMaxSnippetSourceBytes + kTeaserCompareBytes)));
  std::string_view head = teaser;
  if (head.ends_with("…")) head.remove_suffix(std::string_view("…").size());
  while (!head.empty() && (head.back() == ' ' || head.back() == '.')) head.remove_suffix(1);
  head = cut_utf8(head, kTeaserCompareBytes);
  if (teaser.empty() || (!head.empty() && std::string_view(body).starts_with(head))) return body;
  if (body.empty()) return teaser;
  return teaser + " " + body;
}

struct Highlighter::Terms {
  std::set<std::string> plain;    // unstemmed query terms
  std::set<std::string> stemmed;  // stems, without their "Z"
  Xapian::Stem stemmer{kStemLanguage};

  bool matches(std::string_view word) {
    std::string key = Xapian::Unicode::tolower(fold_for_search(word));
    if (plain.count(key)) return true;
    return !stemmed.empty() && stemmed.count(stemmer(key)) > 0;
  }
};

Highlighter::Highlighter(std::string_view query) : terms_(std::make_unique<Terms>()) {
  try {
    Xapian::Query q = parse_reader_query(query, nullptr).query;
    for (auto it = q.get_unique_terms_begin(); it != q.get_unique_terms_end(); ++it) {
      const std::string& t = *it;
      if (t.empty()) continue;
      if (t[0] == 'Z') {
        if (t.size() > 1 && !(t[1] >= 'A' && t[1] <= 'Z')) terms_->stemmed.insert(t.substr(1));
      } else if (!(t[0] >= 'A' && t[0] <= 'Z')) {
        terms_->plain.insert(t);
      }
    }
  } catch (const Xapian::Error&) {
    // No words to mark: the snippets are plain extracts.
  }
}

Highlighter::~Highlighter() = default;

std::string Highlighter::snippet(std::string_view full) const {
  std::string_view text = cut_utf8(full, kMaxSnippetSourceBytes);
  std::vector<Word> words = words_of(text);
  std::size_t first = words.size();
  for (std::size_t i = 0; i < words.size(); ++i) {
    words[i].matched = terms_->matches(text.substr(words[i].begin, words[i].end - words[i].begin));
    if (words[i].matched && first == words.size()) first = i;
  }
  if (words.empty()) return {};
  // From a word start a little before the first match, to the last word
  // ending within kSnippetBytes.
  std::size_t from = 0;
  if (first < words.size() && words[first].begin > kSnippetLeadBytes) {
    std::size_t i = first;
    while (i > 0 && words[first].begin - words[i - 1].begin <= kSnippetLeadBytes) --i;
    from = words[i].begin;
  }
  std::size_t to = from;
  if (text.size() - from <= kSnippetBytes) to = text.size();  // the rest fits whole
  for (const auto& w : words) {
    if (to == text.size()) break;
    if (w.begin < from) continue;
    if (w.end - from > kSnippetBytes) break;
    to = w.end;
  }
  if (to == from) to = std::min(text.size(), from + kSnippetBytes);  // one very long word
  to = cut_utf8(text, to).size();
  std::string out;
  if (from > 0) out += "… ";
  std::size_t at = from;
  for (const auto& w : words) {
    if (!w.matched || w.begin < from || w.end > to) continue;
    append_escaped(out, text.substr(at, w.begin - at));
    out += "<mark>";
    append_escaped(out, text.substr(w.begin, w.end - w.begin));
    out += "</mark>";
    at = w.end;
  }
  append_escaped(out, text.substr(at, to - at));
  if (to < full.size()) out += " …";
  return out;
}

}  // namespace depeche::search
