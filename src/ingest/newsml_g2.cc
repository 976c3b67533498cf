#include "ingest/newsml_g2.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "core/time.h"
#include "ingest/body.h"
#include "ingest/fields.h"
#include "ingest/sanitize.h"
#include "ingest/xml.h"

namespace depeche::ingest::newsml_g2 {
namespace {

using xml::child;
using xml::children;
constexpr std::string_view G2 = xml::kNewsMlG2;
constexpr std::size_t kMaxSubjects = 64;
constexpr std::size_t kMaxContributors = 32;
constexpr std::size_t kMaxAltChars = 250;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "ninat:text" -> "text", "icls:picture" -> "picture".
std::string code_of(std::string_view qcode) {
  auto colon = qcode.find(':');
  return lower(colon == std::string_view::npos ? qcode : qcode.substr(colon + 1));
}

std::string item_class(pugi::xml_node item) {
  return code_of(xml::attr(child(child(item, G2, "itemMeta"), G2, "itemClass"), "qcode"));
}

// A display name for the provider: its <name>, else a known agency code,
// else the literal or code as given.
std::string provider_name(pugi::xml_node meta) {
  auto p = child(meta, G2, "provider");
  if (auto name = xml::text(child(p, G2, "name")); !name.empty()) return name;
  std::string raw(xml::attr(p, "literal"));
  if (raw.empty()) raw = std::string(xml::attr(p, "qcode"));
  if (raw.empty()) raw = std::string(xml::attr(p, "uri"));
  std::string code = code_of(raw);
  if (auto known = known_provider(code); !known.empty()) return known;
  if (raw.starts_with("http://") || raw.starts_with("https://")) return host_of(raw);
  auto colon = raw.find(':');
  return colon == std::string::npos ? raw : raw.substr(colon + 1);
}

std::optional<ContributorRole> role_from(std::string_view qcode) {
  std::string c = code_of(qcode);
  if (c == "source" || c == "origprov" || c == "distributor") return std::nullopt;  // not a person
  if (c == "rpt" || c == "reporter" || c == "author" || c == "correspondent") {
    return ContributorRole::reporter;
  }
  if (c == "writer" || c == "wri") return ContributorRole::writer;
  if (c == "edt" || c == "editor" || c == "ed" || c == "descrwriter")
    return ContributorRole::editor;
  if (c == "trl" || c == "translator" || c == "translation" || c == "tra") {
    return ContributorRole::translator;
  }
  if (c == "pht" || c == "photographer" || c == "pho") return ContributorRole::photographer;
  return ContributorRole::other;
}

std::string person_name(pugi::xml_node n) {
  if (auto name = xml::text(child(n, G2, "name")); !name.empty()) return name;
  if (auto lit = xml::attr(n, "literal"); !lit.empty()) return collapse_whitespace(lit);
  return {};
}

std::vector<Contributor> contributors(pugi::xml_node cm, const std::string& provider) {
  std::vector<Contributor> out;
  auto add = [&](const std::string& name, ContributorRole role, std::string label) {
    if (name.empty() || name == provider || out.size() >= kMaxContributors) return;
    for (const auto& c : out) {
      if (c.name == name) return;  // dpa lists the same person as creator and contributor
    }
    out.push_back({name, role, std::move(label)});
  };
  for (auto local : {"creator", "contributor"}) {
    for (auto n : children(cm, G2, local)) {
      std::string_view qcode = xml::attr(n, "role");
      auto role = qcode.empty() ? std::optional(std::string_view(local) == "creator"
                                                    ? ContributorRole::reporter
                                                    : ContributorRole::other)
                                : role_from(qcode);
      if (!role) continue;
      add(person_name(n), *role, std::string(qcode));
    }
  }
  bool has_reporter = std::any_of(out.begin(), out.end(), [](const Contributor& c) {
    return c.role == ContributorRole::reporter || c.role == ContributorRole::writer;
  });
  if (!has_reporter) {
    for (const auto& name : byline_names(xml::text(child(cm, G2, "by")))) {
      add(name, ContributorRole::reporter, "by");
    }
  }
  return out;
}

std::vector<Subject> subjects(pugi::xml_node cm) {
  std::vector<Subject> out;
  std::set<std::string> seen;
  for (auto s : children(cm, G2, "subject")) {
    std::string code(xml::attr(s, "qcode"));
    if (code.empty()) code = std::string(xml::attr(s, "uri"));
    if (code.empty() || !seen.insert(code).second || out.size() >= kMaxSubjects) continue;
    out.push_back({code, xml::text(child(s, G2, "name"))});
  }
  return out;
}

Result<Timestamp> time_of(pugi::xml_node n, std::string_view what) {
  auto text = xml::text(n);
  auto t = parse_iso8601(text);
  if (!t) return make_error(ErrorCode::invalid_input, "bad " + std::string(what) + ": " + text);
  return *t;
}

// The picture an item describes, from its best rendition.
std::optional<Picture> picture_of(pugi::xml_node item) {
  auto meta = child(item, G2, "itemMeta");
  auto cm = child(item, G2, "contentMeta");
  pugi::xml_node best;
  int best_width = -1;
  for (auto rc : children(child(item, G2, "contentSet"), G2, "remoteContent")) {
    int width = 0;
    std::string_view w = xml::attr(rc, "width");
    std::from_chars(w.data(), w.data() + w.size(), width);
    int score = rendition_score(code_of(xml::attr(rc, "rendition")), {}, width);
    if (score > best_width) best = rc, best_width = score;
  }
  if (!best || xml::attr(best, "href").empty()) return std::nullopt;
  Picture p;
  p.href = collapse_whitespace(xml::attr(best, "href"));
  p.content_type = std::string(xml::attr(best, "contenttype"));
  auto num = [](std::string_view v) {
    int n = 0;
    std::from_chars(v.data(), v.data() + v.size(), n);
    return n;
  };
  p.width = num(xml::attr(best, "width"));
  p.height = num(xml::attr(best, "height"));
  std::string headline = xml::text(child(cm, G2, "headline"));
  p.caption = xml::text(child(cm, G2, "description"));
  if (p.caption.empty()) p.caption = headline;
  p.alt = cut_at_word(headline.empty() ? p.caption : headline, kMaxAltChars);
  p.credit = xml::text(child(cm, G2, "creditline"));
  if (p.credit.empty()) {
    std::string by = xml::text(child(cm, G2, "by"));
    p.credit = provider_name(meta) + (by.empty() ? "" : " / " + by);
  }
  return p;
}

Result<Dispatch> text_item(pugi::xml_node item) {
  Dispatch d;
  d.source_format = "newsml-g2";
  d.guid = collapse_whitespace(xml::attr(item, "guid"));
  if (d.guid.empty()) return make_error(ErrorCode::invalid_input, "item has no guid");
  std::string_view v = xml::attr(item, "version");
  if (!v.empty()) {
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d.version);
    if (ec != std::errc() || end != v.data() + v.size()) {
      return make_error(ErrorCode::invalid_input, "bad version: " + std::string(v));
    }
  }
  auto meta = child(item, G2, "itemMeta");
  auto cm = child(item, G2, "contentMeta");
  d.provider = provider_name(meta);
  auto version_created = child(meta, G2, "versionCreated");
  auto first_created = child(meta, G2, "firstCreated");
  if (!version_created && !first_created) {
    return make_error(ErrorCode::invalid_input, "item has no versionCreated or firstCreated");
  }
  d.version_created =
      DEPECHE_TRY(time_of(version_created ? version_created : first_created, "versionCreated"));
  d.first_created =
      first_created ? DEPECHE_TRY(time_of(first_created, "firstCreated")) : d.version_created;
  if (auto emb = child(meta, G2, "embargoed"); emb && !xml::text(emb).empty()) {
    d.embargoed = DEPECHE_TRY(time_of(emb, "embargoed"));
  }
  for (auto signal : children(meta, G2, "signal")) {
    std::string_view qcode = xml::attr(signal, "qcode");
    if (qcode == "sig:correction" || qcode == "edStat:C") d.correction = true;
  }
  std::string status = code_of(xml::attr(child(meta, G2, "pubStatus"), "qcode"));
  if (status == "canceled" || status == "cancelled" || status == "withheld") {
    d.status = WireStatus::withdrawn;
  }
  d.headline = xml::text(child(cm, G2, "headline"));
  if (d.headline.empty()) d.headline = xml::text(child(meta, G2, "title"));
  d.creditline = xml::text(child(cm, G2, "creditline"));
  if (d.provider.empty()) {
    // Pages always name a source: the credit line, else the info source.
    d.provider = !d.creditline.empty()
                     ? d.creditline
                     : collapse_whitespace(xml::attr(child(cm, G2, "infoSource"), "literal"));
  }
  d.language = std::string(xml::attr(child(cm, G2, "language"), "tag"));
  if (d.language.empty()) d.language = std::string(xml::attr(item, "lang"));
  d.contributors = contributors(cm, d.provider);
  d.subjects = subjects(cm);
  std::string wire_dateline = xml::text(child(cm, G2, "dateline"));
  std::string byline = xml::text(child(cm, G2, "by"));

  auto set = child(item, G2, "contentSet");
  Body body;
  if (auto inline_xml = child(set, G2, "inlineXML")) {
    body = extract_body(inline_xml, wire_dateline, byline);
  } else if (auto inline_data = child(set, G2, "inlineData")) {
    body = plain_text_body(inline_data.text().get(), wire_dateline);
  } else {
    body.dateline = looks_like_timestamp(wire_dateline) ? "" : wire_dateline;
  }
  d.body_html = std::move(body.html);
  d.dateline = collapse_whitespace(body.dateline);
  for (auto desc : children(cm, G2, "description")) {
    std::string role = code_of(xml::attr(desc, "role"));
    if (role.empty() || role == "summary" || role == "abstract") {
      d.description = cut_at_word(html_to_text(xml::text(desc)), kMaxDescriptionChars);
      d.description_from_wire = !d.description.empty();
      break;
    }
  }
  if (d.description.empty()) d.description = cut_at_word(body.text, kMaxDescriptionChars);
  if (d.headline.empty()) return make_error(ErrorCode::invalid_input, "item has no headline");
  drop_repeated_headline(d.body_html, d.headline);
  // A text item may carry a headline alone (IPTC's own LISTING 1 does): it
  // is published as such, as a newsroom's flash would be.
  return d;
}

std::string label_of(pugi::xml_node item, std::size_t index) {
  std::string guid = collapse_whitespace(xml::attr(item, "guid"));
  return guid.empty() ? std::string(xml::local_name(item)) + " #" + std::to_string(index + 1)
                      : guid;
}

// Every guid an item refers to: itemMeta links, and package item refs.
// The item's version attribute; 1 when absent or unreadable (a picture or
// package is still worth keeping, and a readable later version wins).
std::uint64_t version_of(pugi::xml_node item) {
  std::string_view v = xml::attr(item, "version");
  std::uint64_t out = 1;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && end == v.data() + v.size() ? out : 1;
}

std::vector<std::string> references(pugi::xml_node item) {
  std::vector<std::string> out;
  for (auto link : children(child(item, G2, "itemMeta"), G2, "link")) {
    if (auto r = xml::attr(link, "residref"); !r.empty()) out.push_back(collapse_whitespace(r));
  }
  for (auto ref : item.select_nodes(".//*[local-name()='itemRef']")) {
    if (auto r = xml::attr(ref.node(), "residref"); !r.empty())
      out.push_back(collapse_whitespace(r));
  }
  return out;
}

}  // namespace

std::vector<ParsedItem> parse(pugi::xml_node root) {
  std::vector<pugi::xml_node> items;
  if (xml::local_name(root) == "newsMessage") {
    for (auto set : children(root, G2, "itemSet")) {
      for (auto item : set.children()) {
        if (item.type() == pugi::node_element && items.size() < kMaxItemsPerDocument) {
          items.push_back(item);
        }
      }
    }
  } else {
    items.push_back(root);
  }

  std::map<std::string, Picture> pictures;  // by picture item guid
  std::map<std::string, std::size_t> picture_at;
  std::vector<std::size_t> texts, packages;
  std::vector<ParsedItem> out;
  std::map<std::size_t, std::string> refused;  // item index -> reason, reported at the end
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto item = items[i];
    std::string local(xml::local_name(item));
    std::string cls = item_class(item);
    if (local == "packageItem") {
      packages.push_back(i);
    } else if (local != "newsItem") {
      refused[i] = local + " is not an article (only newsItem and packageItem are)";
    } else if (cls == "picture" || cls == "graphic") {
      if (auto p = picture_of(item)) {
        std::string guid = collapse_whitespace(xml::attr(item, "guid"));
        picture_at[guid] = i;
        pictures.emplace(guid, std::move(*p));
      } else {
        refused[i] = "picture item without a usable rendition";
      }
    } else if (cls == "text" || (cls.empty() && child(item, G2, "contentSet"))) {
      texts.push_back(i);
    } else if (cls == "composite") {
      refused[i] = "composite item (events, planning) is not an article";
    } else {
      refused[i] = cls + " item without text is not supported";
    }
  }

  // Which pictures go with which text, when both are in this document.
  std::map<std::size_t, std::vector<std::string>> attach;
  std::set<std::string> used;
  auto guid_of = [&](std::size_t i) { return collapse_whitespace(xml::attr(items[i], "guid")); };
  for (auto t : texts) {
    for (const auto& r : references(items[t])) {
      if (pictures.contains(r)) attach[t].push_back(r);
    }
  }
  for (auto pk : packages) {
    auto refs = references(items[pk]);
    for (auto t : texts) {
      if (std::find(refs.begin(), refs.end(), guid_of(t)) == refs.end()) continue;
      for (const auto& r : refs) {
        if (pictures.contains(r)) attach[t].push_back(r);
      }
    }
  }
  if (attach.empty() && texts.size() == 1) {
    for (const auto& [guid, p] : pictures) attach[texts.front()].push_back(guid);
  }

  for (auto t : texts) {
    auto d = text_item(items[t]);
    if (d) {
      for (const auto& g : attach[t]) {
        if (std::none_of(d->pictures.begin(), d->pictures.end(),
                         [&](const Picture& p) { return p.href == pictures[g].href; })) {
          d->pictures.push_back(pictures[g]);
        }
        used.insert(g);
      }
    }
    out.push_back({label_of(items[t], t), std::move(d), std::nullopt});
  }
  // Packages are kept even when their text is here: a picture they list may
  // come in a later file. Pictures not used here wait for their text.
  for (auto pk : packages) {
    LinkedItem link{
        LinkedItem::Kind::package, guid_of(pk), version_of(items[pk]), {}, references(items[pk])};
    if (link.guid.empty() || link.members.empty()) {
      refused[pk] = link.guid.empty() ? "package item has no guid" : "package item lists no items";
      continue;
    }
    out.push_back({label_of(items[pk], pk),
                   make_error(ErrorCode::unsupported, "package item is not an article"),
                   std::move(link)});
  }
  for (const auto& [guid, i] : picture_at) {
    if (used.contains(guid) || guid.empty()) continue;
    LinkedItem link{LinkedItem::Kind::picture, guid, version_of(items[i]), pictures[guid], {}};
    out.push_back({label_of(items[i], i),
                   make_error(ErrorCode::unsupported, "picture item is not an article"),
                   std::move(link)});
  }
  for (const auto& [i, reason] : refused) {
    out.push_back(
        {label_of(items[i], i), make_error(ErrorCode::unsupported, reason), std::nullopt});
  }
  return out;
}

}  // namespace depeche::ingest::newsml_g2
