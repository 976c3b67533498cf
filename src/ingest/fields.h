#pragma once
// Field conventions shared by every format: agency names, by-lines, hosts.

#include <string>
#include <string_view>
#include <vector>

namespace depeche::ingest {

// The display name of a well-known agency from a code or domain
// ("reuters.com", "afp", "dpa"), or "" when unknown.
std::string known_provider(std::string_view code);

// "https://www.example.org/x" -> "example.org".
std::string host_of(std::string_view url);

// How well a picture rendition suits a web page: a rendition named or
// titled preview/web first, then the widest one up to kMaxWebWidth, then
// narrower-is-better above it; thumbnails last.
inline constexpr int kMaxWebWidth = 2400;
int rendition_score(std::string_view name, std::string_view title, int width);

// "By Jane Doe and John Roe" -> {"Jane Doe", "John Roe"}; "Par", "Von"
// and "et", "und", commas are understood too.
std::vector<std::string> byline_names(std::string by);

}  // namespace depeche::ingest
