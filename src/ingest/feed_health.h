#pragma once
// How one polled source is doing, as the poller reports it (the admin page,
// the API and /metrics show it). A plain struct, so that pages can show it
// without depending on the poller.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/time.h"

namespace depeche::ingest {

// What an operator wants to know about one source.
struct FeedHealth {
  std::string name;
  std::string url;
  std::optional<Timestamp> last_success;
  std::optional<Timestamp> last_error_at;
  std::string last_error;
  std::uint64_t fetches = 0;
  std::uint64_t not_modified = 0;
  std::uint64_t items_accepted = 0;  // accepted, updated or withdrawn
  std::uint64_t items_rejected = 0;
  // From the agency's versionCreated to publication, for the last item
  // published from this feed.
  std::optional<std::chrono::seconds> last_delay;
};

}  // namespace depeche::ingest
