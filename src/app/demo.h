#pragma once
// `depeche demo`: the demo content ingested as if it had just come over the
// wire, with readers' comments on it, so that whoever opens the demo site,
// whatever the day, finds recent news and threads open for comments.

#include <chrono>
#include <filesystem>

#include "app/config.h"
#include "core/dispatch.h"

namespace depeche::app {

// The newest demo dispatch is made this old (rounded down to the minute):
// recent enough to lead the home page, old enough never to be in the future.
inline constexpr std::chrono::minutes kDemoNewestAge{10};

// How far every demo time moves so that `newest` becomes kDemoNewestAge
// before `now`, rounded down to the minute. Order and gaps are kept since
// every time moves by the same amount.
std::chrono::seconds demo_shift(Timestamp newest, Timestamp now);

// Ingests the demo dispatches with every time of every dispatch
// (firstCreated, versionCreated, embargo) moved by demo_shift(), then posts
// the comments of comments.json (app/demo_comments.h) by demo readers whose
// accounts it makes with random passwords. `from` is a folder holding
// dispatches/ and, optionally, comments.json (the repository's demo/);
// empty: the copy compiled into the binary.
//
// Prints one line per ingested item as `depeche ingest` does, a line per
// comment that could not be posted, and one summary line. Running it again
// on the same data adds nothing: dispatches are duplicates, readers and
// comments already there are found and kept.
//
// Exit 0 when nothing was rejected or refused, 1 otherwise, 2 when the store
// or the demo content could not be opened.
int run_demo(const Config& config, const std::filesystem::path& from);

}  // namespace depeche::app
