// depeche: a wire-fed news portal in one binary. This file only reads the
// command line; app/commands.h does the work.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "app/backup.h"
#include "app/commands.h"
#include "app/config.h"
#include "app/demo.h"
#include "app/generate.h"
#include "app/migrate.h"

namespace {

struct CommonFlags {
  std::string data_dir;
  std::string config_file;
  std::string database;
};

void add_common(CLI::App& cmd, CommonFlags& f) {
  cmd.add_option("--data", f.data_dir, "Data folder (default ./data; env DEPECHE_DATA)");
  cmd.add_option("--config", f.config_file, "TOML configuration file");
  cmd.add_option("--database", f.database,
                 "Database: a SQLite file (default: in the data folder) or postgresql://… (env DEPECHE_DATABASE)");
}

// Defaults, then the config file, then the environment, then the flags.
std::optional<depeche::app::Config> build_config(const CommonFlags& f, const std::string& listen) {
  depeche::app::Config c;
  if (!f.config_file.empty()) {
    auto st = depeche::app::load_config_file(f.config_file, c);
    if (!st) {
      std::cerr << "depeche: " << st.error().message << "\n";
      return std::nullopt;
    }
  }
  depeche::app::apply_environment(
      [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        return v ? std::optional<std::string>(v) : std::nullopt;
      },
      c);
  if (!f.data_dir.empty()) c.data_dir = f.data_dir;
  if (!f.database.empty()) c.database = f.database;
  if (!listen.empty()) c.listen = listen;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"depeche — a wire-fed news portal"};
  app.require_subcommand(1);

  CommonFlags serve_flags;
  std::string listen;
  auto* serve = app.add_subcommand("serve", "Serve the portal over HTTP");
  add_common(*serve, serve_flags);
  serve->add_option("--listen", listen,
                    "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free one; "
                    "env DEPECHE_LISTEN)");

  CommonFlags ingest_flags;
  std::vector<std::string> paths;
  auto* ingest = app.add_subcommand("ingest", "Ingest agency files and folders");
  add_common(*ingest, ingest_flags);
  ingest->add_option("paths", paths, "Files or folders; - reads one document from stdin")
      ->required();

  CommonFlags demo_flags;
  std::string demo_from;
  auto* demo = app.add_subcommand(
      "demo",
      "Ingest the demo dispatches with their times moved to the present, and seed readers' "
      "comments (again: adds nothing)");
  add_common(*demo, demo_flags);
  demo->add_option("--from", demo_from,
                   "Demo folder holding dispatches/ and comments.json (default: the copy built "
                   "into the binary)");

  CommonFlags generate_flags;
  depeche::app::GenerateOptions generate_options;
  auto* generate = app.add_subcommand(
      "generate",
      "Make up a large site (articles, readers, comments, search index) in an empty data "
      "folder, for benchmarks");
  add_common(*generate, generate_flags);
  generate->add_option("--articles", generate_options.articles, "How many articles (default 1000)");
  generate->add_option("--comments", generate_options.comments,
                       "How many comments (default 10000)");
  generate->add_option("--seed", generate_options.seed,
                       "Seed: the same seed and counts make the same text (default 1)");

  CommonFlags user_flags;
  std::string email, name, role = "reader";
  auto* user = app.add_subcommand("user", "Manage readers' accounts");
  user->require_subcommand(1);
  auto* user_add =
      user->add_subcommand("add", "Create an account; the password is read from stdin");
  add_common(*user_add, user_flags);
  user_add->add_option("--email", email, "Email address")->required();
  user_add->add_option("--name", name, "Pseudonym shown with comments")->required();
  user_add->add_option("--role", role, "reader, moderator or admin")
      ->check(CLI::IsMember({"reader", "moderator", "admin"}));

  CommonFlags backup_flags;
  std::string backup_dest;
  auto* backup = app.add_subcommand(
      "backup", "Copy the database and pictures into a new folder (safe while serving)");
  add_common(*backup, backup_flags);
  backup->add_option("dest", backup_dest, "Folder to create (must not exist or be empty)")
      ->required();

  CommonFlags restore_flags;
  std::string restore_source;
  bool force = false;
  auto* restore = app.add_subcommand(
      "restore", "Put a backup back into the data folder (the server must be stopped)");
  add_common(*restore, restore_flags);
  restore->add_option("source", restore_source, "A folder written by backup, or its depeche.db")
      ->required();
  restore->add_flag("--force", force, "Replace an existing database");

  CommonFlags reindex_flags;
  auto* reindex = app.add_subcommand(
      "reindex", "Rebuild the search index from the database (the server must be stopped)");
  add_common(*reindex, reindex_flags);

  CommonFlags migrate_flags;
  std::string migrate_from, migrate_to;
  auto* migrate = app.add_subcommand(
      "migrate",
      "Copy a site from its SQLite file to PostgreSQL and check the counts (again: copies "
      "what changed)");
  migrate->add_option("--data", migrate_flags.data_dir,
                      "Data folder (default ./data; env DEPECHE_DATA): the default --from, and "
                      "where the pictures are");
  migrate->add_option("--config", migrate_flags.config_file, "TOML configuration file");
  migrate->add_option("--from", migrate_from,
                      "The SQLite file: sqlite:PATH, sqlite://PATH or PATH (default: the data "
                      "folder's)");
  migrate->add_option("--to", migrate_to, "The PostgreSQL database: postgresql://…")->required();

  auto* version = app.add_subcommand("version", "Print the version");

  CLI11_PARSE(app, argc, argv);

  if (version->parsed()) {
    std::cout << "depeche " << DEPECHE_VERSION << "\n";
    return 0;
  }
  if (serve->parsed()) {
    auto c = build_config(serve_flags, listen);
    return c ? depeche::app::run_serve(*c) : 2;
  }
  if (demo->parsed()) {
    auto c = build_config(demo_flags, "");
    return c ? depeche::app::run_demo(*c, demo_from) : 2;
  }
  if (generate->parsed()) {
    auto c = build_config(generate_flags, "");
    return c ? depeche::app::run_generate(*c, generate_options) : 2;
  }
  if (user_add->parsed()) {
    auto c = build_config(user_flags, "");
    return c ? depeche::app::run_user_add(*c, email, name, role) : 2;
  }
  if (reindex->parsed()) {
    auto c = build_config(reindex_flags, "");
    return c ? depeche::app::run_reindex(*c) : 2;
  }
  if (migrate->parsed()) {
    auto c = build_config(migrate_flags, "");
    return c ? depeche::app::run_migrate(*c,
                                         migrate_from.empty() ? std::nullopt
                                                              : std::optional(migrate_from),
                                         migrate_to)
             : 2;
  }
  if (backup->parsed()) {
    auto c = build_config(backup_flags, "");
    return c ? depeche::app::run_backup(*c, backup_dest) : 2;
  }
  if (restore->parsed()) {
    auto c = build_config(restore_flags, "");
    return c ? depeche::app::run_restore(
                   *c, restore_source,
                   force ? depeche::app::Replace::allow : depeche::app::Replace::refuse)
             : 2;
  }
  auto c = build_config(ingest_flags, "");
  return c ? depeche::app::run_ingest(*c, paths) : 2;
}
