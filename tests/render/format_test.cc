#include "render/format.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/time.h"

namespace depeche::render {
namespace {

Timestamp at(const char* iso) {
  return *parse_iso8601(iso);
}

DateFormatter paris() {
  return *DateFormatter::create("Europe/Paris", "fr");
}

TEST(DateFormatter, WinterUtcTimeRendersOneHourAheadInParis) {
  EXPECT_EQ(paris().format(at("2023-02-25T13:15:00Z"), "dd/MM/yyyy 'à' HH:mm"),
            "25/02/2023 à 14:15");
}

TEST(DateFormatter, FrenchDatesKeepTheDayWithItsMonth) {
  EXPECT_EQ(paris().format(at("2023-02-25T13:15:00Z"), "d MMMM 'à' HH:mm"),
            "25\u00A0février à 14:15");
  auto english = *DateFormatter::create("Europe/Paris", "en");
  EXPECT_EQ(english.format(at("2023-02-25T13:15:00Z"), "d MMMM HH:mm"), "25 February 14:15");
}

TEST(DateFormatter, PreparedPatternsGiveTheSameTextOnceRememberedAndPastTheLimit) {
  const std::string hm = "d MMMM yyyy HH:mm:ss";
  const std::string day = "dd/MM/yyyy";
  auto kept = *DateFormatter::create("Europe/Paris", "fr", {hm, day});
  auto plain = paris();  // the same patterns, not prepared: never remembered
  auto start = at("2026-03-29T00:30:00Z");  // across the change to summer time
  // More instants than are kept, twice, alternating the two patterns: the
  // same instant under each pattern is its own text.
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < kRememberedDates + 500; i += 7) {
      auto t = start + std::chrono::seconds(61 * static_cast<std::int64_t>(i));
      ASSERT_EQ(kept.format(t, hm), plain.format(t, hm)) << i;
      ASSERT_EQ(kept.format(t, day), plain.format(t, day)) << i;
    }
  }
  EXPECT_EQ(kept.format(at("2026-03-29T00:59:59Z"), hm), "29\u00A0mars 2026 01:59:59");
  EXPECT_EQ(kept.format(at("2026-03-29T01:00:00Z"), hm), "29\u00A0mars 2026 03:00:00");
  // A copy shares what was kept and gives the same answers.
  DateFormatter copy = kept;
  EXPECT_EQ(copy.format(at("2026-03-29T01:00:00Z"), day), "29/03/2026");
}

TEST(DateFormatter, SummerUtcTimeRendersTwoHoursAheadInParis) {
  EXPECT_EQ(paris().format(at("2025-05-10T10:38:00Z"), "dd.MM.yyyy HH:mm"), "10.05.2025 12:38");
}

TEST(DateFormatter, OffsetOnTheWireIsHonoured) {
  EXPECT_EQ(paris().format(at("2026-07-14T09:00:00-04:00"), "dd/MM/yyyy HH:mm"),
            "14/07/2026 15:00");
}

TEST(DateFormatter, MidnightUtcCanBeTheNextDayInParis) {
  EXPECT_EQ(paris().format(at("2026-12-31T23:30:00Z"), "d MMMM yyyy HH:mm"),
            "1\u00A0janvier 2027 00:30");
}

TEST(DateFormatter, YearShownOnlyWhenNotTheCurrentOne) {
  auto f = paris();
  auto now = at("2026-11-24T10:00:00Z");
  EXPECT_EQ(
      f.format_relative_year(at("2026-02-25T17:30:00Z"), now, "d MMMM HH:mm", "d MMMM yyyy HH:mm"),
      "25\u00A0février 18:30");
  EXPECT_EQ(
      f.format_relative_year(at("2025-02-25T17:30:00Z"), now, "d MMMM HH:mm", "d MMMM yyyy HH:mm"),
      "25\u00A0février 2025 18:30");
}

TEST(DateFormatter, TheCurrentYearIsTheSiteZonesYear) {
  auto f = paris();
  // 23:30 UTC on 31 December is already the new year in Paris.
  EXPECT_EQ(f.year(at("2026-12-31T23:30:00Z")), 2027);
  EXPECT_EQ(f.year(at("2026-12-31T22:59:59Z")), 2026);
  EXPECT_EQ(f.format_relative_year(at("2026-12-31T23:30:00Z"), at("2027-01-01T08:00:00Z"),
                                   "d MMMM HH:mm", "d MMMM yyyy HH:mm"),
            "1\u00A0janvier 00:30");
}

TEST(DateFormatter, FormatsFromManyThreadsAtOnce) {
  // A prepared pattern: each thread formats with its own clone of it.
  auto f = *DateFormatter::create("Europe/Paris", "fr", {"d MMMM HH:mm"});
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (f.format(at("2026-02-25T17:30:00Z"), "d MMMM HH:mm") != "25\u00A0février 18:30") ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(DateFormatter, IsoCarriesTheZoneOffset) {
  EXPECT_EQ(paris().iso(at("2023-02-25T13:15:00Z")), "2023-02-25T14:15:00+01:00");
}

TEST(DateFormatter, IsoHandlesNegativeAndHalfHourOffsets) {
  EXPECT_EQ(DateFormatter::create("America/New_York", "fr")->iso(at("2026-01-15T03:00:00Z")),
            "2026-01-14T22:00:00-05:00");
  EXPECT_EQ(DateFormatter::create("Asia/Kolkata", "fr")->iso(at("2026-01-15T20:00:00Z")),
            "2026-01-16T01:30:00+05:30");
}

TEST(DateFormatter, PreparedAndAdHocPatternsAgree) {
  auto prepared = *DateFormatter::create("Europe/Paris", "fr", {"d MMMM yyyy HH:mm"});
  EXPECT_EQ(prepared.format(at("2026-08-01T10:00:00Z"), "d MMMM yyyy HH:mm"),
            paris().format(at("2026-08-01T10:00:00Z"), "d MMMM yyyy HH:mm"));
}

TEST(DateFormatter, UnknownZoneIsRefused) {
  EXPECT_FALSE(DateFormatter::create("Europe/Atlantis", "fr").ok());
}

TEST(Teaser, ShortTextIsKeptWhole) {
  EXPECT_EQ(teaser("Un texte court.", 50), "Un texte court.");
}

TEST(Teaser, LongTextIsCutAtAWordBoundaryWithAnEllipsis) {
  std::string t = teaser("Le frère et la sœur ont été accueillis par la mairie du village", 30);
  EXPECT_EQ(t, "Le frère et la sœur ont été…");
}

TEST(Teaser, CountsCharactersNotBytes) {
  // 10 accented letters are 20 bytes but 10 characters: nothing to cut.
  EXPECT_EQ(teaser("éééééééééé", 10), "éééééééééé");
}

TEST(Teaser, CollapsesWhitespace) {
  EXPECT_EQ(teaser("  a \n\t b  ", 10), "a b");
}

TEST(Teaser, DropsDanglingPunctuationBeforeTheEllipsis) {
  EXPECT_EQ(teaser("Premier point, second point, troisième point", 20), "Premier point…");
}

TEST(EscapeHtml, IsTheSharedCoreEscape) {
  EXPECT_EQ(escape_html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

}  // namespace
}  // namespace depeche::render
