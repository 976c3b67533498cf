#include "http/types.h"

#include <gtest/gtest.h>

namespace depeche::http {
namespace {

TEST(Types, QueryParametersArePercentDecoded) {
  EXPECT_EQ(query_param("/?q=caf%C3%A9+cr%C3%A8me&page=2", "q"), "café crème");
  EXPECT_EQ(query_param("/?q=1&page=2", "page"), "2");
  EXPECT_EQ(query_param("/?q=1", "page"), std::nullopt);
  EXPECT_EQ(query_param("/", "q"), std::nullopt);
  EXPECT_EQ(query_param("/?flag", "flag"), "");
}

TEST(Types, PathDropsTheQuery) {
  EXPECT_EQ(path_of("/a/b?c=d"), "/a/b");
}

TEST(Types, InvalidEscapesAreKept) {
  EXPECT_EQ(percent_decode("100%", false), "100%");
  EXPECT_EQ(percent_decode("%zz%4", false), "%zz%4");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
}

TEST(Types, FormsKeepTheFirstValue) {
  auto f = parse_form("contrast=high&return=%2Farticles%2F1&contrast=normal");
  EXPECT_EQ(f["contrast"], "high");
  EXPECT_EQ(f["return"], "/articles/1");
}

TEST(Types, CookiesAreFoundByName) {
  Request req{beast_http::verb::get, "/", 11};
  req.set(beast_http::field::cookie, "a=1; contrast=high ;b=2");
  EXPECT_EQ(cookie(req, "contrast"), "high");
  EXPECT_EQ(cookie(req, "b"), "2");
  EXPECT_EQ(cookie(req, "c"), std::nullopt);
}

TEST(Types, RedirectCarriesTheLocation) {
  Request req{beast_http::verb::get, "/", 11};
  auto res = redirect(req, beast_http::status::see_other, "/x");
  EXPECT_EQ(res.result(), beast_http::status::see_other);
  EXPECT_EQ(res[beast_http::field::location], "/x");
}

}  // namespace
}  // namespace depeche::http
