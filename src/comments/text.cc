#include "comments/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <climits>
#include <utility>

#include "core/text.h"

namespace depeche::comments {
namespace {

// ICU converts UTF-8 with each invalid sequence replaced by U+FFFD. Its
// strings are indexed by int32_t; comment bodies are capped by the HTTP
// limits long before that.
icu::UnicodeString to_unicode(std::string_view s) {
  auto n = static_cast<int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), n));
}

std::string to_utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

const icu::Normalizer2* normalizer(bool compatibility_decomposition) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = compatibility_decomposition
                                  ? icu::Normalizer2::getNFKDInstance(status)
                                  : icu::Normalizer2::getNFCInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}

icu::UnicodeString normalize(const icu::UnicodeString& u, const icu::Normalizer2* n) {
  if (n == nullptr) return u;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = n->normalize(u, status);
  return U_SUCCESS(status) ? out : u;
}

// Line breaks become LF and TAB a space; other control characters go.
// Controls and line separators are all in the BMP, so UTF-16 units suffice.
icu::UnicodeString clean_controls(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < in.length(); ++i) {
    char16_t c = in[i];
    if (c == u'\r') {
      out.append(u'\n');
      if (i + 1 < in.length() && in[i + 1] == u'\n') ++i;
    } else if (c == u'\u2028' || c == u'\u2029') {
      out.append(u'\n');
    } else if (c == u'\t') {
      out.append(u' ');
    } else if (c == u'\n' || u_charType(c) != U_CONTROL_CHAR) {
      out.append(c);
    }
  }
  return out;
}

bool is_space(char16_t c) {
  return u_charType(c) == U_SPACE_SEPARATOR;
}

// Trailing spaces off every line, runs of blank lines down to one, blank
// lines and spaces off both ends.
std::string lay_out_lines(const icu::UnicodeString& s) {
  icu::UnicodeString out;
  int breaks = 0;  // line breaks since the last line with text
  for (int32_t start = 0; start <= s.length();) {
    int32_t end = s.indexOf(u'\n', start);
    if (end < 0) end = s.length();
    int32_t stop = end;
    while (stop > start && is_space(s[stop - 1])) --stop;
    if (stop > start) {
      int32_t from = start;
      if (out.isEmpty()) {
        while (is_space(s[from])) ++from;  // stops at the last character at worst
      } else {
        out.append(breaks >= 2 ? u"\n\n" : u"\n", -1);
      }
      out.append(s, from, stop - from);
      breaks = 0;
    }
    ++breaks;
    start = end + 1;
  }
  return to_utf8(out);
}

// The code point at s[i] and its length in bytes; a malformed sequence
// reads as one byte of U+FFFD. Enough to classify characters.
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = utf8_length(b);
  if (len == 0 || i + len > s.size()) return {U'\uFFFD', 1};
  char32_t c = len == 1 ? b : (b & (0x7Fu >> len));
  for (std::size_t k = 1; k < len; ++k) {
    auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont & 0xC0) != 0x80) return {U'\uFFFD', 1};
    c = (c << 6) | (cont & 0x3Fu);
  }
  return {c, len};
}

bool is_url_char(char32_t c) {
  if (c <= 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) return false;
  if (c == '<' || c == '>' || c == '"') return false;
  return !u_isUWhiteSpace(static_cast<UChar32>(c));
}

bool starts_with_lower(std::string_view s, std::string_view lower_ascii) {
  if (s.size() < lower_ascii.size()) return false;
  return std::equal(lower_ascii.begin(), lower_ascii.end(), s.begin(), [](char a, char b) {
    return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
  });
}

// The length of "http://" or "https://" at s[i] when a link may start
// there (not in the middle of a word such as "xhttp://"), else 0.
std::size_t scheme_length(std::string_view s, std::size_t i) {
  if (i > 0) {
    std::size_t prev = i - 1;
    while (prev > 0 && i - prev < 4 && (static_cast<unsigned char>(s[prev]) & 0xC0) == 0x80) --prev;
    if (u_isalnum(static_cast<UChar32>(decode(s, prev).first))) return 0;
  }
  std::string_view rest = s.substr(i);
  if (starts_with_lower(rest, "https://")) return 8;
  if (starts_with_lower(rest, "http://")) return 7;
  return 0;
}

// Where a URL found at s[begin, end) really ends: closing punctuation
// belongs to the sentence unless it closes a bracket opened in the URL.
std::size_t without_trailing_punctuation(std::string_view s, std::size_t begin, std::size_t end) {
  std::string_view url = s.substr(begin, end - begin);
  auto balance = [&](char open, char close) {  // opened minus closed
    return std::count(url.begin(), url.end(), open) - std::count(url.begin(), url.end(), close);
  };
  auto parens = balance('(', ')');
  auto brackets = balance('[', ']');
  constexpr std::string_view kGuillemet = "»";
  while (!url.empty()) {
    char last = url.back();
    if (last == ')' && parens < 0) {
      ++parens;
    } else if (last == ']' && brackets < 0) {
      ++brackets;
    } else if (url.ends_with(kGuillemet)) {
      url.remove_suffix(kGuillemet.size() - 1);
    } else if (std::string_view(".,;:!?'").find(last) == std::string_view::npos) {
      break;
    }
    url.remove_suffix(1);
  }
  return begin + url.size();
}

struct Span {
  std::size_t begin;
  std::size_t end;
};

// The first URL comment_html links in s at or after `from`.
std::optional<Span> next_url(std::string_view s, std::size_t from) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] != 'h' && s[i] != 'H') continue;
    std::size_t scheme = scheme_length(s, i);
    if (scheme == 0) continue;
    std::size_t end = i + scheme;
    while (end < s.size()) {
      auto [c, len] = decode(s, end);
      if (!is_url_char(c)) break;
      end += len;
    }
    end = without_trailing_punctuation(s, i, end);
    if (end > i + scheme) return Span{i, end};
  }
  return std::nullopt;
}

void append_line_html(std::string_view line, std::string& out) {
  std::size_t pos = 0;
  while (auto url = next_url(line, pos)) {
    out += escape_html(line.substr(pos, url->begin - pos));
    std::string_view href = line.substr(url->begin, url->end - url->begin);
    out += "<a href=\"";
    out += escape_html(href);
    out += "\" rel=\"nofollow ugc noopener\">";
    // A URL holds no space, so cut_at_word cuts it at the limit.
    out += escape_html(cut_at_word(href, kMaxLinkTextChars));
    out += "</a>";
    pos = url->end;
  }
  out += escape_html(line.substr(pos));
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Letters and digits make words; so do the marks that survive folding,
// which belong to the letter before them.
bool is_word_char(UChar32 c) {
  auto type = u_charType(c);
  return u_isalnum(c) || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

// Compatibility decomposition (fullwidth and styled letters become plain),
// case folding, nonspacing marks (accents) removed, œ and æ spelled out.
icu::UnicodeString fold(std::string_view text) {
  const icu::Normalizer2* nfkd = normalizer(true);
  icu::UnicodeString u = normalize(to_unicode(text), nfkd);
  u.foldCase();
  u = normalize(u, nfkd);  // folding may leave a few characters composed
  icu::UnicodeString out;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    UChar32 c = u.char32At(i);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0153) {
      out.append(u'o').append(u'e');
    } else if (c == 0x00E6) {
      out.append(u'a').append(u'e');
    } else {
      out.append(c);
    }
  }
  return out;
}

std::vector<std::string> folded_words(std::string_view text) {
  icu::UnicodeString u = fold(text);
  std::vector<std::string> words;
  int32_t start = -1;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    bool inside = is_word_char(u.char32At(i));
    if (inside && start < 0) start = i;
    if (!inside && start >= 0) {
      words.push_back(to_utf8(u.tempSubStringBetween(start, i)));
      start = -1;
    }
  }
  if (start >= 0) words.push_back(to_utf8(u.tempSubStringBetween(start)));
  return words;
}

}  // namespace

std::string normalize_comment(std::string_view raw) {
  icu::UnicodeString text = clean_controls(to_unicode(raw));
  return lay_out_lines(normalize(text, normalizer(false)));
}

std::size_t code_points(std::string_view utf8) {
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string comment_html(std::string_view normalized) {
  std::string html;
  std::string paragraph;
  auto end_paragraph = [&] {
    if (paragraph.empty()) return;
    if (!html.empty()) html += '\n';
    html += "<p>" + paragraph + "</p>";
    paragraph.clear();
  };
  std::size_t start = 0;
  while (start <= normalized.size()) {
    std::size_t end = std::min(normalized.find('\n', start), normalized.size());
    std::string_view line = normalized.substr(start, end - start);
    if (is_blank(line)) {
      end_paragraph();
    } else {
      if (!paragraph.empty()) paragraph += "<br>";
      append_line_html(line, paragraph);
    }
    start = end + 1;
  }
  end_paragraph();
  return html;
}

int count_links(std::string_view text) {
  int links = 0;
  std::size_t pos = 0;
  while (auto url = next_url(text, pos)) {
    ++links;
    pos = url->end;
  }
  return links;
}

WordList::WordList(const std::vector<std::string>& entries) {
  for (const std::string& entry : entries) {
    std::string_view e = entry;
    while (!e.empty() && (e.back() == ' ' || e.back() == '\t')) e.remove_suffix(1);
    bool prefix = false;
    while (!e.empty() && e.back() == '*') {
      e.remove_suffix(1);
      prefix = true;
    }
    Pattern p{entry, folded_words(e), prefix};
    if (p.words.empty()) continue;
    if (p.prefix && p.words.size() == 1) {
      longest_prefix_ = std::max(longest_prefix_, p.words.front().size());
    }
    Index& index = p.prefix && p.words.size() == 1 ? by_prefix_ : by_first_word_;
    index[p.words.front()].push_back(patterns_.size());
    patterns_.push_back(std::move(p));
  }
}

bool WordList::matches_at(const Pattern& p, const std::vector<std::string>& words, std::size_t at) {
  if (words.size() - at < p.words.size()) return false;
  for (std::size_t k = 0; k < p.words.size(); ++k) {
    const std::string& word = words[at + k];
    bool open_ended = p.prefix && k + 1 == p.words.size();
    if (open_ended ? !word.starts_with(p.words[k]) : word != p.words[k]) return false;
  }
  return true;
}

std::optional<std::string> WordList::first_match(std::string_view text) const {
  if (patterns_.empty()) return std::nullopt;
  std::vector<std::string> words = folded_words(text);
  for (std::size_t at = 0; at < words.size(); ++at) {
    std::size_t best = patterns_.size();
    auto consider = [&](const Index& index, std::string_view key) {
      auto found = index.find(key);
      if (found == index.end()) return;
      for (std::size_t id : found->second) {
        if (id < best && matches_at(patterns_[id], words, at)) best = id;
      }
    };
    std::string_view word = words[at];
    consider(by_first_word_, word);
    for (std::size_t len = 1; len <= std::min(word.size(), longest_prefix_); ++len) {
      bool boundary = len == word.size() || (word[len] & 0xC0) != 0x80;
      if (boundary) consider(by_prefix_, word.substr(0, len));
    }
    if (best < patterns_.size()) return patterns_[best].configured;
  }
  return std::nullopt;
}

}  // namespace depeche::comments
