#include "ingest/feed.h"

#include <charconv>

#include "core/text.h"
#include "ingest/body.h"
#include "ingest/fields.h"
#include "ingest/sanitize.h"
#include "ingest/xml.h"

namespace depeche::ingest::feed {
namespace {

constexpr std::size_t kMaxAltChars = 250;
constexpr std::size_t kMaxCategories = 32;

int int_attr(pugi::xml_node n, std::string_view name) {
  std::string_view v = xml::attr(n, name);
  int out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

}  // namespace

void add_media_pictures(pugi::xml_node item, const std::string& provider, Entry& e) {
  // Feeds list several sizes of one picture: keep the one that suits a
  // page best, from media:content, else media:thumbnail.
  pugi::xml_node best;
  int best_score = -1;
  for (auto local : {"content", "thumbnail"}) {
    for (auto m : xml::children(item, kMediaRss, local)) {
      std::string_view type = xml::attr(m, "type"), medium = xml::attr(m, "medium");
      if (xml::attr(m, "url").empty() || (!type.empty() && !type.starts_with("image/")) ||
          (!medium.empty() && medium != "image")) {
        continue;
      }
      int score = rendition_score(local, {}, int_attr(m, "width"));
      if (score > best_score) best = m, best_score = score;
    }
    if (best) break;
  }
  if (!best) return;
  Picture p;
  p.href = collapse_whitespace(xml::attr(best, "url"));
  p.content_type = std::string(xml::attr(best, "type"));
  p.width = int_attr(best, "width");
  p.height = int_attr(best, "height");
  p.caption = html_to_text(xml::text(xml::child(best, kMediaRss, "description")));
  std::string title = html_to_text(xml::text(xml::child(best, kMediaRss, "title")));
  p.credit = xml::text(xml::child(best, kMediaRss, "credit"));
  if (p.credit.empty()) p.credit = provider;
  p.alt = cut_at_word(!title.empty()       ? title
                      : !p.caption.empty() ? p.caption
                                           : e.title,
                      kMaxAltChars);
  e.pictures.push_back(std::move(p));
}

Result<Dispatch> to_dispatch(Entry e) {
  Dispatch d;
  d.source_format = e.format;
  d.guid = collapse_whitespace(e.guid);
  d.headline = html_to_text(e.title);
  d.provider = e.provider;
  d.language = e.language;
  if (d.headline.empty()) return make_error(ErrorCode::invalid_input, "entry has no title");
  if (d.guid.empty()) return make_error(ErrorCode::invalid_input, "entry has no id, guid or link");
  auto last = e.updated ? e.updated : e.published;
  if (!last) {
    return make_error(ErrorCode::invalid_input, "entry has no date, and its feed none either");
  }
  d.version_created = *last;
  d.first_created = e.published ? *e.published : *last;
  if (d.first_created > d.version_created) d.first_created = d.version_created;
  d.version = static_cast<std::uint64_t>(
      std::max<std::int64_t>(1, d.version_created.time_since_epoch().count()));
  Body body = html_body(e.body_html.empty() ? e.summary_html : e.body_html, {});
  d.body_html = std::move(body.html);
  d.dateline = std::move(body.dateline);
  std::string summary = e.summary_html.empty() ? body.text : html_to_text(e.summary_html);
  d.description = cut_at_word(summary, kMaxDescriptionChars);
  d.description_from_wire = !e.summary_html.empty() && !e.body_html.empty();
  for (const auto& a : e.authors) {
    for (const auto& name : byline_names(a)) {
      if (name != d.provider) d.contributors.push_back({name, ContributorRole::reporter, "author"});
    }
  }
  for (const auto& c : e.categories) {
    if (d.subjects.size() < kMaxCategories && !c.empty())
      d.subjects.push_back({"category:" + c, c});
  }
  d.pictures = std::move(e.pictures);
  drop_repeated_headline(d.body_html, d.headline);
  return d;
}

}  // namespace depeche::ingest::feed
