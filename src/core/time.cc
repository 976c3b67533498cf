#include "core/time.h"

#include <cctype>
#include <cstdio>

namespace depeche {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Reads exactly n digits at s[pos] into out; advances pos.
bool digits(std::string_view s, size_t& pos, int n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool accept(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::optional<Timestamp> parse_iso8601(std::string_view text) {
  using namespace std::chrono;
  std::string_view s = trim(text);
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, pos, 4, y)) return std::nullopt;
  bool extended = accept(s, pos, '-');
  if (!digits(s, pos, 2, mo)) return std::nullopt;
  if (extended && !accept(s, pos, '-')) return std::nullopt;
  if (!digits(s, pos, 2, d)) return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  if (pos == s.size()) return sys_seconds{sys_days{ymd}};
  if (!accept(s, pos, 'T') && !accept(s, pos, 't') && !accept(s, pos, ' ')) return std::nullopt;
  if (!digits(s, pos, 2, h)) return std::nullopt;
  if (extended && !accept(s, pos, ':')) return std::nullopt;
  if (!digits(s, pos, 2, mi)) return std::nullopt;
  // Seconds are optional in practice ("2023-02-25T14:15+01:00").
  if (pos < s.size() && (s[pos] == ':' || std::isdigit(static_cast<unsigned char>(s[pos])))) {
    if (extended && !accept(s, pos, ':')) return std::nullopt;
    if (!digits(s, pos, 2, sec)) return std::nullopt;
  }
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    if (pos == start) return std::nullopt;
  }
  if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi != 0 || sec != 0))) return std::nullopt;
  if (sec == 60) sec = 59;  // leap second: keep the instant inside the minute
  int offset_minutes = 0;
  if (pos < s.size()) {
    char c = s[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      ++pos;
      int oh = 0, om = 0;
      if (!digits(s, pos, 2, oh)) return std::nullopt;
      accept(s, pos, ':');
      if (pos < s.size() && !digits(s, pos, 2, om)) return std::nullopt;
      if (oh > 23 || om > 59) return std::nullopt;
      offset_minutes = (oh * 60 + om) * (c == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  sys_seconds t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec};
  return t - minutes{offset_minutes};
}

std::string format_iso8601_utc(Timestamp t) {
  using namespace std::chrono;
  auto days = floor<std::chrono::days>(t);
  year_month_day ymd{days};
  hh_mm_ss hms{t - days};
  char buf[64];  // room for any year the types can hold, so no truncation
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                long(hms.minutes().count()), long(hms.seconds().count()));
  return buf;
}

}  // namespace depeche
