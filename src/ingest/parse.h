#pragma once
// Front door of parsing: the bytes of one agency document in, one Dispatch
// (or the reason it was refused) per item out. Formats are detected from
// the root element's namespace and name, never from the file name.

#include <string>
#include <string_view>
#include <vector>

#include "core/dispatch.h"
#include "core/result.h"

namespace depeche::ingest {

inline constexpr std::size_t kMaxDocumentBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxItemsPerDocument = 1000;

// One item found in a document. `label` names it in reports when it has no
// guid ("newsItem #2"); `dispatch` is the parsed item or why it was refused.
struct ParsedItem {
  std::string label;
  Result<Dispatch> dispatch;
};

// Detects the format and parses every item. Document-level failures (too
// large, not XML, DTD entities, a format not handled yet) are the outer
// error; problems of one item are that item's error.
Result<std::vector<ParsedItem>> parse_document(std::string_view bytes);

}  // namespace depeche::ingest
