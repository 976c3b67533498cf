#include "http/types.h"

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

// Calls f(name, value) for each "name=value" pair separated by `sep`.
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

}  // namespace

Response make_response(const Request& req, beast_http::status status, std::string body,
                       std::string_view content_type) {
  Response res{status, req.version()};
  res.set(beast_http::field::content_type,
          boost::beast::string_view(content_type.data(), content_type.size()));
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response redirect(const Request& req, beast_http::status status, std::string_view location) {
  Response res{status, req.version()};
  res.set(beast_http::field::location, boost::beast::string_view(location.data(), location.size()));
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
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
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
    out.emplace(percent_decode(k, true), percent_decode(v, true));
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
      found = std::string(trim(v));
      return false;
    });
    if (found) break;
  }
  return found;
}

}  // namespace depeche::http
