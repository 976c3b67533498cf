#pragma once
// UTC instants to and from text in the ISO 8601 forms the wire and the API use.

#include <optional>
#include <string>
#include <string_view>

#include "core/dispatch.h"

namespace depeche {

// Parses an ISO 8601 date-time: extended ("2023-02-25T14:15:00+01:00",
// fractions and "Z" allowed) or basic ("20190121T104233+0000"), with
// surrounding white space ignored. A date-time without an offset is taken as
// UTC. A bare date ("2023-02-25") is midnight UTC. Returns nullopt for
// anything else, including out-of-range fields.
std::optional<Timestamp> parse_iso8601(std::string_view text);

// "2023-02-25T13:15:00Z"
std::string format_iso8601_utc(Timestamp t);

}  // namespace depeche
