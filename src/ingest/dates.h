#pragma once
// Dates as feeds write them. RFC 822 (RSS pubDate) in the forms real
// publishers use, including localised day and month names.

#include <optional>
#include <string_view>

#include "core/dispatch.h"

namespace depeche::ingest {

// "Wed, 31 Jan 2018 20:15:15 GMT", "Seg, 24 Set 2018 19:42:40 -0300",
// "5 déc. 2026 08:00 +0100", two-digit years, zone names (GMT, UT, EST…)
// and numeric offsets. The weekday is ignored; month names are read in
// English, French, Portuguese, Spanish, German and Italian. Falls back to ISO
// 8601. nullopt when nothing fits.
std::optional<Timestamp> parse_feed_date(std::string_view text);

}  // namespace depeche::ingest
