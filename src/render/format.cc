#include "render/format.h"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <chrono>
#include <cstdio>

#include "render/thread_clone.h"
#include "render/typography.h"

namespace depeche::render {
namespace {

constexpr std::string_view kIsoPattern = "yyyy-MM-dd'T'HH:mm:ssxxx";

UDate to_udate(Timestamp t) {
  return static_cast<UDate>(t.time_since_epoch().count()) * 1000.0;
}

}  // namespace

Result<DateFormatter> DateFormatter::create(std::string_view time_zone, std::string_view locale,
                                            const std::vector<std::string>& patterns) {
  std::unique_ptr<icu::TimeZone> zone(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
  if (!zone || *zone == icu::TimeZone::getUnknown()) {
    return make_error(ErrorCode::invalid_input, "unknown time zone: " + std::string(time_zone));
  }
  DateFormatter f;
  f.zone_ = std::move(zone);
  f.locale_ = std::string(locale);
  f.french_ = is_french(locale);
  std::vector<std::string> all = patterns;
  all.emplace_back(kIsoPattern);
  for (const auto& p : all) {
    UErrorCode status = U_ZERO_ERROR;
    auto fmt = std::make_shared<icu::SimpleDateFormat>(icu::UnicodeString::fromUTF8(p),
                                                       icu::Locale(f.locale_.c_str()), status);
    if (U_FAILURE(status)) {
      return make_error(ErrorCode::invalid_input, "bad date pattern \"" + p + "\"");
    }
    fmt->setTimeZone(*f.zone_);
    int index = static_cast<int>(f.prepared_.size());
    f.prepared_.try_emplace(p, Prepared{std::move(fmt), index});
  }
  return f;
}

std::string DateFormatter::format(Timestamp t, std::string_view pattern) const {
  if (auto it = prepared_.find(pattern); it != prepared_.end()) {
    const Prepared& p = it->second;
    std::int64_t key = (std::int64_t{p.index} << 48) ^ t.time_since_epoch().count();
    if (auto kept = remembered_->find(key)) return std::move(*kept);
    std::string text = format_now(thread_clone(p.format), t);
    remembered_->keep(key, text);
    return text;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::SimpleDateFormat own(icu::UnicodeString::fromUTF8(pattern), icu::Locale(locale_.c_str()),
                            status);
  if (U_FAILURE(status)) return {};
  own.setTimeZone(*zone_);
  return format_now(own, t);
}

std::string DateFormatter::format_now(const icu::DateFormat& fmt, Timestamp t) const {
  icu::UnicodeString out;
  fmt.format(to_udate(t), out);
  std::string utf8;
  out.toUTF8String(utf8);
  return french_ ? french_spacing(utf8) : utf8;
}

int DateFormatter::year(Timestamp t) const {
  // The zone's offset at that instant, then civil arithmetic: a calendar
  // object per call cost more than the formatting itself.
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  zone_->getOffset(to_udate(t), false, raw, dst, status);
  if (U_FAILURE(status)) raw = dst = 0;
  auto local = t + std::chrono::milliseconds(raw + dst);
  std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(local)};
  return static_cast<int>(ymd.year());
}

std::string DateFormatter::format_relative_year(Timestamp t, Timestamp now,
                                                std::string_view this_year,
                                                std::string_view other_year) const {
  return format(t, year(t) == year(now) ? this_year : other_year);
}

std::string DateFormatter::iso(Timestamp t) const {
  // Built by hand from the zone's offset: called for every <time> of a
  // page, where a full ICU format costs more than the rest of the card.
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  zone_->getOffset(to_udate(t), false, raw, dst, status);
  if (U_FAILURE(status)) return format(t, kIsoPattern);
  int offset_minutes = (raw + dst) / 60000;
  auto local = t + std::chrono::minutes(offset_minutes);
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{local - day};
  char buf[64];
  int abs_offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                offset_minutes < 0 ? '-' : '+', abs_offset / 60, abs_offset % 60);
  return buf;
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
