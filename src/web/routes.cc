// The route table: every path the site answers, in one place.

#include "http/router.h"
#include "render/info_pages.h"
#include "web/errors.h"
#include "web/access_log.h"
#include "web/handlers.h"
#include "web/page_cache.h"
#include "web/responses.h"

namespace depeche::web {

bool is_heavy(const http::Request& req) {
  using http::beast_http::verb;
  verb method = req.method() == verb::head ? verb::get : req.method();
  // Every request that writes waits for the database's writer: SQLite's
  // lock, PostgreSQL's change counter and a dozen round trips to another
  // machine. On an I/O thread it would hold up every reader of a cached
  // page served by that thread; on the workers it holds up only writers.
  // (Pushed documents are parsed, passwords hashed there too.)
  if (method != verb::get) return true;
  // Reads that search: kept beside the table of routes.cc, a route added
  // there that searches belongs here too.
  static constexpr std::string_view kHeavyReads[] = {"/recherche", "/api/v1/search"};
  auto target = req.target();
  std::string_view path = http::path_of(std::string_view(target.data(), target.size()));
  for (auto heavy : kHeavyReads) {
    if (heavy == path) return true;
  }
  return false;
}

namespace {

// A GET or HEAD of a page the cache may keep: the API (but comment
// threads), files, health and metrics are never kept, so they do not take
// the cache's way at all.
bool is_page_read(const http::Request& req) {
  using http::beast_http::verb;
  if (req.method() != verb::get && req.method() != verb::head) return false;
  auto target = req.target();
  std::string_view path = http::path_of({target.data(), target.size()});
  // A thread read through the API is what every reader's script asks for
  // (Handlers::api_comments declares what it shows).
  if (path.starts_with("/api/v1/articles/") && path.ends_with("/comments")) return true;
  for (std::string_view prefix : {"/api/", "/static/", "/media/", "/healthz", "/metrics"}) {
    if (path.starts_with(prefix)) return false;
  }
  return true;
}

// A session cookie or credentials: the page may hold what only this reader
// sees. An expired session counts too; it costs a render, not a leak.
bool signed_in_request(const http::Request& req) {
  return req.find(http::beast_http::field::authorization) != req.end() ||
         http::cookie(req, kSessionCookie).has_value();
}

bool high_contrast(const http::Request& req) {
  return http::cookie(req, kContrastCookie) == std::optional<std::string>("high");
}

}  // namespace

void shape_transport_error(const http::Request& req, http::Response& res) {
  shape_api_error(req, res);
  add_security_headers(res);
}

http::Handler make_site(SiteDeps& deps) {
  using http::beast_http::verb;
  auto handlers = std::make_shared<const Handlers>(deps);
  auto bind = [handlers](auto method) {
    return [handlers, method](const http::Request& req, const http::Params& p) {
      return ((*handlers).*method)(req, p);
    };
  };

  auto router = std::make_shared<http::Router>();
  router->add(verb::get, "/", bind(&Handlers::home));
  router->add(verb::get, "/articles/{ref}", bind(&Handlers::article));
  router->add(verb::post, "/preferences/contrast", bind(&Handlers::set_contrast));
  router->add(verb::get, "/static/{*path}", bind(&Handlers::static_file));
  router->add(verb::get, "/media/{*path}", bind(&Handlers::media_file));
  router->add(verb::get, "/recherche", bind(&Handlers::search_page));
  router->add(verb::get, "/flux.rss", bind(&Handlers::rss));
  router->add(verb::get, "/flux.atom", bind(&Handlers::atom));
  router->add(verb::get, "/flux-complet.rss", bind(&Handlers::full_rss));
  router->add(verb::get, "/flux-complet.atom", bind(&Handlers::full_atom));
  router->add(verb::get, "/rubrique/{slug}", bind(&Handlers::section_page));
  router->add(verb::get, "/rubrique/{slug}/flux.rss", bind(&Handlers::section_rss));
  router->add(verb::get, "/rubrique/{slug}/flux.atom", bind(&Handlers::section_atom));
  router->add(verb::get, "/rubrique/{slug}/flux-complet.rss", bind(&Handlers::section_full_rss));
  router->add(verb::get, "/rubrique/{slug}/flux-complet.atom",
              bind(&Handlers::section_full_atom));
  router->add(verb::post, "/articles/{id}/commentaires", bind(&Handlers::post_comment));
  router->add(verb::post, "/commentaires/{id}/modifier", bind(&Handlers::edit_comment));
  router->add(verb::post, "/commentaires/{id}/supprimer", bind(&Handlers::delete_comment));
  router->add(verb::get, "/commentaires/{id}/signaler", bind(&Handlers::report_form));
  router->add(verb::post, "/commentaires/{id}/signalements", bind(&Handlers::report_comment));
  router->add(verb::get, "/moderation", bind(&Handlers::moderation_page));
  router->add(verb::post, "/moderation/commentaires/{id}", bind(&Handlers::moderate_comment));
  router->add(verb::get, "/moderation/utilisateurs/{id}", bind(&Handlers::moderation_user_page));
  router->add(verb::post, "/moderation/utilisateurs/{id}/sanction", bind(&Handlers::sanction_user));
  router->add(verb::post, "/moderation/utilisateurs/{id}/levee", bind(&Handlers::lift_sanction));
  router->add(verb::post, "/moderation/articles/{id}/commentaires", bind(&Handlers::close_thread));
  router->add(verb::get, "/compte", bind(&Handlers::account_home));
  router->add(verb::get, "/compte/commentaires.json", bind(&Handlers::account_export));
  router->add(verb::post, "/compte/suppression", bind(&Handlers::account_delete));
  router->add(verb::post, "/compte/mot-de-passe", bind(&Handlers::account_password));
  router->add(verb::get, "/connexion", bind(&Handlers::sign_in_page));
  router->add(verb::post, "/connexion", bind(&Handlers::sign_in));
  router->add(verb::get, "/inscription", bind(&Handlers::sign_up_page));
  router->add(verb::post, "/inscription", bind(&Handlers::sign_up));
  router->add(verb::post, "/deconnexion", bind(&Handlers::sign_out));
  router->add(verb::get, "/admin/flux", bind(&Handlers::admin_feeds));
  router->add(verb::get, "/admin/articles/{id}/versions", bind(&Handlers::admin_versions));

  router->add(verb::get, "/api/v1/articles", bind(&Handlers::api_articles));
  router->add(verb::get, "/api/v1/articles/{id}", bind(&Handlers::api_article));
  router->add(verb::get, "/api/v1/articles/{id}/versions", bind(&Handlers::api_versions));
  router->add(verb::get, "/api/v1/articles/{id}/related", bind(&Handlers::api_related));
  router->add(verb::get, "/api/v1/openapi.json", bind(&Handlers::api_openapi));
  router->add(verb::post, "/api/v1/ingest", bind(&Handlers::api_ingest));
  router->add(verb::get, "/api/v1/feeds", bind(&Handlers::api_feeds));
  router->add(verb::get, "/api/v1/search", bind(&Handlers::api_search));
  router->add(verb::get, "/api/v1/sections", bind(&Handlers::api_sections));
  router->add(verb::get, "/api/v1/articles/{id}/comments", bind(&Handlers::api_comments));
  router->add(verb::post, "/api/v1/articles/{id}/comments", bind(&Handlers::api_post_comment));
  router->add(verb::patch, "/api/v1/comments/{id}", bind(&Handlers::api_edit_comment));
  router->add(verb::delete_, "/api/v1/comments/{id}", bind(&Handlers::api_delete_comment));
  router->add(verb::post, "/api/v1/comments/{id}/reports", bind(&Handlers::api_report_comment));
  router->add(verb::get, "/api/v1/moderation/queues", bind(&Handlers::api_moderation_queues));
  router->add(verb::post, "/api/v1/moderation/comments/{id}/decision",
              bind(&Handlers::api_moderate_comment));
  router->add(verb::put, "/api/v1/moderation/users/{id}/ban", bind(&Handlers::api_ban));
  router->add(verb::delete_, "/api/v1/moderation/users/{id}/ban", bind(&Handlers::api_ban));
  router->add(verb::get, "/api/v1/moderation/users/{id}/history",
              bind(&Handlers::api_user_history));
  router->add(verb::put, "/api/v1/moderation/articles/{id}/comments",
              bind(&Handlers::api_thread_state));
  router->add(verb::post, "/api/v1/session", bind(&Handlers::api_sign_in));
  router->add(verb::delete_, "/api/v1/session", bind(&Handlers::api_sign_out));
  router->add(verb::post, "/api/v1/users", bind(&Handlers::api_sign_up));
  router->add(verb::get, "/api/v1/me", bind(&Handlers::api_me));
  router->add(verb::delete_, "/api/v1/me", bind(&Handlers::api_delete_me));
  router->add(verb::get, "/api/v1/me/comments", bind(&Handlers::api_my_comments));
  router->add(verb::put, "/api/v1/me/password", bind(&Handlers::api_change_password));
  router->add(verb::get, "/api/v1/{*rest}", bind(&Handlers::api_not_found));

  for (std::string_view name : render::kInfoPages) {
    std::string path = "/";
    path += name;
    router->add(verb::get, path, [handlers, name](const http::Request& req, const http::Params&) {
      return handlers->info_page(req, name);
    });
  }
  router->add(verb::get, "/favicon.ico", bind(&Handlers::favicon));
  router->add(verb::get, "/robots.txt", bind(&Handlers::robots));
  router->add(verb::get, "/sitemap.xml", bind(&Handlers::sitemap_index));
  router->add(verb::get, "/sitemaps/{file}", bind(&Handlers::sitemap_file));

  router->add(verb::get, "/healthz", bind(&Handlers::healthz));
  router->add(verb::get, "/metrics", bind(&Handlers::metrics));
  router->set_not_found(bind(&Handlers::not_found));

  Metrics* metrics = &deps.metrics;
  Log* log = deps.log;
  Log* access_log = deps.access_log ? deps.log : nullptr;
  PageCache* cache = deps.page_cache;
  auto ids = std::make_shared<RequestIds>();
  return [router, metrics, log, access_log, ids, cache](const http::Request& req) {
    auto started = std::chrono::steady_clock::now();
    auto id = ids->next();
    http::Response res;
    try {
      bool signed_in = signed_in_request(req);
      if (cache && !signed_in && is_page_read(req)) {
        res = cache->serve(req, high_contrast(req), [&] { return router->handle(req); });
      } else {
        res = router->handle(req);
        (void)take_shows(res);
        // A signed-in reader's page is theirs alone: no cache in front may
        // keep it or give it to anyone else.
        if (signed_in && res.find(http::beast_http::field::cache_control) != res.end()) {
          res.set(http::beast_http::field::cache_control, "private, no-cache");
        }
      }
      shape_api_error(req, res);
    } catch (const std::exception& e) {
      // The server answers 500 and goes on; the id ties this line to the
      // access line.
      if (log) log_failure(*log, req, view(id), e.what());
      if (access_log) {
        log_access(*access_log,
                   {req, 500, 0, std::chrono::steady_clock::now() - started, view(id)});
      }
      throw;
    }
    add_security_headers(res);
    res.set(boost::beast::string_view(kRequestIdHeader.data(), kRequestIdHeader.size()),
            boost::beast::string_view(id.data(), id.size()));
    metrics->count_response(res.result_int());
    if (log && res.result_int() >= 500) {
      log_failure(*log, req, view(id), "answered " + std::to_string(res.result_int()));
    }
    if (access_log) {
      log_access(*access_log, {req, res.result_int(), res.body().size(),
                               std::chrono::steady_clock::now() - started, view(id)});
    }
    return res;
  };
}

http::PreparedHandler cached_pages(SiteDeps& deps) {
  PageCache* cache = deps.page_cache;
  if (!cache) return {};
  Metrics* metrics = &deps.metrics;
  Log* access_log = deps.access_log ? deps.log : nullptr;
  auto ids = std::make_shared<RequestIds>();
  // What make_site's handler adds to every page it answers; the request id
  // is added per request.
  auto finish = [](http::Response& res) { add_security_headers(res); };
  return [cache, metrics, access_log, ids,
          finish](const http::Request& req) -> std::optional<http::PreparedAnswer> {
    if (signed_in_request(req) || !is_page_read(req)) return std::nullopt;
    auto started = std::chrono::steady_clock::now();
    auto prepared = cache->prepared(req, high_contrast(req), finish);
    if (!prepared) return std::nullopt;
    auto id = ids->next();
    http::PreparedAnswer answer{std::move(prepared)};
    answer.add_header(kRequestIdHeader, view(id));
    metrics->count_response(answer.response->status);
    if (access_log) {
      std::size_t bytes = answer.response->body ? answer.response->body->size() : 0;
      log_access(*access_log, {req, answer.response->status, bytes,
                               std::chrono::steady_clock::now() - started, view(id)});
    }
    return answer;
  };
}

}  // namespace depeche::web
