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

// Regression: with a root route and patterns of many lengths and shapes,
// insertion once compared routes only up to the shorter one's length, which
// is no strict weak order, and "/api/v1/articles" fell to the fallback.
TEST(Router, LargeTablesOfMixedShapesKeepTheirPrecedence) {
  // The site's table as it stood when the bug showed.
  Router r;
  r.add(verb::get, "/", says("home"));
  r.add(verb::get, "/articles/{ref}", says("article"));
  r.add(verb::post, "/preferences/contrast", says("set_contrast"));
  r.add(verb::get, "/static/{*path}", says("static_file"));
  r.add(verb::get, "/media/{*path}", says("media_file"));
  r.add(verb::get, "/recherche", says("search_page"));
  r.add(verb::get, "/flux.rss", says("rss"));
  r.add(verb::get, "/flux.atom", says("atom"));
  r.add(verb::post, "/articles/{id}/commentaires", says("post_comment"));
  r.add(verb::post, "/commentaires/{id}/modifier", says("edit_comment"));
  r.add(verb::post, "/commentaires/{id}/supprimer", says("delete_comment"));
  r.add(verb::get, "/commentaires/{id}/signaler", says("report_form"));
  r.add(verb::post, "/commentaires/{id}/signalements", says("report_comment"));
  r.add(verb::get, "/connexion", says("sign_in_page"));
  r.add(verb::post, "/connexion", says("sign_in"));
  r.add(verb::get, "/inscription", says("sign_up_page"));
  r.add(verb::post, "/inscription", says("sign_up"));
  r.add(verb::post, "/deconnexion", says("sign_out"));
  r.add(verb::get, "/admin/flux", says("admin_feeds"));
  r.add(verb::get, "/admin/articles/{id}/versions", says("admin_versions"));
  r.add(verb::get, "/api/v1/articles", says("api_articles"));
  r.add(verb::get, "/api/v1/articles/{id}", says("api_article"));
  r.add(verb::get, "/api/v1/articles/{id}/versions", says("api_versions"));
  r.add(verb::get, "/api/v1/openapi.json", says("api_openapi"));
  r.add(verb::post, "/api/v1/ingest", says("api_ingest"));
  r.add(verb::get, "/api/v1/feeds", says("api_feeds"));
  r.add(verb::get, "/api/v1/search", says("api_search"));
  r.add(verb::get, "/api/v1/articles/{id}/comments", says("api_comments"));
  r.add(verb::post, "/api/v1/articles/{id}/comments", says("api_post_comment"));
  r.add(verb::patch, "/api/v1/comments/{id}", says("api_edit_comment"));
  r.add(verb::delete_, "/api/v1/comments/{id}", says("api_delete_comment"));
  r.add(verb::post, "/api/v1/comments/{id}/reports", says("api_report_comment"));
  r.add(verb::post, "/api/v1/session", says("api_sign_in"));
  r.add(verb::delete_, "/api/v1/session", says("api_sign_out"));
  r.add(verb::post, "/api/v1/users", says("api_sign_up"));
  r.add(verb::get, "/api/v1/me", says("api_me"));
  r.add(verb::get, "/api/v1/{*rest}", says("api_not_found"));
  r.add(verb::get, "/healthz", says("healthz"));
  r.add(verb::get, "/metrics", says("metrics"));
  EXPECT_EQ(r.handle(request(verb::get, "/")).body(), "home");
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/articles")).body(), "api_articles");
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/articles/3")).body(), "api_article id=3");
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/articles/3/comments")).body(),
            "api_comments id=3");
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/articles/3/versions")).body(),
            "api_versions id=3");
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/me")).body(), "api_me");
  EXPECT_EQ(r.handle(request(verb::get, "/api/v1/nope/x")).body(), "api_not_found rest=nope/x");
  EXPECT_EQ(r.handle(request(verb::get, "/articles/4-x")).body(), "article ref=4-x");
  EXPECT_EQ(r.handle(request(verb::get, "/healthz")).body(), "healthz");
  EXPECT_EQ(r.handle(request(verb::get, "/static/a/b.css")).body(), "static_file path=a/b.css");
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
