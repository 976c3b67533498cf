#include "ingest/newsml1.h"

#include <charconv>
#include <regex>

#include "core/text.h"
#include "core/time.h"
#include "ingest/body.h"
#include "ingest/fields.h"
#include "ingest/sanitize.h"
#include "ingest/xml.h"

namespace depeche::ingest::newsml1 {
namespace {

constexpr std::size_t kMaxSubjects = 64;

pugi::xml_node first(pugi::xml_node n, const char* xpath) {
  return n.select_node(xpath).node();
}

std::string formal(pugi::xml_node n) {
  return collapse_whitespace(xml::attr(n, "FormalName"));
}

// AFP closes its texts with the editors' initials ("hh/ph/ts/hd"): a
// signature for the desk, not for readers.
void drop_initials(std::string& html) {
  static const std::regex kInitials(R"(<p>\s*[a-z]{2,4}(/[a-z]{2,4})+\s*</p>\s*$)");
  html = std::regex_replace(html, kInitials, "");
}

void add_photos(pugi::xml_node item, const std::string& provider, Dispatch& d) {
  for (auto ci : item.select_nodes(".//ContentItem[MediaType/@FormalName='Photo']")) {
    auto c = ci.node();
    std::string href = collapse_whitespace(xml::attr(c, "Href"));
    if (href.empty()) continue;
    auto component = c.parent();
    Picture p;
    p.href = href;
    p.content_type = formal(first(c, "MimeType"));
    p.caption = xml::text(first(component, ".//NewsLines/HeadLine"));
    p.credit = xml::text(first(component, ".//NewsLines/CreditLine"));
    if (p.credit.empty()) p.credit = provider;
    p.alt = cut_at_word(p.caption.empty() ? d.headline : p.caption, 250);
    d.pictures.push_back(std::move(p));
  }
}

Result<Dispatch> item_dispatch(pugi::xml_node item) {
  Dispatch d;
  d.source_format = "newsml-1.2";
  auto id = first(item, "Identification/NewsIdentifier");
  std::string public_id = xml::text(first(id, "PublicIdentifier"));
  std::string revision = xml::text(first(id, "RevisionId"));
  if (!revision.empty()) {
    auto [end, ec] = std::from_chars(revision.data(), revision.data() + revision.size(), d.version);
    if (ec != std::errc())
      return make_error(ErrorCode::invalid_input, "bad RevisionId " + revision);
  }
  // The public identifier ends with the revision; the guid is what stays.
  std::string suffix = ":" + revision;
  d.guid = !revision.empty() && public_id.ends_with(suffix)
               ? public_id.substr(0, public_id.size() - suffix.size())
               : public_id;
  if (d.guid.empty()) {
    d.guid = "urn:newsml:" + xml::text(first(id, "ProviderId")) + ":" +
             xml::text(first(id, "DateId")) + ":" + xml::text(first(id, "NewsItemId"));
  }
  auto management = first(item, "NewsManagement");
  auto created = parse_iso8601(xml::text(first(management, "FirstCreated")));
  auto revised = parse_iso8601(xml::text(first(management, "ThisRevisionCreated")));
  if (!created && !revised) {
    return make_error(ErrorCode::invalid_input,
                      "NewsItem without FirstCreated or ThisRevisionCreated");
  }
  d.first_created = created ? *created : *revised;
  d.version_created = revised ? *revised : *created;
  std::string status = formal(first(management, "Status"));
  if (status == "Canceled" || status == "Cancelled" || status == "Withheld") {
    d.status = WireStatus::withdrawn;
  }
  if (auto embargo = parse_iso8601(xml::text(first(management, "StatusWillChange/DateAndTime")));
      embargo && status == "Embargoed") {
    d.embargoed = embargo;
  }
  d.headline = xml::text(first(item, ".//NewsLines/HeadLine"));
  if (d.headline.empty()) return make_error(ErrorCode::invalid_input, "NewsItem without HeadLine");
  std::string party = formal(first(item, ".//AdministrativeMetadata/Provider/Party"));
  std::string provider_id = xml::text(first(id, "ProviderId"));
  d.provider = known_provider(party);
  if (d.provider.empty()) d.provider = !party.empty() ? party : known_provider(provider_id);
  if (d.provider.empty()) d.provider = provider_id;
  d.creditline = xml::text(first(item, ".//NewsLines/CreditLine"));
  d.language = formal(first(item, ".//DescriptiveMetadata/Language"));
  if (d.language.empty()) d.language = std::string(xml::attr(item, "lang"));
  for (auto s : item.select_nodes(".//DescriptiveMetadata/SubjectCode/*")) {
    std::string code = "iptc:" + formal(s.node());
    bool seen = false;
    for (const auto& x : d.subjects) seen = seen || x.code == code;
    if (!seen && d.subjects.size() < kMaxSubjects) d.subjects.push_back({code, ""});
  }
  for (auto k : item.select_nodes(".//DescriptiveMetadata/Property[@FormalName='Keyword']")) {
    std::string word = collapse_whitespace(xml::attr(k.node(), "Value"));
    if (!word.empty() && d.subjects.size() < kMaxSubjects)
      d.subjects.push_back({"keyword:" + word, word});
  }
  for (const auto& name : byline_names(xml::text(first(item, ".//NewsLines/ByLine")))) {
    d.contributors.push_back({name, ContributorRole::reporter, "ByLine"});
  }
  std::string dateline = xml::text(first(item, ".//NewsLines/DateLine"));
  auto text = first(item, ".//ContentItem[MediaType/@FormalName='Text']/DataContent");
  Body body;
  body.dateline = dateline;
  if (text) body = extract_body(text, dateline, {});
  d.body_html = std::move(body.html);
  drop_initials(d.body_html);
  d.dateline = std::move(body.dateline);
  d.description = cut_at_word(html_to_text(d.body_html), kMaxDescriptionChars);
  add_photos(item, d.provider, d);
  drop_repeated_headline(d.body_html, d.headline);
  return d;
}

}  // namespace

std::vector<ParsedItem> parse(pugi::xml_node root) {
  std::vector<ParsedItem> out;
  std::size_t i = 0;
  for (auto item : root.children("NewsItem")) {
    if (i >= kMaxItemsPerDocument) break;
    auto d = item_dispatch(item);
    std::string label = d ? d->guid : "NewsItem #" + std::to_string(i + 1);
    out.push_back({label, std::move(d)});
    ++i;
  }
  if (out.empty()) {
    out.push_back({"NewsML", make_error(ErrorCode::invalid_input, "NewsML without a NewsItem")});
  }
  return out;
}

}  // namespace depeche::ingest::newsml1
