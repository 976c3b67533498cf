#include "app/runtime.h"

#include <system_error>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace depeche::app {

Result<std::unique_ptr<Runtime>> Runtime::open(const Config& config) {
  std::unique_ptr<Runtime> rt(new Runtime(config));
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    return make_error(ErrorCode::io, "cannot create data folder " + config.data_dir.string() +
                                         ": " + ec.message());
  }
  if (uses_postgres(config)) {
    store::postgres::Options options;
    options.pool_size = config.database_pool;
    rt->store_ = DEPECHE_TRY(store::postgres::open_store(config.database, rt->clock_, options));
  } else {
    auto path = DEPECHE_TRY(sqlite_path(config));
    rt->store_ = DEPECHE_TRY(store::sqlite::open_store(path, rt->clock_));
  }
  rt->publisher_ =
      std::make_unique<articles::Publisher>(rt->store_->articles(), DEPECHE_TRY(sections_of(config)));
  // Rules changed since the articles were filed (or they predate
  // rubriques): file them again before anything is served.
  DEPECHE_TRY(rt->publisher_->refile_if_rules_changed(*rt->store_));
  return rt;
}

}  // namespace depeche::app
