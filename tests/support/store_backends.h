#pragma once
// Every store test is written once and run against each backend, as
// xapian's api_anydb does: SQLite always, and PostgreSQL when the test
// command started a server for the run (scripts/postgres-cluster) and named
// it in DEPECHE_TEST_POSTGRES. Each test directory gets a schema of its own
// on that server, so tests running at once never see each other's rows.

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/postgres/connection.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace depeche::testing {

struct Backend {
  std::string name;
  // Opens the store that lives in `dir`; opening twice reopens the same data.
  std::function<Result<std::unique_ptr<store::Store>>(const std::filesystem::path& dir,
                                                      const Clock& clock)>
      open;
  // Puts back a file written by Store::backup_to as the store of `dir`
  // (file backends only: a PostgreSQL site is backed up with pg_dump).
  std::function<Status(const std::filesystem::path& backup_file, const std::filesystem::path& dir,
                       bool overwrite)>
      restore;
};

// GoogleTest prints parameters in test names: the backend's name, not its bytes.
inline void PrintTo(const Backend& b, std::ostream* os) {
  *os << b.name;
}

// The server the test command started, or "" when none (a developer's run
// of one test binary); scripts/test always sets it.
inline std::string postgres_test_server() {
  const char* uri = std::getenv("DEPECHE_TEST_POSTGRES");
  return uri ? uri : "";
}

// The connection string of `dir`'s own schema on the test server, created
// when missing. The schema's name comes from the directory's path.
inline Result<std::string> postgres_for_dir(const std::filesystem::path& dir) {
  std::string server = postgres_test_server();
  if (server.empty()) return make_error(ErrorCode::unsupported, "no PostgreSQL test server");
  std::string schema =
      "t" + std::to_string(std::hash<std::string>{}(std::filesystem::absolute(dir).string()));
  auto admin = DEPECHE_TRY(store::postgres::Connection::open(server));
  // Two nodes of one test may create it at once: IF NOT EXISTS does not
  // settle that race, the catalog's unique index does (a conflict).
  if (auto made = admin->exec("CREATE SCHEMA IF NOT EXISTS " + schema);
      !made && made.error().code != ErrorCode::conflict) {
    return made.error();
  }
  std::string sep = server.find('?') == std::string::npos ? "?" : "&";
  return server + sep + "options=-csearch_path%3D" + schema;
}

inline Backend sqlite_backend() {
  return {"sqlite",
          [](const std::filesystem::path& dir, const Clock& clock) {
            return store::sqlite::open_store((dir / "depeche.db").string(), clock);
          },
          [](const std::filesystem::path& backup_file, const std::filesystem::path& dir,
             bool overwrite) {
            return store::sqlite::restore_store(
                backup_file.string(), (dir / "depeche.db").string(),
                overwrite ? store::sqlite::Overwrite::allow : store::sqlite::Overwrite::refuse);
          }};
}

inline Backend postgres_backend() {
  return {"postgresql",
          [](const std::filesystem::path& dir,
             const Clock& clock) -> Result<std::unique_ptr<store::Store>> {
            auto conninfo = DEPECHE_TRY(postgres_for_dir(dir));
            store::postgres::Options options;
            options.pool_size = 4;
            return store::postgres::open_store(conninfo, clock, options);
          },
          [](const std::filesystem::path&, const std::filesystem::path&, bool) -> Status {
            return make_error(ErrorCode::unsupported, "PostgreSQL is restored with pg_restore");
          }};
}

inline std::vector<Backend> store_backends() {
  std::vector<Backend> out{sqlite_backend()};
  if (!postgres_test_server().empty()) out.push_back(postgres_backend());
  return out;
}

// The backends whose Store::backup_to writes a file that restore reads back.
inline std::vector<Backend> file_backends() {
  return {sqlite_backend()};
}

}  // namespace depeche::testing
