#include "ingest/embargo.h"

namespace depeche::ingest {

EmbargoReleaser::EmbargoReleaser(Ingester& ingester, ReportSink log,
                                 std::chrono::milliseconds interval)
    : ingester_(ingester),
      log_(std::move(log)),
      checks_(interval, [this] { ingester_.release_due(log_); }) {}

}  // namespace depeche::ingest
