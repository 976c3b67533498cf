#include "render/pages.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <memory>
#include <stdexcept>

#include "render/page_parts.h"
#include "render/views.h"

namespace depeche::render {
namespace {

// Every template the pages use; create() refuses to start without one.
constexpr std::string_view kTemplateNames[] = {
    "layout.mustache",       "article.mustache",     "home.mustache",
    "message.mustache",      "card.mustache",        "figure.mustache",
    "account.mustache",      "admin_feeds.mustache", "search.mustache",
    "feed_rss.mustache",     "feed_atom.mustache",   "admin_versions.mustache",
    "comments.mustache",     "comment.mustache",     "report_form.mustache",
    "report.mustache",       "moderation.mustache",  "moderation_user.mustache",
    "account_home.mustache",
};

std::string strip_extension(std::string_view name) {
  return std::string(name.substr(0, name.rfind('.')));
}

}  // namespace

std::string query_value(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::uint64_t Pages::Templates::next_serial() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

mustache::mustache& Pages::Templates::parsed(std::string_view name) const {
  using Key = std::pair<std::uint64_t, std::string>;
  thread_local std::map<Key, std::unique_ptr<mustache::mustache>> cache;
  auto key = Key{serial, std::string(name)};
  auto hit = cache.find(key);
  if (hit != cache.end()) return *hit->second;
  auto source = sources.find(name);
  if (source == sources.end()) {
    throw std::logic_error("template not loaded: " + std::string(name));
  }
  return *cache.emplace(key, std::make_unique<mustache::mustache>(source->second)).first->second;
}

std::string article_path(const store::Article& a) {
  return "/articles/" + std::to_string(a.id) + "-" + a.slug;
}

Pages::Pages(SiteSettings settings, const Clock& clock, Catalogue catalogue, DateFormatter dates,
             std::unique_ptr<Templates> templates)
    : settings_(std::move(settings)),
      clock_(clock),
      catalogue_(std::move(catalogue)),
      dates_(std::move(dates)),
      templates_(std::move(templates)) {}

Pages::~Pages() = default;

Result<std::unique_ptr<Pages>> Pages::create(const TemplateLoader& load, SiteSettings settings,
                                             const Clock& clock) {
  auto templates = std::make_unique<Templates>();
  for (auto name : kTemplateNames) {
    auto text = load(name);
    if (!text) return make_error(ErrorCode::not_found, "missing template " + std::string(name));
    mustache::mustache check(*text);
    if (!check.is_valid()) {
      return make_error(ErrorCode::invalid_input,
                        "template " + std::string(name) + ": " + check.error_message());
    }
    templates->sources.emplace(strip_extension(name), std::move(*text));
  }
  std::string catalogue_name = "i18n/" + settings.locale + ".json";
  auto catalogue_text = load(catalogue_name);
  if (!catalogue_text) {
    return make_error(ErrorCode::not_found, "missing message catalogue " + catalogue_name);
  }
  auto catalogue = Catalogue::load(*catalogue_text, settings.locale);
  if (!catalogue) return catalogue.error();
  std::vector<std::string> patterns;
  for (const auto& [key, value] : catalogue->entries()) {
    if (key.starts_with("pattern_")) patterns.push_back(value);
  }
  auto dates = DateFormatter::create(settings.time_zone, settings.locale, patterns);
  if (!dates) return dates.error();
  if (auto loaded = load_info_pages(load, *catalogue, *templates); !loaded) return loaded.error();
  for (const auto& [key, value] : catalogue->entries()) templates->texts.set(key, value);
  templates->finish();
  return std::unique_ptr<Pages>(new Pages(std::move(settings), clock, std::move(*catalogue),
                                          std::move(*dates), std::move(templates)));
}

std::string Pages::layout(const PageContext& ctx, const Frame& page) const {
  const auto& m = catalogue_;
  const auto& settings = settings_;
  mustache::data d;
  d.set("title", page.title);
  d.set("canonical", settings.base_url + page.canonical_path);
  d.set("description", page.description);
  d.set("site_name", settings.site_name);
  d.set("return_path", ctx.path.empty() ? "/" : ctx.path);
  d.set("high_contrast", ctx.high_contrast ? mustache::data(true) : mustache::data(false));
  d.set("contrast_next", ctx.high_contrast ? "normal" : "high");
  d.set("footer", m.format("footer_text", {arg("site", settings.site_name)}));
  d.set("csrf", ctx.csrf);
  if (ctx.viewer) {
    mustache::data viewer;
    viewer.set("signed_in_as", m.format("signed_in_as", {arg("name", ctx.viewer->name)}));
    viewer.set("is_admin", mustache::data(ctx.viewer->role == store::Role::admin));
    viewer.set("is_moderator", mustache::data(ctx.viewer->role != store::Role::reader));
    d.set("viewer", viewer);
  }
  // The account pages send the reader back where they were, except to
  // themselves.
  std::string back = ctx.path.empty() || ctx.path == "/connexion" || ctx.path == "/inscription"
                         ? std::string()
                         : "?retour=" + query_value(ctx.path);
  d.set("sign_in_href", "/connexion" + back);
  d.set("sign_up_href", "/inscription" + back);
  d.set("main", page.main_html);
  return templates_->render("layout", d);
}

std::string Pages::article(const store::Article& a, const std::vector<store::Article>& related,
                           const CommentSection& comments, const PageContext& ctx) const {
  Views v{catalogue_, dates_};
  const auto& dispatch = a.dispatch;
  mustache::data d;
  d.set("headline", dispatch.headline);
  d.set("lang", dispatch.language.empty() ? settings_.locale : dispatch.language);
  d.set("provenance", v.provenance(a, "pattern_provenance"));
  if (dispatch.correction || a.updated_at > a.published_at + std::chrono::minutes(1)) {
    std::string when = dates_.format(a.updated_at, catalogue_.text("pattern_updated"));
    std::string time_html = "<time datetime=\"" + escape_html(dates_.iso(a.updated_at)) + "\">" +
                            escape_html(when) + "</time>";
    // A correction says so; a plain update only says when.
    d.set(dispatch.correction ? "correction" : "updated",
          catalogue_.format_html(dispatch.correction ? "correction_note" : "updated_on",
                                 {arg("datetime", time_html)}));
  }
  std::string figures;
  for (const auto& p : dispatch.pictures) figures += figure_html(p);
  d.set("figures_html", figures);
  d.set("body", v.body_with_dateline(dispatch));
  if (ctx.viewer && ctx.viewer->role == store::Role::admin) {
    d.set("versions_url", "/admin/articles/" + std::to_string(a.id) + "/versions");
  }
  auto contributors = v.contributors(dispatch);
  d.set("has_contributors", mustache::data(contributors.is_list()));
  d.set("contributors", contributors);
  d.set("comments_html", comments_html(a, comments, ctx));
  d.set("related_html", cards_html(related, 3));
  d.set("has_related", mustache::data(!related.empty()));
  Frame page{catalogue_.format("title_suffix",
                               {arg("title", dispatch.headline), arg("site", settings_.site_name)}),
             article_path(a), teaser(dispatch.description, 300), templates_->render("article", d)};
  return layout(ctx, page);
}

// Cards and figures are rendered one by one with their parsed templates:
// as partials, kainjow would parse them again at every use.
std::string Pages::figure_html(const Picture& p) const {
  Views v{catalogue_, dates_};
  return templates_->render("figure", v.figure(p));
}

std::string Pages::cards_html(const std::vector<store::Article>& articles,
                              int heading_level) const {
  Views v{catalogue_, dates_};
  std::string out;
  for (const auto& a : articles) {
    auto card = v.card(a, heading_level);
    card.set("figure_html", a.dispatch.pictures.empty() ? std::string()
                                                        : figure_html(a.dispatch.pictures.front()));
    out += templates_->render("card", card);
  }
  return out;
}

std::string Pages::home(const store::ArticleList& list, int page, int page_size,
                        const PageContext& ctx) const {
  int pages = static_cast<int>(
      std::max<std::int64_t>(1, (list.total + page_size - 1) / std::max(1, page_size)));
  mustache::data d;
  d.set("cards_html", cards_html(list.items, 2));
  d.set("has_cards", mustache::data(!list.items.empty()));
  if (pages > 1) {
    mustache::data nav;
    nav.set("label", catalogue_.format("page_of", {arg("page", std::int64_t{page}),
                                                   arg("pages", std::int64_t{pages})}));
    if (page > 1) nav.set("previous", page == 2 ? "/" : "/?page=" + std::to_string(page - 1));
    if (page < pages) nav.set("next", "/?page=" + std::to_string(page + 1));
    d.set("pagination", nav);
  }
  std::string title = page > 1
                          ? catalogue_.format("home_page_title", {arg("site", settings_.site_name),
                                                                  arg("page", std::int64_t{page})})
                          : catalogue_.format("home_title", {arg("site", settings_.site_name)});
  std::string canonical = page > 1 ? "/?page=" + std::to_string(page) : "/";
  Frame p{title, canonical, catalogue_.text("home_heading"), templates_->render("home", d)};
  return layout(ctx, p);
}

std::string Pages::message_page(const PageContext& ctx, std::string_view title_key,
                                std::string text, std::string canonical_path,
                                std::string help_html) const {
  const std::string& heading = catalogue_.text(title_key);
  mustache::data d;
  d.set("heading", heading);
  d.set("text", text);
  d.set("help_html", std::move(help_html));
  Frame p{
      catalogue_.format("title_suffix", {arg("title", heading), arg("site", settings_.site_name)}),
      std::move(canonical_path), text, templates_->render("message", d)};
  return layout(ctx, p);
}

std::string Pages::not_found(const std::vector<store::Article>& latest,
                             const PageContext& ctx) const {
  return message_page(ctx, "not_found_title", catalogue_.text("not_found_text"),
                      ctx.path.empty() ? "/" : ctx.path, help_html(latest));
}

std::string Pages::withdrawn(const store::Article& a, const std::vector<store::Article>& latest,
                             const PageContext& ctx) const {
  return message_page(ctx, "withdrawn_title",
                      catalogue_.format("withdrawn_text", {arg("provider", a.dispatch.provider)}),
                      article_path(a), help_html(latest));
}

std::string Pages::error(const PageContext& ctx) const {
  return message_page(ctx, "error_title", catalogue_.text("error_text"),
                      ctx.path.empty() ? "/" : ctx.path);
}

}  // namespace depeche::render
