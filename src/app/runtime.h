#pragma once
// The composition root: the only place that knows which store backend runs
// and that builds every long-lived service. Everything else receives
// references from here.

#include <memory>

#include "app/config.h"
#include "articles/publisher.h"
#include "core/clock.h"
#include "store/store.h"

namespace depeche::app {

class Runtime {
 public:
  // Creates the data dir when missing and opens (migrating) the store.
  static Result<std::unique_ptr<Runtime>> open(const Config& config);

  const Config& config() const { return config_; }
  const Clock& clock() const { return clock_; }
  store::Store& store() { return *store_; }
  articles::Publisher& publisher() { return *publisher_; }
  std::filesystem::path media_dir() const { return media_dir_of(config_); }

 private:
  explicit Runtime(Config config) : config_(std::move(config)) {}

  Config config_;
  SystemClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<articles::Publisher> publisher_;
};

}  // namespace depeche::app
