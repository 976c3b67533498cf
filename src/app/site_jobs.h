#pragma once
// The jobs a site runs once, however many nodes serve it: the drop folder,
// feed polling and embargo release. Every node runs a SiteJobs; the one that
// holds the store's site lock "ingest" runs the jobs, the others wait. When
// that node stops (or loses the database), the lock is released and another
// node takes the jobs over within kSiteJobsRetry: its Inbox starts by
// ingesting whatever waits in the shared drop folder.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "core/periodic.h"
#include "ingest/embargo.h"
#include "ingest/inbox.h"
#include "ingest/poller.h"
#include "store/store.h"

namespace depeche::app {

// How often a waiting node tries the lock, and a running one checks it
// still holds it.
inline constexpr std::chrono::seconds kSiteJobsRetry{1};
// The name of the site lock (store::Store::try_lock).
inline constexpr const char* kSiteJobsLock = "ingest";

struct SiteJobsSetup {
  ingest::Ingester& ingester;
  const Clock& clock;
  std::filesystem::path drop_dir;  // holds inbox/, processed/, failed/
  std::vector<ingest::FeedSource> feeds;
  // The sink of one job's item reports ("inbox", "feed", "embargo").
  std::function<ingest::ReportSink(const char* job)> report;
  std::chrono::milliseconds embargo_interval = ingest::kEmbargoCheckInterval;
};

class SiteJobs {
 public:
  // Tries the lock at once (so that a node alone starts its jobs before it
  // serves, and a drop folder that cannot be created fails the start), then
  // every `retry`. Everything given must outlive the SiteJobs.
  static Result<std::unique_ptr<SiteJobs>> start(store::Store& store, SiteJobsSetup setup, Log& log,
                                                 std::chrono::milliseconds retry = kSiteJobsRetry);
  // Stops the jobs (a file or fetch in progress finishes) and releases the lock.
  ~SiteJobs();
  SiteJobs(const SiteJobs&) = delete;
  SiteJobs& operator=(const SiteJobs&) = delete;

  // Whether this node runs the jobs now.
  bool running() const;
  // The feeds' health as this node's poller sees it; empty when another
  // node runs the jobs.
  std::vector<ingest::FeedHealth> feed_health() const;

 private:
  SiteJobs(store::Store& store, SiteJobsSetup setup, Log& log)
      : store_(store), setup_(std::move(setup)), log_(log) {}
  // One look at the lock: take it and start, or notice it lost and stop.
  Status tick();
  void stop_jobs();  // with mu_ held

  store::Store& store_;
  SiteJobsSetup setup_;
  Log& log_;
  mutable std::mutex mu_;
  std::unique_ptr<store::SiteLock> lock_;  // guarded by mu_, as are the jobs
  std::unique_ptr<ingest::Inbox> inbox_;
  std::optional<ingest::EmbargoReleaser> releaser_;
  std::optional<ingest::FeedPoller> poller_;
  std::optional<Periodic> checks_;  // last: started once the rest is built
};

}  // namespace depeche::app
