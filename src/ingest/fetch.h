#pragma once
// HTTP(S) GET for polled feeds (libcurl): conditional requests, bounded
// size and time, http and https only. libcurl errors stop here.

#include <chrono>
#include <string>

#include "core/result.h"

namespace depeche::ingest {

inline constexpr std::chrono::seconds kFetchTimeout{30};
inline constexpr long kMaxRedirects = 5;

struct FetchRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
};

struct FetchResponse {
  long status = 0;  // 200, or 304 when unchanged
  std::string body;
  std::string etag;
  std::string last_modified;
};

// Fails (io) on network errors and HTTP statuses other than 2xx/304, and
// (too_large) past `max_bytes`.
Result<FetchResponse> fetch(const FetchRequest& request, std::size_t max_bytes,
                            std::chrono::seconds timeout = kFetchTimeout);

}  // namespace depeche::ingest
