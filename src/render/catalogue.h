#pragma once
// The message catalogue: every string a reader sees, for one locale, in one
// file (templates/i18n/<locale>.json). Values are ICU MessageFormat patterns,
// so plurals and arguments follow the locale's own rules ("aucun
// commentaire", "1 commentaire", "2 commentaires").

#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace depeche::render {

// A named argument for Catalogue::format: text or a number.
struct MessageArg {
  std::string name;
  std::string text;
  std::int64_t number = 0;
  bool is_number = false;
};

MessageArg arg(std::string name, std::string text);
MessageArg arg(std::string name, std::int64_t number);

class Catalogue {
 public:
  // Parses a flat JSON object {"key": "pattern"}. Fails when the JSON is
  // malformed, a pattern does not compile, or a key the program uses is
  // missing: a broken catalogue stops the server at start, not mid-request.
  // For a French `locale` (is_french), every message except the date
  // patterns ("pattern_*") gets French spacing (french_spacing_message), so
  // text() and format() return it already spaced.
  static Result<Catalogue> load(std::string_view json, std::string_view locale);

  // The pattern of `key` as plain text (for strings without arguments).
  // Unknown keys return "?", which load() makes impossible for required keys.
  const std::string& text(std::string_view key) const;

  // Formats `key` with named arguments. Thread-safe: each call clones the
  // compiled pattern, since ICU formatters are not safe to share.
  std::string format(std::string_view key, std::initializer_list<MessageArg> args) const;

  // Like format(), but for HTML output: the pattern's own text is escaped and
  // each text argument is inserted as given, so it must already be safe
  // HTML (e.g. "<time datetime=…>…</time>"). Number arguments format as usual.
  std::string format_html(std::string_view key, std::initializer_list<MessageArg> html_args) const;

  bool has(std::string_view key) const { return texts_.find(key) != texts_.end(); }
  const std::map<std::string, std::string, std::less<>>& entries() const { return texts_; }
  const icu::Locale& locale() const { return locale_; }

 private:
  std::optional<std::string> run(std::string_view key, const std::vector<MessageArg>& args) const;

  icu::Locale locale_;
  std::map<std::string, std::string, std::less<>> texts_;
  std::map<std::string, std::shared_ptr<const icu::MessageFormat>, std::less<>> formats_;
};

// Keys the program refers to; load() checks they are all present.
std::span<const std::string_view> required_message_keys();

}  // namespace depeche::render
