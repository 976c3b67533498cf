#include "http/router.h"

#include <gtest/gtest.h>

namespace depeche::http {
namespace {

using beast_http::status;
using beast_http::verb;

Request request(verb method, std::string target) {
  return Request{method, target, 11};
}

// A handler that answers its name followed by the parameters it got.
RouteHandler says(std::string what) {
  return [what](const Request& req, const Params& p) {
    std::string body = what;
    for (const auto& [k, v] : p) body += " " + k + "=" + v;
    return make_response(req, status::ok, body, "text/plain");
  };
}

TEST(Router, MatchesLiteralsAndDecodedParameters) {
  Router r;
  r.add(verb::get, "/", says("home"));
  r.add(verb::get, "/articles/{ref}", says("article"));
  r.add(verb::get, "/sections/{section}/page/{n}", says("section"));
  EXPECT_EQ(r.handle(request(verb::get, "/")).body(), "home");
  EXPECT_EQ(r.handle(request(verb::get, "/articles/12-un-titre?x=1")).body(),
            "article ref=12-un-titre");
  EXPECT_EQ(r.handle(request(verb::get, "/articles/caf%C3%A9")).body(), "article ref=café");
  EXPECT_EQ(r.handle(request(verb::get, "/articles/a+b")).body(), "article ref=a+b");
  EXPECT_EQ(r.handle(request(verb::get, "/sections/monde/page/2")).body(),
            "section n=2 section=monde");
}

TEST(Router, ParametersNeverMatchAnEmptySegment) {
  Router r;
  r.add(verb::get, "/articles/{ref}", says("article"));
  EXPECT_EQ(r.handle(request(verb::get, "/articles/")).result(), status::not_found);
  EXPECT_EQ(r.handle(request(verb::get, "/articles")).result(), status::not_found);
}

TEST(Router, TrailingSlashesMatchExactly) {
  Router r;
  r.add(verb::get, "/a", says("a"));
  r.add(verb::get, "/b/", says("b"));
  EXPECT_EQ(r.handle(request(verb::get, "/a")).body(), "a");
  EXPECT_EQ(r.handle(request(verb::get, "/a/")).result(), status::not_found);
  EXPECT_EQ(r.handle(request(verb::get, "/b/")).body(), "b");
  EXPECT_EQ(r.handle(request(verb::get, "/b")).result(), status::not_found);
}

TEST(Router, RestParameterTakesTheNonEmptyRemainingPath) {
  Router r;
  r.add(verb::get, "/static/{*path}", says("static"));
  EXPECT_EQ(r.handle(request(verb::get, "/static/css/site.css?v=3")).body(),
            "static path=css/site.css");
  EXPECT_EQ(r.handle(request(verb::get, "/static/a/")).body(), "static path=a/");
  EXPECT_EQ(r.handle(request(verb::get, "/static/%2e%2e/x")).body(), "static path=../x");
  EXPECT_EQ(r.handle(request(verb::get, "/static/")).result(), status::not_found);
  EXPECT_EQ(r.handle(request(verb::get, "/static")).result(), status::not_found);
}

TEST(Router, LiteralSegmentsBeatParametersWhateverTheOrder) {
  Router r;
  r.add(verb::get, "/api/v1/{*rest}", says("fallback"));
  r.add(verb::get, "/api/v1/{what}", says("param"));
  r.add(verb::get, "/api/v1/articles", says("list"));
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/articles")).body(), "list");
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/other")).body(), "param what=other");
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/a/b")).body(), "fallback rest=a/b");
}

TEST(Router, RegistrationOrderBreaksTies) {
  Router r;
  r.add(verb::get, "/{a}/x", says("first"));
  r.add(verb::get, "/{b}/x", says("second"));
  EXPECT_EQ(r.handle(request(verb::get, "/y/x")).body(), "first a=y");
}

TEST(Router, UnknownPathGoesToTheNotFoundHandler) {
  Router r;
  r.add(verb::get, "/", says("home"));
  auto plain = r.handle(request(verb::get, "/nope"));
  EXPECT_EQ(plain.result(), status::not_found);
  EXPECT_FALSE(plain.body().empty());
  r.set_not_found([](const Request& req, const Params& p) {
    return make_response(req, status::not_found, "Page introuvable" + std::to_string(p.size()),
                         "text/html; charset=utf-8");
  });
  auto french = r.handle(request(verb::get, "/nope/"));
  EXPECT_EQ(french.result(), status::not_found);
  EXPECT_EQ(french.body(), "Page introuvable0");
}

TEST(Router, WrongMethodGets405WithAllow) {
  Router r;
  r.add(verb::get, "/x", says("get"));
  r.add(verb::post, "/x", says("post"));
  r.add(verb::get, "/{any}", says("get any"));
  r.add(verb::post, "/y", says("post"));
  auto res = r.handle(request(verb::delete_, "/x"));
  EXPECT_EQ(res.result(), status::method_not_allowed);
  EXPECT_EQ(res[beast_http::field::allow], "GET, HEAD, POST");
  auto y = r.handle(request(verb::put, "/y"));
  EXPECT_EQ(y[beast_http::field::allow], "GET, HEAD, POST");  // "/{any}" matches too
  EXPECT_EQ(r.handle(request(verb::post, "/x")).body(), "post");
}

TEST(Router, HeadIsDispatchedToGetRoutes) {
  Router r;
  r.add(verb::get, "/x", says("get"));
  r.add(verb::head, "/own", says("own head"));
  r.add(verb::get, "/own", says("own get"));
  EXPECT_EQ(r.handle(request(verb::head, "/x")).body(), "get");
  EXPECT_EQ(r.handle(request(verb::head, "/own")).body(), "own head");
  r.add(verb::post, "/p", says("post"));
  EXPECT_EQ(r.handle(request(verb::head, "/p")).result(), status::method_not_allowed);
}

TEST(Router, AsHandlerOutlivesTheRouter) {
  Handler h;
  {
    Router r;
    r.add(verb::get, "/x", says("x"));
    h = r.as_handler();
    r.add(verb::get, "/later", says("later"));
  }
  EXPECT_EQ(h(request(verb::get, "/x")).body(), "x");
  EXPECT_EQ(h(request(verb::get, "/later")).result(), status::not_found);
}

}  // namespace
}  // namespace depeche::http
