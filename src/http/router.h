#pragma once
// Method + path pattern -> handler. Patterns are literal segments, "{name}"
// for one non-empty segment and a final "{*name}" for the non-empty rest.

#include <memory>
#include <vector>

#include "http/types.h"

namespace depeche::http {

using Params = std::map<std::string, std::string, std::less<>>;  // percent-decoded
using RouteHandler = std::function<Response(const Request&, const Params&)>;

class Router {
 public:
  // Paths match exactly, trailing slash included. When several patterns
  // match, literal segments beat parameters, then registration order wins.
  void add(beast_http::verb method, std::string_view pattern, RouteHandler handler);
  // Called when no pattern matches the path. Default: a plain 404.
  void set_not_found(RouteHandler handler);
  // HEAD is served by GET routes. A path that matches with another method
  // gets 405 with an Allow header.
  Response handle(const Request& req) const;

 private:
  struct Segment {
    enum class Kind { literal, param, rest } kind;
    std::string text;  // the literal, or the parameter name
  };
  struct Route {
    beast_http::verb method;
    std::vector<Segment> segments;
    int literals = 0;  // specificity
    RouteHandler handler;
  };
  static bool match(const Route& r, const std::vector<std::string_view>& parts, Params& params);

  std::vector<Route> routes_;
  RouteHandler not_found_;
};

}  // namespace depeche::http
