// The information pages (legal notice, terms, comment charter, personal
// data, accessibility, contact) and the help under a 404 or a 410.

#include "render/info_pages.h"

#include <cmath>
#include <fstream>
#include <map>
#include <optional>

#include "comments/accounts.h"
#include "comments/text.h"
#include "core/text.h"
#include "render/page_parts.h"
#include "render/views.h"

namespace depeche::render {
namespace {

// Each page and the catalogue key of its heading (also its <title>).
struct InfoPageSpec {
  std::string_view name;
  std::string_view title_key;
};
constexpr InfoPageSpec kSpecs[] = {
    {"mentions-legales", "info_legal_title"},      {"conditions-utilisation", "info_terms_title"},
    {"charte-commentaires", "info_charter_title"}, {"donnees-personnelles", "info_privacy_title"},
    {"accessibilite", "info_accessibility_title"}, {"contact", "info_contact_title"},
};
static_assert(std::size(kSpecs) == std::size(kInfoPages));

// The catalogue texts these pages use: checked at start, so that a
// catalogue without them stops the server instead of showing "?".
constexpr std::string_view kInfoKeys[] = {
    "info_legal_title",
    "info_terms_title",
    "info_charter_title",
    "info_privacy_title",
    "info_accessibility_title",
    "info_contact_title",
    "info_missing_publisher",
    "info_missing_director",
    "info_missing_hosting_provider",
    "info_missing_contact_email",
    "info_missing_postal_address",
    "info_minutes",
    "info_days",
    "info_links",
    "info_characters",
    "info_published_comments",
    "info_attempts",
    "info_comments",
    "info_seconds",
    "help_search_label",
    "help_latest_heading",
    "search_submit",
    "pattern_card",
};

const InfoPageSpec* spec_of(std::string_view name) {
  for (const auto& s : kSpecs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

// "2", or "2,5" for a fractional weight (thresholds are weights of reports).
std::string weight_text(double w) {
  long tenths = std::lround(w * 10);
  std::string out = std::to_string(tenths / 10);
  if (tenths % 10 != 0) {
    out += ',';
    out += std::to_string(std::labs(tenths % 10));
  }
  return out;
}

std::int64_t whole(std::chrono::seconds s, std::int64_t unit_seconds) {
  return static_cast<std::int64_t>(s.count()) / unit_seconds;
}

// Who runs the site: each value as configured, or a placeholder that names
// the key to set. The e-mail becomes a mailto link only when configured.
void set_legal(mustache::data& d, const SiteSettings& s, const Catalogue& m) {
  const LegalNotice& legal = s.legal;
  auto set = [&](const char* key, const std::string& value) {
    d.set(key, value.empty() ? m.text(std::string("info_missing_") + key) : value);
  };
  set("publisher", legal.publisher);
  set("director", legal.director);
  set("hosting_provider", legal.hosting_provider);
  set("postal_address", legal.postal_address);
  if (legal.contact_email.empty()) {
    d.set("contact_link", escape_html(m.text("info_missing_contact_email")));
  } else {
    d.set("contact_email", legal.contact_email);
    d.set("contact_link", "<a href=\"mailto:" + escape_html(legal.contact_email) + "\">" +
                              escape_html(legal.contact_email) + "</a>");
  }
  d.set("site_name", s.site_name);
  if (!s.base_url.empty()) d.set("site_url", s.base_url);
}

// The comment rules in force, as the charter and the privacy page state them.
void set_comment_rules(mustache::data& d, const comments::CommentRules& r, const Catalogue& m) {
  auto count = [&](const char* key, std::int64_t n) { return m.format(key, {arg("n", n)}); };
  d.set("premoderation_off", mustache::data(r.premoderation == comments::PreModeration::off));
  d.set("premoderation_new_readers",
        mustache::data(r.premoderation == comments::PreModeration::new_readers));
  d.set("premoderation_everyone",
        mustache::data(r.premoderation == comments::PreModeration::everyone));
  d.set("trusted_after", count("info_published_comments", r.trusted_after));
  d.set("max_links", count("info_links", r.max_links));
  d.set("max_chars",
        count("info_characters", static_cast<std::int64_t>(comments::kMaxCommentChars)));
  d.set("edit_window", count("info_minutes", whole(r.edit_window, 60)));
  if (r.close_after.count() > 0)
    d.set("close_after", count("info_days", whole(r.close_after, 86400)));
  d.set("post_limit", count("info_comments", r.post_per_account.max_events));
  auto window = r.post_per_account.window;
  d.set("post_window", window.count() % 60 == 0 ? count("info_minutes", whole(window, 60))
                                                : count("info_seconds", window.count()));
  mustache::data thresholds{mustache::data::type::list};
  for (auto reason : comments::kReportReasons) {
    auto t = r.thresholds.find(reason);
    if (t == r.thresholds.end()) continue;
    mustache::data row;
    row.set("reason", m.text("reason_" + std::string(reason)));
    row.set("threshold", weight_text(t->second));
    thresholds.push_back(row);
  }
  d.set("thresholds", thresholds);
  d.set("session_days", count("info_days", whole(comments::kSessionLifetime, 86400)));
  d.set("sign_in_window", count("info_minutes", whole(comments::kSignInWindow, 60)));
  d.set("sign_in_failures", count("info_attempts", comments::kMaxFailuresPerAccount));
}

}  // namespace

std::string info_template(std::string_view name) {
  std::string path = "pages/";
  path += name;
  path += ".html";
  return path;
}

Status load_info_pages(const TemplateLoader& load, const Catalogue& catalogue,
                       Pages::Templates& t) {
  for (auto key : kInfoKeys) {
    if (!catalogue.has(key)) {
      return make_error(ErrorCode::invalid_input,
                        "message catalogue lacks '" + std::string(key) + "'");
    }
  }
  std::vector<std::string> names = {"info.mustache", "help.mustache"};
  for (auto page : kInfoPages) names.push_back(info_template(page));
  for (const auto& name : names) {
    auto text = load(name);
    if (!text) return make_error(ErrorCode::not_found, "missing template " + name);
    mustache::mustache check(*text);
    if (!check.is_valid()) {
      return make_error(ErrorCode::invalid_input,
                        "template " + name + ": " + check.error_message());
    }
    t.sources.emplace(name.substr(0, name.rfind('.')), std::move(*text));
  }
  return {};
}

Result<TemplateLoader> with_operator_pages(TemplateLoader base, const std::filesystem::path& dir,
                                           const HtmlCleaner& clean) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string, std::less<>> replaced;  // template path -> clean HTML
  for (auto page : kInfoPages) {
    fs::path file = dir / (std::string(page) + ".html");
    std::error_code ec;
    if (!fs::exists(file, ec)) continue;
    auto size = fs::file_size(file, ec);
    if (ec || !fs::is_regular_file(file, ec)) {
      return make_error(ErrorCode::io, file.string() + ": not a readable file");
    }
    if (size > kMaxOperatorPageBytes) {
      return make_error(
          ErrorCode::invalid_input,
          file.string() + ": larger than " + std::to_string(kMaxOperatorPageBytes) + " bytes");
    }
    std::ifstream in(file, std::ios::binary);
    std::string html(static_cast<std::size_t>(size), '\0');
    if (!in.read(html.data(), static_cast<std::streamsize>(html.size()))) {
      return make_error(ErrorCode::io, file.string() + ": cannot be read");
    }
    replaced.emplace(info_template(page), clean(html));
  }
  return TemplateLoader([base = std::move(base), replaced = std::move(replaced)](
                            std::string_view name) -> std::optional<std::string> {
    auto hit = replaced.find(name);
    if (hit != replaced.end()) return hit->second;
    return base(name);
  });
}

std::optional<std::string> Pages::info_page(std::string_view name, const PageContext& ctx) const {
  const InfoPageSpec* spec = spec_of(name);
  if (!spec) return std::nullopt;
  mustache::data facts;
  set_legal(facts, settings_, catalogue_);
  set_comment_rules(facts, settings_.comment_rules, catalogue_);
  const std::string& heading = catalogue_.text(spec->title_key);
  mustache::data d;
  d.set("heading", heading);
  std::string source = info_template(name);
  source.resize(source.rfind('.'));  // templates are named without their extension
  d.set("body", templates_->render(source, facts));
  std::string path = "/";
  path += name;
  Frame p{
      catalogue_.format("title_suffix", {arg("title", heading), arg("site", settings_.site_name)}),
      std::move(path), heading, templates_->render("info", d)};
  return layout(ctx, p);
}

std::string Pages::help_html(const std::vector<store::Article>& latest) const {
  const std::string& pattern = catalogue_.text("pattern_card");
  mustache::data items{mustache::data::type::list};
  for (const auto& a : latest) {
    mustache::data item;
    item.set("headline", Views{catalogue_, dates_, *spaced_}.text(a.dispatch, a.dispatch.headline));
    item.set("url", article_path(a));
    item.set("iso", dates_.iso(a.published_at));
    item.set("when", dates_.format(a.published_at, pattern));
    items.push_back(item);
  }
  mustache::data d;
  d.set("latest", items);
  d.set("has_latest", mustache::data(!latest.empty()));
  return templates_->render("help", d);
}

}  // namespace depeche::render
