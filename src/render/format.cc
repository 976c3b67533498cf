#include "render/format.h"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace depeche::render {
namespace {

UDate to_udate(Timestamp t) {
  return static_cast<UDate>(t.time_since_epoch().count()) * 1000.0;
}

}  // namespace

Result<DateFormatter> DateFormatter::create(std::string_view time_zone, std::string_view locale) {
  std::unique_ptr<icu::TimeZone> zone(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
  if (!zone || *zone == icu::TimeZone::getUnknown()) {
    return make_error(ErrorCode::invalid_input, "unknown time zone: " + std::string(time_zone));
  }
  DateFormatter f;
  f.zone_ = std::move(zone);
  f.locale_ = std::string(locale);
  return f;
}

std::string DateFormatter::format(Timestamp t, std::string_view pattern) const {
  UErrorCode status = U_ZERO_ERROR;
  icu::SimpleDateFormat fmt(icu::UnicodeString::fromUTF8(pattern), icu::Locale(locale_.c_str()),
                            status);
  if (U_FAILURE(status)) return {};
  fmt.setTimeZone(*zone_);
  icu::UnicodeString out;
  fmt.format(to_udate(t), out);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

int DateFormatter::year(Timestamp t) const {
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar cal(*zone_, status);
  cal.setTime(to_udate(t), status);
  int y = cal.get(UCAL_YEAR, status);
  return U_FAILURE(status) ? 0 : y;
}

std::string DateFormatter::format_relative_year(Timestamp t, Timestamp now,
                                                std::string_view this_year,
                                                std::string_view other_year) const {
  return format(t, year(t) == year(now) ? this_year : other_year);
}

std::string DateFormatter::iso(Timestamp t) const {
  return format(t, "yyyy-MM-dd'T'HH:mm:ssxxx");
}

std::string teaser(std::string_view text, std::size_t max_chars) {
  std::string whole = collapse_whitespace(text);
  std::string cut = cut_at_word(whole, max_chars);
  if (cut == whole) return whole;
  cut.resize(cut.size() - std::string_view("…").size());
  // Do not leave a dangling punctuation mark before the ellipsis.
  while (!cut.empty() && (cut.back() == ',' || cut.back() == ';' || cut.back() == ':' ||
                          cut.back() == ' ' || cut.back() == '-')) {
    cut.pop_back();
  }
  return cut + "…";
}

}  // namespace depeche::render
