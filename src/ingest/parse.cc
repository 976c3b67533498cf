#include "ingest/parse.h"

#include <algorithm>

#include <pugixml.hpp>

#include "ingest/encoding.h"
#include "ingest/feed.h"
#include "ingest/newsml1.h"
#include "ingest/newsml_g2.h"
#include "ingest/ninjs.h"
#include "ingest/nitf.h"
#include "ingest/xml.h"

namespace depeche::ingest {
namespace {

Status refuse_entities(std::string_view doc) {
  // pugixml never expands DTD entities, but a document that defines them
  // expects it: refuse rather than publish "&c;" as text.
  auto doctype = doc.find("<!DOCTYPE");
  if (doctype != std::string_view::npos &&
      doc.find("<!ENTITY", doctype) != std::string_view::npos) {
    return make_error(ErrorCode::invalid_input, "DTD entities are not accepted");
  }
  return {};
}

// The length of `s`'s leading spaces: ASCII, no-break (U+00A0) and narrow
// no-break (U+202F), the ones French typography puts before a colon.
std::size_t leading_spaces(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size()) {
    if (s[n] == ' ') {
      n += 1;
    } else if (s.substr(n).starts_with("\u00A0")) {
      n += std::string_view("\u00A0").size();
    } else if (s.substr(n).starts_with("\u202F")) {
      n += std::string_view("\u202F").size();
    } else {
      break;
    }
  }
  return n;
}

// Conventions that hold whatever the format: "CORRECTED-Headline" (Reuters),
// "CORRECTION: …", "RECTIFICATIF - …", "RECTIFICATIF : …" (French spacing,
// any kind of space), with a hyphen, an en dash or a colon, mark a
// correction; the page shows a "Rectificatif" note instead of the prefix.
void apply_conventions(Dispatch& d) {
  static constexpr std::string_view kKeywords[] = {"CORRECTED", "CORRECTION", "RECTIFICATIF"};
  static constexpr std::string_view kMarks[] = {"-", ":", "\u2013"};
  std::string_view h = d.headline;
  for (auto keyword : kKeywords) {
    if (!h.starts_with(keyword)) continue;
    std::size_t at = keyword.size();
    at += leading_spaces(h.substr(at));
    auto mark = std::find_if(std::begin(kMarks), std::end(kMarks),
                             [&](std::string_view m) { return h.substr(at).starts_with(m); });
    if (mark == std::end(kMarks)) return;
    at += mark->size();
    at += leading_spaces(h.substr(at));
    if (at >= h.size()) return;
    d.headline.erase(0, at);
    d.correction = true;
    return;
  }
}

Result<std::vector<ParsedItem>> parse_any(std::string_view bytes);

}  // namespace

Result<std::vector<ParsedItem>> parse_document(std::string_view bytes) {
  auto items = parse_any(bytes);
  if (!items) return items;
  for (auto& item : *items) {
    if (item.dispatch) apply_conventions(*item.dispatch);
  }
  return items;
}

namespace {

Result<std::vector<ParsedItem>> parse_any(std::string_view bytes) {
  if (bytes.size() > kMaxDocumentBytes) {
    return make_error(ErrorCode::too_large,
                      "document larger than " + std::to_string(kMaxDocumentBytes) + " bytes");
  }
  auto converted = to_utf8(bytes);
  if (!converted) return converted.error();
  const std::string& doc = *converted;
  if (doc.empty()) return make_error(ErrorCode::invalid_input, "empty document");
  if (doc.front() == '{' || doc.front() == '[') {
    auto json = nlohmann::json::parse(doc, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return make_error(ErrorCode::invalid_input, "malformed JSON");
    if (!ninjs::is_item(json)) {
      return make_error(ErrorCode::invalid_input, "JSON that is not a ninjs news item");
    }
    return ninjs::parse(json);
  }
  DEPECHE_TRY(refuse_entities(doc));
  pugi::xml_document xml_doc;
  auto parsed =
      xml_doc.load_buffer(doc.data(), doc.size(),
                          pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!parsed) {
    return make_error(ErrorCode::invalid_input, std::string("malformed XML: ") +
                                                    parsed.description() + " at byte " +
                                                    std::to_string(parsed.offset));
  }
  auto root = xml_doc.document_element();
  std::string_view local = xml::local_name(root);
  std::string_view ns = xml::namespace_of(root);
  if (ns == xml::kNewsMlG2) {
    if (local == "newsMessage" || local == "newsItem" || local == "packageItem") {
      return newsml_g2::parse(root);
    }
    return make_error(ErrorCode::unsupported,
                      "NewsML-G2 " + std::string(local) + " is not an article");
  }
  if (local == "nitf") return nitf::parse(root);
  if (local == "NewsML") return newsml1::parse(root);
  if (local == "rss" || local == "RDF") return feed::parse_rss(root);
  if (local == "feed" && ns == xml::kAtom) return feed::parse_atom(root);
  return make_error(ErrorCode::invalid_input,
                    "not a news document: root element <" + std::string(root.name()) + ">");
}

}  // namespace

}  // namespace depeche::ingest
