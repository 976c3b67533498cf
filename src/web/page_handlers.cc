// Handlers of the reader's pages.

#include <charconv>

#include <algorithm>
#include <filesystem>
#include <map>

#include "assets/assets.h"
#include "core/text.h"
#include "http/static_files.h"
#include "search/analysis.h"
#include "search/snippet.h"
#include "web/errors.h"
#include "web/handlers.h"
#include "web/page_cache.h"
#include "web/responses.h"

namespace depeche::web {
namespace {

namespace bh = http::beast_http;

// How long browsers may keep static files and stored pictures. Pictures are
// named by their content, so they never change under the same name.
constexpr std::string_view kMediaCacheControl = "public, max-age=31536000, immutable";
constexpr int kContrastCookieMaxAgeSeconds = 365 * 24 * 3600;
constexpr int kMaxPage = 100000;
// Feed readers poll; a minute is as fresh as the page cache keeps pages.
constexpr const char* kFeedCacheControl = "public, max-age=60";

// The size of a picture the site stores ("/media/ab12.jpg" under
// `media_dir`), for a feed's enclosure; nullopt for any other href, an
// unsafe path, or a file that is not there.
std::optional<std::uintmax_t> stored_file_bytes(const std::filesystem::path& media_dir,
                                                std::string_view href) {
  constexpr std::string_view kMediaPrefix = "/media/";
  if (!href.starts_with(kMediaPrefix) || media_dir.empty()) return std::nullopt;
  std::string_view name = href.substr(kMediaPrefix.size());
  // Ingest names pictures by their content ("ab12cd.jpg"): anything that
  // could leave the folder is not one of them.
  if (name.empty() || name.find("..") != std::string_view::npos ||
      name.find('\\') != std::string_view::npos || name.front() == '/') {
    return std::nullopt;
  }
  std::error_code ec;
  auto size = std::filesystem::file_size(media_dir / std::filesystem::path(name), ec);
  if (ec) return std::nullopt;
  return size;
}

// "42-some-slug" or "42" -> 42.
std::optional<std::int64_t> leading_id(std::string_view ref) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
  if (ec != std::errc() || id <= 0) return std::nullopt;
  if (end != ref.data() + ref.size() && *end != '-') return std::nullopt;
  return id;
}

int page_number(const http::Request& req) {
  auto target = req.target();
  auto value = http::query_param(std::string_view(target.data(), target.size()), "page");
  if (!value) return 1;
  int page = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), page);
  if (ec != std::errc() || end != value->data() + value->size() || page < 1) return 0;
  return page > kMaxPage ? 0 : page;
}

// Where a list page starts: the "avant" cursor of its URL, or nullopt for
// the first page; invalid_input when the cursor is malformed (no such page).
Result<std::optional<store::ListCursor>> list_cursor(const http::Request& req) {
  auto target = req.target();
  auto value =
      http::query_param(std::string_view(target.data(), target.size()), render::kOlderParam);
  if (!value) return std::optional<store::ListCursor>{};
  auto cursor = store::parse_list_cursor(*value);
  if (!cursor) return make_error(ErrorCode::invalid_input, "malformed list cursor");
  return cursor;
}

// Forms that change something are refused when the browser says they come
// from another site (Origin, else Sec-Fetch-Site). Requests without either
// header (old browsers, curl) pass: SameSite=Lax cookies cover the rest.
bool same_origin(const http::Request& req) {
  auto origin = req[bh::field::origin];
  if (!origin.empty()) {
    std::string_view o(origin.data(), origin.size());
    auto host = req[bh::field::host];
    auto scheme_end = o.find("://");
    return scheme_end != std::string_view::npos &&
           o.substr(scheme_end + 3) == std::string_view(host.data(), host.size());
  }
  auto site = req["Sec-Fetch-Site"];
  return site.empty() || site == "same-origin" || site == "none";
}

// How far back each period of the search form reaches
// (render::kSearchPeriods); nullopt for no such period.
std::optional<std::chrono::seconds> period_span(std::string_view period) {
  using std::chrono::hours;
  static constexpr std::pair<std::string_view, hours> kSpans[] = {
      {"24h", hours(24)}, {"7j", hours(7 * 24)}, {"30j", hours(30 * 24)}, {"1an", hours(365 * 24)}};
  static_assert(std::size(kSpans) == std::size(render::kSearchPeriods));
  for (const auto& [name, span] : kSpans) {
    if (name == period) return span;
  }
  return std::nullopt;
}

}  // namespace

http::Response Handlers::unavailable(const http::Request& req, const Error& e) const {
  // The reader sees a French page; the detail is for logs (a later issue).
  Visitor v = identify(req, deps_.accounts);
  return page(req, v, static_cast<bh::status>(http_status(e.code)),
              deps_.pages.error(page_context(req, v)));
}

http::Response Handlers::not_found(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  return page(req, v, bh::status::not_found,
              deps_.pages.not_found(latest_for_help(), page_context(req, v)));
}

http::Response Handlers::home(const http::Request& req, const http::Params& p) const {
  auto before = list_cursor(req);
  if (!before) return not_found(req, p);
  render::FrontPage front;
  front.before = *before;
  store::ListQuery q;
  q.before = *before;
  q.limit = kHomePageSize;
  q.one_per_cluster = true;  // one event told by several agencies shows once
  auto list = deps_.articles.latest(q);
  if (!list) return unavailable(req, list.error());
  if (front.before && list->items.empty()) return not_found(req, p);
  front.latest = std::move(*list);
  if (!front.before) {
    // One indexed query per rubrique (articles_by_section), each bounded.
    for (const auto& s : deps_.pages.sections()) {
      store::ListQuery sq;
      sq.limit = kHomeBlockCount;
      sq.section = s.slug;
      sq.one_per_cluster = true;
      auto block = deps_.articles.latest(sq);
      if (!block) return unavailable(req, block.error());
      if (!block->items.empty()) front.blocks.emplace_back(s.slug, std::move(block->items));
    }
  }
  std::vector<std::int64_t> clusters;
  add_other_agencies(front, clusters);
  Visitor v = identify(req, deps_.accounts);
  auto res = this->page(req, v, bh::status::ok, deps_.pages.home(front, page_context(req, v)));
  Shows shows{canonical_target(req, "/", {"avant"}), clusters, {}, {std::string(kLatestList)}};
  for (const auto& a : front.latest.items) shows.articles.push_back(a.id);
  for (const auto& [slug, items] : front.blocks) {
    for (const auto& a : items) shows.articles.push_back(a.id);
  }
  declare_shows(res, shows);
  return res;
}

void Handlers::add_other_agencies(render::FrontPage& front,
                                  std::vector<std::int64_t>& clusters) const {
  std::vector<const store::Article*> listed;
  for (const auto& a : front.latest.items) listed.push_back(&a);
  for (const auto& [slug, items] : front.blocks) {
    for (const auto& a : items) listed.push_back(&a);
  }
  std::map<std::int64_t, std::vector<store::Article>> members;  // by cluster, read once
  for (const store::Article* a : listed) {
    if (a->cluster_id == 0 || front.other_agencies.contains(a->id)) continue;
    auto found = members.find(a->cluster_id);
    if (found == members.end()) {
      auto read = deps_.articles.cluster_members(a->cluster_id);
      if (!read) continue;
      found = members.emplace(a->cluster_id, std::move(*read)).first;
      clusters.push_back(a->cluster_id);
    }
    std::vector<std::string> agencies;
    for (const auto& m : found->second) {
      const std::string& name = m.dispatch.provider;
      if (m.id == a->id || m.status != store::ArticleStatus::published || name.empty() ||
          name == a->dispatch.provider ||
          std::find(agencies.begin(), agencies.end(), name) != agencies.end()) {
        continue;
      }
      agencies.push_back(name);
    }
    if (!agencies.empty()) front.other_agencies.emplace(a->id, std::move(agencies));
  }
}

http::Response Handlers::section_page(const http::Request& req, const http::Params& p) const {
  const render::SectionLink* section = section_in(p);
  if (!section) return not_found(req, p);
  auto before = list_cursor(req);
  if (!before) return not_found(req, p);
  render::FrontPage list;
  list.before = *before;
  store::ListQuery q;
  q.before = *before;
  q.limit = kHomePageSize;
  q.section = section->slug;
  q.one_per_cluster = true;
  auto found = deps_.articles.latest(q);
  if (!found) return unavailable(req, found.error());
  if (list.before && found->items.empty()) return not_found(req, p);
  list.latest = std::move(*found);
  std::vector<std::int64_t> clusters;
  add_other_agencies(list, clusters);
  Visitor v = identify(req, deps_.accounts);
  auto res =
      this->page(req, v, bh::status::ok, deps_.pages.section(*section, list, page_context(req, v)));
  Shows shows{canonical_target(req, render::section_path(section->slug), {"avant"}),
              clusters,
              {},
              {section->slug}};
  for (const auto& a : list.latest.items) shows.articles.push_back(a.id);
  declare_shows(res, shows);
  return res;
}

http::Response Handlers::section_rss(const http::Request& req, const http::Params& p) const {
  const render::SectionLink* section = section_in(p);
  if (!section) return not_found(req, p);
  return feed(req, p, render::FeedFormat::rss, render::FeedText::summary, section);
}

http::Response Handlers::section_atom(const http::Request& req, const http::Params& p) const {
  const render::SectionLink* section = section_in(p);
  if (!section) return not_found(req, p);
  return feed(req, p, render::FeedFormat::atom, render::FeedText::summary, section);
}

http::Response Handlers::section_full_rss(const http::Request& req, const http::Params& p) const {
  const render::SectionLink* section = section_in(p);
  if (!section) return not_found(req, p);
  return feed(req, p, render::FeedFormat::rss, render::FeedText::full, section);
}

http::Response Handlers::section_full_atom(const http::Request& req, const http::Params& p) const {
  const render::SectionLink* section = section_in(p);
  if (!section) return not_found(req, p);
  return feed(req, p, render::FeedFormat::atom, render::FeedText::full, section);
}

const render::SectionLink* Handlers::section_in(const http::Params& p) const {
  auto slug = p.find("slug");
  return slug == p.end() ? nullptr : deps_.pages.find_section(slug->second);
}

http::Response Handlers::article(const http::Request& req, const http::Params& p) const {
  auto ref = p.find("ref");
  auto id = ref == p.end() ? std::nullopt : leading_id(ref->second);
  if (!id) return not_found(req, p);
  auto found = deps_.articles.by_id(*id);
  if (!found) return unavailable(req, found.error());
  if (!*found) return not_found(req, p);
  const store::Article& a = **found;
  Visitor v = identify(req, deps_.accounts);
  auto ctx = page_context(req, v);
  if (a.status == store::ArticleStatus::withdrawn) {
    return page(req, v, bh::status::gone, deps_.pages.withdrawn(a, latest_for_help(), ctx));
  }
  std::string canonical = render::article_path(a);
  auto target = req.target();
  if (http::path_of(std::string_view(target.data(), target.size())) != canonical) {
    return http::redirect(req, bh::status::moved_permanently, canonical);
  }
  render::CommentSection seed;
  auto t = std::string_view(target.data(), target.size());
  seed.notice_code = notice_code(http::query_param(t, "commentaire").value_or(""));
  // A signed-in reader gets the page everyone gets, with their own parts
  // rendered on top. Rendered whole: a notice after a post (theirs alone),
  // and admins' pages (editor tools in the article's header).
  if (v.user && v.user->role != store::Role::admin && seed.notice_code.empty() &&
      !canonical_target(req, canonical, {"tri", "commentaires", "reponses"}).empty()) {
    if (auto composed = composed_article(req, v, a)) return std::move(*composed);
  }
  return article_page(req, v, a, bh::status::ok, std::move(seed));
}

Result<Handlers::Found> Handlers::find(const search::SearchQuery& q) const {
  Found out;
  if (!deps_.search) return out;
  auto hits = DEPECHE_TRY(deps_.search->search(q));
  out.total = hits.estimated_total;
  out.suggestion = std::move(hits.suggestion);
  // The store has the last word: a story withdrawn a moment ago, before
  // the index caught up, is not shown. Snippets are made here, from the
  // store's text, with no index lock held.
  search::Highlighter highlight(q.text);
  for (auto& a : DEPECHE_TRY(deps_.articles.by_ids(hits.ids))) {
    if (a.status != store::ArticleStatus::published) continue;
    out.snippets.push_back(highlight.snippet(search::snippet_source(
        a.dispatch.description, search::html_to_text(a.dispatch.body_html))));
    out.items.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<RelatedCard>> Handlers::related_cards(const store::Article& a, int count) const {
  std::vector<RelatedCard> out;
  // Never the article, and one card per event: another agency's version of
  // this story is offered under « Sur le même sujet », not here.
  auto shown = [&](const store::Article& r) {
    auto same_event = [](std::int64_t x, std::int64_t y) { return x != 0 && x == y; };
    return r.id == a.id || same_event(r.cluster_id, a.cluster_id) ||
           std::any_of(out.begin(), out.end(), [&](const RelatedCard& c) {
             return c.article.id == r.id || same_event(c.article.cluster_id, r.cluster_id);
           });
  };
  if (deps_.search) {
    auto matches = deps_.related ? deps_.related->lookup(a.id)
                                 : deps_.search->related_matches(a.id, search::kRelatedListLength);
    std::vector<search::RelatedMatch> all =
        matches ? std::move(*matches) : std::vector<search::RelatedMatch>{};
    // The list holds more than shown, as some may have been withdrawn or be
    // versions of one event: the first `count` in one read, the next ones
    // only when some of those are left out.
    for (std::size_t from = 0; from < all.size() && static_cast<int>(out.size()) < count;) {
      std::size_t to = std::min(all.size(), from + (count - out.size()));
      std::vector<std::int64_t> wanted;
      for (std::size_t i = from; i < to; ++i) wanted.push_back(all[i].id);
      for (auto& r : DEPECHE_TRY(deps_.articles.by_ids(wanted))) {
        if (r.status != store::ArticleStatus::published || shown(r)) continue;
        auto why = std::find_if(all.begin(), all.end(),
                                [&](const search::RelatedMatch& m) { return m.id == r.id; });
        out.push_back({std::move(r), *why});
      }
      from = to;
    }
  }
  return out;
}

Result<std::vector<store::Article>> Handlers::related_to(const store::Article& a) const {
  // The kept lists hold enough for a page even when half have gone.
  static_assert(search::kRelatedListLength >= 3 * kRelatedCount);
  std::vector<store::Article> out;
  for (auto& card : DEPECHE_TRY(related_cards(a, kRelatedCount))) {
    out.push_back(std::move(card.article));
  }
  return out;
}

http::Response Handlers::search_page(const http::Request& req, const http::Params& p) const {
  auto target = req.target();
  std::string_view t(target.data(), target.size());
  render::SearchPage s;
  s.query = collapse_whitespace(http::query_param(t, "q").value_or(""));
  s.page = page_number(req);
  if (s.page == 0) return not_found(req, p);
  s.page_size = kSearchPageSize;
  // Unknown choices are dropped rather than refused: the form offers them
  // all, and an old link keeps working when a rubrique goes.
  std::string section = http::query_param(t, "rubrique").value_or("");
  if (deps_.pages.find_section(section)) s.section = section;
  s.provider = search::provider_key(http::query_param(t, "agence").value_or(""));
  std::string period = http::query_param(t, "periode").value_or("");
  auto span = period_span(period);
  if (span) s.period = period;
  if (http::query_param(t, "tri").value_or("") == "date") s.order = "date";
  if (deps_.search) {
    auto providers = deps_.search->providers();
    if (providers) {
      for (auto& c : *providers) s.providers.emplace_back(std::move(c.key), std::move(c.name));
    }
  }
  Visitor v = identify(req, deps_.accounts);
  auto status = bh::status::ok;
  if (search::query_too_long(s.query)) {
    s.error_code = "too_long";
    status = bh::status::bad_request;
  } else if (s.searched()) {
    search::SearchQuery q{s.query, (s.page - 1) * kSearchPageSize, kSearchPageSize};
    q.filters.section = s.section;
    q.filters.provider = s.provider;
    if (span) q.filters.from = deps_.clock.now() - *span;
    // Without words there is no relevance: newest first.
    q.order = s.order == "date" || s.query.empty() ? search::SearchOrder::newest
                                                   : search::SearchOrder::relevance;
    auto found = find(q);
    if (found) {
      s.items = std::move(found->items);
      s.snippets = std::move(found->snippets);
      s.total = found->total;
      s.suggestion = std::move(found->suggestion);
    } else {
      s.error_code = "unavailable";
      status = static_cast<bh::status>(http_status(found.error().code));
    }
  }
  return page(req, v, status, deps_.pages.search(s, page_context(req, v)));
}

http::Response Handlers::feed(const http::Request& req, const http::Params& p,
                              render::FeedFormat format, render::FeedText text,
                              const render::SectionLink* section) const {
  if (text == render::FeedText::full && !deps_.pages.full_text_feeds()) return not_found(req, p);
  store::ListQuery q;
  q.limit = kFeedSize;
  if (section) q.section = section->slug;
  auto list = deps_.articles.latest(q);
  if (!list) return unavailable(req, list.error());
  render::FeedRequest f{format, text, section, [this](std::string_view href) {
                          return stored_file_bytes(deps_.media_dir, href);
                        }};
  std::string body = deps_.pages.feed(*list, f);
  // The same bytes for every reader, so their hash is a strong validator.
  std::string etag = "\"" + fnv1a_hex(body) + "\"";
  auto inm = req[bh::field::if_none_match];
  if (http::none_match_hits(std::string_view(inm.data(), inm.size()), etag)) {
    http::Response res{bh::status::not_modified, req.version()};
    res.keep_alive(req.keep_alive());
    res.set(bh::field::etag, etag);
    res.set(bh::field::cache_control, kFeedCacheControl);
    return res;
  }
  auto res =
      http::make_response(req, bh::status::ok, std::move(body), render::feed_content_type(format));
  res.set(bh::field::etag, etag);
  res.set(bh::field::cache_control, kFeedCacheControl);
  auto target = req.target();
  Shows shows{canonical_target(req, http::path_of({target.data(), target.size()}), {}),
              {},
              {},
              {section ? section->slug : std::string(kLatestList)}};
  for (const auto& a : list->items) shows.articles.push_back(a.id);
  declare_shows(res, shows);
  return res;
}

http::Response Handlers::rss(const http::Request& req, const http::Params& p) const {
  return feed(req, p, render::FeedFormat::rss, render::FeedText::summary);
}

http::Response Handlers::atom(const http::Request& req, const http::Params& p) const {
  return feed(req, p, render::FeedFormat::atom, render::FeedText::summary);
}

http::Response Handlers::full_rss(const http::Request& req, const http::Params& p) const {
  return feed(req, p, render::FeedFormat::rss, render::FeedText::full);
}

http::Response Handlers::full_atom(const http::Request& req, const http::Params& p) const {
  return feed(req, p, render::FeedFormat::atom, render::FeedText::full);
}

http::Response Handlers::set_contrast(const http::Request& req, const http::Params& p) const {
  Visitor v = identify(req, deps_.accounts);
  if (req.body().size() > kMaxFormBytes) {
    return page(req, v, bh::status::payload_too_large, deps_.pages.error(page_context(req, v)));
  }
  auto form = http::parse_form(req.body());
  // No CSRF token here: the form sits on every page, and a token would need
  // a cookie on every page, which no cache could then keep. A cross-site
  // post is refused by its Origin / Sec-Fetch-Site, and the worst a forged
  // one could do is switch a reader's colours.
  if (!same_origin(req)) {
    return page(req, v, bh::status::forbidden, deps_.pages.error(page_context(req, v)));
  }
  bool high = form["contrast"] == "high";
  std::string cookie =
      std::string(kContrastCookie) + (high ? "=high" : "=") +
      "; Path=/; Max-Age=" + std::to_string(high ? kContrastCookieMaxAgeSeconds : 0) +
      "; HttpOnly; SameSite=Lax" + (deps_.secure_cookies ? "; Secure" : "");
  // Scripts ask for JSON and apply the palette themselves (no reload);
  // plain forms get the page back, rendered in the new mode.
  auto accept = req[bh::field::accept];
  http::Response res =
      std::string_view(accept.data(), accept.size()).find("application/json") !=
              std::string_view::npos
          ? json(req, bh::status::ok, {{"contrast", high ? "high" : "normal"}})
          : http::redirect(req, bh::status::see_other, safe_return_path(form["return"]));
  res.insert(bh::field::set_cookie, cookie);
  (void)p;
  return res;
}

http::Response Handlers::static_file(const http::Request& req, const http::Params& p) const {
  auto path = p.find("path");
  if (path == p.end()) return not_found(req, p);
  auto res = statics_.serve(req, path->second);
  if (!res) return not_found(req, p);
  return std::move(*res);
}

http::Response Handlers::media_file(const http::Request& req, const http::Params& p) const {
  auto path = p.find("path");
  if (path == p.end()) return not_found(req, p);
  auto res = http::serve_file(req, deps_.media_dir, path->second, kMediaCacheControl);
  if (!res) return not_found(req, p);
  return std::move(*res);
}

}  // namespace depeche::web
