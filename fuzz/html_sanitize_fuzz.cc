// Wire bodies are HTML from outside, emitted on our pages once sanitised:
// the sanitiser must survive anything, and what it returns must never carry
// an element the allow-list drops with its content.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ingest/encoding.h"
#include "ingest/sanitize.h"

namespace {

bool contains_tag(std::string_view html, std::string_view tag) {
  std::string lower(html);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find(tag) != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  std::string safe = depeche::ingest::sanitize_html(html);
  // Escaped text reads "&lt;script", so a raw "<script" can only be markup.
  for (std::string_view tag : {"<script", "<style", "<iframe", "<object", "<form"}) {
    if (contains_tag(safe, tag)) std::abort();
  }
  depeche::ingest::html_to_text(html);
  depeche::ingest::html_to_text(safe);
  return 0;
}
