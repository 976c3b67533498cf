#pragma once
// Polled feeds: each source is fetched at its interval with conditional
// requests (ETag, Last-Modified) and what changed goes through the same
// ingest pipeline as files. A failing source is retried with exponential
// backoff, never more often than its interval.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ingest/feed_health.h"
#include "ingest/ingester.h"

namespace depeche::ingest {

inline constexpr std::chrono::seconds kMinPollInterval{1};
inline constexpr std::chrono::seconds kDefaultPollInterval{300};
inline constexpr std::chrono::seconds kMaxBackoff{3600};

struct FeedSource {
  std::string name;  // shown in reports and health
  std::string url;
  std::chrono::seconds interval = kDefaultPollInterval;
};

class FeedPoller {
 public:
  // Starts polling every source at once, then at its interval; `log` gets
  // every item report, from the poller's thread.
  FeedPoller(Ingester& ingester, const Clock& clock, std::vector<FeedSource> sources,
             ReportSink log);
  // Stops and joins; a fetch in progress finishes (bounded by kFetchTimeout).
  ~FeedPoller();
  FeedPoller(const FeedPoller&) = delete;
  FeedPoller& operator=(const FeedPoller&) = delete;

  std::vector<FeedHealth> health() const;

 private:
  struct State {
    FeedSource source;
    FeedHealth health;
    std::string etag, last_modified;
    std::chrono::steady_clock::time_point next{};
    std::chrono::seconds backoff{0};
  };
  void poll(State& s);  // called on the poller's thread only

  Ingester& ingester_;
  const Clock& clock_;
  ReportSink log_;
  mutable std::mutex mu_;  // guards states_[*].health and stopping_
  std::condition_variable wake_;
  std::vector<State> states_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace depeche::ingest
