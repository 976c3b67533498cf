#include "ingest/nitf.h"

#include <charconv>

#include "core/text.h"
#include "core/time.h"
#include "ingest/body.h"
#include "ingest/fields.h"
#include "ingest/sanitize.h"
#include "ingest/xml.h"

namespace depeche::ingest::nitf {
namespace {

constexpr std::size_t kMaxKeywords = 64;

// The first descendant with this local name, whatever its namespace.
pugi::xml_node find(pugi::xml_node n, std::string_view local, int depth = 0) {
  if (!n || depth > 32) return {};
  for (auto c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    if (xml::local_name(c) == local) return c;
    if (auto f = find(c, local, depth + 1)) return f;
  }
  return {};
}

// NITF "norm" dates come in several shapes; Canadian Press ships
// "YYYYMMDD000000-HHMM" placeholders, which mean "no date".
std::optional<Timestamp> norm_date(pugi::xml_node n) {
  std::string_view norm = xml::attr(n, "norm");
  if (norm.empty() || norm.starts_with("YYYY")) return std::nullopt;
  return parse_iso8601(norm);
}

// "By BERNARD CONDON<byttl>AP Business Writer</byttl>": the names, without
// the title; "Geir Molnes / Faktisk.no": the person before the outlet.
std::vector<std::string> byline_people(pugi::xml_node byline) {
  std::string text;
  if (auto person = find(byline, "person")) {
    text = xml::text(person);
  } else {
    for (auto c : byline.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text += c.value();
    }
  }
  text = collapse_whitespace(text);
  if (auto slash = text.find(" / "); slash != std::string::npos) text.resize(slash);
  return byline_names(text);
}

std::string provider_of(pugi::xml_node head, pugi::xml_node body_head) {
  auto docdata = find(head, "docdata");
  std::string regsrc(xml::attr(find(docdata, "doc-id"), "regsrc"));
  if (auto known = known_provider(regsrc); !known.empty()) return known;
  if (!regsrc.empty()) return regsrc;
  if (auto d = xml::text(find(body_head, "distributor")); !d.empty()) return d;
  std::string holder(xml::attr(find(docdata, "doc.copyright"), "holder"));
  return collapse_whitespace(holder.substr(0, holder.find('.')));
}

void add_pictures(pugi::xml_node content, Dispatch& d) {
  for (auto m : content.select_nodes(".//*[local-name()='media']")) {
    auto media = m.node();
    if (xml::attr(media, "media-type") != "image") continue;
    auto ref = find(media, "media-reference");
    std::string src = collapse_whitespace(xml::attr(ref, "source"));
    // NTB sends opaque ids here: only URLs and file paths are pictures.
    bool usable = src.starts_with("http://") || src.starts_with("https://") ||
                  src.find('.') != std::string::npos;
    if (!usable) continue;
    Picture p;
    p.href = src;
    p.content_type = std::string(xml::attr(ref, "mime-type"));
    p.caption = xml::text(find(media, "media-caption"));
    p.credit = xml::text(find(media, "media-producer"));
    if (p.credit.empty()) p.credit = d.provider;
    p.alt = cut_at_word(p.caption.empty() ? d.headline : p.caption, 250);
    d.pictures.push_back(std::move(p));
  }
}

Result<Dispatch> article(pugi::xml_node root) {
  auto head = find(root, "head");
  auto body = find(root, "body");
  auto body_head = find(body, "body.head");
  auto docdata = find(head, "docdata");
  Dispatch d;
  d.source_format = "nitf";
  d.headline = xml::text(find(find(body_head, "hedline"), "hl1"));
  if (d.headline.empty()) d.headline = xml::text(find(head, "title"));
  if (d.headline.empty()) return make_error(ErrorCode::invalid_input, "NITF without a headline");
  d.provider = provider_of(head, body_head);

  auto issue = norm_date(find(docdata, "date.issue"));
  auto release = norm_date(find(docdata, "date.release"));
  std::optional<Timestamp> revised;
  for (auto r : docdata.select_nodes(".//*[local-name()='revision-history']")) {
    if (auto t = norm_date(r.node()); t && (!revised || *t > *revised)) revised = t;
  }
  auto first = issue ? issue : release ? release : revised;
  if (!first) return make_error(ErrorCode::invalid_input, "NITF without a usable date.issue");
  d.first_created = *first;
  d.version_created = revised && *revised > *first ? *revised : *first;

  auto doc_id = find(docdata, "doc-id");
  d.guid = collapse_whitespace(xml::attr(doc_id, "id-string"));
  if (d.guid.empty()) {
    // AP leaves id-string empty: the source, issue time and headline make a
    // stable identity, so that the same story sent twice is a duplicate.
    d.guid = "nitf:" + std::string(xml::attr(doc_id, "regsrc")) + ":" + format_iso8601_utc(*first) +
             ":" + fnv1a_hex(d.headline);
  }
  std::string_view version = xml::attr(find(docdata, "du-key"), "version");
  if (!version.empty()) {
    auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), d.version);
    if (ec != std::errc()) d.version = 1;
  }
  std::string status = collapse_whitespace(xml::attr(docdata, "management-status"));
  if (status == "canceled" || status == "cancelled" || status == "withheld") {
    d.status = WireStatus::withdrawn;
  }
  if (auto embargo = norm_date(find(docdata, "date.release"));
      embargo && issue && *embargo > *issue) {
    d.embargoed = embargo;
  }
  d.language = std::string(xml::attr(root, "baselang"));
  if (d.language.empty()) d.language = std::string(xml::attr(body, "lang"));
  for (const auto& name : byline_people(find(body_head, "byline"))) {
    d.contributors.push_back({name, ContributorRole::reporter, "byline"});
  }
  for (auto k : docdata.select_nodes(".//*[local-name()='keyword']")) {
    if (d.subjects.size() >= kMaxKeywords) break;
    std::string key = collapse_whitespace(xml::attr(k.node(), "key"));
    if (!key.empty()) d.subjects.push_back({"keyword:" + key, key});
  }
  auto location = find(find(body_head, "dateline"), "location");
  // A structured location (city, state, country) is shown by its city.
  std::string dateline = xml::text(find(location, "city"));
  if (dateline.empty()) dateline = xml::text(location);
  if (dateline.empty()) dateline = xml::text(find(body_head, "dateline"));
  auto content = find(body, "body.content");
  if (content) add_pictures(content, d);
  Body text = content ? extract_body(content, dateline, {}) : Body{};
  d.body_html = std::move(text.html);
  d.dateline = std::move(text.dateline);
  d.description = xml::text(find(body_head, "abstract"));
  d.description_from_wire = !d.description.empty();
  d.description =
      cut_at_word(d.description.empty() ? text.text : d.description, kMaxDescriptionChars);
  drop_repeated_headline(d.body_html, d.headline);
  return d;
}

}  // namespace

std::vector<ParsedItem> parse(pugi::xml_node root) {
  auto d = article(root);
  std::string label = d ? d->guid : "nitf";
  return {{label, std::move(d)}};
}

}  // namespace depeche::ingest::nitf
