#pragma once
// IPTC NewsML 1.2 (still sent by AFP and Belga): each NewsItem with a text
// component becomes a dispatch; photo components with a Href become its
// pictures. No namespace; elements are matched by name.

#include <pugixml.hpp>
#include <vector>

#include "ingest/parse.h"

namespace depeche::ingest::newsml1 {

std::vector<ParsedItem> parse(pugi::xml_node root);

}  // namespace depeche::ingest::newsml1
