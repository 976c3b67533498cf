#pragma once
// The backend for several nodes serving one site: PostgreSQL (15 or newer),
// reached through libpq. Nothing above src/store knows which backend is in
// use; app/ chooses from the database setting ("postgresql://…").

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace depeche::store::postgres {

// Connections per node when the configuration does not say: enough for the
// I/O threads, the search syncer and the background jobs at once; a site of
// several nodes sizes the server's max_connections for nodes × pool size.
inline constexpr int kDefaultPoolSize = 10;
inline constexpr int kMaxPoolSize = 200;

struct Options {
  int pool_size = kDefaultPoolSize;
  // Listen for other nodes' changes (LISTEN/NOTIFY) so that
  // Store::local_commits() moves when any node commits, not only this one:
  // what lets page caches and the search index follow the whole site.
  bool follow_other_nodes = true;
};

// Connects with `conninfo` (a libpq URI or keyword string), applies the
// migrations and opens a pool of `options.pool_size` connections.
Result<std::unique_ptr<Store>> open_store(const std::string& conninfo, const Clock& clock,
                                          const Options& options = {});

}  // namespace depeche::store::postgres
