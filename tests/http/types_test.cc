#include "http/types.h"

#include <gtest/gtest.h>

namespace depeche::http {
namespace {

Request get(std::string target, unsigned version = 11) {
  return Request{beast_http::verb::get, target, version};
}

TEST(Types, PathDropsTheQuery) {
  EXPECT_EQ(path_of("/a/b?c=d"), "/a/b");
  EXPECT_EQ(path_of("/a/b"), "/a/b");
  EXPECT_EQ(path_of("/?"), "/");
}

TEST(Types, QueryParametersArePercentDecoded) {
  EXPECT_EQ(query_param("/?q=caf%C3%A9+cr%C3%A8me&page=2", "q"), "café crème");
  EXPECT_EQ(query_param("/?q=1&page=2", "page"), "2");
  EXPECT_EQ(query_param("/?q=1&q=2", "q"), "1");
  EXPECT_EQ(query_param("/?a%20b=1", "a b"), "1");
  EXPECT_EQ(query_param("/?q=1", "page"), std::nullopt);
  EXPECT_EQ(query_param("/", "q"), std::nullopt);
  EXPECT_EQ(query_param("/?flag", "flag"), "");
  EXPECT_EQ(query_param("/?&&q=x&", "q"), "x");
}

TEST(Types, PercentDecodingKeepsInvalidEscapes) {
  EXPECT_EQ(percent_decode("%2e%2E%2F", false), "../");
  EXPECT_EQ(percent_decode("100%", false), "100%");
  EXPECT_EQ(percent_decode("%zz%4", false), "%zz%4");
  EXPECT_EQ(percent_decode("%4g", false), "%4g");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
  EXPECT_EQ(percent_decode("", true), "");
}

TEST(Types, FormsKeepTheFirstValue) {
  auto f = parse_form("contrast=high&return=%2Farticles%2F1&contrast=normal&&empty=&bare&a+b=c+d");
  EXPECT_EQ(f["contrast"], "high");
  EXPECT_EQ(f["return"], "/articles/1");
  EXPECT_EQ(f.at("empty"), "");
  EXPECT_EQ(f.at("bare"), "");
  EXPECT_EQ(f.at("a b"), "c d");
  EXPECT_EQ(f.size(), 5u);
  EXPECT_TRUE(parse_form("").empty());
}

TEST(Types, CookiesAreFoundByName) {
  Request req = get("/");
  req.set(beast_http::field::cookie, "a=1; contrast=high ;b=2; q=\"quoted\"; xid=9");
  req.insert(beast_http::field::cookie, "second=yes");
  EXPECT_EQ(cookie(req, "contrast"), "high");
  EXPECT_EQ(cookie(req, "b"), "2");
  EXPECT_EQ(cookie(req, "q"), "quoted");
  EXPECT_EQ(cookie(req, "id"), std::nullopt);
  EXPECT_EQ(cookie(req, "second"), "yes");
  EXPECT_EQ(cookie(get("/"), "a"), std::nullopt);
}

TEST(Types, ResponsesFollowTheRequest) {
  auto res = make_response(get("/"), beast_http::status::created, "é!", "text/plain");
  EXPECT_EQ(res.result(), beast_http::status::created);
  EXPECT_EQ(res.version(), 11u);
  EXPECT_TRUE(res.keep_alive());
  EXPECT_EQ(res[beast_http::field::content_length], "3");
  EXPECT_EQ(res[beast_http::field::content_type], "text/plain");
  auto old = make_response(get("/", 10), beast_http::status::ok, "", "text/plain");
  EXPECT_EQ(old.version(), 10u);
  EXPECT_FALSE(old.keep_alive());
  EXPECT_EQ(old[beast_http::field::content_length], "0");
}

TEST(Types, RedirectCarriesTheLocation) {
  auto res = redirect(get("/"), beast_http::status::see_other, "/x?y=1");
  EXPECT_EQ(res.result(), beast_http::status::see_other);
  EXPECT_EQ(res[beast_http::field::location], "/x?y=1");
  EXPECT_EQ(res[beast_http::field::content_length], "0");
}

TEST(Types, RedirectCannotSplitTheHeader) {
  auto res = redirect(get("/"), beast_http::status::found, "/x\r\nSet-Cookie: a=b");
  EXPECT_EQ(res[beast_http::field::location], "/x%0D%0ASet-Cookie: a=b");
  EXPECT_EQ(res.count(beast_http::field::set_cookie), 0u);
}

}  // namespace
}  // namespace depeche::http
