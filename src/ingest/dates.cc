#include "ingest/dates.h"

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <string>
#include <vector>

#include "core/time.h"

namespace depeche::ingest {
namespace {

// Lower-case ASCII prefixes of month names, accents dropped ("fév" is
// matched as "fev" after folding). Index + 1 is the month.
constexpr std::array<std::array<std::string_view, 6>, 12> kMonths{{
    {"jan", "janv", "ene", "gen", "jän", "janeiro"},
    {"feb", "fev", "fév", "febr", "fevereiro", "febbr"},
    {"mar", "mär", "mars", "marz", "março", "marzo"},
    {"apr", "avr", "abr", "april", "aprile", "abril"},
    {"may", "mai", "mag", "maio", "mayo", "mei"},
    {"jun", "juin", "giu", "junho", "junio", "juni"},
    {"jul", "juil", "lug", "julho", "julio", "juli"},
    {"aug", "aoû", "aou", "ago", "agosto", "august"},
    {"sep", "set", "sept", "setembro", "septiembre", "settembre"},
    {"oct", "out", "okt", "ott", "outubro", "octubre"},
    {"nov", "novembre", "novembro", "noviembre", "november", "nov."},
    {"dec", "déc", "dez", "dic", "dezembro", "diciembre"},
}};

int month_of(std::string word) {
  for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!word.empty() && word.back() == '.') word.pop_back();
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    for (auto name : kMonths[m]) {
      if (!name.empty() && (word == name || (word.size() >= 3 && name.starts_with(word)) ||
                            (name.size() >= 3 && word.starts_with(name)))) {
        return static_cast<int>(m) + 1;
      }
    }
  }
  return 0;
}

// Minutes east of UTC for a zone token, or nullopt when it is not one.
std::optional<int> zone_minutes(std::string_view z) {
  if (z.empty()) return 0;
  if (z.front() == '+' || z.front() == '-') {
    std::string digits;
    for (char c : z.substr(1)) {
      if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    }
    if (digits.size() != 4) return std::nullopt;
    int h = std::stoi(digits.substr(0, 2)), m = std::stoi(digits.substr(2));
    return (z.front() == '-' ? -1 : 1) * (h * 60 + m);
  }
  struct Named {
    std::string_view name;
    int minutes;
  };
  static constexpr Named kZones[] = {
      {"GMT", 0},       {"UT", 0},        {"UTC", 0},       {"Z", 0},         {"EST", -5 * 60},
      {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60}, {"MST", -7 * 60}, {"MDT", -6 * 60},
      {"PST", -8 * 60}, {"PDT", -7 * 60}, {"CET", 60},      {"CEST", 120},    {"BST", 60}};
  for (const auto& n : kZones) {
    if (z == n.name) return n.minutes;
  }
  return std::nullopt;
}

std::vector<std::string> tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool number(std::string_view s, int& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::optional<Timestamp> parse_feed_date(std::string_view text) {
  if (auto iso = parse_iso8601(text)) return iso;
  auto t = tokens(text);
  // Skip a weekday: the first token when it is neither a number nor a month.
  std::size_t i = 0;
  int probe = 0;
  if (!t.empty() && !number(t[0], probe) && month_of(t[0]) == 0) i = 1;
  if (t.size() < i + 4) return std::nullopt;
  int day = 0, year = 0;
  int month = 0;
  if (number(t[i], day)) {
    month = month_of(t[i + 1]);
  } else {  // "Jan 31 2018" (US order)
    month = month_of(t[i]);
    if (!number(t[i + 1], day)) return std::nullopt;
  }
  if (month == 0 || !number(t[i + 2], year)) return std::nullopt;
  if (year < 100) year += year < 70 ? 2000 : 1900;
  int hh = 0, mm = 0, ss = 0;
  const std::string& clock = t[i + 3];
  if (std::sscanf(clock.c_str(), "%d:%d:%d", &hh, &mm, &ss) < 2) return std::nullopt;
  auto zone = zone_minutes(t.size() > i + 4 ? std::string_view(t[i + 4]) : std::string_view());
  if (!zone) zone = 0;  // unknown zone names are read as UTC rather than refused
  std::chrono::year_month_day ymd{std::chrono::year(year),
                                  std::chrono::month(static_cast<unsigned>(month)),
                                  std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  auto local = std::chrono::sys_days(ymd) + std::chrono::hours(hh) + std::chrono::minutes(mm) +
               std::chrono::seconds(ss);
  return std::chrono::time_point_cast<std::chrono::seconds>(local - std::chrono::minutes(*zone));
}

}  // namespace depeche::ingest
