#include "ingest/fields.h"

#include <algorithm>
#include <map>

#include "core/text.h"

namespace depeche::ingest {

std::string known_provider(std::string_view code) {
  static const std::map<std::string, std::string, std::less<>> kKnown = {
      {"reuters", "Reuters"}, {"reuters.com", "Reuters"}, {"afp", "AFP"}, {"afp.com", "AFP"},
      {"ap", "AP"},           {"apnews.com", "AP"},       {"dpa", "dpa"}, {"dpa.com", "dpa"},
      {"ansa", "ANSA"},       {"belga", "Belga"},         {"tt", "TT"},   {"ntb", "NTB"}};
  std::string lower(code);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto it = kKnown.find(lower);
  return it == kKnown.end() ? std::string() : it->second;
}

int rendition_score(std::string_view name, std::string_view title, int width) {
  auto is = [&](std::string_view word) {
    return name.find(word) != std::string_view::npos || title.find(word) != std::string_view::npos;
  };
  if (is("thumb") || is("Thumb")) return 0;
  if (is("preview") || is("Preview") || is("web") || is("Web")) return 1 << 24;
  if (width <= 0) return 1;
  return width <= kMaxWebWidth ? (1 << 20) + width : (1 << 20) - width;
}

std::string host_of(std::string_view url) {
  auto scheme = url.find("//");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 2);
  std::string host(rest.substr(0, rest.find_first_of("/?#")));
  return host.starts_with("www.") ? host.substr(4) : host;
}

// "By Jane Doe and John Roe" -> {"Jane Doe", "John Roe"}.
std::vector<std::string> byline_names(std::string by) {
  for (std::string_view lead : {"By ", "by ", "BY ", "Par ", "par ", "Von ", "von "}) {
    if (by.starts_with(lead)) by = by.substr(lead.size());
  }
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < by.size()) {
    std::size_t end = by.size(), skip = 0;
    for (std::string_view sep : {" and ", " et ", " und ", ", "}) {
      auto at = by.find(sep, start);
      if (at != std::string::npos && at < end) {
        end = at;
        skip = sep.size();
      }
    }
    auto name = collapse_whitespace(by.substr(start, end - start));
    if (!name.empty()) names.push_back(name);
    start = end + skip;
    if (skip == 0) break;
  }
  return names;
}

}  // namespace depeche::ingest
