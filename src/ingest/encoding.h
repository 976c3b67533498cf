#pragma once
// Agency files arrive in many encodings, and their declarations lie
// (shared corpus notes, §0). Everything is turned into UTF-8 before parsing.

#include <string>
#include <string_view>

#include "core/result.h"

namespace depeche::ingest {

// Returns the document as UTF-8, without BOM and leading whitespace:
// - a BOM (UTF-8, UTF-16LE/BE) wins over any declaration; after a UTF-8
//   BOM, bytes that are not valid UTF-8 fail with `invalid_input`, as they
//   do under a UTF-8 declaration;
// - UTF-16 without BOM is recognised by its "<\0" / "\0<" start;
// - a declared single-byte encoding (ISO-8859-1, windows-1252…) on bytes
//   that are valid UTF-8 with multi-byte sequences is read as UTF-8, since
//   that is what the sender meant;
// - "utf8" and other aliases are UTF-8; undeclared bytes that are not valid
//   UTF-8 are read as windows-1252.
// Fails with `unsupported` for an encoding ICU does not know.
Result<std::string> to_utf8(std::string_view bytes);

// True when `s` is well-formed UTF-8.
bool valid_utf8(std::string_view s);

}  // namespace depeche::ingest
