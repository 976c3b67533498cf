#include "render/pages.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <memory>
#include <stdexcept>

#include "core/time.h"
#include "render/page_parts.h"
#include "render/typography.h"
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
    "account_home.mustache", "live.mustache",        "account_menu.mustache",
    "account_nav.mustache",  "same_event.mustache",
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

std::string section_path(std::string_view slug) {
  return "/rubrique/" + std::string(slug);
}

std::string older_url(std::string_view list_path, const store::ListCursor& c) {
  return std::string(list_path) + "?" + std::string(kOlderParam) + "=" + store::to_string(c);
}

const SectionLink* Pages::find_section(std::string_view slug) const {
  for (const auto& s : settings_.sections) {
    if (s.slug == slug) return &s;
  }
  return nullptr;
}

namespace {

// What the header's account parts need: CSRF token, viewer, sign-in links.
void account_data(const Catalogue& m, const PageContext& ctx, mustache::data& d) {
  // False rather than "" when there is none: {{#csrf}} leaves the field out
  // (anonymous reading pages carry no token, see web/visitor.h).
  d.set("csrf", ctx.csrf.empty() ? mustache::data(false) : mustache::data(ctx.csrf));
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
}

}  // namespace

std::vector<std::string> Pages::account_regions(const PageContext& ctx) const {
  mustache::data d;
  account_data(catalogue_, ctx, d);
  std::vector<std::string> out;
  for (std::string_view name : kAccountRegions) out.push_back(templates_->render(name, d));
  return out;
}

bool replace_region(std::string& page, std::string_view name, std::string_view content) {
  std::string open = "<!--depeche:" + std::string(name) + "-->";
  std::string close = "<!--/depeche:" + std::string(name) + "-->";
  auto from = page.find(open);
  if (from == std::string::npos) return false;
  from += open.size();
  auto to = page.find(close, from);
  if (to == std::string::npos) return false;
  page.replace(from, to - from, content);
  return true;
}

namespace {

// The layout's {{#social}} block: OpenGraph and Twitter card tags.
mustache::data social_data(const SocialCard& c, const SiteSettings& settings) {
  mustache::data d;
  d.set("type", c.type);
  d.set("title", c.title);
  if (!c.description.empty()) d.set("description", c.description);
  d.set("url", c.url);
  d.set("site_name", settings.site_name);
  // OpenGraph names a locale with its territory.
  d.set("locale", settings.locale == "fr" ? std::string("fr_FR") : settings.locale);
  // A large picture when there is one, as news previews show them.
  d.set("twitter_card", c.image ? "summary_large_image" : "summary");
  if (c.image) {
    mustache::data image;
    image.set("src", c.image->href);
    if (c.image->width > 0 && c.image->height > 0) {
      image.set("width", std::to_string(c.image->width));
      image.set("height", std::to_string(c.image->height));
    }
    if (!c.image->content_type.empty()) image.set("mime", c.image->content_type);
    if (!c.image->alt.empty()) image.set("alt", c.image->alt);
    d.set("image", image);
  }
  if (c.type == "article") {
    mustache::data article;
    if (c.published) article.set("published", format_iso8601_utc(*c.published));
    if (c.modified) article.set("modified", format_iso8601_utc(*c.modified));
    if (!c.section.empty()) article.set("section", c.section);
    d.set("article", article);
  }
  return d;
}

// The feeds a page announces in its head (rel="alternate", which feed
// readers and browsers discover): the site's, then the rubrique's when the
// page is one of its pages; each in RSS and Atom, summaries first, then
// the full text when the site serves it.
mustache::data feed_links(const Catalogue& m, const SiteSettings& settings,
                          const SectionLink* section) {
  mustache::data list{mustache::data::type::list};
  auto add = [&](const SectionLink* of, FeedFormat format, FeedText text) {
    bool rss = format == FeedFormat::rss;
    std::string title =
        of ? m.format(rss ? "section_feed_rss" : "section_feed_atom", {arg("section", of->name)})
           : m.text(rss ? "feed_link" : "feed_link_atom");
    if (text == FeedText::full) title = m.format("feed_full_text", {arg("title", title)});
    std::string_view type = feed_content_type(format);
    mustache::data link;
    link.set("type", std::string(type.substr(0, type.find(';'))));
    link.set("title", title);
    link.set("href", feed_path(format, text, of));
    list.push_back(link);
  };
  std::vector<const SectionLink*> owners{nullptr};
  if (section) owners.push_back(section);
  for (const SectionLink* of : owners) {
    for (FeedText text : {FeedText::summary, FeedText::full}) {
      if (text == FeedText::full && !settings.full_text_feeds) continue;
      add(of, FeedFormat::rss, text);
      add(of, FeedFormat::atom, text);
    }
  }
  return list;
}

}  // namespace

std::string Pages::layout(const PageContext& ctx, const Frame& page) const {
  const auto& m = catalogue_;
  const auto& settings = settings_;
  mustache::data d;
  d.set("title", page.title);
  d.set("canonical", settings.base_url + page.canonical_path);
  d.set("description", page.description);
  d.set("noindex", mustache::data(page.noindex));
  d.set("site_name", settings.site_name);
  d.set("return_path", ctx.path.empty() ? "/" : ctx.path);
  d.set("high_contrast", ctx.high_contrast ? mustache::data(true) : mustache::data(false));
  d.set("contrast_next", ctx.high_contrast ? "normal" : "high");
  d.set("footer", m.format("footer_text", {arg("site", settings.site_name)}));
  account_data(m, ctx, d);
  d.set("home_current", mustache::data(page.current_section == "/"));
  mustache::data sections{mustache::data::type::list};
  for (const auto& s : settings.sections) {
    mustache::data item;
    item.set("url", section_path(s.slug));
    item.set("name", s.name);
    item.set("current", mustache::data(page.current_section == s.slug));
    sections.push_back(item);
  }
  d.set("sections", sections);
  d.set("feeds", feed_links(m, settings, page.feed_section));
  if (page.social) d.set("social", social_data(*page.social, settings));
  if (!page.json_ld_html.empty()) d.set("json_ld", page.json_ld_html);
  d.set("main", page.main_html);
  return templates_->render("layout", d);
}

namespace {

// A share link's query value: everything but unreserved characters
// percent-encoded (query_value keeps '/', which networks accept too).
std::string share_value(std::string_view s) {
  return query_value(s);
}

// The wire's summary shows as a chapô when it says something the opening
// of the body does not: feeds often send the first sentences as summary.
bool summary_worth_showing(const Dispatch& d) {
  if (!d.description_from_wire || d.description.empty()) return false;
  // The body's text without its tags (the sanitiser's markup is simple),
  // compared on the summary's opening words up to the first character the
  // body would have escaped.
  std::string text;
  text.reserve(d.body_html.size());
  bool in_tag = false;
  for (char c : d.body_html) {
    if (c == '<') in_tag = true;
    if (!in_tag) text.push_back(c);
    if (c == '>') in_tag = false;
  }
  std::string_view head(d.description);
  head = head.substr(0, std::min<std::size_t>(head.size(), 60));
  head = head.substr(0, head.find_first_of("&<>\""));
  if (head.size() < 20) return true;
  return text.find(head) == std::string::npos;
}

}  // namespace

std::string Pages::article(const store::Article& a, const std::vector<store::Article>& related,
                           const std::vector<store::Article>& latest,
                           const CommentSection& comments, const PageContext& ctx,
                           const std::vector<store::Article>& same_event) const {
  Views v{catalogue_, dates_, *spaced_, &settings_.sections};
  const auto& dispatch = a.dispatch;
  mustache::data d;
  const std::string headline = v.text(dispatch, dispatch.headline);
  d.set("headline", headline);
  d.set("lang", dispatch.language.empty() ? settings_.locale : dispatch.language);
  const SectionLink* section = v.section_of(a);
  if (section) {
    d.set("section", section->name);
    d.set("section_url", section_path(section->slug));
  }
  if (summary_worth_showing(dispatch)) d.set("chapo", v.text(dispatch, dispatch.description));
  d.set("provenance", v.provenance(a, "pattern_provenance"));
  if (dispatch.correction || a.updated_at > a.published_at + std::chrono::minutes(1)) {
    // The same pattern as the provenance line: one date style per page.
    std::string when = dates_.format(a.updated_at, catalogue_.text("pattern_provenance"));
    std::string time_html = "<time datetime=\"" + escape_html(dates_.iso(a.updated_at)) + "\">" +
                            escape_html(when) + "</time>";
    // A correction says so; a plain update only says when.
    d.set(dispatch.correction ? "correction" : "updated",
          catalogue_.format_html(dispatch.correction ? "correction_note" : "updated_on",
                                 {arg("datetime", time_html)}));
  }
  if (comments.open || comments.count > 0) {
    d.set("comments_link", catalogue_.format("comment_count", {arg("count", comments.count)}));
  }
  const bool french = is_french(dispatch.language, settings_.locale);
  // The lead picture opens the article, under the headline; the others
  // follow the text.
  std::string figures;
  for (std::size_t i = 1; i < dispatch.pictures.size(); ++i) {
    figures += figure_html(dispatch.pictures[i], false, french);
  }
  d.set("lead_figure_html", dispatch.pictures.empty()
                                ? std::string()
                                : figure_html(dispatch.pictures.front(), true, french));
  d.set("figures_html", figures);
  d.set("body", v.body_with_dateline(dispatch));
  if (ctx.viewer && ctx.viewer->role == store::Role::admin) {
    d.set("versions_url", "/admin/articles/" + std::to_string(a.id) + "/versions");
  }
  auto contributors = v.contributors(dispatch);
  d.set("has_contributors", mustache::data(contributors.is_list()));
  d.set("contributors", contributors);
  std::string url = settings_.base_url + article_path(a);
  std::string u = share_value(url);
  std::string title = share_value(dispatch.headline);
  d.set("share_url", url);
  d.set("share_mail", "mailto:?subject=" + title + "&body=" + u);
  d.set("share_x", "https://twitter.com/intent/tweet?url=" + u + "&text=" + title);
  d.set("share_facebook", "https://www.facebook.com/sharer/sharer.php?u=" + u);
  d.set("share_linkedin", "https://www.linkedin.com/sharing/share-offsite/?url=" + u);
  d.set("share_whatsapp", "https://wa.me/?text=" + title + "%20" + u);
  d.set("share_bluesky", "https://bsky.app/intent/compose?text=" + title + "%20" + u);
  d.set("comments_html", comments_html(a, comments, ctx));
  d.set("same_event_html", same_event_html(a, same_event));
  d.set("related_html", cards_html(related, 3));
  d.set("has_related", mustache::data(!related.empty()));
  if (!latest.empty()) d.set("live_html", live_html(latest, "aside"));
  Frame page{catalogue_.format("title_suffix",
                               {arg("title", headline), arg("site", settings_.site_name)}),
             article_path(a), teaser(dispatch.description, 300), templates_->render("article", d),
             section ? section->slug : std::string()};
  std::string section_name = section ? section->name : std::string();
  page.social = article_card(settings_, a, section_name);
  page.json_ld_html = json_ld_script(news_article(settings_, catalogue_, a, section_name));
  return layout(ctx, page);
}

// Cards and figures are rendered one by one with their parsed templates:
// as partials, kainjow would parse them again at every use.
std::string Pages::figure_html(const Picture& p, bool eager, bool french,
                               const std::string& link) const {
  Views v{catalogue_, dates_, *spaced_};
  auto f = v.figure(p, french);
  // On cards the picture links to the article too, out of the tab order:
  // the headline is the link keyboards and screen readers use.
  if (!link.empty()) f.set("link", link);
  // The lead picture is in the first screen: loading it lazily would only
  // delay it.
  f.set("loading", eager ? "eager" : "lazy");
  return templates_->render("figure", f);
}

std::string Pages::cards_html(const std::vector<store::Article>& articles, int heading_level,
                              const OtherAgencies* others) const {
  Views v{catalogue_, dates_, *spaced_, &settings_.sections};
  std::string out;
  for (const auto& a : articles) {
    auto card = v.card(a, heading_level);
    if (others) {
      if (auto it = others->find(a.id); it != others->end()) card.set("also", v.also_by(it->second));
    }
    bool picture = !a.dispatch.pictures.empty();
    card.set("has_picture", mustache::data(picture));
    card.set("figure_html",
             picture ? figure_html(a.dispatch.pictures.front(), false,
                                   is_french(a.dispatch.language, settings_.locale),
                                   article_path(a))
                     : std::string());
    out += templates_->render("card", card);
  }
  return out;
}

std::string Pages::same_event_html(const store::Article& a,
                                   const std::vector<store::Article>& members) const {
  Views v{catalogue_, dates_, *spaced_, &settings_.sections};
  mustache::data items{mustache::data::type::list};
  bool any = false;
  for (const auto& m : members) {
    if (m.id == a.id || m.status != store::ArticleStatus::published) continue;
    mustache::data item;
    item.set("url", article_path(m));
    item.set("headline", v.text(m.dispatch, m.dispatch.headline));
    item.set("lang", m.dispatch.language.empty() ? settings_.locale : m.dispatch.language);
    item.set("provenance", v.provenance(m, "pattern_card"));
    items.push_back(item);
    any = true;
  }
  if (!any) return {};
  mustache::data d;
  d.set("items", items);
  return templates_->render("same_event", d);
}

std::string Pages::live_html(const std::vector<store::Article>& articles,
                             std::string_view id) const {
  Views v{catalogue_, dates_, *spaced_, &settings_.sections};
  mustache::data d;
  d.set("id", std::string(id));
  const std::string& day_key = catalogue_.text("pattern_day_key");
  // "Toute l’actualité" goes on where the column stops.
  if (!articles.empty()) {
    const auto& last = articles.back();
    d.set("more_url", older_url("/", {last.published_at, last.id}));
  }
  mustache::data items{mustache::data::type::list};
  for (const auto& a : articles) {
    mustache::data item;
    item.set("url", article_path(a));
    item.set("headline", v.text(a.dispatch, a.dispatch.headline));
    item.set("iso", dates_.iso(a.published_at));
    // Today's stories by their time, older ones by their day.
    bool today = dates_.format(a.published_at, day_key) == dates_.format(clock_.now(), day_key);
    item.set("time", dates_.format(a.published_at,
                                   catalogue_.text(today ? "pattern_live" : "pattern_live_day")));
    if (const SectionLink* s = v.section_of(a)) item.set("section", s->name);
    items.push_back(item);
  }
  d.set("items", items);
  return templates_->render("live", d);
}

std::string Pages::list_page(const FrontPage& front, const SectionLink* section,
                             const PageContext& ctx) const {
  const bool later = front.before.has_value();
  const auto& items = front.latest.items;
  std::string base = section ? section_path(section->slug) : std::string("/");
  mustache::data d;
  bool is_front = !section && !later && !items.empty();
  d.set("front", mustache::data(is_front));
  if (is_front) {
    Views v{catalogue_, dates_, *spaced_, &settings_.sections};
    // The lead: the newest story with a picture among the first few, so
    // that the front page opens on an image when the wire sent one.
    constexpr std::size_t kLeadWindow = 3;
    std::size_t lead = 0;
    for (std::size_t i = 0; i < std::min(items.size(), kLeadWindow); ++i) {
      if (!items[i].dispatch.pictures.empty()) {
        lead = i;
        break;
      }
    }
    auto l = v.card(items[lead], 2);
    bool picture = !items[lead].dispatch.pictures.empty();
    l.set("has_picture", mustache::data(picture));
    l.set("figure_html", picture ? figure_html(items[lead].dispatch.pictures.front(), true,
                                               is_french(items[lead].dispatch.language,
                                                         settings_.locale),
                                               article_path(items[lead]))
                                 : std::string());
    if (auto it = front.other_agencies.find(items[lead].id); it != front.other_agencies.end()) {
      l.set("also", v.also_by(it->second));
    }
    d.set("lead", l);
    constexpr std::size_t kLiveCount = 10;
    constexpr std::size_t kTopCount = 6;
    std::vector<store::Article> live, top;
    std::vector<std::int64_t> shown{items[lead].id};
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i == lead) continue;
      if (live.size() < kLiveCount) live.push_back(items[i]);
      if (top.size() < kTopCount) {
        top.push_back(items[i]);
        shown.push_back(items[i].id);
      }
    }
    d.set("live_html", live.empty() ? std::string() : live_html(live, "front"));
    d.set("top_html", cards_html(top, 3, &front.other_agencies));
    d.set("has_top", mustache::data(!top.empty()));
    mustache::data blocks{mustache::data::type::list};
    constexpr std::size_t kBlockCards = 4;
    for (const auto& [slug, articles] : front.blocks) {
      const SectionLink* s = find_section(slug);
      if (!s) continue;
      std::vector<store::Article> cards;
      for (const auto& a : articles) {
        if (cards.size() == kBlockCards) break;
        if (std::find(shown.begin(), shown.end(), a.id) == shown.end()) cards.push_back(a);
      }
      if (cards.empty()) continue;
      mustache::data b;
      b.set("slug", s->slug);
      b.set("name", s->name);
      b.set("url", section_path(s->slug));
      b.set("more", catalogue_.format("section_more", {arg("section", s->name)}));
      b.set("cards_html", cards_html(cards, 3, &front.other_agencies));
      blocks.push_back(b);
    }
    d.set("blocks", blocks);
  } else {
    d.set("cards_html", cards_html(items, 2, &front.other_agencies));
    d.set("has_cards", mustache::data(!items.empty()));
    d.set("empty_text", catalogue_.text(section ? "section_empty" : "home_empty"));
  }
  if (later || front.latest.next) {
    // No "page N of M": a cursor page has no number, and counting the
    // stories before it would cost what the cursor saves.
    mustache::data nav;
    if (later) nav.set("newest", base);
    if (front.latest.next) {
      nav.set("next", older_url(base, *front.latest.next));
      nav.set("next_label", catalogue_.text("page_older"));
    }
    d.set("pagination", nav);
  }
  std::string heading, title;
  if (section) {
    heading = section->name;
    title = later ? catalogue_.format("section_older_title", {arg("section", section->name),
                                                              arg("site", settings_.site_name)})
                  : catalogue_.format("section_title", {arg("section", section->name),
                                                        arg("site", settings_.site_name)});
    mustache::data feeds;
    feeds.set("rss", feed_path(FeedFormat::rss, FeedText::summary, section));
    feeds.set("atom", feed_path(FeedFormat::atom, FeedText::summary, section));
    if (settings_.full_text_feeds) {
      mustache::data full;
      full.set("rss", feed_path(FeedFormat::rss, FeedText::full, section));
      full.set("atom", feed_path(FeedFormat::atom, FeedText::full, section));
      feeds.set("full", full);
    }
    d.set("feeds", feeds);
  } else {
    heading = later ? catalogue_.text("home_older_heading")
                    : catalogue_.format("home_front_heading", {arg("site", settings_.site_name)});
    title = later ? catalogue_.format("home_older_title", {arg("site", settings_.site_name)})
                  : catalogue_.format("home_title", {arg("site", settings_.site_name)});
  }
  d.set("heading", heading);
  std::string description =
      section ? catalogue_.format("section_description",
                                  {arg("section", section->name), arg("site", settings_.site_name)})
              : catalogue_.text("home_heading");
  Frame p{title,
          later ? older_url(base, *front.before) : base,
          description,
          templates_->render("home", d),
          section ? section->slug : std::string("/"),
          section};
  // Shared, these pages show what the site or the rubrique is.
  p.social = SocialCard{"website", title, description,
                        settings_.base_url + p.canonical_path};
  return layout(ctx, p);
}

std::string Pages::home(const FrontPage& front, const PageContext& ctx) const {
  return list_page(front, nullptr, ctx);
}

std::string Pages::section(const SectionLink& section, const FrontPage& list,
                           const PageContext& ctx) const {
  return list_page(list, &section, ctx);
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
