#pragma once
// Front door of the web layer: everything a request can reach, wired once
// by the composition root (app/). Handlers are thin: parse the request,
// make one service call, render.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "comments/accounts.h"
#include "comments/comments.h"
#include "comments/moderation.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/server.h"
#include "ingest/ingester.h"
#include "ingest/poller.h"
#include "render/pages.h"
#include "search/index.h"
#include "search/related.h"
#include "store/store.h"
#include "web/metrics.h"

namespace depeche::web {

class PageCache;

inline constexpr int kHomePageSize = 20;
inline constexpr int kRelatedCount = 4;
inline constexpr int kAsideCount = 8;       // "En continu" beside an article
inline constexpr int kHomeBlockCount = 10;  // read per rubrique for the front page
inline constexpr int kSearchPageSize = 20;
inline constexpr int kFeedSize = 50;  // items in /flux.rss and /flux.atom
inline constexpr int kApiDefaultLimit = 20;
inline constexpr int kApiMaxLimit = 100;
inline constexpr std::size_t kMaxFormBytes = 4 * 1024;
// A comment of kMaxCommentChars code points, percent-encoded, fits.
inline constexpr std::size_t kMaxCommentFormBytes = 64 * 1024;

// What the handlers need; owned by the composition root, which outlives the
// server.
struct SiteDeps {
  store::ArticleStore& articles;
  const render::Pages& pages;
  const Clock& clock;
  Metrics& metrics;
  std::filesystem::path media_dir;  // pictures stored by ingest, served at /media/
  bool secure_cookies = false;      // behind TLS: add Secure to cookies
  // Push ingest (POST /api/v1/ingest): both must be set for it to work.
  ingest::Ingester* ingester = nullptr;
  std::string ingest_token;
  // The polled feeds' health, for the admin page, the API and /metrics;
  // empty when no feed is polled. On a site of several nodes, only the
  // node running the site jobs polls (app/site_jobs.h): the others list none.
  std::function<std::vector<ingest::FeedHealth>()> feed_health;
  // The search index (also used for related articles); null: no search,
  // related articles are the latest ones.
  const search::Index* search = nullptr;
  // Related articles precomputed from `search` (a lookup per page view);
  // null: computed from `search` on every view.
  search::RelatedCards* related = nullptr;
  // Comments and their moderation; null: comments are off.
  comments::Comments* comments = nullptr;
  comments::Moderation* moderation = nullptr;
  // Readers' accounts; null: nobody can sign in.
  comments::Accounts* accounts = nullptr;
  // /metrics answers these client addresses, or a bearer token when set.
  std::vector<std::string> metrics_addresses = {"127.0.0.1", "::1"};
  std::string metrics_token;
  // Where failures are reported, and with access_log one line per answered
  // request (web/access_log.h); null: nowhere. Every response carries an
  // X-Request-Id either way.
  Log* log = nullptr;
  bool access_log = true;
  // Anonymous readers' pages kept in memory (web/page_cache.h); null: every
  // page is rendered for every request.
  PageCache* page_cache = nullptr;
};

// The whole site as one HTTP handler: routes, security headers, metrics,
// request ids and the access log.
http::Handler make_site(SiteDeps& deps);

// Page-cache hits answered as prepared once per page (ServerOptions::
// prepared): the same status, fields and bytes make_site's handler gives
// for them, with a request id of their own, counted in the metrics and the
// access log alike. Null when there is no page cache.
http::PreparedHandler cached_pages(SiteDeps& deps);

// The requests whose work would hold an I/O thread for long: every write
// (it waits for the database's writer, and may parse a pushed document or
// hash a password) and a search. The server runs them on its worker pool
// (ServerOptions::is_heavy).
bool is_heavy(const http::Request& req);

// Gives an answer the transport made itself the site's shape: JSON errors
// under /api/, security headers (ServerOptions::shape_error).
void shape_transport_error(const http::Request& req, http::Response& res);

}  // namespace depeche::web
