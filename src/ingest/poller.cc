#include "ingest/poller.h"

#include "core/text.h"

#include <algorithm>

#include "ingest/fetch.h"
#include "ingest/parse.h"

namespace depeche::ingest {

FeedPoller::FeedPoller(Ingester& ingester, const Clock& clock, std::vector<FeedSource> sources,
                       ReportSink log)
    : ingester_(ingester), clock_(clock), log_(std::move(log)) {
  for (auto& s : sources) {
    State st;
    st.source = std::move(s);
    st.source.interval = std::max(st.source.interval, kMinPollInterval);
    st.health.name = st.source.name;
    st.health.url = st.source.url;
    states_.push_back(std::move(st));
  }
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      auto now = std::chrono::steady_clock::now();
      auto next = now + kMaxBackoff;
      for (auto& s : states_) {
        if (s.next <= now) {
          lock.unlock();
          poll(s);
          lock.lock();
          if (stopping_) return;
        }
        next = std::min(next, s.next);
      }
      wake_.wait_until(lock, next, [this] { return stopping_; });
    }
  });
}

FeedPoller::~FeedPoller() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::vector<FeedHealth> FeedPoller::health() const {
  std::lock_guard lock(mu_);
  std::vector<FeedHealth> out;
  for (const auto& s : states_) out.push_back(s.health);
  return out;
}

void FeedPoller::poll(State& s) {
  auto res = fetch({s.source.url, s.etag, s.last_modified}, kMaxDocumentBytes);
  std::uint64_t accepted = 0, rejected = 0;
  std::optional<std::chrono::seconds> delay;
  if (res && res->status == 200) {
    ingester_.ingest_bytes(res->body, {}, [&](const ItemReport& r) {
      (r.rejected() ? rejected : accepted) += r.outcome == "duplicate" ? 0 : 1;
      if (r.delay) delay = r.delay;
      if (log_) log_(r);
    });
  }
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  s.health.fetches++;
  if (!res) {
    // Back off: twice the previous wait, at least the interval, at most an hour.
    s.backoff =
        std::min<std::chrono::seconds>(kMaxBackoff, std::max(s.source.interval, s.backoff * 2));
    s.next = now + s.backoff;
    s.health.last_error = one_line(res.error().message);
    s.health.last_error_at = clock_.now();
    return;
  }
  s.backoff = std::chrono::seconds{0};
  s.next = now + s.source.interval;
  s.health.last_success = clock_.now();
  if (res->status == 304) s.health.not_modified++;
  if (!res->etag.empty()) s.etag = res->etag;
  if (!res->last_modified.empty()) s.last_modified = res->last_modified;
  s.health.items_accepted += accepted;
  s.health.items_rejected += rejected;
  if (delay) s.health.last_delay = delay;
}

}  // namespace depeche::ingest
