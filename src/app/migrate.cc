#include "app/migrate.h"

#include <chrono>
#include <iostream>

#include "store/site_copy.h"

namespace depeche::app {
namespace {

// How often a long copy says where it stands (on stderr): often enough to
// show it is alive, rarely enough not to flood a terminal.
constexpr std::chrono::seconds kProgressEvery{2};

int fail(const std::string& message) {
  std::cerr << "depeche: " << message << "\n";
  return 2;
}

bool is_postgres_url(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// "articles: 1234 copied, 1234 in PostgreSQL", and on a later run what it
// changed.
std::string table_line(const store::TableCopy& t) {
  std::string line = t.table + ": " + std::to_string(t.source_rows) + " copied, " +
                     std::to_string(t.target_rows) + " in PostgreSQL";
  if (t.written != t.source_rows || t.removed > 0) {
    line += " (" + std::to_string(t.written) + " new or changed";
    if (t.removed > 0) line += ", " + std::to_string(t.removed) + " removed";
    line += ")";
  }
  return line;
}

}  // namespace

Result<std::string> migrate_source_path(const std::string& from) {
  std::string path = from;
  if (from.starts_with("sqlite://")) {
    path = from.substr(9);
  } else if (from.starts_with("sqlite:")) {
    path = from.substr(7);
  } else if (from.find("://") != std::string::npos) {
    return make_error(ErrorCode::invalid_input,
                      "--from names the SQLite file (sqlite:PATH or a path), not " + from);
  }
  if (path.empty()) return make_error(ErrorCode::invalid_input, "--from names no file");
  return path;
}

int run_migrate(const Config& config, const std::optional<std::string>& from,
                const std::string& to) {
  Result<std::string> source = from ? migrate_source_path(*from) : sqlite_path(config);
  if (!source) return fail(source.error().message);
  if (!is_postgres_url(to)) {
    return fail("--to must be a PostgreSQL URL (postgresql://user@host:5432/site)");
  }
  auto last_told = std::chrono::steady_clock::now();
  auto progress = [&](const store::CopyProgress& p) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_told < kProgressEvery) return;
    last_told = now;
    std::cerr << "depeche: copying " << p.table << ": " << p.done << " of " << p.total << "\n";
  };
  auto report = store::copy_sqlite_to_postgres(*source, to, progress);
  if (!report) return fail("migrate: " + report.error().message);
  for (const auto& t : report->tables) std::cout << table_line(t) << "\n";
  // Each node's search index remembers the last revision it saw; PostgreSQL
  // numbers revisions afresh, so an index built on SQLite would wait for
  // numbers it has already passed and miss every change until then.
  std::cout << "search: an index built on SQLite (" << (config.data_dir / "search").string()
            << ") must be rebuilt before serving from PostgreSQL: depeche reindex --database "
               "postgresql://…\n";
  std::cout << "pictures: their files are not in the database; copy or share the media folder ("
            << media_dir_of(config).string()
            << ", [storage] media_dir) with every node that serves the site\n";
  if (report->counts_match()) return 0;
  for (const auto& t : report->tables) {
    if (t.source_rows == t.target_rows) continue;
    std::cerr << "depeche: " << t.table << ": " << t.source_rows << " in SQLite but "
              << t.target_rows << " in PostgreSQL (something wrote to it during the copy)\n";
  }
  return 1;
}

}  // namespace depeche::app
