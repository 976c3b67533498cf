#pragma once
// Locale- and time-zone-aware formatting for pages: dates in the site time
// zone (the wire gives UTC), teasers cut at a word boundary.

#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/bounded_memo.h"
#include "core/dispatch.h"
#include "core/result.h"
#include "core/text.h"

namespace depeche::render {

inline constexpr std::size_t kTeaserMaxChars = 220;
// How many formatted dates a DateFormatter keeps. A page formats the same
// few hundred instants (the latest stories, the comments on show) on every
// render, and ICU's formatting with French spacing was about a tenth of
// what rendering an article cost. A date takes about 50 bytes.
inline constexpr std::size_t kRememberedDates = 8192;

// Date patterns (ICU SimpleDateFormat syntax) live in the message catalogue,
// since they are part of the locale.
//
// Formats instants as wall time of one zone. Built once; format() is
// thread-safe because each call works on its own clone of the formatter.
class DateFormatter {
 public:
  // Fails when the zone id or locale is unknown to ICU. `patterns` are
  // compiled once here, so that formatting with them clones a ready
  // formatter instead of loading locale data on every call; other patterns
  // work too, only slower.
  static Result<DateFormatter> create(std::string_view time_zone, std::string_view locale,
                                      const std::vector<std::string>& patterns = {});

  // For a French locale the result has French spacing ("25\u00A0février
  // 18:30": the day stays with its month).
  std::string format(Timestamp t, std::string_view pattern) const;
  // `this_year` when `t` falls in the same year as `now` in the site zone,
  // else `other_year` (comments show the year only when it is not obvious).
  std::string format_relative_year(Timestamp t, Timestamp now, std::string_view this_year,
                                   std::string_view other_year) const;
  // ISO 8601 with the zone's offset, for <time datetime>.
  std::string iso(Timestamp t) const;
  int year(Timestamp t) const;

 private:
  std::shared_ptr<const icu::TimeZone> zone_;
  std::string locale_;
  bool french_ = false;
  // The dates formatted with the prepared patterns, by pattern (its
  // index, in the top 16 bits) and instant (seconds, in the other 48: until
  // the year 4 million); shared by copies of this formatter.
  using Remembered = BoundedMemo<std::int64_t, std::string>;
  struct Prepared {
    // Never used directly: ICU formatters change their calendar while
    // formatting, so each call works on a clone.
    std::shared_ptr<const icu::SimpleDateFormat> format;
    int index = 0;  // the pattern's part of a Remembered key
  };
  std::string format_now(const icu::DateFormat& fmt, Timestamp t) const;

  std::map<std::string, Prepared, std::less<>> prepared_;
  std::shared_ptr<Remembered> remembered_ = std::make_shared<Remembered>(kRememberedDates);
};

// Cuts plain text to at most `max_chars` code points at a word boundary and
// appends "…" when something was cut. Whitespace is collapsed first.
std::string teaser(std::string_view text, std::size_t max_chars = kTeaserMaxChars);

}  // namespace depeche::render
