// Readers' comments: stored after normalize_comment, shown through
// comment_html. The input is split at the first NUL byte into a moderators'
// word list (one entry per line) and the comment, so WordList is fuzzed too.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "comments/text.h"

namespace {

using namespace depeche::comments;

std::size_t count_of(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    auto end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view words;
  if (auto nul = input.find('\0'); nul != std::string_view::npos) {
    words = input.substr(0, nul);
    input.remove_prefix(nul + 1);
  }
  std::string text = normalize_comment(input);
  code_points(text);
  std::string html = comment_html(text);
  // The promises of text.h that pages and moderation rely on: comment_html
  // makes exactly the links count_links announces, and never markup that
  // could run.
  if (static_cast<std::size_t>(count_links(text)) != count_of(html, "<a ")) std::abort();
  if (count_of(html, "<script") != 0) std::abort();
  WordList list(lines_of(words));
  list.first_match(text);
  return 0;
}
