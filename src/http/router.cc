#include "http/router.h"

#include <algorithm>
#include <cassert>
#include <set>

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

bool is_get_like(beast_http::verb route, beast_http::verb request) {
  return route == request || (request == beast_http::verb::head && route == beast_http::verb::get);
}

}  // namespace

// Lexicographic on the segment kinds (literal < param < rest, a shorter
// pattern before a longer one it is a prefix of): a strict weak order, as
// upper_bound needs. Comparing only up to the shorter length made "/" equal
// to every route while others were not, so insertion went astray once the
// table grew. Two patterns that can match the same path first differ at a
// segment, where this order puts the literal first.
bool Router::more_specific(const Route& a, const Route& b) {
  return std::lexicographical_compare(
      a.segments.begin(), a.segments.end(), b.segments.begin(), b.segments.end(),
      [](const Segment& x, const Segment& y) { return x.kind < y.kind; });
}

void Router::add(beast_http::verb method, std::string_view pattern, RouteHandler handler) {
  Route r{method, {}, std::move(handler)};
  for (auto part : split_path(pattern)) {
    assert(r.segments.empty() || r.segments.back().kind != Segment::Kind::rest);
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      bool rest = part[1] == '*';
      auto name = part.substr(rest ? 2 : 1, part.size() - (rest ? 3 : 2));
      r.segments.push_back({rest ? Segment::Kind::rest : Segment::Kind::param, std::string(name)});
    } else {
      r.segments.push_back({Segment::Kind::literal, std::string(part)});
    }
  }
  // Inserted after every route at least as specific: stable, so
  // registration order breaks ties.
  auto at = std::upper_bound(routes_.begin(), routes_.end(), r,
                             [](const Route& a, const Route& b) { return more_specific(a, b); });
  routes_.insert(at, std::move(r));
}

void Router::set_not_found(RouteHandler handler) {
  not_found_ = std::move(handler);
}

bool Router::match(const Route& r, const std::vector<std::string_view>& parts, Params& params) {
  params.clear();
  std::size_t i = 0;
  for (const auto& seg : r.segments) {
    if (i >= parts.size()) return false;
    if (seg.kind == Segment::Kind::rest) {
      std::string rest(parts[i]);
      for (std::size_t j = i + 1; j < parts.size(); ++j) (rest += '/') += parts[j];
      if (rest.empty()) return false;
      params[seg.text] = percent_decode(rest, false);
      return true;
    }
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
  Params params;
  const Route* get_route = nullptr;  // for HEAD, when there is no HEAD route
  Params get_params;
  std::set<std::string_view> allowed;
  for (const auto& r : routes_) {
    if (!match(r, parts, params)) continue;
    if (r.method == req.method()) return r.handler(req, params);
    if (!get_route && is_get_like(r.method, req.method())) {
      get_route = &r;
      get_params = params;
    }
    allowed.insert(std::string_view(beast_http::to_string(r.method).data(),
                                    beast_http::to_string(r.method).size()));
    if (r.method == beast_http::verb::get) allowed.insert("HEAD");
  }
  if (get_route) return get_route->handler(req, get_params);
  if (!allowed.empty()) {
    std::string allow;
    for (auto v : allowed) {
      if (!allow.empty()) allow += ", ";
      allow += v;
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

Handler Router::as_handler() const {
  auto self = std::make_shared<const Router>(*this);
  return [self](const Request& req) { return self->handle(req); };
}

}  // namespace depeche::http
