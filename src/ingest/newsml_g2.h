#pragma once
// IPTC NewsML-G2: newsMessage, newsItem and packageItem roots. Text items
// become dispatches; picture items are attached to the text that refers
// to them (itemMeta/link, package groups, or the only text of a message).

#include <pugixml.hpp>
#include <vector>

#include "ingest/parse.h"

namespace depeche::ingest::newsml_g2 {

// `root` is in the G2 namespace. Never fails as a whole: each item carries
// its own result.
std::vector<ParsedItem> parse(pugi::xml_node root);

}  // namespace depeche::ingest::newsml_g2
