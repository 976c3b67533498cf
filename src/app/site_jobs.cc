#include "app/site_jobs.h"

namespace depeche::app {

Result<std::unique_ptr<SiteJobs>> SiteJobs::start(store::Store& store, SiteJobsSetup setup,
                                                  Log& log, std::chrono::milliseconds retry) {
  std::unique_ptr<SiteJobs> jobs(new SiteJobs(store, std::move(setup), log));
  DEPECHE_TRY(jobs->tick());
  SiteJobs* self = jobs.get();
  jobs->checks_.emplace(retry, [self] {
    if (auto st = self->tick(); !st) {
      self->log_.write(LogLevel::warn, "site jobs: " + st.error().message);
    }
  });
  return jobs;
}

SiteJobs::~SiteJobs() {
  checks_.reset();  // no tick runs past this line
  std::lock_guard lock(mu_);
  stop_jobs();
}

bool SiteJobs::running() const {
  std::lock_guard lock(mu_);
  return lock_ != nullptr;
}

std::vector<ingest::FeedHealth> SiteJobs::feed_health() const {
  std::lock_guard lock(mu_);
  return poller_ ? poller_->health() : std::vector<ingest::FeedHealth>{};
}

void SiteJobs::stop_jobs() {
  // The jobs first, then the lock: another node never runs them while
  // these still finish a file.
  poller_.reset();
  releaser_.reset();
  inbox_.reset();
  lock_.reset();
}

Status SiteJobs::tick() {
  std::lock_guard lock(mu_);
  if (lock_) {
    if (lock_->held()) return {};
    stop_jobs();
    log_.write(LogLevel::warn,
               "site jobs: lost the site lock; the drop folder, feeds and embargoes stop here");
  }
  auto taken = DEPECHE_TRY(store_.try_lock(kSiteJobsLock));
  if (!taken) return {};  // another node runs them
  lock_ = std::move(taken);
  auto inbox = ingest::Inbox::start(setup_.ingester, setup_.drop_dir, setup_.report("inbox"));
  if (!inbox) {
    lock_.reset();
    return std::move(inbox).error();
  }
  inbox_ = std::move(inbox).value();
  releaser_.emplace(setup_.ingester, setup_.report("embargo"), setup_.embargo_interval);
  if (!setup_.feeds.empty()) {
    poller_.emplace(setup_.ingester, setup_.clock, setup_.feeds, setup_.report("feed"));
  }
  log_.write(LogLevel::info, "site jobs: this node runs the drop folder (" +
                                 inbox_->folder().string() + "), feeds and embargoes");
  return {};
}

}  // namespace depeche::app
