// The pages beyond reading: search and administration. The site's own
// feeds are in feeds.cc.

#include "core/text.h"
#include "render/page_parts.h"
#include "render/views.h"

namespace depeche::render {

std::string Pages::forbidden(const PageContext& ctx) const {
  return message_page(ctx, "forbidden_title", catalogue_.text("forbidden_text"),
                      ctx.path.empty() ? "/" : ctx.path);
}

namespace {

// Characters of a refused query kept in the page's title.
constexpr std::size_t kTitleQueryChars = 60;

// The search page's URL for `s` with `query`, every filter kept, at `page`.
std::string search_url(const SearchPage& s, std::string_view query, int page) {
  std::string url = "/recherche?q=" + query_value(query);
  if (!s.section.empty()) url += "&rubrique=" + query_value(s.section);
  if (!s.provider.empty()) url += "&agence=" + query_value(s.provider);
  if (!s.period.empty()) url += "&periode=" + query_value(s.period);
  if (!s.order.empty()) url += "&tri=" + query_value(s.order);
  if (page > 1) url += "&page=" + std::to_string(page);
  return url;
}

mustache::data option(std::string_view value, const std::string& label, bool selected) {
  mustache::data o;
  o.set("value", std::string(value));
  o.set("label", label);
  if (selected) o.set("selected", mustache::data(true));
  return o;
}

// The search form's fields and choices, with `s`'s chosen.
mustache::data search_form(const SearchPage& s, const std::vector<SectionLink>& all_sections,
                           const Catalogue& catalogue) {
  mustache::data d;
  d.set("query", s.query);
  mustache::data sections{mustache::data::type::list};
  for (const auto& sec : all_sections) {
    sections.push_back(option(sec.slug, sec.name, sec.slug == s.section));
  }
  d.set("sections", sections);
  mustache::data providers{mustache::data::type::list};
  for (const auto& [key, name] : s.providers) {
    providers.push_back(option(key, name, key == s.provider));
  }
  d.set("providers", providers);
  mustache::data periods{mustache::data::type::list};
  for (auto p : kSearchPeriods) {
    periods.push_back(option(p, catalogue.text("search_period_" + std::string(p)), p == s.period));
  }
  d.set("periods", periods);
  mustache::data orders{mustache::data::type::list};
  orders.push_back(option("", catalogue.text("search_order_relevance"), s.order.empty()));
  orders.push_back(option("date", catalogue.text("search_order_date"), s.order == "date"));
  d.set("orders", orders);
  return d;
}

}  // namespace

std::string Pages::search(const SearchPage& s, const PageContext& ctx) const {
  mustache::data d = search_form(s, settings_.sections, catalogue_);
  Views v{catalogue_, dates_, *spaced_, &settings_.sections};
  mustache::data results{mustache::data::type::list};
  for (std::size_t i = 0; i < s.items.size(); ++i) {
    auto c = v.card(s.items[i], 2);
    if (i < s.snippets.size() && !s.snippets[i].empty()) c.set("snippet", s.snippets[i]);
    results.push_back(c);
  }
  d.set("results", results);
  d.set("has_results", mustache::data(!s.items.empty()));
  d.set("start", std::to_string((s.page - 1) * s.page_size + 1));
  if (!s.error_code.empty()) {
    d.set("error",
          catalogue_.text(s.error_code == "too_long" ? "search_too_long" : "search_unavailable"));
  } else if (s.searched()) {
    d.set("summary", s.query.empty()
                         ? catalogue_.format("search_results_all", {arg("count", s.total)})
                         : catalogue_.format("search_results",
                                             {arg("count", s.total), arg("query", s.query)}));
    bool filtered = !s.section.empty() || !s.provider.empty() || !s.period.empty();
    if (s.total == 0 && filtered && !s.query.empty()) {
      // The filters may be what finds nothing: the same words everywhere.
      mustache::data wider;
      wider.set("text", catalogue_.format("search_widen", {arg("query", s.query)}));
      wider.set("url", "/recherche?q=" + query_value(s.query) +
                           (s.order.empty() ? "" : "&tri=" + query_value(s.order)));
      d.set("widen", wider);
    }
    if (s.items.empty() && s.total > 0 && s.page > 1) {
      // A page past the last (an old link, results gone since).
      mustache::data first;
      first.set("text", catalogue_.text("search_first_page"));
      first.set("url", search_url(s, s.query, 1));
      d.set("first_page", first);
    }
    if (!s.suggestion.empty()) {
      mustache::data sug;
      sug.set("label", catalogue_.text("search_suggestion"));
      sug.set("text", s.suggestion);
      sug.set("url", search_url(s, s.suggestion, 1));
      d.set("suggestion", sug);
    }
  }
  int pages = static_cast<int>(
      std::max<std::int64_t>(1, (s.total + s.page_size - 1) / std::max(1, s.page_size)));
  if (pages > 1 && !s.items.empty()) {
    mustache::data nav;
    nav.set("label", catalogue_.format("page_of", {arg("page", std::int64_t{s.page}),
                                                   arg("pages", std::int64_t{pages})}));
    if (s.page > 1) nav.set("previous", search_url(s, s.query, s.page - 1));
    if (s.page < pages) nav.set("next", search_url(s, s.query, s.page + 1));
    d.set("pagination", nav);
  }
  // A query refused as too long is not written out whole in the title.
  std::string query = s.query;
  if (s.error_code == "too_long") query = cut_at_word(query, kTitleQueryChars);
  std::string title = s.query.empty() ? catalogue_.text("search_heading")
                                      : catalogue_.format("search_title", {arg("query", query)});
  Frame p{
      catalogue_.format("title_suffix", {arg("title", title), arg("site", settings_.site_name)}),
      s.searched() ? search_url(s, s.query, 1) : "/recherche", catalogue_.text("search_heading"),
      templates_->render("search", d)};
  p.noindex = true;
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
