#include "http/router.h"

#include <algorithm>

namespace depeche::http {
namespace {

// "/a/b/" -> {"a", "b", ""}; "/" -> {}.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.empty() || path == "/") return parts;
  if (path.front() == '/') path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

}  // namespace

void Router::add(beast_http::verb method, std::string_view pattern, RouteHandler handler) {
  Route r{method, {}, 0, std::move(handler)};
  for (auto part : split_path(pattern)) {
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      bool rest = part[1] == '*';
      r.segments.push_back({rest ? Segment::Kind::rest : Segment::Kind::param,
                            std::string(part.substr(rest ? 2 : 1, part.size() - (rest ? 3 : 2)))});
    } else {
      r.segments.push_back({Segment::Kind::literal, std::string(part)});
      ++r.literals;
    }
  }
  routes_.push_back(std::move(r));
  // Most literal segments first; stable, so registration order breaks ties.
  std::stable_sort(routes_.begin(), routes_.end(),
                   [](const Route& a, const Route& b) { return a.literals > b.literals; });
}

void Router::set_not_found(RouteHandler handler) {
  not_found_ = std::move(handler);
}

bool Router::match(const Route& r, const std::vector<std::string_view>& parts, Params& params) {
  params.clear();
  std::size_t i = 0;
  for (const auto& seg : r.segments) {
    if (seg.kind == Segment::Kind::rest) {
      if (i >= parts.size()) return false;
      std::string rest;
      for (std::size_t j = i; j < parts.size(); ++j) {
        if (j > i) rest += '/';
        rest += parts[j];
      }
      params[seg.text] = percent_decode(rest, false);
      return !params[seg.text].empty();
    }
    if (i >= parts.size()) return false;
    if (seg.kind == Segment::Kind::literal) {
      if (parts[i] != seg.text) return false;
    } else {
      if (parts[i].empty()) return false;
      params[seg.text] = percent_decode(parts[i], false);
    }
    ++i;
  }
  return i == parts.size();
}

Response Router::handle(const Request& req) const {
  auto target = req.target();
  auto parts = split_path(path_of(std::string_view(target.data(), target.size())));
  auto method = req.method() == beast_http::verb::head ? beast_http::verb::get : req.method();
  Params params;
  std::vector<beast_http::verb> allowed;
  for (const auto& r : routes_) {
    if (!match(r, parts, params)) continue;
    if (r.method == method) return r.handler(req, params);
    allowed.push_back(r.method);
  }
  if (!allowed.empty()) {
    std::string allow;
    for (auto v : allowed) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(beast_http::to_string(v));
      if (v == beast_http::verb::get) allow += ", HEAD";
    }
    auto res = make_response(req, beast_http::status::method_not_allowed,
                             "405 method not allowed\n", "text/plain; charset=utf-8");
    res.set(beast_http::field::allow, allow);
    return res;
  }
  if (not_found_) return not_found_(req, Params{});
  return make_response(req, beast_http::status::not_found, "404 not found\n",
                       "text/plain; charset=utf-8");
}

}  // namespace depeche::http
