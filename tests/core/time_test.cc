#include "core/time.h"

#include <gtest/gtest.h>

namespace depeche {
namespace {

TEST(Time, WireTimesWithOffsetsBecomeUtc) {
  EXPECT_EQ(format_iso8601_utc(*parse_iso8601("2026-11-18T08:00:00+01:00")),
            "2026-11-18T07:00:00Z");
  EXPECT_EQ(format_iso8601_utc(*parse_iso8601("2014-07-17T00:24:11.000Z")), "2014-07-17T00:24:11Z");
  EXPECT_EQ(format_iso8601_utc(*parse_iso8601("20090122T113000-0500")), "2009-01-22T16:30:00Z");
}

TEST(Time, NonsenseIsRefused) {
  for (const char* bad : {"", "hier", "2026-13-01T00:00:00Z", "2026-11-18T25:00:00Z"}) {
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace depeche
