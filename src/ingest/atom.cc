// Atom 1.0 feeds (RFC 4287), with xml:base resolution for links.

#include <sstream>

#include "core/text.h"
#include "ingest/dates.h"
#include "ingest/feed.h"
#include "ingest/fields.h"
#include "ingest/sanitize.h"
#include "ingest/xml.h"

namespace depeche::ingest::feed {
namespace {

constexpr std::string_view A = xml::kAtom;

// Resolves `ref` against `base` (RFC 3986, the cases feeds use: absolute
// URLs, scheme-relative, absolute paths, relative paths with "./" and "../").
std::string resolve(const std::string& base, const std::string& ref) {
  if (ref.find("://") != std::string::npos || base.empty()) return ref;
  auto scheme_end = base.find("://");
  if (ref.starts_with("//")) {
    return scheme_end == std::string::npos ? ref : base.substr(0, scheme_end + 1) + ref;
  }
  auto authority_end = scheme_end == std::string::npos ? 0 : base.find('/', scheme_end + 3);
  if (authority_end == std::string::npos) authority_end = base.size();
  std::string root = base.substr(0, authority_end);
  std::string path = ref.starts_with("/")
                         ? ref
                         : base.substr(authority_end, base.rfind('/') + 1 - authority_end) + ref;
  if (ref.empty()) return base;
  // Remove "." and ".." segments.
  std::vector<std::string> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    std::string seg =
        path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (seg != ".") {
      parts.push_back(seg);
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::string out = root;
  for (std::size_t i = 0; i < parts.size(); ++i) out += "/" + parts[i];
  if ((path.ends_with("/") || path.ends_with("/.") || path.ends_with("/..")) &&
      !out.ends_with("/")) {
    out += "/";
  }
  return out;
}

// The xml:base in effect at `n`, nested bases resolved outwards in.
std::string base_of(pugi::xml_node n) {
  std::vector<std::string> bases;
  for (auto p = n; p && p.type() == pugi::node_element; p = p.parent()) {
    if (auto b = p.attribute("xml:base")) bases.push_back(b.value());
  }
  std::string base;
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) base = resolve(base, *it);
  return base;
}

// Atom text constructs: text, html (escaped or CDATA), or xhtml (a div).
std::string construct_html(pugi::xml_node n) {
  if (!n) return {};
  std::string_view type = xml::attr(n, "type");
  if (type == "xhtml") {
    auto div = xml::child(n, xml::kXhtml, "div");
    std::string out;
    for (auto c : (div ? div : n).children()) {
      std::ostringstream s;
      c.print(s, "", pugi::format_raw);
      out += s.str();
    }
    return out;
  }
  std::string text = n.text().get();
  if (text.empty()) text = xml::text(n);
  if (type == "html" || type == "text/html") return text;
  return "<p>" + escape_html(text) + "</p>";
}

Result<Dispatch> entry_dispatch(pugi::xml_node entry, const std::string& provider,
                                const std::string& language) {
  Entry e;
  e.format = "atom";
  e.provider = provider;
  e.language = std::string(xml::attr(entry, "lang"));
  if (e.language.empty()) e.language = language;
  e.guid = xml::text(xml::child(entry, A, "id"));
  e.title = html_to_text(construct_html(xml::child(entry, A, "title")));
  e.body_html = construct_html(xml::child(entry, A, "content"));
  e.summary_html = construct_html(xml::child(entry, A, "summary"));
  std::string updated = xml::text(xml::child(entry, A, "updated"));
  std::string published = xml::text(xml::child(entry, A, "published"));
  if (!updated.empty() && !(e.updated = parse_feed_date(updated))) {
    return make_error(ErrorCode::invalid_input, "unreadable updated date \"" + updated + "\"");
  }
  if (!published.empty() && !(e.published = parse_feed_date(published))) {
    return make_error(ErrorCode::invalid_input, "unreadable published date \"" + published + "\"");
  }
  for (auto a : xml::children(entry, A, "author")) {
    e.authors.push_back(xml::text(xml::child(a, A, "name")));
  }
  for (auto c : xml::children(entry, A, "category")) {
    std::string label(xml::attr(c, "label"));
    e.categories.push_back(label.empty() ? std::string(xml::attr(c, "term")) : label);
  }
  add_media_pictures(entry, provider, e);
  for (auto link : xml::children(entry, A, "link")) {
    std::string_view rel = xml::attr(link, "rel"), type = xml::attr(link, "type");
    if (rel == "enclosure" && type.starts_with("image/") && e.pictures.empty()) {
      Picture p;
      p.href = resolve(base_of(link), std::string(xml::attr(link, "href")));
      p.content_type = std::string(type);
      p.alt = e.title;
      p.caption = std::string(xml::attr(link, "title"));
      p.credit = provider;
      e.pictures.push_back(std::move(p));
    }
  }
  if (e.guid.empty()) {
    // Atom requires an id; a link resolved against xml:base is the next best.
    if (auto link = xml::child(entry, A, "link")) {
      e.guid = resolve(base_of(link), std::string(xml::attr(link, "href")));
    }
  }
  return to_dispatch(std::move(e));
}

}  // namespace

std::vector<ParsedItem> parse_atom(pugi::xml_node root) {
  std::string provider = xml::text(xml::child(xml::child(root, A, "author"), A, "name"));
  std::string title = html_to_text(construct_html(xml::child(root, A, "title")));
  if (!title.empty()) provider = title;
  std::string language(xml::attr(root, "lang"));
  std::vector<ParsedItem> out;
  std::size_t i = 0;
  for (auto entry : xml::children(root, A, "entry")) {
    if (i >= kMaxItemsPerDocument) break;
    auto d = entry_dispatch(entry, provider, language);
    std::string label = d ? d->guid : "entry #" + std::to_string(i + 1);
    out.push_back({label, std::move(d)});
    ++i;
  }
  return out;
}

}  // namespace depeche::ingest::feed
