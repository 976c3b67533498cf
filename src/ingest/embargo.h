#pragma once
// Publishes held dispatches when their embargo lifts, on a thread of its
// own, while the server runs.

#include <chrono>

#include "core/periodic.h"
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
  // Destruction stops and joins; a pass in progress finishes first.

 private:
  Ingester& ingester_;
  ReportSink log_;
  Periodic checks_;  // last: starts once the rest is built
};

}  // namespace depeche::ingest
