#pragma once
// Every store test is written once and run against each backend, as
// xapian's api_anydb does. PostgreSQL joins this list when it exists.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/sqlite/sqlite_store.h"

namespace depeche::testing {

struct Backend {
  std::string name;
  // Opens the store that lives in `dir`; opening twice reopens the same data.
  std::function<Result<std::unique_ptr<store::Store>>(const std::filesystem::path& dir,
                                                      const Clock& clock)>
      open;
  // Puts back a file written by Store::backup_to as the store of `dir`.
  std::function<Status(const std::filesystem::path& backup_file, const std::filesystem::path& dir,
                       bool overwrite)>
      restore;
};

inline std::vector<Backend> store_backends() {
  return {{"sqlite",
           [](const std::filesystem::path& dir, const Clock& clock) {
             return store::sqlite::open_store((dir / "depeche.db").string(), clock);
           },
           [](const std::filesystem::path& backup_file, const std::filesystem::path& dir,
              bool overwrite) {
             return store::sqlite::restore_store(
                 backup_file.string(), (dir / "depeche.db").string(),
                 overwrite ? store::sqlite::Overwrite::allow : store::sqlite::Overwrite::refuse);
           }}};
}

}  // namespace depeche::testing
