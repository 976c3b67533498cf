#pragma once
// The arithmetic of a sliding-window rate limit, shared by the in-memory
// limiter of one node (comments/rate_limit.h) and the limits a database
// keeps for several nodes (store::SharedRates): an event at time t counts
// while now < t + window, and at most max_events may count at once.

#include <chrono>
#include <optional>
#include <vector>

#include "core/dispatch.h"

namespace depeche {

// nullopt when one more event fits beside `live` (the key's events still in
// the window, in any order) and `pending` more about to be recorded; else
// how long until it does (at least 1 s). A rule with max_events <= 0
// refuses everything.
std::optional<std::chrono::seconds> rate_wait(std::vector<Timestamp> live, int max_events,
                                              std::chrono::seconds window, int pending,
                                              Timestamp now);

}  // namespace depeche
