#pragma once
// NITF 3.x documents, with or without the NITF namespace (agencies send it
// without): one article per document. Elements are matched by local name.

#include <pugixml.hpp>
#include <vector>

#include "ingest/parse.h"

namespace depeche::ingest::nitf {

std::vector<ParsedItem> parse(pugi::xml_node root);

}  // namespace depeche::ingest::nitf
