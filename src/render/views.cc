#include "render/views.h"

#include <array>
#include <utility>

#include "render/pages.h"
#include "render/typography.h"

namespace depeche::render {
namespace {

// The order in which roles appear in the contributor line, as agencies
// write it: who reported, who wrote, who edited, who translated.
constexpr std::array<std::pair<ContributorRole, std::string_view>, 5> kRoleOrder{{
    {ContributorRole::reporter, "role_reporter"},
    {ContributorRole::writer, "role_writer"},
    {ContributorRole::photographer, "role_photographer"},
    {ContributorRole::editor, "role_editor"},
    {ContributorRole::translator, "role_translator"},
}};

// "A, B et C", with the locale's separators.
std::string join_names(const Catalogue& m, const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += m.text(i + 1 == names.size() ? "names_last_separator" : "names_separator");
    out += names[i];
  }
  return out;
}

}  // namespace

std::string Views::text(const Dispatch& d, std::string_view s) const {
  // The site is French (the catalogue's locale); a dispatch without a
  // language is taken as the site's.
  return is_french(d.language, "fr") ? spaced.text(s) : std::string(s);
}

std::string Views::html(const Dispatch& d, std::string_view s) const {
  return is_french(d.language, "fr") ? spaced.html(s) : std::string(s);
}

mustache::data Views::figure(const Picture& p, bool french) const {
  if (!french) return figure(p);
  Picture french_text = p;
  french_text.caption = spaced.text(p.caption);
  french_text.alt = spaced.text(p.alt);
  french_text.credit = spaced.text(p.credit);
  return figure(french_text);
}

mustache::data Views::figure(const Picture& p) const {
  mustache::data f;
  f.set("src", p.href);
  f.set("alt", p.alt);
  if (p.width > 0 && p.height > 0) {
    f.set("width", std::to_string(p.width));
    f.set("height", std::to_string(p.height));
  }
  if (!p.caption.empty()) f.set("caption", p.caption);
  if (!p.credit.empty()) {
    f.set("credit", messages.format("picture_credit", {arg("credit", p.credit)}));
  }
  return f;
}

std::string Views::provenance(const store::Article& a, std::string_view pattern_key) const {
  const auto& d = a.dispatch;
  std::string when = dates.format(a.published_at, messages.text(pattern_key));
  std::string time_html = "<time datetime=\"" + escape_html(dates.iso(a.published_at)) + "\">" +
                          escape_html(when) + "</time>";
  std::string provider_html = "<span class=\"provider\">" + escape_html(d.provider) + "</span>";
  return messages.format_html(pattern_key == "pattern_card" ? "card_provenance" : "provenance",
                              {arg("provider", provider_html), arg("datetime", time_html)});
}

const SectionLink* Views::section_of(const store::Article& a) const {
  if (!sections || a.section.empty()) return nullptr;
  for (const auto& s : *sections) {
    if (s.slug == a.section) return &s;
  }
  return nullptr;
}

mustache::data Views::card(const store::Article& a, int heading_level) const {
  const auto& d = a.dispatch;
  mustache::data c;
  c.set("url", article_path(a));
  if (const SectionLink* s = section_of(a)) {
    c.set("section", s->name);
    c.set("section_url", section_path(s->slug));
  }
  c.set("headline", text(d, d.headline));
  c.set("level", std::to_string(heading_level));
  c.set("provenance", provenance(a, "pattern_card"));
  c.set("teaser", text(d, teaser(d.description)));
  c.set("read_more", messages.text("read_more"));
  c.set("read_more_hidden",
        messages.format("read_more_hidden", {arg("headline", text(d, d.headline))}));
  return c;
}

std::string Views::also_by(const std::vector<std::string>& agencies) const {
  if (agencies.empty()) return {};
  return spaced.text(messages.format("card_also", {arg("agencies", join_names(messages, agencies))}));
}

mustache::data Views::contributors(const Dispatch& d) const {
  mustache::data parts{mustache::data::type::list};
  std::size_t count = 0;
  std::vector<mustache::data> items;
  for (const auto& [role, key] : kRoleOrder) {
    std::vector<std::string> names;
    for (const auto& c : d.contributors) {
      if (c.role == role && !c.name.empty()) names.push_back(c.name);
    }
    if (names.empty()) continue;
    mustache::data item;
    item.set("role", to_string(role));
    item.set("text", messages.format(key, {arg("names", join_names(messages, names))}));
    items.push_back(std::move(item));
    ++count;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i + 1 < items.size()) items[i].set("separator", messages.text("roles_separator"));
    parts.push_back(items[i]);
  }
  if (count == 0) return mustache::data(false);
  return parts;
}

std::string Views::body_with_dateline(const Dispatch& d) const {
  std::string body = html(d, d.body_html);
  if (d.dateline.empty()) return body;
  std::string dateline = "<span class=\"dateline\">" + escape_html(text(d, d.dateline)) + "</span> ";
  // The sanitiser emits plain "<p>" openings, so the first paragraph can
  // take the dateline inline, as the wire prints it.
  if (body.starts_with("<p>")) {
    return "<p>" + dateline + body.substr(3);
  }
  return "<p>" + dateline + "</p>" + body;
}

}  // namespace depeche::render
