#pragma once
// Method + path pattern -> handler. The route table itself lives in web/;
// this is only the matching.

#include <memory>
#include <vector>

#include "http/types.h"

namespace depeche::http {

using Params = std::map<std::string, std::string, std::less<>>;  // percent-decoded
using RouteHandler = std::function<Response(const Request&, const Params&)>;

// Not thread-safe to modify; once built, handle() may be called from any
// number of threads at once.
class Router {
 public:
  // Pattern: "/"-separated literal segments, "{name}" for one non-empty
  // segment, and a final "{*name}" for the non-empty rest of the path (which
  // may contain '/'). Paths match exactly, trailing slash included ("/a/"
  // is not "/a"). When several patterns match a path, the one with a literal
  // at the first segment where they differ wins ("{name}" in turn beats
  // "{*name}"), then the one registered first. A "{*name}" that is not the
  // last segment is a programmer error.
  void add(beast_http::verb method, std::string_view pattern, RouteHandler handler);
  // Called, with no parameters, when no pattern matches the path (e.g. a
  // French 404 page). Default: a plain-text 404.
  void set_not_found(RouteHandler handler);
  // Dispatches on the path (the query is ignored). HEAD requests go to a
  // HEAD route, else to the GET route (the server drops the body). A path
  // that matches only with other methods gets 405 with an Allow header
  // ("GET, HEAD, POST", HEAD listed wherever GET is).
  Response handle(const Request& req) const;
  // A Handler for Server::create holding its own copy of this router, so
  // the Router may go out of scope (and later add() calls do not affect it).
  Handler as_handler() const;

 private:
  struct Segment {
    enum class Kind { literal, param, rest } kind;  // in order of precedence
    std::string text;                               // the literal, or the parameter name
  };
  struct Route {
    beast_http::verb method;
    std::vector<Segment> segments;
    RouteHandler handler;
  };
  static bool match(const Route& r, const std::vector<std::string_view>& parts, Params& params);
  static bool more_specific(const Route& a, const Route& b);

  std::vector<Route> routes_;  // most specific first, then registration order
  RouteHandler not_found_;
};

}  // namespace depeche::http
