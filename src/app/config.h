#pragma once
// Settings of one depeche instance. Precedence, lowest first: built-in
// defaults, the TOML config file, DEPECHE_* environment variables, flags.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "articles/sections.h"
#include "comments/comments.h"
#include "core/log.h"
#include "core/result.h"
#include "ingest/poller.h"
#include "render/legal_notice.h"
#include "store/postgres/postgres_store.h"
#include "web/page_cache.h"

namespace depeche::app {

// The [log] table: what the operator's log keeps, and where (app/logging.h).
struct LogSettings {
  LogLevel level = LogLevel::info;
  std::filesystem::path file;  // empty: standard error
  bool access_log = true;      // one info line per answered request
};

// The longest value of a [site] text shown to readers (publisher, host…).
inline constexpr std::size_t kMaxSiteTextBytes = 1000;

struct Config {
  std::filesystem::path data_dir = "data";
  std::string listen = "127.0.0.1:8080";
  std::string database;  // empty: SQLite file "depeche.db" in the data dir
  // [storage] pool_size: connections each node keeps to PostgreSQL.
  int database_pool = store::postgres::kDefaultPoolSize;
  // [storage] drop_dir: the folder holding inbox/, processed/ and failed/
  // (empty: the data dir). Nodes of one site share it, so that whichever
  // runs the drop folder (app/site_jobs.h) sees what agencies deliver.
  std::filesystem::path drop_dir;
  // [storage] media_dir: stored pictures (empty: DATA/media). Nodes of one
  // site share it, since any node may ingest a picture and serve it.
  std::filesystem::path media_dir;
  std::string site_name = "depeche";
  std::string base_url;  // "https://news.example"; empty: root-relative links
  std::string time_zone = "Europe/Paris";
  // [site] full_text_feeds: whether /flux-complet.rss and the other
  // full-text feeds are served (render::SiteSettings::full_text_feeds);
  // false where agency contracts allow only summaries to be syndicated.
  bool full_text_feeds = true;
  // Who runs the site, shown by the information pages (/mentions-legales…):
  // [site] publisher, director, hosting_provider, contact_email,
  // postal_address. Empty fields show as placeholders naming the key.
  render::LegalNotice legal;
  unsigned threads = 0;  // 0: one per core
  bool secure_cookies = false;
  // Bearer token that agencies present to POST /api/v1/ingest; empty
  // disables push ingest.
  std::string ingest_token;
  // Who may read /metrics: these client addresses, or a bearer token
  // (DEPECHE_METRICS_TOKEN; empty: no token opens it).
  std::vector<std::string> metrics_addresses = {"127.0.0.1", "::1"};
  std::string metrics_token;
  // Connections one client address may hold; 0: no cap (behind a proxy
  // that connects from one address, raise it or set 0).
  std::int64_t max_connections_per_address = 256;
  // [server] trusted_proxies: addresses of the reverse proxies (nginx)
  // whose X-Forwarded-For names the client, so that limits per address
  // count readers, not the proxy. Empty: the TCP peer is the client.
  std::vector<std::string> trusted_proxies;
  // Rubriques, from [[sections]] tables (slug, name, codes, names,
  // priority, fallback); empty: articles::Sections::defaults().
  std::vector<articles::Section> sections;
  std::string fallback_section;  // the [[sections]] entry with fallback = true
  std::string foreign_section;   // the entry with foreign = true; "" for none
  // Polled feeds, from [[feeds]] tables: url, name, interval_seconds.
  std::vector<ingest::FeedSource> feeds;
  // The [comments] table: pre-moderation, word lists, links, windows,
  // report thresholds.
  comments::CommentRules comments;
  LogSettings log;
  // Memory for the page cache of anonymous readers' pages ([cache]
  // pages_mib); 0 turns it off (every page rendered per request).
  std::size_t page_cache_bytes = web::kPageCacheBytes;
};

// The largest page cache a configuration may ask for.
inline constexpr std::int64_t kMaxPageCacheMib = 16 * 1024;

// The rubriques the configuration asks for (checked), or the defaults.
Result<articles::Sections> sections_of(const Config& config);

// Reads [site], [server], [storage], [comments], [log], [[sections]] and [[feeds]] tables from a TOML file onto
// `config`. Unknown keys are errors, so that a typo never goes unnoticed.
Status load_config_file(const std::filesystem::path& file, Config& config);

// Applies DEPECHE_DATA, DEPECHE_LISTEN, DEPECHE_DATABASE and
// DEPECHE_INGEST_TOKEN when set.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
void apply_environment(const EnvLookup& env, Config& config);

struct ListenAddress {
  std::string host;
  unsigned short port = 0;
};
// "127.0.0.1:8080", "[::1]:0", "localhost:80".
Result<ListenAddress> parse_listen(std::string_view text);

// Where the SQLite file lives, from the database URL ("sqlite:PATH",
// "sqlite://PATH", a plain path) or the data dir. A PostgreSQL URL is
// refused (unsupported): it names no file.
Result<std::string> sqlite_path(const Config& config);

// Whether the site's database is PostgreSQL ("postgresql://…").
bool uses_postgres(const Config& config);

// The folders of the drop folder and of stored pictures, from the
// configuration or the data dir.
std::filesystem::path drop_dir_of(const Config& config);
std::filesystem::path media_dir_of(const Config& config);

}  // namespace depeche::app
