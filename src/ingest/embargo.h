#pragma once
// Publishes held dispatches when their embargo lifts, on a thread of its
// own, while the server runs.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "ingest/ingester.h"

namespace depeche::ingest {

// How late an embargoed dispatch may appear after its time, at most.
inline constexpr std::chrono::seconds kEmbargoCheckInterval{5};

class EmbargoReleaser {
 public:
  // Starts checking at once, then every `interval`; `log` receives each
  // publication report, from the releaser's thread.
  EmbargoReleaser(Ingester& ingester, ReportSink log,
                  std::chrono::milliseconds interval = kEmbargoCheckInterval);
  // Stops and joins; a pass in progress finishes first.
  ~EmbargoReleaser();
  EmbargoReleaser(const EmbargoReleaser&) = delete;
  EmbargoReleaser& operator=(const EmbargoReleaser&) = delete;

 private:
  Ingester& ingester_;
  ReportSink log_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace depeche::ingest
