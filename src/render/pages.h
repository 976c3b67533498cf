#pragma once
// Front door of rendering: store data in, complete French HTML pages out.
// Templates are Mustache files under templates/ (escaped by default); every
// reader-facing string comes from the message catalogue
// (templates/i18n/fr.json); dates are shown in the site time zone.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "comments/comments.h"
#include "comments/moderation.h"
#include "core/clock.h"
#include "core/field_errors.h"
#include "core/result.h"
#include "ingest/feed_health.h"
#include "render/catalogue.h"
#include "render/format.h"
#include "render/legal_notice.h"
#include "render/typography.h"
#include "store/store.h"

namespace depeche::render {

// Returns the text of a template by its name relative to templates/
// ("article.mustache", "i18n/fr.json"), or nullopt when there is none.
using TemplateLoader = std::function<std::optional<std::string>(std::string_view name)>;

// A rubrique as pages show it: its URL word and its name.
struct SectionLink {
  std::string slug;  // "economie"
  std::string name;  // "Économie"
};

// Where rubrique `slug` lives: "/rubrique/economie".
std::string section_path(std::string_view slug);
// The page of list `list_path` ("/" or a section_path) that starts after
// cursor `c`: "<list_path>?avant=<cursor>".
std::string older_url(std::string_view list_path, const store::ListCursor& c);
// The query parameter that carries the cursor in those URLs.
inline constexpr std::string_view kOlderParam = "avant";

struct SiteSettings {
  std::string site_name = "depeche";
  std::string time_zone = "Europe/Paris";
  // "https://news.example": canonical links and feeds are absolute with it.
  // The binary always sets one (configured, else the listening address);
  // empty only in tests, for root-relative links.
  std::string base_url;
  // Whether base_url is the site's public address as the operator set it,
  // rather than the listening address the binary fell back to. Sitemaps
  // and robots.txt's Sitemap line need the public one: search engines
  // refuse sitemap URLs of another host (render/discovery.h).
  bool base_url_public = true;
  std::string locale = "fr";
  // The rubriques in the order readers see them (navigation, home blocks).
  std::vector<SectionLink> sections;
  // Who runs the site, for the information pages (render/info_pages.h).
  LegalNotice legal;
  // The comment rules in force, which the comment charter states.
  comments::CommentRules comment_rules;
  // Whether /flux-complet.rss and the other full-text feeds are served.
  bool full_text_feeds = true;
};

// The site's feeds (render/feeds.cc). Every feed exists as RSS 2.0 and
// Atom 1.0, for the whole site or one rubrique, with each item's summary
// or its full text: "/flux.rss", "/rubrique/sport/flux-complet.atom".
enum class FeedFormat { rss, atom };
enum class FeedText { summary, full };

// The largest body a full-text item carries, in bytes of HTML: longer
// bodies are given as their summary, so that a full-text feed of
// web::kFeedSize items stays within a few MiB (and within what the page
// cache keeps: an eighth of its memory).
inline constexpr std::size_t kMaxFeedBodyBytes = 128 * 1024;
// Pictures announced per item (media:content): agencies send a handful;
// a package of hundreds would bloat every poll of the feed.
inline constexpr std::size_t kMaxFeedPictures = 10;

struct FeedRequest {
  FeedFormat format = FeedFormat::rss;
  FeedText text = FeedText::summary;
  const SectionLink* section = nullptr;  // that rubrique's feed; null: the site's
  // The size in bytes of a picture the site stores (href "/media/…"), for
  // RSS's <enclosure>, which requires it; nullopt when unknown, and then
  // the picture is announced by media:content only. Must give the same
  // answer for the same href (pictures are named by their content).
  std::function<std::optional<std::uintmax_t>(std::string_view href)> picture_bytes;
};

// The path of that feed: "/flux.rss", "/rubrique/sport/flux-complet.atom".
std::string feed_path(FeedFormat format, FeedText text, const SectionLink* section = nullptr);
// Its Content-Type: "application/rss+xml; charset=utf-8" or the Atom one.
std::string_view feed_content_type(FeedFormat format);

// Who is reading, as far as pages care.
struct Viewer {
  std::string name;  // pseudonym
  store::Role role = store::Role::reader;
};

// Per-request facts that change what a page shows.
struct PageContext {
  bool high_contrast = false;    // the reader's contrast preference (cookie)
  std::string path;              // the request path, where the contrast form returns to
  std::string csrf;              // the token every form of the page carries
  std::optional<Viewer> viewer;  // signed in, or not
};

// What a refused account form shows, all at once: each input at fault
// with its reason, and a reason about the whole form. Codes are those of
// comments/accounts.h, plus "csrf" and "unavailable", shown through the
// catalogue as "account_error_" + code.
struct FormErrors {
  FieldErrors fields;
  std::string form_code;  // "" when none: "csrf", "throttled", "wrong_credentials"…
  std::chrono::seconds retry_after{0};
  bool any() const { return !fields.empty() || !form_code.empty(); }
};

// The sign-in and sign-up pages, with what the reader typed (never the
// password) and the errors of the last attempt.
struct AccountForm {
  enum class Kind { sign_in, sign_up };
  Kind kind = Kind::sign_in;
  std::string email;
  std::string name;
  FormErrors errors;
  std::string return_path = "/";
};

// "Mon compte": the reader's profile and latest comments, and the forms
// that change the password or delete the account, each with the errors of
// its last submission.
struct AccountHome {
  store::User user;
  std::vector<comments::OwnComment> comments;  // newest first
  std::string notice_code;                     // "password_changed" after a success
  FormErrors password_errors;
  FormErrors delete_errors;
};

// One comment as a page shows it, with what the viewer may do with it.
struct CommentView {
  store::Comment comment;
  std::string body_html;  // comments::comment_html of the body: safe to emit
  bool mine = false;
  bool editable = false;
  bool can_reply = false;
  bool can_report = false;
  std::vector<CommentView> replies;  // for top-level comments
  std::int64_t more_replies = 0;     // replies the page leaves out (store::kRepliesPerComment)
};

// The comments part of an article page.
struct CommentSection {
  std::vector<CommentView> threads;
  std::int64_t count = 0;  // published comments
  bool open = true;
  bool newest_first = false;
  std::string notice_code;  // "published", "pending", "reported", "deleted", "edited"
  std::string error_code;   // a comments:: failure code, "csrf" or "unavailable"
  std::chrono::seconds retry_after{0};
  std::string draft;  // what the reader typed, given back after an error
  std::optional<std::int64_t> draft_parent;
  std::string next_cursor;  // "Commentaires suivants" (store::ThreadCursor); "" on the last page
  bool later_page = false;  // not the first page: a link leads back to it
  // Set: `threads` holds this one comment and a page of its replies (the
  // ones past store::kRepliesPerComment); the next link pages them.
  std::optional<std::int64_t> replies_of;
};

// A search and the page of results to show. The filters are kept as the
// page's URL spells them ("rubrique", "agence", "periode", "tri"), so that
// the form shows them chosen and every link carries them on.
struct SearchPage {
  std::string query;
  std::vector<store::Article> items;  // this page's results, best first
  // HTML extracts with the matched words in <mark>, one per item (already
  // escaped: search::Highlighter); missing ones show none.
  std::vector<std::string> snippets;
  std::int64_t total = 0;  // all matches (an estimate past a few hundred)
  int page = 1;
  int page_size = 20;
  std::string error_code;  // "too_long" or "unavailable"; "" when none
  std::string section;     // rubrique slug; "" for all
  std::string provider;    // agency key (search::provider_key); "" for all
  std::string period;      // one of kSearchPeriods; "" for any date
  std::string order;       // "date" for newest first; "" for relevance
  // The agencies offered in the form: key, name.
  std::vector<std::pair<std::string, std::string>> providers;
  std::string suggestion;  // another query that finds something; "" for none
  // Whether anything was searched (words or filters): results are shown.
  bool searched() const {
    return !query.empty() || !section.empty() || !provider.empty() || !period.empty();
  }
};

// The search form's periods, as the URL spells them ("periode="); each has
// a label "search_period_<value>" in the catalogue.
inline constexpr std::string_view kSearchPeriods[] = {"24h", "7j", "30j", "1an"};

// The home page, or one page of a rubrique: the first page of the home
// page is the front page (a lead story, "En continu", the top stories, then
// a block per rubrique); other pages list `latest` as cards. Pages follow
// each other by cursor ("?avant=<cursor>", store::ListCursor), not by
// number, so they carry no page number.
// For the cards of events other agencies told too (clusters): the card's
// article id → those agencies' names, shown as « Également couvert par … ».
using OtherAgencies = std::map<std::int64_t, std::vector<std::string>>;

struct FrontPage {
  // This page's articles, newest first; latest.next, when set, is where the
  // "Plus anciens" link leads.
  store::ArticleList latest;
  // Where this page starts; nullopt: the first page (the newest stories).
  std::optional<store::ListCursor> before;
  // The front page only: each rubrique's latest articles, in the site's
  // order (rubriques without articles are left out).
  std::vector<std::pair<std::string, std::vector<store::Article>>> blocks;
  // The other agencies of the clustered stories among all the above.
  OtherAgencies other_agencies;
};

// The canonical path of an article: "/articles/{id}-{slug}".
std::string article_path(const store::Article& a);

// The regions of a page that belong to its reader, marked in the markup by
// "<!--depeche:NAME-->…<!--/depeche:NAME-->" (templates/layout.mustache and
// article.mustache), so that a page rendered once for everyone can be
// given to a signed-in reader with only these parts rendered for them.
inline constexpr std::string_view kAccountRegions[] = {"account_menu", "account_nav"};
inline constexpr std::string_view kCommentsRegion = "comments";

// Replaces what region `name` of `page` holds with `content`; false (and
// `page` unchanged) when the page has no such region.
bool replace_region(std::string& page, std::string_view name, std::string_view content);

class Pages {
 public:
  struct Templates;  // internal to render/ (page_parts.h)
  // Loads and checks every template and the catalogue of settings.locale.
  // Fails on a missing or invalid template, catalogue or time zone.
  static Result<std::unique_ptr<Pages>> create(const TemplateLoader& load, SiteSettings settings,
                                               const Clock& clock);
  ~Pages();

  // All render methods are thread-safe and never fail: data problems show
  // as empty parts, not as errors.
  // `latest` feeds the side column ("En continu") of wide screens; empty:
  // no side column.
  // `same_event`: the members of the article's cluster (other agencies'
  // versions of its event, store::ArticleStore::cluster_members), listed
  // under "Sur le même sujet"; the article itself and withdrawn ones are
  // left out, and no block is shown when none remains.
  std::string article(const store::Article& a, const std::vector<store::Article>& related,
                      const std::vector<store::Article>& latest, const CommentSection& comments,
                      const PageContext& ctx,
                      const std::vector<store::Article>& same_event = {}) const;
  // The comments section the article page embeds (heading with the exact
  // count, order links, forms, one page of the thread and the link to the
  // next): on its own so that it can be composed per signed-in reader on
  // top of a cached anonymous page.
  // The reader's own parts of the header (kAccountRegions, in that order),
  // as the layout renders them for `ctx`: what a cached page shows an
  // anonymous reader is given to a signed-in one by replacing them
  // (replace_region), along with the comments region.
  std::vector<std::string> account_regions(const PageContext& ctx) const;
  std::string comments_html(const store::Article& a, const CommentSection& s,
                            const PageContext& ctx) const;
  // One comment's markup, as in the thread (scripts insert it without a reload).
  std::string comment(const CommentView& c, const store::Article& a, const PageContext& ctx) const;
  // The page behind "Signaler le commentaire" when scripts do not open the dialog.
  std::string report_page(const CommentView& c, const store::Article& a,
                          const std::string& error_code, const PageContext& ctx) const;
  // `page` is 1-based; `page_size` is how many articles a page holds.
  std::string home(const FrontPage& front, const PageContext& ctx) const;
  // One page of rubrique `section` (one of the settings' sections).
  std::string section(const SectionLink& section, const FrontPage& list,
                      const PageContext& ctx) const;
  // The rubrique of that slug among the settings' sections; nullptr if none.
  const SectionLink* find_section(std::string_view slug) const;
  // Both help the reader on: a search field and `latest` (the newest
  // stories, as many as the caller shows; empty when the store failed).
  std::string not_found(const std::vector<store::Article>& latest, const PageContext& ctx) const;
  std::string withdrawn(const store::Article& a, const std::vector<store::Article>& latest,
                        const PageContext& ctx) const;
  // One of the information pages of kInfoPages (render/info_pages.h), e.g.
  // "mentions-legales": the operator's text if one was loaded, else the
  // default. nullopt for any other name.
  std::optional<std::string> info_page(std::string_view name, const PageContext& ctx) const;
  // Shown with a 5xx status when the store cannot answer.
  std::string error(const PageContext& ctx) const;
  // Shown with 403 when a page needs a role the viewer does not have.
  std::string forbidden(const PageContext& ctx) const;
  std::string account_form(const AccountForm& form, const PageContext& ctx) const;
  std::string account_home(const AccountHome& home, const PageContext& ctx) const;
  std::string search(const SearchPage& s, const PageContext& ctx) const;
  // `list` (newest first, published articles only) as the feed `f` asks
  // for (render/feeds.cc): links made absolute with the settings' base_url
  // (never with anything a request says), the same bytes for every reader.
  std::string feed(const store::ArticleList& list, const FeedRequest& f) const;
  // Whether the full-text variants of the feeds are offered ([site]
  // full_text_feeds): some agency contracts allow only summaries.
  bool full_text_feeds() const { return settings_.full_text_feeds; }
  // Every stored version of an article (`versions` oldest first), for editors.
  std::string versions_admin(const store::Article& a, const std::vector<Dispatch>& versions,
                             const PageContext& ctx) const;
  // The moderators' queues; `notice` and `error` are already translated.
  std::string moderation(const comments::Queues& q, const std::string& notice,
                         const std::string& error, const PageContext& ctx) const;
  std::string moderation_user(const store::User& u, const std::optional<store::Ban>& ban,
                              const std::vector<store::Decision>& history,
                              const std::string& notice, const std::string& error,
                              const PageContext& ctx) const;
  std::string feeds_admin(const std::vector<ingest::FeedHealth>& rows,
                          const PageContext& ctx) const;

  const Catalogue& messages() const { return catalogue_; }
  const SiteSettings& settings() const { return settings_; }
  const std::vector<SectionLink>& sections() const { return settings_.sections; }
  const DateFormatter& dates() const { return dates_; }

 private:
  struct Frame;  // what the shared layout needs from one page
  std::string layout(const PageContext& ctx, const Frame& frame) const;
  // A page that only says something: not found, withdrawn, unavailable.
  std::string message_page(const PageContext& ctx, std::string_view title_key, std::string text,
                           std::string canonical_path, std::string help_html = {}) const;
  // The search field and the latest stories under a 404 or a 410.
  std::string help_html(const std::vector<store::Article>& latest) const;
  // `eager`: the picture is in the first screen (no lazy loading).
  // `french`: its caption and credit get French spacing.
  // `link`: the picture links there (cards).
  std::string figure_html(const Picture& p, bool eager = false, bool french = false,
                          const std::string& link = {}) const;
  std::string cards_html(const std::vector<store::Article>& articles, int heading_level,
                         const OtherAgencies* others = nullptr) const;
  // "En continu": headlines with their times; `id` tells two lists apart.
  std::string live_html(const std::vector<store::Article>& articles, std::string_view id) const;
  // The "Sur le même sujet" block of article `a`: its cluster's other members.
  std::string same_event_html(const store::Article& a,
                              const std::vector<store::Article>& members) const;
  // The home page and a rubrique page share one template.
  std::string list_page(const FrontPage& list, const SectionLink* section,
                        const PageContext& ctx) const;

  Pages(SiteSettings settings, const Clock& clock, Catalogue catalogue, DateFormatter dates,
        std::unique_ptr<Templates> templates);

  SiteSettings settings_;
  const Clock& clock_;
  Catalogue catalogue_;
  DateFormatter dates_;
  std::unique_ptr<Templates> templates_;
  std::unique_ptr<SpacedTexts> spaced_ = std::make_unique<SpacedTexts>();
};

}  // namespace depeche::render
