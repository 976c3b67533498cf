// Handlers of readers' comments: the forms of the article page (post,
// reply, edit, delete, report) and their JSON API twins. Each form works
// without JavaScript (POST, then a redirect back to the comment); scripts
// send the same form asking for JSON and insert the answer in place.

#include <charconv>

#include "comments/text.h"
#include "core/time.h"
#include "web/errors.h"
#include "web/handlers.h"
#include "web/page_cache.h"
#include "web/responses.h"

namespace depeche::web {
namespace {

namespace bh = http::beast_http;
using Json = nlohmann::json;

std::optional<std::int64_t> number(std::string_view s) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n <= 0) return std::nullopt;
  return n;
}

std::optional<std::int64_t> route_id(const http::Params& p) {
  auto it = p.find("id");
  return it == p.end() ? std::nullopt : number(it->second);
}

bool wants_json(const http::Request& req) {
  auto accept = req[bh::field::accept];
  return std::string_view(accept.data(), accept.size()).find("application/json") !=
         std::string_view::npos;
}

std::string target_of(const http::Request& req) {
  auto t = req.target();
  return std::string(t.data(), t.size());
}

Json comment_json(const store::Comment& shown, const std::optional<store::User>& viewer) {
  store::Comment c = comments::as_seen_by(shown, viewer);
  Json j = {{"id", c.id},
            {"article_id", c.article_id},
            {"parent_id", c.parent_id ? Json(*c.parent_id) : Json()},
            {"author", c.author_id ? Json(c.author_name) : Json()},
            {"body", c.body},
            {"body_html", comments::comment_html(c.body)},
            {"status", store::to_string(c.status)},
            {"created_at", format_iso8601_utc(c.created_at)},
            {"edited_at", c.edited_at ? Json(format_iso8601_utc(*c.edited_at)) : Json()}};
  // The statement of reasons is for the author (and moderators elsewhere).
  if (viewer && c.author_id == viewer->id && !c.reason.empty()) j["reason"] = c.reason;
  return j;
}

// "?commentaire=publie" and friends: what the redirect after a form says.
std::string notice_word(std::string_view code) {
  if (code == "published") return "publie";
  if (code == "pending") return "attente";
  if (code == "reported") return "signale";
  if (code == "deleted") return "supprime";
  if (code == "edited") return "modifie";
  return {};
}

// An API query parameter at fault, and why.
struct BadParam {
  std::string field;
  std::string message;
};

// The page of a thread an API call asks for: ?order=oldest|newest (or the
// older ?sort=), ?cursor= (the `next` of the previous page), ?limit=, and
// ?parent= for the replies of one comment past its first ones.
std::optional<BadParam> read_thread_request(const std::string& target,
                                            comments::ThreadRequest& page) {
  auto order = http::query_param(target, "order");
  if (!order) order = http::query_param(target, "sort");
  if (order && *order != "oldest" && *order != "newest") {
    return BadParam{"order", "order is oldest or newest"};
  }
  if (order == std::optional<std::string>("newest")) page.order = store::ThreadOrder::newest_first;
  if (auto cursor = http::query_param(target, "cursor")) {
    page.after = store::thread_cursor_from_string(*cursor);
    if (!page.after) return BadParam{"cursor", "cursor is the next of a previous page"};
  }
  if (auto parent = http::query_param(target, "parent")) {
    page.replies_of = number(*parent);
    if (!page.replies_of) return BadParam{"parent", "parent is the id of a top-level comment"};
  }
  if (auto limit = http::query_param(target, "limit")) {
    auto n = number(*limit);
    if (!n || *n > store::kMaxThreadPageSize) {
      return BadParam{"limit", "limit is 1 to " + std::to_string(store::kMaxThreadPageSize)};
    }
    page.limit = static_cast<int>(*n);
  }
  return std::nullopt;
}

}  // namespace

std::string Handlers::notice_code(std::string_view word) {
  for (auto code : {"published", "pending", "reported", "deleted", "edited"}) {
    if (notice_word(code) == word) return code;
  }
  return {};
}

render::CommentView Handlers::view_of(const store::Comment& c, const Visitor& v, bool open) const {
  render::CommentView view;
  view.comment = comments::as_seen_by(c, v.user);
  view.body_html = comments::comment_html(view.comment.body);
  bool published = c.status == store::CommentStatus::published;
  view.mine = v.user && c.author_id == v.user->id;
  view.editable = deps_.comments && deps_.comments->editable(c, v.user);
  view.can_reply = v.user && open && published;
  view.can_report = v.user && !view.mine && published;
  return view;
}

Status Handlers::fill_thread(std::string_view target, const Visitor& v, const store::Article& a,
                             render::CommentSection& seed) const {
  seed.newest_first = http::query_param(target, "tri") == std::optional<std::string>("recents");
  comments::ThreadRequest wanted;
  wanted.order =
      seed.newest_first ? store::ThreadOrder::newest_first : store::ThreadOrder::oldest_first;
  // "?commentaires=<cursor>": a later page of the thread. A cursor that
  // does not parse is ignored and the first page shown: the link was cut
  // or made up, and the article is still there to read.
  wanted.after =
      store::thread_cursor_from_string(http::query_param(target, "commentaires").value_or(""));
  seed.later_page = wanted.after.has_value();
  // "?reponses=<id>": the replies of one top-level comment of this article
  // past the first ones, under it. Anything else is ignored likewise.
  std::optional<store::Comment> parent;
  if (auto id = number(http::query_param(target, "reponses").value_or(""))) {
    auto found = DEPECHE_TRY(deps_.comments->find(*id));
    bool shown = found && (found->status == store::CommentStatus::published ||
                           found->status == store::CommentStatus::deleted ||
                           (v.user && found->author_id == v.user->id));
    if (shown && found->article_id == a.id && !found->parent_id) parent = std::move(*found);
  }
  if (parent) {
    wanted.replies_of = parent->id;
    seed.replies_of = parent->id;
    seed.later_page = true;
  }
  auto t = DEPECHE_TRY(deps_.comments->thread(a, v.user, wanted));
  seed.count = t.published;
  seed.open = t.open;
  if (t.next) seed.next_cursor = store::to_string(*t.next);
  if (parent) {
    auto view = view_of(*parent, v, t.open);
    for (const auto& item : t.items) view.replies.push_back(view_of(item.comment, v, t.open));
    seed.threads.push_back(std::move(view));
    return {};
  }
  for (const auto& item : t.items) {
    auto view = view_of(item.comment, v, t.open);
    for (const auto& r : item.replies) view.replies.push_back(view_of(r, v, t.open));
    view.more_replies = item.more_replies;
    seed.threads.push_back(std::move(view));
  }
  return {};
}

std::optional<std::string> Handlers::reader_comments(const http::Request& req, const Visitor& v,
                                                     const store::Article& a,
                                                     const render::PageContext& ctx) const {
  auto own = [&]() -> std::optional<std::string> {
    render::CommentSection seed;
    if (deps_.comments) {
      if (!fill_thread(target_of(req), v, a, seed)) return std::nullopt;
    } else {
      seed.open = false;
    }
    return deps_.pages.comments_html(a, seed, ctx);
  };
  if (!deps_.comments || !v.user || v.user->role != store::Role::reader) return own();
  auto wrote = deps_.comments->has_written(*v.user, a.id);
  if (!wrote) return std::nullopt;
  if (*wrote) return own();

  // Any reader who never wrote here: no own comments, nothing editable,
  // every published comment open to a reply and a report. Id 0 is nobody's.
  Visitor anyone;
  anyone.user = store::User{};
  anyone.user->id = 0;
  anyone.user->role = store::Role::reader;
  anyone.csrf = csrf_mark_;
  std::string key = "comments:";
  key += target_of(req);
  auto kept = deps_.page_cache->part(key, [&]() -> std::optional<PageCache::Part> {
    render::CommentSection seed;
    if (!fill_thread(target_of(req), anyone, a, seed)) return std::nullopt;
    render::PageContext as_anyone = ctx;
    as_anyone.csrf = csrf_mark_;
    as_anyone.viewer = render::Viewer{"", store::Role::reader};
    return PageCache::Part{deps_.pages.comments_html(a, seed, as_anyone),
                           Shows{{}, {a.id}, {a.id}, {}}};
  });
  if (!kept) return std::nullopt;
  std::string out;
  out.reserve(kept->size());
  std::string_view rest = *kept;
  for (auto at = rest.find(csrf_mark_); at != std::string_view::npos; at = rest.find(csrf_mark_)) {
    out += rest.substr(0, at);
    out += v.csrf;
    rest.remove_prefix(at + csrf_mark_.size());
  }
  out += rest;
  return out;
}

std::optional<http::Response> Handlers::composed_article(const http::Request& req, const Visitor& v,
                                                         const store::Article& a) const {
  if (!deps_.page_cache) return std::nullopt;
  // The anonymous request for the same page: no cookie but the contrast
  // one, no validators, no coding, so the cache hands back plain bytes.
  http::Request anonymous{bh::verb::get, req.target(), req.version()};
  auto ctx = page_context(req, v);
  if (ctx.high_contrast) {
    anonymous.set(bh::field::cookie, std::string(kContrastCookie) + "=high");
  }
  auto base = deps_.page_cache->serve(anonymous, ctx.high_contrast, [&] {
    return article_page(anonymous, Visitor{}, a, bh::status::ok, {});
  });
  if (base.result() != bh::status::ok || base.find(bh::field::content_encoding) != base.end()) {
    return std::nullopt;
  }
  std::string body = std::move(base.body());
  auto regions = deps_.pages.account_regions(ctx);
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (!render::replace_region(body, render::kAccountRegions[i], regions[i])) return std::nullopt;
  }
  auto comments = reader_comments(req, v, a, ctx);
  if (!comments || !render::replace_region(body, render::kCommentsRegion, *comments)) {
    return std::nullopt;
  }
  return page(req, v, bh::status::ok, std::move(body));
}

http::Response Handlers::article_page(const http::Request& req, const Visitor& v,
                                      const store::Article& a, bh::status status,
                                      render::CommentSection seed) const {
  // Until the index has taken this version of the story in, its cards are
  // not known (none, or those of its previous text): the page is served but
  // not kept, so that a reader after the index's next commit gets them.
  // Read before the cards, since a commit may land while they are chosen.
  bool indexed = !deps_.search || deps_.search->revision() >= a.revision;
  auto related = related_to(a);
  if (!related) return unavailable(req, related.error());
  if (deps_.comments) {
    if (auto filled = fill_thread(target_of(req), v, a, seed); !filled) {
      return unavailable(req, filled.error());
    }
  } else {
    seed.open = false;
  }
  // The side column of wide screens: the latest stories but this one. A
  // failure here costs the column, not the page.
  store::ListQuery q;
  q.limit = kAsideCount;
  q.exclude_id = a.id;
  q.one_per_cluster = true;
  auto latest = deps_.articles.latest(q);
  // The other agencies' versions of the same event ("Sur le même sujet").
  auto same_event = deps_.articles.cluster_members(a.cluster_id);
  if (!same_event) return unavailable(req, same_event.error());
  auto res =
      page(req, v, status,
           deps_.pages.article(a, *related, latest ? latest->items : std::vector<store::Article>{},
                               seed, page_context(req, v), *same_event));
  // What the page cache needs to drop this page when one of them changes.
  // A member joining or leaving the cluster is a change of the cluster's
  // id (store.h set_cluster), so the page declares it too.
  Shows shows{canonical_target(req, render::article_path(a), {"tri", "commentaires", "reponses"}),
              {a.id},
              {a.id},
              {std::string(kLatestList)}};
  if (a.cluster_id != 0) shows.articles.push_back(a.cluster_id);
  for (const auto& m : *same_event) shows.articles.push_back(m.id);
  for (const auto& r : *related) shows.articles.push_back(r.id);
  if (latest) {
    for (const auto& r : latest->items) shows.articles.push_back(r.id);
  }
  if (!indexed) return res;
  declare_shows(res, shows);
  return res;
}

http::Response Handlers::comment_failure(const http::Request& req, const Visitor& v,
                                         std::int64_t article_id, const Error& e, std::string draft,
                                         std::optional<std::int64_t> parent) const {
  if (wants_json(req)) {
    // Scripts show the same French sentence the page would.
    const auto& m = deps_.pages.messages();
    std::string key = "comment_error_" + e.message;
    if (!m.has(key)) key = "comment_error_unavailable";
    auto res = json(
        req, static_cast<bh::status>(http_status(e.code)),
        {{"error",
          {{"code", e.message.find(' ') == std::string::npos ? e.message : to_string(e.code)},
           {"message", m.format(key, {render::arg("seconds", std::int64_t{std::max<std::int64_t>(
                                                                 1, e.retry_after.count())})})},
           {"text", m.format(key, {render::arg("seconds", std::int64_t{std::max<std::int64_t>(
                                                              1, e.retry_after.count())})})}}}});
    if (e.code == ErrorCode::rate_limited) {
      res.set(bh::field::retry_after, std::to_string(e.retry_after.count()));
    }
    return res;
  }
  auto a = deps_.articles.by_id(article_id);
  if (!a) return unavailable(req, a.error());
  if (!*a) return not_found(req, {});
  render::CommentSection seed;
  seed.error_code = e.message;
  seed.retry_after = e.retry_after;
  seed.draft = std::move(draft);
  seed.draft_parent = parent;
  auto res = article_page(req, v, **a, static_cast<bh::status>(http_status(e.code)), seed);
  if (e.code == ErrorCode::rate_limited) {
    res.set(bh::field::retry_after, std::to_string(e.retry_after.count()));
  }
  return res;
}

// What every comment form does first: a signed-in reader, a bounded body,
// the CSRF token. Sets `form` and returns nothing on success.
std::optional<http::Response> Handlers::form_guard(const http::Request& req, const Visitor& v,
                                                   std::map<std::string, std::string>& form,
                                                   std::int64_t article_id) const {
  if (req.body().size() > kMaxCommentFormBytes) {
    return comment_failure(req, v, article_id, make_error(ErrorCode::too_large, "too_long"), {},
                           std::nullopt);
  }
  form = http::parse_form(req.body());
  if (!v.user) {
    if (wants_json(req)) return api_error(req, make_error(ErrorCode::unauthorized, "sign_in"));
    return http::redirect(
        req, bh::status::see_other,
        "/connexion?retour=/articles/" + std::to_string(article_id) + "%23commentaires");
  }
  if (!csrf_ok(req, v, form[std::string(kCsrfField)])) {
    return comment_failure(req, v, article_id, make_error(ErrorCode::forbidden, "csrf"),
                           form["texte"], number(form["parent"]));
  }
  if (!deps_.comments) {
    return comment_failure(req, v, article_id, make_error(ErrorCode::io, "unavailable"), {},
                           std::nullopt);
  }
  return std::nullopt;
}

// After a form did its work: JSON for scripts, else back to the comment.
http::Response Handlers::comment_done(const http::Request& req, const Visitor& v,
                                      const store::Comment& c, std::string_view notice,
                                      bh::status json_status) const {
  auto a = deps_.articles.by_id(c.article_id);
  if (!a) return unavailable(req, a.error());
  if (!*a) return not_found(req, {});
  if (wants_json(req)) {
    Json body = {
        {"comment", comment_json(c, v.user)},
        {"notice", std::string(notice)},
        {"notice_text", deps_.pages.messages().text("comment_notice_" + std::string(notice))}};
    // Only the count: the thread itself is not needed to answer.
    if (auto count = deps_.comments->published_count(c.article_id)) {
      body["count_text"] =
          deps_.pages.messages().format("comment_count", {render::arg("count", *count)});
    }
    auto view = view_of(c, v, true);
    body["html"] = deps_.pages.comment(view, **a, page_context(req, v));
    return json(req, json_status, body);
  }
  std::string where = render::article_path(**a) + "?commentaire=" + notice_word(notice);
  if (c.status == store::CommentStatus::deleted) {
    return http::redirect(req, bh::status::see_other, where + "#commentaires");
  }
  // Back to the page of the thread that starts with the comment (or its
  // parent): in a long thread it is rarely on the first page.
  store::Comment top = c;
  if (c.parent_id) {
    auto parent = deps_.comments->find(*c.parent_id);
    if (parent && *parent) top = **parent;
  }
  where += "&commentaires=" +
           store::to_string(store::cursor_before(top, store::ThreadOrder::oldest_first));
  return http::redirect(req, bh::status::see_other, where + "#commentaire-" + std::to_string(c.id));
}

http::Response Handlers::post_comment(const http::Request& req, const http::Params& p) const {
  auto id = route_id(p);
  if (!id) return not_found(req, p);
  Visitor v = identify(req, deps_.accounts);
  std::map<std::string, std::string> form;
  if (auto stop = form_guard(req, v, form, *id)) return std::move(*stop);
  auto parent = number(form["parent"]);
  auto c = deps_.comments->post(*v.user, *id, parent, form["texte"], peer_address(req));
  if (!c) return comment_failure(req, v, *id, c.error(), form["texte"], parent);
  bool shown = c->status == store::CommentStatus::published;
  return comment_done(req, v, *c, shown ? "published" : "pending", bh::status::created);
}

// The comment a form or call names, if the viewer may act on it at all.
namespace {
Result<store::Comment> named_comment(comments::Comments* service, const http::Params& p) {
  auto id = route_id(p);
  if (!id || !service) return make_error(ErrorCode::not_found, "not_found");
  auto c = DEPECHE_TRY(service->find(*id));
  if (!c) return make_error(ErrorCode::not_found, "not_found");
  return std::move(*c);
}
}  // namespace

http::Response Handlers::edit_comment(const http::Request& req, const http::Params& p) const {
  auto c = named_comment(deps_.comments, p);
  if (!c) return not_found(req, p);
  Visitor v = identify(req, deps_.accounts);
  std::map<std::string, std::string> form;
  if (auto stop = form_guard(req, v, form, c->article_id)) return std::move(*stop);
  auto edited = deps_.comments->edit(*v.user, c->id, form["texte"]);
  if (!edited) return comment_failure(req, v, c->article_id, edited.error(), {}, std::nullopt);
  return comment_done(req, v, *edited, "edited", bh::status::ok);
}

http::Response Handlers::delete_comment(const http::Request& req, const http::Params& p) const {
  auto c = named_comment(deps_.comments, p);
  if (!c) return not_found(req, p);
  Visitor v = identify(req, deps_.accounts);
  std::map<std::string, std::string> form;
  if (auto stop = form_guard(req, v, form, c->article_id)) return std::move(*stop);
  if (auto st = deps_.comments->remove(*v.user, c->id); !st) {
    return comment_failure(req, v, c->article_id, st.error(), {}, std::nullopt);
  }
  c->status = store::CommentStatus::deleted;
  c->body.clear();
  return comment_done(req, v, *c, "deleted", bh::status::ok);
}

http::Response Handlers::report_form(const http::Request& req, const http::Params& p) const {
  auto c = named_comment(deps_.comments, p);
  if (!c || c->status != store::CommentStatus::published) return not_found(req, p);
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) {
    return http::redirect(req, bh::status::see_other, "/connexion?retour=" + target_of(req));
  }
  auto a = deps_.articles.by_id(c->article_id);
  if (!a) return unavailable(req, a.error());
  if (!*a) return not_found(req, p);
  return page(req, v, bh::status::ok,
              deps_.pages.report_page(view_of(*c, v, false), **a, {}, page_context(req, v)));
}

http::Response Handlers::report_comment(const http::Request& req, const http::Params& p) const {
  auto c = named_comment(deps_.comments, p);
  if (!c) return not_found(req, p);
  Visitor v = identify(req, deps_.accounts);
  std::map<std::string, std::string> form;
  if (auto stop = form_guard(req, v, form, c->article_id)) return std::move(*stop);
  auto reported = deps_.comments->report(*v.user, c->id, form["motif"], form["loi"],
                                         form["precisions"], peer_address(req));
  if (!reported) {
    if (wants_json(req)) return api_error(req, reported.error());
    auto a = deps_.articles.by_id(c->article_id);
    if (!a || !*a) return not_found(req, p);
    auto res = page(req, v, static_cast<bh::status>(http_status(reported.error().code)),
                    deps_.pages.report_page(view_of(*c, v, false), **a, reported.error().message,
                                            page_context(req, v)));
    if (reported.error().code == ErrorCode::rate_limited) {
      res.set(bh::field::retry_after, std::to_string(reported.error().retry_after.count()));
    }
    return res;
  }
  return comment_done(req, v, *reported, "reported", bh::status::created);
}

// --- JSON API ----------------------------------------------------------------

Result<store::User> Handlers::api_user(const http::Request& req, const Visitor& v,
                                       bool changes) const {
  if (!v.user) return make_error(ErrorCode::unauthorized, "sign_in");
  if (changes && !v.by_bearer && !csrf_ok(req, v, {})) {
    return make_error(ErrorCode::forbidden, "csrf");
  }
  return *v.user;
}

http::Response Handlers::api_comments(const http::Request& req, const http::Params& p) const {
  auto id = route_id(p);
  if (!id || !deps_.comments) {
    return api_error(req, make_error(ErrorCode::not_found, "no such article"));
  }
  auto a = deps_.articles.by_id(*id);
  if (!a) return api_error(req, a.error());
  if (!*a) return api_error(req, make_error(ErrorCode::not_found, "no such article"));
  if ((*a)->status == store::ArticleStatus::withdrawn) {
    return api_error(req, make_error(ErrorCode::gone, "withdrawn"));
  }
  Visitor v = identify(req, deps_.accounts);
  comments::ThreadRequest wanted;
  if (auto bad = read_thread_request(target_of(req), wanted)) {
    return api_error_response(req, 400, "invalid_input", bad->message, bad->field);
  }
  auto t = deps_.comments->thread(**a, v.user, wanted);
  if (!t) return api_error(req, t.error());
  // One flat list: each top-level comment, then its replies (which carry
  // its id in parent_id), oldest first.
  Json items = Json::array();
  for (const auto& item : t->items) {
    Json top = comment_json(item.comment, v.user);
    if (!item.comment.parent_id) top["more_replies"] = item.more_replies;
    items.push_back(std::move(top));
    for (const auto& r : item.replies) items.push_back(comment_json(r, v.user));
  }
  auto res = json(req, bh::status::ok,
                  {{"items", items},
                   {"next", t->next ? Json(store::to_string(*t->next)) : Json()},
                   {"total", t->published},
                   {"open", t->open}});
  // What anyone reads is the same for everyone: the page cache keeps it
  // until the thread or the article changes.
  if (!v.user) {
    auto path = "/api/v1/articles/" + std::to_string(*id) + "/comments";
    declare_shows(
        res,
        Shows{
            canonical_target(req, path, {"order", "cursor", "limit", "parent"}), {*id}, {*id}, {}});
  }
  return res;
}

http::Response Handlers::api_post_comment(const http::Request& req, const http::Params& p) const {
  auto id = route_id(p);
  if (!id || !deps_.comments) return api_error(req, make_error(ErrorCode::not_found, "not_found"));
  Visitor v = identify(req, deps_.accounts);
  auto user = api_user(req, v, true);
  if (!user) return api_error(req, user.error());
  auto body = json_object(req, kMaxCommentFormBytes);
  if (!body) return api_error(req, body.error());
  std::optional<std::int64_t> parent;
  if (auto it = body->find("parent_id"); it != body->end() && it->is_number_integer()) {
    parent = it->get<std::int64_t>();
  }
  auto c = deps_.comments->post(*user, *id, parent, json_string(*body, "body"), peer_address(req));
  if (!c) return api_error(req, c.error());
  return json(req, bh::status::created, comment_json(*c, v.user));
}

Result<Handlers::CommentCall> Handlers::comment_call(const http::Request& req,
                                                     const http::Params& p, bool with_body) const {
  CommentCall call;
  call.comment = DEPECHE_TRY(named_comment(deps_.comments, p));
  call.visitor = identify(req, deps_.accounts);
  call.user = DEPECHE_TRY(api_user(req, call.visitor, true));
  if (with_body) call.body = DEPECHE_TRY(json_object(req, kMaxCommentFormBytes));
  return call;
}

http::Response Handlers::api_edit_comment(const http::Request& req, const http::Params& p) const {
  auto call = comment_call(req, p, true);
  if (!call) return api_error(req, call.error());
  auto edited = deps_.comments->edit(call->user, call->comment.id, json_string(call->body, "body"));
  if (!edited) return api_error(req, edited.error());
  return json(req, bh::status::ok, comment_json(*edited, call->visitor.user));
}

http::Response Handlers::api_delete_comment(const http::Request& req, const http::Params& p) const {
  auto call = comment_call(req, p, false);
  if (!call) return api_error(req, call.error());
  if (auto st = deps_.comments->remove(call->user, call->comment.id); !st) {
    return api_error(req, st.error());
  }
  return http::make_response(req, bh::status::no_content, "", kJson);
}

http::Response Handlers::api_report_comment(const http::Request& req, const http::Params& p) const {
  auto call = comment_call(req, p, true);
  if (!call) return api_error(req, call.error());
  const auto& b = call->body;
  auto r = deps_.comments->report(call->user, call->comment.id, json_string(b, "reason"),
                                  json_string(b, "law"), json_string(b, "text"), peer_address(req));
  if (!r) return api_error(req, r.error());
  return json(req, bh::status::created,
              {{"reported", true}, {"comment_status", store::to_string(r->status)}});
}

}  // namespace depeche::web
