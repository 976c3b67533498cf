// Agency documents as they arrive from the drop folder, the push endpoint or
// a polled feed: any bytes at all. Built once per format (see
// CMakeLists.txt): without a DEPECHE_FUZZ_FORMAT_* definition the input goes
// through the front door, ingest::parse_document; with one, it is read the
// way the front door reads it and handed to that format's parser only when
// the front door would have, so that each format keeps its own corpus.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "ingest/feed.h"
#include "ingest/newsml1.h"
#include "ingest/newsml_g2.h"
#include "ingest/ninjs.h"
#include "ingest/nitf.h"
#include "ingest/parse.h"
#include "ingest/xml.h"

namespace {

using namespace depeche::ingest;

#if defined(DEPECHE_FUZZ_FORMAT_ninjs)
void parse_format(std::string_view bytes) {
  auto json = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !ninjs::is_item(json)) return;
  ninjs::parse(json);
}
#elif defined(DEPECHE_FUZZ_FORMAT_newsml_g2) || defined(DEPECHE_FUZZ_FORMAT_newsml1) || \
    defined(DEPECHE_FUZZ_FORMAT_nitf) || defined(DEPECHE_FUZZ_FORMAT_rss) ||         \
    defined(DEPECHE_FUZZ_FORMAT_atom)
void parse_format(std::string_view bytes) {
  // The same pugixml options as ingest/parse.cc: what the parsers see there.
  pugi::xml_document doc;
  if (!doc.load_buffer(bytes.data(), bytes.size(),
                       pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8)) {
    return;
  }
  pugi::xml_node root = doc.document_element();
  [[maybe_unused]] std::string_view local = xml::local_name(root);
  [[maybe_unused]] std::string_view ns = xml::namespace_of(root);
#if defined(DEPECHE_FUZZ_FORMAT_newsml_g2)
  if (ns == xml::kNewsMlG2) newsml_g2::parse(root);
#elif defined(DEPECHE_FUZZ_FORMAT_newsml1)
  if (local == "NewsML") newsml1::parse(root);
#elif defined(DEPECHE_FUZZ_FORMAT_nitf)
  if (local == "nitf") nitf::parse(root);
#elif defined(DEPECHE_FUZZ_FORMAT_rss)
  if (local == "rss" || local == "RDF") feed::parse_rss(root);
#elif defined(DEPECHE_FUZZ_FORMAT_atom)
  if (local == "feed" && ns == xml::kAtom) feed::parse_atom(root);
#endif
}
#else
void parse_format(std::string_view bytes) {
  static_cast<void>(parse_document(bytes));
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parse_format(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
