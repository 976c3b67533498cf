#include "ingest/markup_bounds.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace depeche::ingest {
namespace {

constexpr std::array<std::string_view, 14> kVoid = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr"};
// Their content is text to the tokenizer, up to their own end tag.
constexpr std::array<std::string_view, 6> kRawText = {"script", "style",    "textarea",
                                                      "title",  "xmp",      "plaintext"};
// A start tag of one of these closes an open element of the same group.
constexpr std::array<std::string_view, 8> kSelfClosingGroups = {"p",  "li", "dt", "dd",
                                                                "tr", "td", "th", "option"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

bool same_group(std::string_view a, std::string_view b) {
  auto group = [](std::string_view n) {
    if (n == "dt" || n == "dd") return std::string_view("dt");
    if (n == "td" || n == "th") return std::string_view("td");
    return n;
  };
  return group(a) == group(b);
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_';
}

// The end of a tag that starts at `from` (just after its name): the index
// after its '>', honouring quoted attribute values; npos when unfinished.
std::size_t tag_end(std::string_view html, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i < html.size(); ++i) {
    char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Case-insensitive search for "</name" from `from`.
std::size_t find_end_tag(std::string_view html, std::string_view name, std::size_t from) {
  for (std::size_t i = html.find("</", from); i != std::string_view::npos;
       i = html.find("</", i + 2)) {
    std::string_view rest = html.substr(i + 2, name.size());
    if (rest.size() == name.size() &&
        std::equal(rest.begin(), rest.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      return i;
    }
  }
  return std::string_view::npos;
}

class Bounder {
 public:
  explicit Bounder(std::string_view html) : html_(html) { out_.html.reserve(html.size()); }

  BoundedMarkup run() && {
    std::size_t i = 0;
    while (i < html_.size()) {
      std::size_t lt = html_.find('<', i);
      if (lt == std::string_view::npos) {
        out_.html.append(html_.substr(i));
        break;
      }
      out_.html.append(html_.substr(i, lt - i));
      i = markup(lt);
    }
    return std::move(out_);
  }

 private:
  // Handles what starts with '<' at `at`; returns where to go on.
  std::size_t markup(std::size_t at) {
    std::string_view rest = html_.substr(at);
    if (rest.starts_with("<!--")) {
      std::size_t close = html_.find("-->", at + 4);
      return copy(at, close == std::string_view::npos ? html_.size() : close + 3);
    }
    if (rest.starts_with("<!") || rest.starts_with("<?")) {
      std::size_t close = html_.find('>', at + 2);
      return copy(at, close == std::string_view::npos ? html_.size() : close + 1);
    }
    bool end = rest.starts_with("</");
    std::size_t name_at = at + (end ? 2 : 1);
    if (name_at >= html_.size() || !std::isalpha(static_cast<unsigned char>(html_[name_at]))) {
      return copy(at, at + 1);  // a lone '<' is text
    }
    std::size_t name_end = name_at;
    while (name_end < html_.size() && name_char(html_[name_end])) ++name_end;
    std::string name(html_.substr(name_at, name_end - name_at));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t after = tag_end(html_, name_end);
    if (after == std::string_view::npos) return copy(at, html_.size());  // browsers drop it
    return end ? end_tag(at, after, name) : start_tag(at, after, name);
  }

  std::size_t start_tag(std::size_t at, std::size_t after, const std::string& name) {
    if (in(kRawText, name)) {
      // Copied whole, text included: it opens nothing that stays open.
      std::size_t close = find_end_tag(html_, name, after);
      if (close == std::string_view::npos) return copy(at, html_.size());
      std::size_t close_end = tag_end(html_, close + 2 + name.size());
      return copy(at, close_end == std::string_view::npos ? html_.size() : close_end);
    }
    if (elements_ >= kMaxMarkupElements) return drop(after);
    if (in(kVoid, name)) {
      ++elements_;
      return copy(at, after);
    }
    if (in(kSelfClosingGroups, name) && !open_.empty() && same_group(open_.back(), name)) {
      close_to(open_.size() - 1);
    }
    if (open_.size() >= kMaxMarkupDepth) return drop(after);
    ++elements_;
    open_.push_back(name);
    return copy(at, after);
  }

  std::size_t end_tag(std::size_t at, std::size_t after, const std::string& name) {
    auto found = std::find(open_.rbegin(), open_.rend(), name);
    if (found == open_.rend()) return drop(after);  // closes nothing kept
    std::size_t index = static_cast<std::size_t>(open_.rend() - found) - 1;
    // What the end tag closes implicitly is closed explicitly: a formatting
    // element left open inside a closed paragraph would otherwise be
    // reopened by the parser in every later paragraph, ever deeper.
    close_to(index + 1);
    open_.pop_back();
    return copy(at, after);
  }

  // Writes end tags for the open elements above `depth`.
  void close_to(std::size_t depth) {
    while (open_.size() > depth) {
      out_.html += "</";
      out_.html += open_.back();
      out_.html += '>';
      open_.pop_back();
    }
  }

  std::size_t copy(std::size_t from, std::size_t to) {
    out_.html.append(html_.substr(from, to - from));
    return to;
  }

  std::size_t drop(std::size_t after) {
    ++out_.dropped_tags;
    return after;
  }

  std::string_view html_;
  BoundedMarkup out_;
  std::vector<std::string> open_;  // never deeper than kMaxMarkupDepth
  std::size_t elements_ = 0;
};

}  // namespace

BoundedMarkup bound_markup(std::string_view html) {
  return Bounder(html).run();
}

}  // namespace depeche::ingest
