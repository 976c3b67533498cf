#include "ingest/embargo.h"

namespace depeche::ingest {

EmbargoReleaser::EmbargoReleaser(Ingester& ingester, ReportSink log,
                                 std::chrono::milliseconds interval)
    : ingester_(ingester), log_(std::move(log)), interval_(interval) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      ingester_.release_due(log_);
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

EmbargoReleaser::~EmbargoReleaser() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace depeche::ingest
