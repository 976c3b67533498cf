#pragma once
// The depeche subcommands. Each returns the process exit code.

#include <string>
#include <vector>

#include "app/config.h"

namespace depeche::app {

// Serves the site until SIGTERM/SIGINT; prints "listening on URL" on stdout
// once the port is bound. Exit 0 after a clean drain.
int run_serve(const Config& config);

// Ingests files and folders; one line per item on stdout. Exit 0 when
// nothing was rejected, 1 otherwise, 2 when the store could not be opened.
int run_ingest(const Config& config, const std::vector<std::string>& paths);
// Rebuilds the search index (DATA/search) from the store and prints how
// many articles it holds. Fails (exit 1) with a clear message when a running
// server holds the index; exit 2 when the store cannot be opened.
int run_reindex(const Config& config);

// Creates an account with `role` ("reader", "moderator", "admin"); the
// password is the first line of stdin. Exit 0 when created, 1 when refused
// (the reason on stderr), 2 when the store could not be opened.
int run_user_add(const Config& config, const std::string& email, const std::string& name,
                 const std::string& role);

}  // namespace depeche::app
