#pragma once
// IPTC ninjs (News in JSON) 1.x to 3.x: one item per document. Text items
// carry their pictures as associations; a picture item alone is refused.

#include <nlohmann/json.hpp>
#include <vector>

#include "ingest/parse.h"

namespace depeche::ingest::ninjs {

// True when `doc` looks like a ninjs item (not, say, a JSON Schema).
bool is_item(const nlohmann::json& doc);

std::vector<ParsedItem> parse(const nlohmann::json& doc);

}  // namespace depeche::ingest::ninjs
