// The moderators' pages: the queues, and one reader's account with its
// sanctions and history.

#include <cstdio>
#include <tuple>

#include "comments/text.h"
#include "core/text.h"
#include "render/page_parts.h"

namespace depeche::render {
namespace {

std::string label_or(const Catalogue& m, const std::string& key, const std::string& fallback) {
  return m.has(key) ? m.text(key) : fallback;
}

mustache::data decision_rows(const Catalogue& m, const DateFormatter& dates,
                             const std::vector<store::Decision>& decisions) {
  mustache::data rows{mustache::data::type::list};
  for (const auto& d : decisions) {
    mustache::data row;
    row.set("iso", dates.iso(d.at));
    row.set("when", dates.format(d.at, m.text("pattern_admin")));
    row.set("who", d.moderator_id == 0 ? m.text("moderation_system") : d.moderator_name);
    row.set("what", label_or(m, "action_" + d.action, d.action));
    row.set("reason", d.reason);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

std::string Pages::moderation(const comments::Queues& q, const std::string& notice,
                              const std::string& error, const PageContext& ctx) const {
  const auto& m = catalogue_;
  auto items = [&](const std::vector<comments::QueueItem>& list, const std::string& anchor) {
    mustache::data out{mustache::data::type::list};
    for (const auto& item : list) {
      const auto& c = item.comment;
      mustache::data d;
      d.set("id", std::to_string(c.id));
      d.set("anchor", anchor);
      std::string context;
      if (item.article) {
        context = "<a href=\"" + escape_html(article_path(*item.article)) + "#commentaire-" +
                  std::to_string(c.id) + "\">" +
                  escape_html(m.format("moderation_context",
                                       {arg("headline", item.article->dispatch.headline)})) +
                  "</a>";
      }
      d.set("context", context);
      if (item.parent) {
        d.set("parent_html", comments::comment_html(item.parent->body));
        d.set("parent_author", item.parent->author_name);
      } else {
        d.set("parent_html", mustache::data(false));
      }
      d.set("author_id", std::to_string(c.author_id.value_or(0)));
      d.set("author", c.author_id ? c.author_name : m.text("comment_author_deleted"));
      d.set("iso", dates_.iso(c.created_at));
      d.set("when", dates_.format(c.created_at, m.text("pattern_admin")));
      d.set("status", m.text("status_" + std::string(store::to_string(c.status))));
      d.set("hold", c.reason.empty() ? mustache::data(false)
                                     : mustache::data(label_or(m, "hold_" + c.reason, c.reason)));
      d.set("body_html", comments::comment_html(c.body));
      mustache::data reports{mustache::data::type::list};
      for (const auto& r : item.reports) {
        if (r.upheld) continue;  // decided already
        mustache::data row;
        row.set("reason", m.text("reason_" + r.reason));
        row.set("law", r.law.empty() ? mustache::data(false) : mustache::data(r.law));
        row.set("by", r.reporter_name);
        char weight[16];
        std::snprintf(weight, sizeof weight, "%.2f", r.weight);
        row.set("weight", std::string(weight));
        row.set("text", r.text);
        reports.push_back(row);
      }
      d.set("reports", reports);
      d.set("has_reports", mustache::data(!item.reports.empty()));
      d.set("reports_caption",
            m.format("moderation_reports_caption",
                     {arg("count", static_cast<std::int64_t>(item.reports.size()))}));
      d.set("csrf", ctx.csrf);
      out.push_back(d);
    }
    return out;
  };
  mustache::data queues{mustache::data::type::list};
  auto count = [](const auto& v) { return static_cast<std::int64_t>(v.size()); };
  std::string reported_heading = m.format("moderation_reported", {arg("count", count(q.reported))});
  std::string pending_heading = m.format("moderation_pending", {arg("count", count(q.pending))});
  for (auto [anchor, heading, list] :
       {std::tuple{std::string("signales"), reported_heading, &q.reported},
        std::tuple{std::string("en-attente"), pending_heading, &q.pending}}) {
    mustache::data section;
    section.set("anchor", anchor);
    section.set("heading", heading);
    auto list_items = items(*list, anchor);
    section.set("items", list_items);
    queues.push_back(section);
  }
  mustache::data d;
  d.set("queues", queues);
  d.set("reported_heading", reported_heading);
  d.set("pending_heading", pending_heading);
  d.set("decisions", decision_rows(m, dates_, q.recent));
  d.set("has_decisions", mustache::data(!q.recent.empty()));
  if (!notice.empty()) d.set("notice", notice);
  if (!error.empty()) d.set("error", error);
  const std::string& heading = m.text("moderation_title");
  Frame p{m.format("title_suffix", {arg("title", heading), arg("site", settings_.site_name)}),
          "/moderation", heading, templates_->render("moderation", d)};
  return layout(ctx, p);
}

std::string Pages::moderation_user(const store::User& u, const std::optional<store::Ban>& ban,
                                   const std::vector<store::Decision>& history,
                                   const std::string& notice, const std::string& error,
                                   const PageContext& ctx) const {
  const auto& m = catalogue_;
  mustache::data d;
  std::string heading = m.format("moderation_user_title", {arg("name", u.name)});
  d.set("heading", heading);
  d.set("id", std::to_string(u.id));
  d.set("csrf", ctx.csrf);
  if (ban) {
    d.set("ban", ban->until
                     ? m.format("moderation_banned_until",
                                {arg("until", dates_.format(*ban->until, m.text("pattern_admin"))),
                                 arg("reason", ban->reason)})
                     : m.format("moderation_banned_forever", {arg("reason", ban->reason)}));
  } else {
    d.set("ban", mustache::data(false));
  }
  d.set("decisions", decision_rows(m, dates_, history));
  d.set("has_decisions", mustache::data(!history.empty()));
  if (!notice.empty()) d.set("notice", notice);
  if (!error.empty()) d.set("error", error);
  Frame p{m.format("title_suffix", {arg("title", heading), arg("site", settings_.site_name)}),
          "/moderation/utilisateurs/" + std::to_string(u.id), heading,
          templates_->render("moderation_user", d)};
  return layout(ctx, p);
}

}  // namespace depeche::render
