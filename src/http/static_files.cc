#include "http/static_files.h"

#include "core/text.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

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

std::string etag_of(std::string_view bytes) {
  std::string etag = "\"";
  etag += fnv1a_hex(bytes);
  etag += '"';
  return etag;
}

bool safe_relative(std::string_view rel) {
  if (rel.empty() || rel.front() == '/') return false;
  if (rel.find('\\') != std::string_view::npos || rel.find('\0') != std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (start <= rel.size()) {
    auto end = rel.find('/', start);
    auto part = rel.substr(start, end == std::string_view::npos ? rel.npos : end - start);
    if (part.empty() || part.front() == '.') return false;  // "", ".", "..", hidden
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::string_view content_type_for(std::string_view path) {
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

Response serve_bytes(const Request& req, std::string_view bytes, std::string_view content_type,
                     std::string_view cache_control) {
  std::string etag = etag_of(bytes);
  auto inm = req[beast_http::field::if_none_match];
  bool fresh =
      !inm.empty() && std::string_view(inm.data(), inm.size()).find(etag) != std::string_view::npos;
  Response res = fresh
                     ? make_response(req, beast_http::status::not_modified, {}, content_type)
                     : make_response(req, beast_http::status::ok, std::string(bytes), content_type);
  if (fresh) res.erase(beast_http::field::content_length);
  res.set(beast_http::field::etag, etag);
  res.set(beast_http::field::cache_control,
          boost::beast::string_view(cache_control.data(), cache_control.size()));
  return res;
}

std::optional<Response> serve_file(const Request& req, const std::filesystem::path& root,
                                   std::string_view relative, std::string_view cache_control) {
  namespace fs = std::filesystem;
  if (!safe_relative(relative)) return std::nullopt;
  std::error_code ec;
  fs::path base = fs::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path file = fs::weakly_canonical(base / fs::path(relative), ec);
  if (ec) return std::nullopt;
  // After links are resolved the file must still be under root.
  auto [b, f] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (b != base.end()) return std::nullopt;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  auto size = fs::file_size(file, ec);
  if (ec || size > kMaxStaticFileBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  return serve_bytes(req, buf.str(), content_type_for(relative), cache_control);
}

}  // namespace depeche::http
