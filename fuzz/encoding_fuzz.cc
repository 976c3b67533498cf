// The encoding detector sees every agency file before anything else does,
// with BOMs, declarations and bytes that contradict each other.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  depeche::ingest::valid_utf8(bytes);
  auto utf8 = depeche::ingest::to_utf8(bytes);
  // The parsers that come next rely on this promise of to_utf8.
  if (utf8 && !depeche::ingest::valid_utf8(*utf8)) std::abort();
  return 0;
}
