#include "app/commands.h"

#include <iostream>

#include "app/logging.h"
#include "app/runtime.h"
#include "app/site_jobs.h"
#include "assets/assets.h"
#include "comments/accounts.h"
#include "comments/comments.h"
#include "comments/moderation.h"
#include "core/periodic.h"
#include "http/server.h"
#include "ingest/embargo.h"
#include "ingest/inbox.h"
#include "ingest/ingester.h"
#include "ingest/parse.h"
#include "ingest/sanitize.h"
#include "render/info_pages.h"
#include "render/pages.h"
#include "search/sync.h"
#include "web/site.h"

namespace depeche::app {
namespace {

// How often serve looks whether the store's commit count moved (another
// node's change, told by PostgreSQL): an atomic read, so cheap; short, so a
// change shows in search on every node well within 2 s.
constexpr std::chrono::milliseconds kFollowCommitsEvery{200};

void print_error(const Error& e) {
  std::cerr << "depeche: " << e.message << "\n";
}

render::TemplateLoader embedded_templates() {
  return [](std::string_view name) -> std::optional<std::string> {
    auto bytes = assets::find("templates/" + std::string(name));
    if (!bytes) return std::nullopt;
    return std::string(*bytes);
  };
}

}  // namespace

int run_reindex(const Config& config) {
  auto rt = Runtime::open(config);
  if (!rt) {
    print_error(rt.error());
    return 2;
  }
  auto dir = config.data_dir / "search";
  auto index = search::Index::open(dir);
  if (!index) {
    std::cerr << "depeche: cannot rebuild the search index: " << index.error().message
              << " (stop the server first)\n";
    return 1;
  }
  auto count = search::rebuild((*rt)->store().articles(), **index);
  if (!count) {
    std::cerr << "depeche: rebuilding the search index failed: " << count.error().message << "\n";
    return 1;
  }
  std::cout << "reindexed " << (*index)->document_count() << " articles into " << dir.string()
            << "\n";
  return 0;
}

int run_ingest(const Config& config, const std::vector<std::string>& paths) {
  auto rt = Runtime::open(config);
  if (!rt) {
    print_error(rt.error());
    return 2;
  }
  ingest::Ingester ingester((*rt)->publisher(), (*rt)->clock(), &(*rt)->store().held(),
                            &(*rt)->store().links(), (*rt)->media_dir());
  bool rejected = false;
  auto sink = [&](const ingest::ItemReport& r) {
    rejected = rejected || r.rejected();
    std::cout << r.outcome << " " << r.subject << ": " << r.reason << "\n";
  };
  ingester.release_due(sink);  // embargoes that lifted since the last run
  for (const auto& p : paths) {
    if (p == "-") {
      // One document on standard input, bounded like a file.
      std::string bytes;
      char chunk[64 * 1024];
      while (bytes.size() <= ingest::kMaxDocumentBytes &&
             std::cin.read(chunk, sizeof chunk).gcount() > 0) {
        bytes.append(chunk, static_cast<std::size_t>(std::cin.gcount()));
      }
      if (bytes.size() > ingest::kMaxDocumentBytes) {
        sink({"rejected", "(stdin)",
              "document larger than " + std::to_string(ingest::kMaxDocumentBytes) + " bytes"});
      } else {
        ingester.ingest_bytes(bytes, "(stdin)", sink);
      }
    } else {
      ingester.ingest_path(p, sink);
    }
  }
  std::cout.flush();
  return rejected ? 1 : 0;
}

int run_user_add(const Config& config, const std::string& email, const std::string& name,
                 const std::string& role) {
  auto r = store::role_from_string(role);
  if (!r) {
    std::cerr << "depeche: unknown role " << role << "\n";
    return 1;
  }
  auto rt = Runtime::open(config);
  if (!rt) {
    print_error(rt.error());
    return 2;
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  comments::Accounts accounts((*rt)->store().users(), (*rt)->clock());
  auto user = accounts.create({email, name, password}, *r);
  if (!user) {
    std::cerr << "depeche: account refused: " << user.error().message << "\n";
    return 1;
  }
  std::cout << "added " << store::to_string(user->role) << " " << user->name << " (id " << user->id
            << ")\n";
  return 0;
}

int run_serve(const Config& config) {
  // First made, last gone: every thread below may write to it.
  auto oplog = OperatorLog::open(config.log);
  if (!oplog) {
    print_error(oplog.error());
    return 2;
  }
  Log& log = **oplog;
  auto rt = Runtime::open(config);
  if (!rt) {
    print_error(rt.error());
    return 2;
  }
  auto listen = parse_listen(config.listen);
  if (!listen) {
    print_error(listen.error());
    return 2;
  }
  // The server is bound first, so that without a configured base_url the
  // site's absolute links use the address it really listens on: absolute
  // URLs come from configuration or the listener, never from a request's
  // Host header (which anyone can forge into a cached feed). The site's
  // handler is set before run().
  http::Handler site;
  http::ServerOptions options;
  options.host = listen->host;
  options.port = listen->port;
  options.threads = config.threads;
  options.is_heavy = web::is_heavy;
  options.shape_error = web::shape_transport_error;
  options.max_connections_per_address =
      static_cast<std::size_t>(config.max_connections_per_address);
  std::string bad_proxy;
  if (!http::TrustedProxies::parse(config.trusted_proxies, options.trusted_proxies, bad_proxy)) {
    print_error(make_error(ErrorCode::invalid_input, "not an IP address: " + bad_proxy));
    return 2;
  }
  // Page-cache hits, answered on the I/O thread without building a response.
  http::PreparedHandler cached;
  options.prepared = [&cached](const http::Request& req) -> std::optional<http::PreparedAnswer> {
    if (!cached) return std::nullopt;
    return cached(req);
  };
  auto server =
      http::Server::create(options, [&site](const http::Request& req) { return site(req); });
  if (!server) {
    print_error(server.error());
    return 2;
  }
  std::string base_url = config.base_url.empty() ? (*server)->url() : config.base_url;
  while (base_url.ends_with('/')) base_url.pop_back();
  render::SiteSettings settings{config.site_name, config.time_zone, base_url};
  settings.base_url_public = !config.base_url.empty();
  if (config.base_url.empty()) {
    log.write(LogLevel::warn, "[site] base_url is not set: no sitemaps, and absolute links use " +
                                  base_url);
  }
  for (const auto& s : (*rt)->publisher().sections().all()) settings.sections.push_back({s.slug, s.name});
  settings.legal = config.legal;
  settings.comment_rules = config.comments;
  settings.full_text_feeds = config.full_text_feeds;
  // The operator's own information pages, if any, replace the defaults.
  auto templates = render::with_operator_pages(embedded_templates(), config.data_dir / "pages",
                                               ingest::sanitize_html);
  if (!templates) {
    print_error(templates.error());
    return 2;
  }
  auto pages = render::Pages::create(*templates, settings, (*rt)->clock());
  if (!pages) {
    print_error(pages.error());
    return 2;
  }
  web::Metrics metrics;
  ingest::Ingester ingester((*rt)->publisher(), (*rt)->clock(), &(*rt)->store().held(),
                            &(*rt)->store().links(), (*rt)->media_dir());
  // On several nodes (PostgreSQL) the limits live in the database, so
  // they hold across the site; on one node, in memory.
  comments::RateLimiter limiter((*rt)->clock(), (*rt)->store().shared_rates());
  comments::Accounts accounts((*rt)->store().users(), (*rt)->clock(), comments::kInteractiveCost,
                              &limiter);
  // The search index is derived data: it catches up with the store on start
  // and after every change. When another process holds it, this one keeps
  // its own in memory rather than serve without search.
  auto index = search::Index::open(config.data_dir / "search");
  if (!index) {
    log.write(LogLevel::warn, "search: " + index.error().message + "; using an index in memory");
    index = search::Index::in_memory();
    if (!index) {
      print_error(index.error());
      return 2;
    }
  }
  // "À lire aussi" is precomputed: the syncer refreshes the cards of what it
  // commits, and a page view is a lookup.
  search::RelatedCards related(**index);
  search::SearchSyncer syncer(
      (*rt)->store().articles(), **index,
      [&log](const std::string& line) { log.write(LogLevel::info, "search: " + line); },
      search::kSyncInterval, &related);
  ingester.on_change([&syncer] { syncer.poke(); });
  web::SiteDeps deps{
      (*rt)->store().articles(), **pages,   (*rt)->clock(),     metrics, (*rt)->media_dir(),
      config.secure_cookies,     &ingester, config.ingest_token};
  deps.accounts = &accounts;
  comments::Comments comments((*rt)->store(), (*rt)->clock(), limiter, config.comments);
  comments::Moderation moderation((*rt)->store(), (*rt)->clock());
  deps.comments = &comments;
  deps.moderation = &moderation;
  deps.search = index->get();
  deps.related = &related;
  deps.metrics_addresses = config.metrics_addresses;
  deps.metrics_token = config.metrics_token;
  deps.log = &log;
  deps.access_log = config.log.access_log;
  std::optional<web::PageCache> page_cache;
  if (config.page_cache_bytes > 0) {
    page_cache.emplace((*rt)->store(), config.page_cache_bytes,
                       [&log](const std::string& line) { log.write(LogLevel::warn, line); });
    deps.page_cache = &*page_cache;
  }
  site = web::make_site(deps);
  cached = web::cached_pages(deps);
  // The drop folder and the embargo releaser run beside the server and
  // stop before this function returns. What they ingest goes to the log;
  // a rejected item is a warning.
  auto report = [&log](const char* who) {
    return [who, &log](const ingest::ItemReport& r) {
      log.write(r.rejected() ? LogLevel::warn : LogLevel::info,
                std::string(who) + ": " + r.outcome + " " + r.subject + ": " + r.reason);
    };
  };
  // The drop folder, the feeds and the embargoes run on one node of the
  // site at a time (the one holding the store's site lock).
  auto jobs = SiteJobs::start((*rt)->store(),
                              SiteJobsSetup{ingester, (*rt)->clock(), drop_dir_of(config),
                                            config.feeds, report},
                              log);
  if (!jobs) {
    print_error(jobs.error());
    return 2;
  }
  if (!config.feeds.empty()) {
    deps.feed_health = [j = jobs->get()] { return j->feed_health(); };
  }
  // Other nodes' commits move the store's commit count (PostgreSQL
  // notifications): the search index then catches up at once rather than
  // at its next pass.
  Periodic follow_commits(kFollowCommitsEvery, [&rt, &syncer, seen = std::uint64_t{0}]() mutable {
    auto now = (*rt)->store().local_commits();
    if (now != seen) syncer.poke();
    seen = now;
  });
  Periodic forget_expired(comments::kForgetExpiredEvery, [&accounts, &log] {
    if (auto done = accounts.forget_expired(); !done) {
      log.write(LogLevel::warn, "accounts: forgetting expired sessions: " + done.error().message);
    }
  });
  log.write(LogLevel::info, "serving " + config.data_dir.string() + " on " + (*server)->url());
  std::cout << "listening on " << (*server)->url() << std::endl;
  (*server)->run();
  log.write(LogLevel::info, "stopped");
  return 0;
}

}  // namespace depeche::app
