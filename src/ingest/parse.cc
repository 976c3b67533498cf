#include "ingest/parse.h"

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

// Conventions that hold whatever the format: "CORRECTED-Headline" (Reuters),
// "CORRECTION: …", "RECTIFICATIF - …" mark a correction; the page shows a
// "Rectificatif" note instead of the prefix.
void apply_conventions(Dispatch& d) {
  static constexpr std::string_view kPrefixes[] = {
      "CORRECTED-",    "CORRECTED - ",    "CORRECTION-",   "CORRECTION: ",
      "RECTIFICATIF-", "RECTIFICATIF - ", "RECTIFICATIF: "};
  for (auto prefix : kPrefixes) {
    if (d.headline.starts_with(prefix) && d.headline.size() > prefix.size()) {
      d.headline.erase(0, prefix.size());
      d.correction = true;
      break;
    }
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
