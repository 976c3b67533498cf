// The comments part of the article page, one comment's markup, and the
// report page used when scripts do not open the report dialog.

#include "core/time.h"
#include "render/page_parts.h"
#include "render/typography.h"
#include "render/views.h"

namespace depeche::render {
namespace {

// Every key the comment template reads is set on every comment, so that a
// reply never inherits its parent's values through the Mustache context.
struct CommentData {
  const Pages::Templates& templates;
  const Catalogue& catalogue;
  const DateFormatter& dates;
  SpacedTexts& spaced;
  Timestamp now;
  std::string csrf;
  std::string post_action;
  std::string article_path;  // where "see the other replies" leads; "" where not offered

  std::string when(Timestamp t) const {
    return dates.format_relative_year(t, now, catalogue.text("pattern_comment"),
                                      catalogue.text("pattern_comment_year"));
  }

  mustache::data build(const CommentView& v, bool is_reply) const {
    const store::Comment& c = v.comment;
    using S = store::CommentStatus;
    mustache::data d;
    d.set("id", std::to_string(c.id));
    d.set("is_reply", mustache::data(is_reply));
    std::string author = c.author_id ? c.author_name : catalogue.text("comment_author_deleted");
    d.set("author", author);
    d.set("iso", dates.iso(c.created_at));
    d.set("when", when(c.created_at));
    d.set("edited", mustache::data(c.edited_at.has_value()));
    std::string state;
    if (c.status == S::pending) state = catalogue.text("comment_state_pending");
    if (c.status == S::hidden) state = catalogue.text("comment_state_hidden");
    if (c.status == S::rejected) {
      state = catalogue.format("comment_state_rejected", {arg("reason", c.reason)});
    }
    if (c.status == S::deleted) state = catalogue.text("comment_deleted");
    d.set("state", state.empty() ? mustache::data(false) : mustache::data(state));
    // Readers write on a French site: their text gets French spacing too.
    d.set("body_html", c.status == S::deleted ? std::string() : spaced.html(v.body_html));
    d.set("body", c.body);
    bool live = c.status != S::deleted;
    d.set("can_reply", mustache::data(live && v.can_reply && !is_reply));
    d.set("editable", mustache::data(live && v.editable));
    d.set("mine", mustache::data(live && v.mine));
    d.set("can_report", mustache::data(live && v.can_report));
    d.set("report_hidden", catalogue.format("report_hidden", {arg("author", author)}));
    d.set("actions", mustache::data(live && (v.can_reply || v.editable || v.mine || v.can_report)));
    d.set("csrf", csrf);
    d.set("post_action", post_action);
    std::string replies;
    for (const auto& r : v.replies) replies += html(r, true);
    d.set("replies_html", replies);
    d.set("has_replies", mustache::data(!v.replies.empty()));
    // The replies after the last one shown, under their comment.
    if (v.more_replies > 0 && !v.replies.empty() && !article_path.empty()) {
      const store::Comment& last = v.replies.back().comment;
      d.set("more_replies_href",
            article_path + "?reponses=" + std::to_string(c.id) + "&commentaires=" +
                query_value(store::to_string(store::ThreadCursor{last.created_at, last.id})) +
                "#commentaire-" + std::to_string(c.id));
    } else {
      d.set("more_replies_href", mustache::data(false));
    }
    d.set("more_replies", v.more_replies > 0
                              ? mustache::data(catalogue.format("comment_more_replies",
                                                                {arg("count", v.more_replies)}))
                              : mustache::data(false));
    return d;
  }

  // Each comment is rendered on its own with the thread's parsed template:
  // as a partial it would be parsed again for every comment.
  std::string html(const CommentView& v, bool is_reply) const {
    return templates.render("comment", build(v, is_reply));
  }
};

mustache::data report_reasons(const Catalogue& catalogue) {
  mustache::data list{mustache::data::type::list};
  for (auto code : {"spam", "abuse", "hate", "off_topic", "illegal", "other"}) {
    mustache::data r;
    r.set("code", std::string(code));
    r.set("label", catalogue.text(std::string("reason_") + code));
    r.set("checked", mustache::data(false));
    list.push_back(r);
  }
  return list;
}

std::string comments_path(const store::Article& a) {
  return "/articles/" + std::to_string(a.id) + "/commentaires";
}

std::string error_text(const Catalogue& catalogue, const std::string& code,
                       std::chrono::seconds retry_after) {
  std::string key = "comment_error_" + code;
  if (!catalogue.has(key)) key = "comment_error_unavailable";
  return catalogue.format(
      key, {arg("seconds", std::int64_t{std::max<std::int64_t>(1, retry_after.count())})});
}

}  // namespace

std::string Pages::comments_html(const store::Article& a, const CommentSection& s,
                                 const PageContext& ctx) const {
  CommentData cd{*templates_, catalogue_, dates_,          *spaced_,
                 clock_.now(), ctx.csrf,  comments_path(a), article_path(a)};
  mustache::data d;
  d.set("comment_count", catalogue_.format("comment_count", {arg("count", s.count)}));
  std::string threads;
  for (const auto& c : s.threads) threads += cd.html(c, false);
  d.set("threads_html", threads);
  d.set("has_comments", mustache::data(!s.threads.empty()));
  d.set("newest", mustache::data(s.newest_first));
  std::string path = article_path(a);
  d.set("sort_oldest", path);
  d.set("sort_newest", path + "?tri=recents");
  // Pages follow the order chosen; the cursor says where the next starts.
  std::string first = s.newest_first ? path + "?tri=recents" : path;
  d.set("first_page", s.later_page ? mustache::data(first) : mustache::data(false));
  // The replies of one comment page on their own, oldest first.
  std::string pages_from = s.replies_of ? path + "?reponses=" + std::to_string(*s.replies_of) + "&"
                                        : first + (s.newest_first ? "&" : "?");
  d.set("next_page",
        s.next_cursor.empty()
            ? mustache::data(false)
            : mustache::data(pages_from + "commentaires=" + query_value(s.next_cursor)));
  d.set("pages", mustache::data(s.later_page || !s.next_cursor.empty()));
  if (!s.notice_code.empty()) d.set("notice", catalogue_.text("comment_notice_" + s.notice_code));
  if (!s.error_code.empty()) d.set("error", error_text(catalogue_, s.error_code, s.retry_after));
  // The text itself is at fault (not the pace, the thread or the account):
  // the field is marked invalid.
  bool text_at_fault = s.error_code == "empty" || s.error_code == "too_long" ||
                       s.error_code == "banned_words";
  d.set("text_invalid", mustache::data(text_at_fault));
  d.set("open", mustache::data(s.open));
  d.set("signed_in", mustache::data(ctx.viewer.has_value()));
  d.set("moderator", mustache::data(ctx.viewer && ctx.viewer->role != store::Role::reader));
  d.set("article_id", std::to_string(a.id));
  d.set("sign_in_href", "/connexion?retour=" + query_value(path + "#commentaires"));
  d.set("csrf", ctx.csrf);
  d.set("post_action", comments_path(a));
  d.set("draft", s.draft);
  if (s.draft_parent) d.set("draft_parent", std::to_string(*s.draft_parent));
  // The dialog's form is pointed at a comment by the script.
  d.set("report_action", std::string("/commentaires/0/signalements"));
  d.set("report_reasons", report_reasons(catalogue_));
  return templates_->render("comments", d);
}

std::string Pages::comment(const CommentView& c, const store::Article& a,
                           const PageContext& ctx) const {
  CommentData cd{*templates_, catalogue_, dates_, *spaced_, clock_.now(), ctx.csrf,
                 comments_path(a)};
  return cd.html(c, c.comment.parent_id.has_value());
}

std::string Pages::report_page(const CommentView& c, const store::Article& a,
                               const std::string& error_code, const PageContext& ctx) const {
  CommentData cd{*templates_, catalogue_, dates_, *spaced_, clock_.now(), ctx.csrf,
                 comments_path(a)};
  auto d = cd.build(c, false);
  d.set("report_action", "/commentaires/" + std::to_string(c.comment.id) + "/signalements");
  d.set("report_reasons", report_reasons(catalogue_));
  d.set("back", article_path(a) + "#commentaire-" + std::to_string(c.comment.id));
  if (!error_code.empty()) d.set("error", error_text(catalogue_, error_code, {}));
  const std::string& heading = catalogue_.text("report_page_title");
  Frame p{
      catalogue_.format("title_suffix", {arg("title", heading), arg("site", settings_.site_name)}),
      "/commentaires/" + std::to_string(c.comment.id) + "/signaler", heading,
      templates_->render("report", d)};
  return layout(ctx, p);
}

}  // namespace depeche::render
