#include "ingest/ninjs.h"

#include <charconv>

#include "core/text.h"
#include "core/time.h"
#include "ingest/body.h"
#include "ingest/fields.h"
#include "ingest/sanitize.h"

namespace depeche::ingest::ninjs {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxAltChars = 250;
// A rendition's side in pixels; beyond this it is a feed's error, read as unknown.
constexpr double kMaxPixels = 100'000;

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return collapse_whitespace(it->get<std::string>());
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return {};
}

// Width and height as numbers of any JSON kind; 0 when absent, not a number or out of
// range (5e99 or -1 must not reach an int: converting them is undefined behaviour).
int pixels(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return 0;
  double v = it->get<double>();
  return v >= 0 && v <= kMaxPixels ? static_cast<int>(v) : 0;
}

// ninjs 1.x has one "headline"; 2.x/3.x a list of {role, value}.
std::string first_of(const Json& j, const char* single, const char* list,
                     std::string_view preferred_role) {
  if (auto s = str(j, single); !s.empty()) return s;
  auto it = j.find(list);
  if (it == j.end() || !it->is_array()) return {};
  std::string fallback;
  for (const auto& e : *it) {
    if (!e.is_object()) continue;
    std::string value = str(e, "value");
    if (str(e, "role") == preferred_role && !value.empty()) return value;
    if (fallback.empty()) fallback = value;
  }
  return fallback;
}

// Collections that 1.x keys by name and 3.x lists: visit each element.
template <class F>
void each(const Json& j, const char* key, F f) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if (it->is_array()) {
    for (const auto& e : *it) {
      if (e.is_object()) f(e, str(e, "name"));
    }
  } else if (it->is_object()) {
    for (const auto& [name, e] : it->items()) {
      if (e.is_object()) f(e, name);
    }
  }
}

std::optional<Picture> picture_of(const Json& assoc, const std::string& fallback_provider) {
  const Json* best = nullptr;
  int best_score = -1;
  each(assoc, "renditions", [&](const Json& r, const std::string& name) {
    if (str(r, "href").empty()) return;
    std::string type = str(r, "contentType");
    if (!type.empty() && !type.starts_with("image/")) return;
    int score = rendition_score(name, str(r, "title"), pixels(r, "width"));
    if (score > best_score) best = &r, best_score = score;
  });
  if (!best) return std::nullopt;
  Picture p;
  p.href = str(*best, "href");
  p.content_type = str(*best, "contentType");
  p.width = pixels(*best, "width");
  p.height = pixels(*best, "height");
  p.caption = first_of(assoc, "description_text", "descriptions", "caption");
  std::string headline = first_of(assoc, "headline", "headlines", "main");
  p.alt = cut_at_word(headline.empty() ? p.caption : headline, kMaxAltChars);
  if (p.caption.empty()) p.caption = headline;
  p.credit = str(assoc, "by");
  if (p.credit.empty()) p.credit = str(assoc, "copyrightHolder");
  if (p.credit.empty()) p.credit = fallback_provider;
  return p;
}

std::string provider_of(const Json& doc) {
  std::string holder = str(doc, "copyrightHolder");
  if (auto known = known_provider(holder); !known.empty()) return known;
  if (!holder.empty()) return holder;
  std::string uri = str(doc, "uri");
  // "urn:newsml:dpa.com:…" and "http://host/…" both name their issuer.
  if (uri.starts_with("urn:newsml:")) {
    std::string domain = uri.substr(11, uri.find(':', 11) - 11);
    auto known = known_provider(domain);
    return known.empty() ? domain : known;
  }
  if (uri.starts_with("http")) return host_of(uri);
  return {};
}

Result<Timestamp> time_field(const Json& doc, const char* key) {
  auto text = str(doc, key);
  auto t = parse_iso8601(text);
  if (!t) return make_error(ErrorCode::invalid_input, std::string("bad ") + key + ": " + text);
  return *t;
}

Result<Dispatch> text_item(const Json& doc) {
  Dispatch d;
  d.source_format = "ninjs";
  d.guid = str(doc, "uri");
  if (d.guid.empty()) d.guid = str(doc, "guid");
  if (d.guid.empty()) return make_error(ErrorCode::invalid_input, "ninjs item has no uri");
  if (auto v = str(doc, "version"); !v.empty()) {
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d.version);
    if (ec != std::errc() || end != v.data() + v.size()) {
      return make_error(ErrorCode::invalid_input, "bad version: " + v);
    }
  }
  d.provider = provider_of(doc);
  // ninjs 1.x spells these in lower case, 2.x and 3.x in camel case.
  const char* version_key = !str(doc, "versionCreated").empty()   ? "versionCreated"
                            : !str(doc, "versioncreated").empty() ? "versioncreated"
                                                                  : nullptr;
  const char* first_key = !str(doc, "firstCreated").empty()   ? "firstCreated"
                          : !str(doc, "firstcreated").empty() ? "firstcreated"
                                                              : nullptr;
  if (!version_key && !first_key) {
    return make_error(ErrorCode::invalid_input, "ninjs item has no versionCreated or firstCreated");
  }
  d.version_created = DEPECHE_TRY(time_field(doc, version_key ? version_key : first_key));
  d.first_created = first_key ? DEPECHE_TRY(time_field(doc, first_key)) : d.version_created;
  if (!str(doc, "embargoed").empty()) d.embargoed = DEPECHE_TRY(time_field(doc, "embargoed"));
  std::string status = str(doc, "pubStatus");
  if (status.empty()) status = str(doc, "pubstatus");
  if (status == "canceled" || status == "cancelled" || status == "withheld") {
    d.status = WireStatus::withdrawn;
  }
  d.headline = first_of(doc, "headline", "headlines", "main");
  d.language = str(doc, "language");
  for (const auto& name : byline_names(str(doc, "by"))) {
    // "Christian Hollmann, dpa": the agency is the provider, not a person.
    if (known_provider(name).empty() && name != d.provider) {
      d.contributors.push_back({name, ContributorRole::reporter, "by"});
    }
  }
  each(doc, "subjects", [&](const Json& s, const std::string&) {
    std::string code = str(s, "uri");
    if (code.empty()) code = str(s, "code");
    std::string name = str(s, "name");
    if (name.empty()) name = str(s, "literal");
    if (!code.empty() || !name.empty()) d.subjects.push_back({code, name});
  });

  // The richest body wins: HTML, else plain text.
  std::string html = str(doc, "body_html"), text = str(doc, "body_text");
  each(doc, "bodies", [&](const Json& b, const std::string&) {
    std::string type = str(b, "contentType");
    auto it = b.find("value");
    if (it == b.end() || !it->is_string()) return;
    if ((type == "text/html" || type.find("html") != std::string::npos) && html.empty()) {
      html = it->get<std::string>();
    } else if (type == "text/plain" && text.empty()) {
      text = it->get<std::string>();
    }
  });
  Body body = !html.empty() ? html_body(html, {}) : plain_text_body(text, {});
  d.body_html = std::move(body.html);
  d.dateline = std::move(body.dateline);
  d.description = first_of(doc, "description_text", "descriptions", "summary");
  if (d.description.empty())
    d.description = cut_at_word(body.text, kMaxDescriptionChars);
  else {
    d.description = cut_at_word(html_to_text(d.description), kMaxDescriptionChars);
    d.description_from_wire = !d.description.empty();
  }

  each(doc, "associations", [&](const Json& a, const std::string&) {
    std::string type = str(a, "type");
    if (type != "picture" && type != "graphic" && type != "image") return;
    if (auto p = picture_of(a, d.provider)) d.pictures.push_back(std::move(*p));
  });
  if (d.headline.empty()) return make_error(ErrorCode::invalid_input, "item has no headline");
  drop_repeated_headline(d.body_html, d.headline);
  return d;
}

}  // namespace

bool is_item(const nlohmann::json& doc) {
  return doc.is_object() && !doc.contains("$schema") &&
         (doc.contains("uri") || doc.contains("guid")) &&
         (doc.contains("headlines") || doc.contains("headline") || doc.contains("bodies") ||
          doc.contains("body_html") || doc.contains("renditions") || doc.contains("type"));
}

std::vector<ParsedItem> parse(const nlohmann::json& doc) {
  std::string label = str(doc, "uri");
  if (label.empty()) label = "ninjs item";
  std::string type = str(doc, "type");
  if (type.empty()) type = "text";
  if (type == "picture" || type == "graphic" || type == "image") {
    // Kept until a package or text links it to its article.
    std::string guid = str(doc, "uri");
    if (guid.empty()) guid = str(doc, "guid");
    auto picture = picture_of(doc, provider_of(doc));
    if (!picture || guid.empty()) {
      return {{label,
               make_error(ErrorCode::unsupported, picture ? "picture item without uri"
                                                          : "picture item without a rendition"),
               std::nullopt}};
    }
    std::uint64_t version = 1;  // ninjs gives a string ("0"), some feeds a number
    if (auto it = doc.find("version"); it != doc.end() && it->is_number_unsigned()) {
      version = it->get<std::uint64_t>();
    } else if (auto v = str(doc, "version"); !v.empty()) {
      std::from_chars(v.data(), v.data() + v.size(), version);
    }
    return {{label, make_error(ErrorCode::unsupported, "picture item is not an article"),
             LinkedItem{LinkedItem::Kind::picture, guid, version, std::move(*picture), {}}}};
  }
  if (type == "video" || type == "audio") {
    return {{label, make_error(ErrorCode::unsupported, type + " item is not an article"),
             std::nullopt}};
  }
  if (type != "text" && type != "composite") {
    return {
        {label, make_error(ErrorCode::unsupported, "ninjs " + type + " item is not an article")}};
  }
  std::vector<ParsedItem> out;
  auto text = text_item(doc);
  // Pictures named only by their uri come in files of their own: the text
  // keeps the link so that they join it when they arrive.
  std::vector<std::string> members;
  if (text) {
    each(doc, "associations", [&](const Json& a, const std::string&) {
      std::string kind = str(a, "type");
      if (kind != "picture" && kind != "graphic" && kind != "image") return;
      std::string uri = str(a, "uri");
      if (!uri.empty() && !picture_of(a, text->provider)) members.push_back(uri);
    });
  }
  std::optional<LinkedItem> links;
  if (!members.empty()) {
    members.insert(members.begin(), text->guid);
    links = LinkedItem{LinkedItem::Kind::package,
                       text->guid + kTextLinksSuffix,
                       text->version,
                       {},
                       std::move(members),
                       /*quiet=*/true};
  }
  out.push_back({label, std::move(text), std::nullopt});
  if (links) {
    out.push_back({label, make_error(ErrorCode::unsupported, "the pictures a text links to"),
                   std::move(links)});
  }
  return out;
}

}  // namespace depeche::ingest::ninjs
