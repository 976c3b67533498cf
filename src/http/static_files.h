#pragma once
// Files and in-memory assets with correct content types, validators and
// path safety.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "http/types.h"

namespace depeche::http {

inline constexpr std::uintmax_t kMaxStaticFileBytes = 32 * 1024 * 1024;

// The Content-Type for a file name, by extension (case-insensitive);
// application/octet-stream when unknown.
std::string_view content_type_for(std::string_view path);

// Serves bytes with a strong ETag (a hash of the bytes) and the given
// Cache-Control; a matching If-None-Match gets 304 without a body.
Response serve_bytes(const Request& req, std::string_view bytes, std::string_view content_type,
                     std::string_view cache_control);

// Serves root/relative when it is a regular file inside root, at most
// kMaxStaticFileBytes. Refuses "..", absolute paths, backslashes, NUL and
// hidden names, and files that resolve outside root through a link. nullopt
// when refused or absent, so the caller renders its own 404.
std::optional<Response> serve_file(const Request& req, const std::filesystem::path& root,
                                   std::string_view relative, std::string_view cache_control);

}  // namespace depeche::http
