#pragma once
// Front door of parsing: the bytes of one agency document in, one Dispatch
// (or the reason it was refused) per item out. Formats are detected from
// the root element's namespace and name, never from the file name.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dispatch.h"
#include "core/result.h"

namespace depeche::ingest {

inline constexpr std::size_t kMaxDocumentBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxItemsPerDocument = 1000;

// An item that is no article but belongs to one: a picture item, or a
// package listing the guids of its text and pictures. Agencies often send
// these in files of their own; ingest keeps them and links them up with
// the text whichever arrives last.
struct LinkedItem {
  enum class Kind { picture, package };
  Kind kind = Kind::picture;
  std::string guid;
  std::uint64_t version = 1;
  Picture picture;                   // kind == picture
  std::vector<std::string> members;  // kind == package: guids, in package order
  // The pictures a text names by guid, kept like a package of its own
  // (guid: the text's + kTextLinksSuffix) without a report line.
  bool quiet = false;
};

inline constexpr const char* kTextLinksSuffix = "#pictures";

// One item found in a document. `label` names it in reports when it has no
// guid ("newsItem #2"); `dispatch` is the parsed article or why there is
// none. When `linked` is set the item is a picture or package to keep, and
// `dispatch` says that it is no article.
struct ParsedItem {
  std::string label;
  Result<Dispatch> dispatch;
  std::optional<LinkedItem> linked;
};

// Detects the format and parses every item. Document-level failures (too
// large, not XML, DTD entities, a format not handled yet) are the outer
// error; problems of one item are that item's error.
Result<std::vector<ParsedItem>> parse_document(std::string_view bytes);

}  // namespace depeche::ingest
