#include "http/router.h"

#include <gtest/gtest.h>

namespace depeche::http {
namespace {

using beast_http::verb;

Request request(verb method, std::string target) {
  Request r{method, target, 11};
  return r;
}

RouteHandler says(std::string what) {
  return [what](const Request& req, const Params& p) {
    std::string body = what;
    for (const auto& [k, v] : p) body += " " + k + "=" + v;
    return make_response(req, beast_http::status::ok, body, "text/plain");
  };
}

TEST(Router, MatchesLiteralsAndParameters) {
  Router r;
  r.add(verb::get, "/", says("home"));
  r.add(verb::get, "/articles/{ref}", says("article"));
  EXPECT_EQ(r.handle(request(verb::get, "/")).body(), "home");
  EXPECT_EQ(r.handle(request(verb::get, "/articles/12-un-titre?x=1")).body(),
            "article ref=12-un-titre");
  EXPECT_EQ(r.handle(request(verb::get, "/articles/caf%C3%A9")).body(), "article ref=café");
}

TEST(Router, RestParameterTakesTheRemainingPath) {
  Router r;
  r.add(verb::get, "/static/{*path}", says("static"));
  EXPECT_EQ(r.handle(request(verb::get, "/static/css/site.css")).body(),
            "static path=css/site.css");
  EXPECT_EQ(r.handle(request(verb::get, "/static/")).result(), beast_http::status::not_found);
}

TEST(Router, LiteralSegmentsBeatParameters) {
  Router r;
  r.add(verb::get, "/api/v1/{*rest}", says("fallback"));
  r.add(verb::get, "/api/v1/articles", says("list"));
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/articles")).body(), "list");
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/other")).body(), "fallback rest=other");
}

TEST(Router, UnknownPathGoesToTheNotFoundHandler) {
  Router r;
  r.add(verb::get, "/", says("home"));
  EXPECT_EQ(r.handle(request(verb::get, "/nope")).result(), beast_http::status::not_found);
  r.set_not_found(says("introuvable"));
  EXPECT_EQ(r.handle(request(verb::get, "/nope")).body(), "introuvable");
  EXPECT_EQ(r.handle(request(verb::get, "/nope/")).body(), "introuvable");
}

TEST(Router, WrongMethodGets405WithAllow) {
  Router r;
  r.add(verb::get, "/x", says("get"));
  r.add(verb::post, "/y", says("post"));
  auto res = r.handle(request(verb::delete_, "/x"));
  EXPECT_EQ(res.result(), beast_http::status::method_not_allowed);
  EXPECT_EQ(res[beast_http::field::allow], "GET, HEAD");
  EXPECT_EQ(r.handle(request(verb::get, "/y"))[beast_http::field::allow], "POST");
}

TEST(Router, HeadIsServedByGetRoutes) {
  Router r;
  r.add(verb::get, "/x", says("get"));
  EXPECT_EQ(r.handle(request(verb::head, "/x")).body(), "get");
}

}  // namespace
}  // namespace depeche::http
