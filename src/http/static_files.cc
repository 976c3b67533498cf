#include "http/static_files.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>

#include "core/text.h"

namespace depeche::http {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kTypes{{
    {"html", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"txt", "text/plain; charset=utf-8"},
    {"xml", "application/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"pdf", "application/pdf"},
    {"webmanifest", "application/manifest+json"},
}};

constexpr std::string_view kOctetStream = "application/octet-stream";

boost::beast::string_view bsv(std::string_view s) {
  return boost::beast::string_view(s.data(), s.size());
}

std::string etag_of(std::string_view bytes) {
  return '"' + fnv1a_hex(bytes) + '"';
}

bool safe_relative(std::string_view rel) {
  if (rel.empty() || rel.front() == '/') return false;
  if (rel.find('\\') != std::string_view::npos || rel.find('\0') != std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    auto end = rel.find('/', start);
    auto part = rel.substr(start, end == std::string_view::npos ? rel.npos : end - start);
    if (part.empty() || part.front() == '.') return false;  // "", ".", "..", hidden
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

// True when `file` is `base` or below it, component by component (so
// "/srv/static2" is not inside "/srv/static").
bool inside(const std::filesystem::path& base, const std::filesystem::path& file) {
  auto [b, f] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  return b == base.end();
}

// serve_bytes; when `owned` holds the bytes it is moved into the body,
// sparing a copy of a file just read.
Response serve(const Request& req, std::string_view bytes, std::string* owned,
               std::string_view content_type, std::string_view cache_control) {
  std::string etag = etag_of(bytes);
  auto inm = req[beast_http::field::if_none_match];
  Response res{beast_http::status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  res.set(beast_http::field::etag, etag);
  res.set(beast_http::field::cache_control, bsv(cache_control));
  if (none_match_hits(std::string_view(inm.data(), inm.size()), etag)) {
    // 304 repeats the validators and caching headers but has no body and
    // no Content-Length (which would describe the empty body, not the file).
    res.result(beast_http::status::not_modified);
    return res;
  }
  res.set(beast_http::field::content_type, bsv(content_type));
  if (req.method() == beast_http::verb::head) {
    res.content_length(bytes.size());  // no copy of the bytes just to drop them
    return res;
  }
  res.body() = owned ? std::move(*owned) : std::string(bytes);
  res.prepare_payload();
  return res;
}

}  // namespace

bool none_match_hits(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

std::string_view content_type_for(std::string_view path) {
  auto slash = path.rfind('/');
  auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return kOctetStream;
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return kOctetStream;
}

Response serve_bytes(const Request& req, std::string_view bytes, std::string_view content_type,
                     std::string_view cache_control) {
  return serve(req, bytes, nullptr, content_type, cache_control);
}

std::optional<Response> serve_file(const Request& req, const std::filesystem::path& root,
                                   std::string_view relative, std::string_view cache_control) {
  namespace fs = std::filesystem;
  if (!safe_relative(relative)) return std::nullopt;
  std::error_code ec;
  fs::path base = fs::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path file = fs::weakly_canonical(base / fs::path(relative), ec);
  // After symbolic links are resolved the file must still be under root.
  if (ec || !inside(base, file)) return std::nullopt;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  auto size = fs::file_size(file, ec);
  if (ec || size > kMaxStaticFileBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return std::nullopt;
  return serve(req, bytes, &bytes, content_type_for(relative), cache_control);
}

}  // namespace depeche::http
