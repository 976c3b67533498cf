#include "http/types.h"

#include <cstring>
#include <sstream>

namespace depeche::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls f(name, value) for each "name=value" pair separated by `sep`, until
// f returns false. A pair without '=' has an empty value.
template <class F>
void for_each_pair(std::string_view text, char sep, F f) {
  while (!text.empty()) {
    auto end = text.find(sep);
    std::string_view pair = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    if (!f(pair.substr(0, eq),
           eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1))) {
      return;
    }
  }
}

boost::beast::string_view bsv(std::string_view s) {
  return boost::beast::string_view(s.data(), s.size());
}

}  // namespace

bool PreparedAnswer::add_header(std::string_view name, std::string_view value) {
  std::size_t n = name.size() + 2 + value.size() + 2;
  if (extra_size + n > extra.size()) return false;
  char* out = extra.data() + extra_size;
  std::memcpy(out, name.data(), name.size());
  out += name.size();
  std::memcpy(out, ": ", 2);
  out += 2;
  std::memcpy(out, value.data(), value.size());
  out += value.size();
  std::memcpy(out, "\r\n", 2);
  extra_size += n;
  return true;
}

std::shared_ptr<const PreparedResponse> prepare(Response res,
                                                std::shared_ptr<const std::string> body) {
  auto p = std::make_shared<PreparedResponse>();
  p->status = res.result_int();
  res.version(11);
  res.erase(beast_http::field::connection);
  if (res.find(beast_http::field::server) == res.end()) {
    res.set(beast_http::field::server, bsv(kServerName));
  }
  res.body().clear();
  if (body) {
    res.content_length(body->size());
  } else {
    res.erase(beast_http::field::content_length);
  }
  std::ostringstream out;
  out << res.base();  // the status line, the fields, and the blank line
  p->head = std::move(out).str();
  if (p->head.size() >= 2) p->head.resize(p->head.size() - 2);  // the blank line: added when sent
  p->body = std::move(body);
  return p;
}

Response make_response(const Request& req, beast_http::status status, std::string body,
                       std::string_view content_type) {
  Response res{status, req.version()};
  res.set(beast_http::field::content_type, bsv(content_type));
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response redirect(const Request& req, beast_http::status status, std::string_view location) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string safe;
  safe.reserve(location.size());
  for (char c : location) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      safe += '%';
      safe += kHex[byte >> 4];
      safe += kHex[byte & 0xf];
    } else {
      safe += c;
    }
  }
  Response res{status, req.version()};
  res.set(beast_http::field::location, safe);
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::optional<std::string> query_param(std::string_view target, std::string_view name) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::optional<std::string> found;
  for_each_pair(target.substr(q + 1), '&', [&](std::string_view k, std::string_view v) {
    if (percent_decode(k, true) != name) return true;
    found = percent_decode(v, true);
    return false;
  });
  return found;
}

std::map<std::string, std::string> parse_form(std::string_view body) {
  std::map<std::string, std::string> out;
  for_each_pair(body, '&', [&](std::string_view k, std::string_view v) {
    out.emplace(percent_decode(k, true), percent_decode(v, true));  // emplace keeps the first
    return true;
  });
  return out;
}

std::optional<std::string> cookie(const Request& req, std::string_view name) {
  std::optional<std::string> found;
  for (const auto& field : req.base()) {
    if (field.name() != beast_http::field::cookie) continue;
    std::string_view header(field.value().data(), field.value().size());
    for_each_pair(header, ';', [&](std::string_view k, std::string_view v) {
      if (trim(k) != name) return true;
      v = trim(v);
      // RFC 6265 allows a value wrapped in double quotes; they are not part of it.
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      found = std::string(v);
      return false;
    });
    if (found) break;
  }
  return found;
}

}  // namespace depeche::http
