// Handlers of the JSON API (/api/v1/), documented in docs/openapi.json.

#include <charconv>
#include <functional>
#include <variant>

#include "assets/assets.h"
#include "core/text.h"
#include "core/time.h"
#include "http/static_files.h"
#include "web/errors.h"
#include "web/handlers.h"
#include "web/page_cache.h"
#include "web/responses.h"
#include "web/visitor.h"

namespace depeche::web {
namespace {

namespace bh = http::beast_http;
using Json = nlohmann::json;

std::optional<int> parse_int(std::optional<std::string> text, int fallback, int min, int max) {
  if (!text) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

// The route's {id} as an article id; 0 when it is not a positive number.
std::int64_t article_id_param(const http::Params& p) {
  std::int64_t id = 0;
  auto it = p.find("id");
  if (it == p.end()) return 0;
  const auto& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  return ec == std::errc() && end == s.data() + s.size() && id > 0 ? id : 0;
}

// "2026-11-20": a date without a time.
constexpr std::size_t kIsoDateLength = 10;

Json summary(const store::Article& a) {
  const auto& d = a.dispatch;
  return {{"id", a.id},
          {"guid", d.guid},
          {"version", d.version},
          {"url", render::article_path(a)},
          {"headline", d.headline},
          {"provider", d.provider},
          {"published_at", format_iso8601_utc(a.published_at)},
          {"updated_at", format_iso8601_utc(a.updated_at)},
          {"status", store::to_string(a.status)},
          {"section", a.section.empty() ? Json() : Json(a.section)},
          {"cluster_id", a.cluster_id == 0 ? Json() : Json(a.cluster_id)}};
}

// The article in full, with the other agencies' versions of its event
// (`members`: its cluster, itself included or not).
Json detail(const store::Article& a, const std::vector<store::Article>& members) {
  Json j = summary(a);
  const auto& d = a.dispatch;
  j["dateline"] = d.dateline;
  j["description"] = d.description;
  j["body_html"] = d.body_html;
  j["language"] = d.language;
  j["creditline"] = d.creditline;
  j["correction"] = d.correction;
  j["contributors"] = Json::array();
  for (const auto& c : d.contributors) {
    j["contributors"].push_back({{"name", c.name}, {"role", to_string(c.role)}});
  }
  j["pictures"] = Json::array();
  for (const auto& p : d.pictures) {
    Json pic = {{"href", p.href}, {"alt", p.alt}, {"caption", p.caption}, {"credit", p.credit}};
    if (p.width > 0 && p.height > 0) {
      pic["width"] = p.width;
      pic["height"] = p.height;
    }
    j["pictures"].push_back(std::move(pic));
  }
  j["subjects"] = Json::array();
  for (const auto& s : d.subjects) j["subjects"].push_back({{"code", s.code}, {"name", s.name}});
  j["same_event"] = Json::array();
  for (const auto& m : members) {
    if (m.id == a.id || m.status != store::ArticleStatus::published) continue;
    j["same_event"].push_back({{"id", m.id},
                               {"url", render::article_path(m)},
                               {"headline", m.dispatch.headline},
                               {"provider", m.dispatch.provider},
                               {"published_at", format_iso8601_utc(m.published_at)}});
  }
  return j;
}

// A store failure as JSON: the status from the one error table, the code
// word, and no internal detail.
http::Response store_failure(const http::Request& req, const Error& e) {
  return json_error(req, static_cast<bh::status>(http_status(e.code)), to_string(e.code),
                    "the article store cannot answer now");
}

// The published article the route's {id} names, or the answer saying why
// there is none: 404 for no such id, 410 (`withdrawn`'s body) for a
// withdrawn one, a store failure as it comes.
std::variant<store::Article, http::Response> published_article(
    store::ArticleStore& articles, const http::Request& req, const http::Params& p,
    const std::function<http::Response(const store::Article&)>& withdrawn) {
  std::int64_t id = article_id_param(p);
  if (id <= 0) return json_error(req, bh::status::not_found, "not_found", "no such article");
  auto found = articles.by_id(id);
  if (!found) return store_failure(req, found.error());
  if (!*found) return json_error(req, bh::status::not_found, "not_found", "no such article");
  if ((*found)->status == store::ArticleStatus::withdrawn) return withdrawn(**found);
  return std::move(**found);
}

// A Prometheus label value: backslash and quote escaped, no newline.
std::string label_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

// Per-feed lines for /metrics.
std::string feed_metrics(const std::vector<ingest::FeedHealth>& feeds) {
  std::string items =
      "# HELP depeche_feed_items_total Items from a polled feed, by outcome.\n"
      "# TYPE depeche_feed_items_total counter\n";
  std::string errors =
      "# HELP depeche_feed_failing Whether the last fetch of a feed failed.\n"
      "# TYPE depeche_feed_failing gauge\n";
  for (const auto& h : feeds) {
    std::string name = label_value(h.name);
    std::string label = "{feed=\"" + name + "\"";
    items += "depeche_feed_items_total" + label + ",outcome=\"accepted\"} " +
             std::to_string(h.items_accepted) + "\n";
    items += "depeche_feed_items_total" + label + ",outcome=\"rejected\"} " +
             std::to_string(h.items_rejected) + "\n";
    bool failing = h.last_error_at && (!h.last_success || *h.last_error_at > *h.last_success);
    errors += "depeche_feed_failing" + label + "} " + (failing ? "1" : "0") + "\n";
  }
  std::string delays =
      "# HELP depeche_feed_delay_seconds From versionCreated to publication, last item.\n"
      "# TYPE depeche_feed_delay_seconds gauge\n";
  for (const auto& h : feeds) {
    if (!h.last_delay) continue;
    std::string name = label_value(h.name);
    delays += "depeche_feed_delay_seconds{feed=\"" + name + "\"} " +
              std::to_string(h.last_delay->count()) + "\n";
  }
  return items + errors + delays;
}

std::string_view target_of(const http::Request& req) {
  auto t = req.target();
  return {t.data(), t.size()};
}

}  // namespace

http::Response Handlers::api_articles(const http::Request& req, const http::Params&) const {
  auto target = target_of(req);
  auto limit = parse_int(http::query_param(target, "limit"), kApiDefaultLimit, 1, kApiMaxLimit);
  // The list cursor is opaque to clients, who only pass back what "next"
  // gave them: it is where the last page stopped (store::ListCursor), so a
  // deep page costs what the first does and a story published meanwhile
  // shifts nothing.
  auto cursor_text = http::query_param(target, "cursor");
  auto cursor = cursor_text ? store::parse_list_cursor(*cursor_text) : std::nullopt;
  if (!limit || (cursor_text && !cursor)) {
    return api_error_response(req, 400, "invalid_input",
                              "limit must be 1.." + std::to_string(kApiMaxLimit) +
                                  " and cursor a value given by \"next\"",
                              limit ? "cursor" : "limit");
  }
  store::ListQuery q;
  q.before = cursor;
  q.limit = *limit;
  if (auto section = http::query_param(target, "section")) {
    if (!deps_.pages.find_section(*section)) {
      return api_error_response(req, 400, "invalid_input",
                                "section must be one of the slugs listed by /api/v1/sections",
                                "section");
    }
    q.section = *section;
  }
  auto list = deps_.articles.latest(q);
  if (!list) return store_failure(req, list.error());
  Json body = {{"items", Json::array()}, {"total", list->total}};
  for (const auto& a : list->items) body["items"].push_back(summary(a));
  body["next"] = list->next ? Json(store::to_string(*list->next)) : Json();
  return json(req, bh::status::ok, body);
}

http::Response Handlers::api_sections(const http::Request& req, const http::Params&) const {
  Json items = Json::array();
  for (const auto& s : deps_.pages.sections()) {
    items.push_back({{"slug", s.slug},
                     {"name", s.name},
                     {"url", render::section_path(s.slug)},
                     {"feeds",
                      {{"rss", render::section_path(s.slug) + "/flux.rss"},
                       {"atom", render::section_path(s.slug) + "/flux.atom"}}}});
  }
  return json(req, bh::status::ok, {{"items", items}});
}

http::Response Handlers::api_search(const http::Request& req, const http::Params&) const {
  auto target = target_of(req);
  std::string q = collapse_whitespace(http::query_param(target, "q").value_or(""));
  auto limit =
      parse_int(http::query_param(target, "limit"), kSearchPageSize, 1, search::kMaxResultsPerPage);
  auto offset = parse_int(http::query_param(target, "cursor"), 0, 0, search::kMaxOffset);
  if (!limit || !offset) {
    return api_error_response(req, 400, "invalid_input",
                              "limit must be 1.." + std::to_string(search::kMaxResultsPerPage) +
                                  " and cursor a value given by \"next\"",
                              limit ? "cursor" : "limit");
  }
  if (search::query_too_long(q)) {
    return api_error_response(
        req, 400, "too_long",
        "q is longer than " + std::to_string(search::kMaxQueryChars) + " characters", "q");
  }
  search::SearchQuery query{q, *offset, *limit};
  query.filters.section = http::query_param(target, "section").value_or("");
  query.filters.provider = http::query_param(target, "provider").value_or("");
  for (const char* name : {"from", "to"}) {
    auto text = http::query_param(target, name);
    if (!text || text->empty()) continue;
    auto when = parse_iso8601(*text);
    if (!when) {
      return api_error_response(req, 400, "invalid_input",
                                std::string(name) + " must be an ISO 8601 date or date-time", name);
    }
    // A bare date as `to` includes that whole day.
    bool whole_day = std::string_view(name) == "to" && text->size() == kIsoDateLength;
    if (whole_day) *when += std::chrono::days(1) - std::chrono::seconds(1);
    (std::string_view(name) == "from" ? query.filters.from : query.filters.to) = *when;
  }
  std::string sort = http::query_param(target, "sort").value_or(q.empty() ? "date" : "relevance");
  if (sort != "relevance" && sort != "date") {
    return api_error_response(req, 400, "invalid_input", "sort must be relevance or date", "sort");
  }
  query.order = sort == "date" ? search::SearchOrder::newest : search::SearchOrder::relevance;
  Json body = {{"items", Json::array()}, {"total", 0}, {"next", nullptr}, {"suggestion", nullptr}};
  if (q.empty() && !query.filters.any()) return json(req, bh::status::ok, body);
  auto found = find(query);
  if (!found) return store_failure(req, found.error());
  for (std::size_t i = 0; i < found->items.size(); ++i) {
    Json item = summary(found->items[i]);
    item["snippet"] = found->snippets[i];
    body["items"].push_back(std::move(item));
  }
  body["total"] = found->total;
  if (!found->suggestion.empty()) body["suggestion"] = found->suggestion;
  std::int64_t next = std::int64_t{*offset} + *limit;
  if (next < found->total && next <= search::kMaxOffset) body["next"] = std::to_string(next);
  return json(req, bh::status::ok, body);
}

http::Response Handlers::api_article(const http::Request& req, const http::Params& p) const {
  // A withdrawn article keeps its identity in the API but not its text.
  auto found = published_article(deps_.articles, req, p, [&](const store::Article& gone) {
    return json(req, bh::status::gone, summary(gone));
  });
  if (auto* answer = std::get_if<http::Response>(&found)) return std::move(*answer);
  const auto& a = std::get<store::Article>(found);
  auto members = deps_.articles.cluster_members(a.cluster_id);
  if (!members) return store_failure(req, members.error());
  return json(req, bh::status::ok, detail(a, *members));
}

namespace {

// Why a card was chosen, part by part (search::RelatedMatch), for editors
// and for whoever tunes the blend.
Json reasons_for(const store::Article& a, const RelatedCard& card) {
  Json reasons = Json::array();
  const auto& m = card.why;
  if (m.text > 0) reasons.push_back({{"kind", "text"}, {"weight", m.text}});
  if (m.subjects > 0) {
    Json shared = Json::array();
    for (const auto& s : card.article.dispatch.subjects) {
      for (const auto& mine : a.dispatch.subjects) {
        if (!s.code.empty() && s.code == mine.code) {
          shared.push_back({{"code", s.code}, {"name", s.name}});
          break;
        }
      }
    }
    reasons.push_back({{"kind", "subjects"}, {"weight", m.subjects}, {"shared", shared}});
  }
  if (m.same_section) reasons.push_back({{"kind", "section"}, {"section", a.section}});
  reasons.push_back({{"kind", "recency"}, {"weight", m.recency}});
  return reasons;
}

}  // namespace

http::Response Handlers::api_related(const http::Request& req, const http::Params& p) const {
  auto found = published_article(deps_.articles, req, p, [&](const store::Article&) {
    return json_error(req, bh::status::gone, "gone", "this article was withdrawn");
  });
  if (auto* answer = std::get_if<http::Response>(&found)) return std::move(*answer);
  const auto& a = std::get<store::Article>(found);
  auto cards = related_cards(a, kRelatedCount);
  if (!cards) return store_failure(req, cards.error());
  Json items = Json::array();
  for (const auto& card : *cards) {
    Json item = summary(card.article);
    item["score"] = card.why.score;
    item["reasons"] = reasons_for(a, card);
    items.push_back(std::move(item));
  }
  return json(req, bh::status::ok, {{"items", items}});
}

http::Response Handlers::api_openapi(const http::Request& req, const http::Params& p) const {
  auto doc = assets::find("docs/openapi.json");
  if (!doc) return api_not_found(req, p);
  return http::serve_bytes(req, *doc, kJson, "public, max-age=300");
}

http::Response Handlers::api_not_found(const http::Request& req, const http::Params&) const {
  return json_error(req, bh::status::not_found, "not_found", "no such API resource");
}

http::Response Handlers::api_ingest(const http::Request& req, const http::Params&) const {
  if (!deps_.ingester || deps_.ingest_token.empty()) {
    return json_error(req, bh::status::forbidden, "forbidden",
                      "push ingest is not configured on this server (ingest_token)");
  }
  auto auth = req[bh::field::authorization];
  std::string_view presented(auth.data(), auth.size());
  if (!presented.starts_with("Bearer ") ||
      !comments::same_secret(presented.substr(7), deps_.ingest_token)) {
    auto res = json_error(req, bh::status::unauthorized, "unauthorized",
                          "a valid bearer token is required");
    res.set(bh::field::www_authenticate, "Bearer realm=\"depeche ingest\"");
    return res;
  }
  if (req.body().empty()) {
    return json_error(req, bh::status::bad_request, "invalid_input", "empty body");
  }
  Json items = Json::array();
  std::size_t rejected = 0;
  deps_.ingester->ingest_bytes(req.body(), "(push)", [&](const ingest::ItemReport& r) {
    rejected += r.rejected() ? 1 : 0;
    items.push_back({{"outcome", r.outcome}, {"subject", r.subject}, {"reason", r.reason}});
  });
  // 422 tells the agency's client that something in the document was refused.
  return json(req, rejected ? bh::status::unprocessable_entity : bh::status::ok,
              {{"items", items}, {"rejected", rejected}});
}

http::Response Handlers::api_feeds(const http::Request& req, const http::Params&) const {
  // Feed URLs may carry an agency's credentials: admins and the ingest
  // client only.
  auto auth = req[bh::field::authorization];
  std::string_view presented(auth.data(), auth.size());
  bool ingest_client = !deps_.ingest_token.empty() && presented.starts_with("Bearer ") &&
                       comments::same_secret(presented.substr(7), deps_.ingest_token);
  if (!ingest_client) {
    Visitor v = identify(req, deps_.accounts);
    if (!v.user) return api_error(req, make_error(ErrorCode::unauthorized, "sign in as an admin"));
    if (v.user->role != store::Role::admin) {
      return api_error(req, make_error(ErrorCode::forbidden, "admins only"));
    }
  }
  Json items = Json::array();
  if (deps_.feed_health) {
    for (const auto& h : deps_.feed_health()) {
      auto when = [](const std::optional<Timestamp>& t) {
        return t ? Json(format_iso8601_utc(*t)) : Json();
      };
      items.push_back(
          {{"name", h.name},
           {"url", h.url},
           {"last_success", when(h.last_success)},
           {"last_error_at", when(h.last_error_at)},
           {"last_error", h.last_error},
           {"fetches", h.fetches},
           {"not_modified", h.not_modified},
           {"items_accepted", h.items_accepted},
           {"items_rejected", h.items_rejected},
           {"last_delay_seconds", h.last_delay ? Json(h.last_delay->count()) : Json()}});
    }
  }
  return json(req, bh::status::ok, {{"items", items}});
}

http::Response Handlers::healthz(const http::Request& req, const http::Params&) const {
  // Touches no table: a check that costs the same on any archive.
  if (!deps_.articles.ping()) {
    return http::make_response(req, bh::status::service_unavailable, "store unavailable\n", kText);
  }
  auto res = http::make_response(req, bh::status::ok, "ok\n", kText);
  res.set(bh::field::cache_control, "no-store");
  return res;
}

http::Response Handlers::metrics(const http::Request& req, const http::Params&) const {
  // Metrics say how the site is doing, feeds and failures included: for the
  // operator's scraper, not for the public.
  std::string peer = peer_address(req);
  bool allowed = std::find(deps_.metrics_addresses.begin(), deps_.metrics_addresses.end(), peer) !=
                 deps_.metrics_addresses.end();
  if (!allowed && !deps_.metrics_token.empty()) {
    auto auth = req[bh::field::authorization];
    allowed = comments::same_secret(std::string_view(auth.data(), auth.size()),
                                    "Bearer " + deps_.metrics_token);
  }
  if (!allowed) {
    return http::make_response(req, bh::status::forbidden,
                               "403 metrics are open to configured addresses or a token\n", kText);
  }
  store::ListQuery q;
  q.limit = 1;
  auto list = deps_.articles.latest(q);
  std::string body = deps_.metrics.render(list ? list->total : -1);
  if (deps_.feed_health) body += feed_metrics(deps_.feed_health());
  if (deps_.page_cache) body += page_cache_metrics(deps_.page_cache->stats());
  if (deps_.related) body += related_metrics(deps_.related->stats());
  auto res = http::make_response(req, bh::status::ok, std::move(body),
                                 "text/plain; version=0.0.4; charset=utf-8");
  res.set(bh::field::cache_control, "no-store");
  return res;
}

}  // namespace depeche::web
