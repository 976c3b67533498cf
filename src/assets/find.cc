#include "assets/assets.h"

#include "core/text.h"

namespace depeche::assets {
namespace {

// Hex digits of the digest kept in names: 40 bits, plenty to tell one
// release of a handful of files from the next.
constexpr std::size_t kFingerprintDigits = 10;

std::string fingerprint(std::string_view bytes) {
  return fnv1a_hex(bytes).substr(0, kFingerprintDigits);
}

bool all_hex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::optional<std::string_view> find(std::string_view path) {
  for (const Asset& a : all()) {
    if (a.path == path) return a.bytes;
  }
  return std::nullopt;
}

std::string static_url(std::string_view file) {
  std::string path = "static/" + std::string(file);
  auto bytes = find(path);
  if (!bytes) return "/" + path;
  auto dot = file.rfind('.');
  if (dot == std::string_view::npos) return "/" + path;
  return "/static/" + std::string(file.substr(0, dot)) + "." + fingerprint(*bytes) +
         std::string(file.substr(dot));
}

std::optional<StaticFile> find_static(std::string_view requested) {
  std::string exact = "static/" + std::string(requested);
  for (const Asset& a : all()) {
    if (a.path == exact) return StaticFile{a.path, a.bytes, false};
  }
  // "name.FINGERPRINT.ext" -> "name.ext"
  auto ext = requested.rfind('.');
  if (ext == std::string_view::npos || ext == 0) return std::nullopt;
  auto mark = requested.rfind('.', ext - 1);
  if (mark == std::string_view::npos) return std::nullopt;
  auto digest = requested.substr(mark + 1, ext - mark - 1);
  if (digest.size() != kFingerprintDigits || !all_hex(digest)) return std::nullopt;
  std::string plain = "static/" + std::string(requested.substr(0, mark)) +
                      std::string(requested.substr(ext));
  for (const Asset& a : all()) {
    if (a.path == plain) return StaticFile{a.path, a.bytes, fingerprint(a.bytes) == digest};
  }
  return std::nullopt;
}

}  // namespace depeche::assets
