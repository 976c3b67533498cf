// The pages beyond reading: search and administration. The site's own
// feeds are in feeds.cc.

#include "render/page_parts.h"
#include "render/views.h"

namespace depeche::render {

std::string Pages::forbidden(const PageContext& ctx) const {
  return message_page(ctx, "forbidden_title", catalogue_.text("forbidden_text"),
                      ctx.path.empty() ? "/" : ctx.path);
}

std::string Pages::search(const SearchPage& s, const PageContext& ctx) const {
  mustache::data d;
  d.set("query", s.query);
  d.set("cards_html", cards_html(s.items, 2));
  d.set("has_cards", mustache::data(!s.items.empty()));
  if (!s.error_code.empty()) {
    d.set("error",
          catalogue_.text(s.error_code == "too_long" ? "search_too_long" : "search_unavailable"));
  } else if (!s.query.empty()) {
    d.set("summary",
          catalogue_.format("search_results", {arg("count", s.total), arg("query", s.query)}));
  }
  int pages = static_cast<int>(
      std::max<std::int64_t>(1, (s.total + s.page_size - 1) / std::max(1, s.page_size)));
  std::string base = "/recherche?q=" + query_value(s.query);
  if (pages > 1 && !s.items.empty()) {
    mustache::data nav;
    nav.set("label", catalogue_.format("page_of", {arg("page", std::int64_t{s.page}),
                                                   arg("pages", std::int64_t{pages})}));
    if (s.page > 1) nav.set("previous", base + "&page=" + std::to_string(s.page - 1));
    if (s.page < pages) nav.set("next", base + "&page=" + std::to_string(s.page + 1));
    d.set("pagination", nav);
  }
  std::string title = s.query.empty() ? catalogue_.text("search_heading")
                                      : catalogue_.format("search_title", {arg("query", s.query)});
  Frame p{
      catalogue_.format("title_suffix", {arg("title", title), arg("site", settings_.site_name)}),
      s.query.empty() ? "/recherche" : base, catalogue_.text("search_heading"),
      templates_->render("search", d)};
  return layout(ctx, p);
}

std::string Pages::versions_admin(const store::Article& a, const std::vector<Dispatch>& versions,
                                  const PageContext& ctx) const {
  const std::string& pattern = catalogue_.text("pattern_admin");
  mustache::data rows{mustache::data::type::list};
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const Dispatch& v = versions[i];
    const char* signal = v.status == WireStatus::withdrawn ? "signal_withdrawn"
                         : v.correction                    ? "signal_correction"
                         : i == 0                          ? "signal_first"
                                                           : "signal_update";
    mustache::data row;
    row.set("number", std::to_string(v.version));
    row.set("on_show", mustache::data(v.version == a.dispatch.version));
    row.set("iso", dates_.iso(v.version_created));
    row.set("created", dates_.format(v.version_created, pattern));
    row.set("headline", v.headline);
    row.set("signal", catalogue_.text(signal));
    rows.push_back(row);
  }
  mustache::data d;
  const std::string& heading = catalogue_.text("versions_title");
  d.set("heading", heading);
  d.set("headline", a.dispatch.headline);
  d.set("article_url", article_path(a));
  d.set("versions", rows);
  Frame p{
      catalogue_.format("title_suffix", {arg("title", heading), arg("site", settings_.site_name)}),
      "/admin/articles/" + std::to_string(a.id) + "/versions", heading,
      templates_->render("admin_versions", d)};
  return layout(ctx, p);
}

std::string Pages::feeds_admin(const std::vector<ingest::FeedHealth>& rows,
                               const PageContext& ctx) const {
  const std::string& pattern = catalogue_.text("pattern_admin");
  auto when = [&](const std::optional<Timestamp>& t) {
    return t ? dates_.format(*t, pattern) : catalogue_.text("feed_never");
  };
  mustache::data list{mustache::data::type::list};
  for (const auto& r : rows) {
    bool failing = r.last_error_at && (!r.last_success || *r.last_error_at > *r.last_success);
    mustache::data row;
    row.set("name", r.name);
    row.set("url", r.url);
    row.set("failing", mustache::data(failing));
    row.set("state", catalogue_.text(failing ? "feed_failing" : "feed_ok"));
    row.set("last_success", when(r.last_success));
    row.set("last_error_at", r.last_error_at ? when(r.last_error_at) : std::string("–"));
    if (!r.last_error.empty()) row.set("last_error", r.last_error);
    auto n = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
    row.set("fetches",
            catalogue_.format("feed_fetch_counts", {arg("fetches", n(r.fetches)),
                                                    arg("not_modified", n(r.not_modified))}));
    row.set("items", catalogue_.format("feed_item_counts", {arg("accepted", n(r.items_accepted)),
                                                            arg("rejected", n(r.items_rejected))}));
    row.set("delay", r.last_delay ? catalogue_.format(
                                        "feed_delay_value",
                                        {arg("minutes", std::int64_t{r.last_delay->count() / 60}),
                                         arg("seconds", std::int64_t{r.last_delay->count() % 60})})
                                  : std::string("–"));
    list.push_back(row);
  }
  mustache::data d;
  d.set("rows", list);
  d.set("has_rows", mustache::data(!rows.empty()));
  const std::string& heading = catalogue_.text("admin_feeds_title");
  Frame p{
      catalogue_.format("title_suffix", {arg("title", heading), arg("site", settings_.site_name)}),
      "/admin/flux", heading, templates_->render("admin_feeds", d)};
  return layout(ctx, p);
}

}  // namespace depeche::render
