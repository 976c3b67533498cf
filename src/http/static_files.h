#pragma once
// Files and in-memory assets with correct content types, validators and
// path safety.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "http/types.h"

namespace depeche::http {

// Larger files are not served (they would be read into memory whole).
inline constexpr std::uintmax_t kMaxStaticFileBytes = 32 * 1024 * 1024;

// The Content-Type for a file name, by its extension (case-insensitive):
// html, css, js, txt with "; charset=utf-8", json, svg, png, jpg/jpeg, gif,
// webp, avif, ico, woff, woff2, xml, map...; application/octet-stream when
// unknown.
std::string_view content_type_for(std::string_view path);

// Whether an If-None-Match value names `etag` (a quoted tag) or is "*".
// Tags are compared weakly, as RFC 9110 §13.1.2 asks for this header:
// W/"x" matches "x".
bool none_match_hits(std::string_view if_none_match, std::string_view etag);

// 200 with the bytes, a strong ETag (a hash of the bytes) and the given
// Cache-Control; 304 without a body when If-None-Match names that ETag (or
// is "*"). For HEAD, the headers only (Content-Length of the bytes).
Response serve_bytes(const Request& req, std::string_view bytes, std::string_view content_type,
                     std::string_view cache_control);

// Serves root/relative, as serve_bytes does, when it is a regular file
// inside root of at most kMaxStaticFileBytes. `relative` is a decoded path
// ("css/site.css"); refused are "..", ".", empty and hidden segments,
// absolute paths, backslashes, NUL, and files that resolve outside root
// through a symbolic link. nullopt when refused, absent or unreadable, so
// the caller renders its own 404.
std::optional<Response> serve_file(const Request& req, const std::filesystem::path& root,
                                   std::string_view relative, std::string_view cache_control);

}  // namespace depeche::http
