#include "http/static_files.h"

#include <gtest/gtest.h>

#include <fstream>

#include "http/router.h"
#include "support/temp_dir.h"

namespace depeche::http {
namespace {

namespace fs = std::filesystem;
using beast_http::field;
using beast_http::status;

Request request(std::string target, beast_http::verb method = beast_http::verb::get) {
  return Request{method, target, 11};
}

Request conditional(std::string_view if_none_match) {
  auto req = request("/x.css");
  req.set(field::if_none_match, std::string(if_none_match));
  return req;
}

TEST(StaticFiles, ContentTypesFollowTheExtension) {
  const std::pair<const char*, const char*> cases[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"site.css", "text/css; charset=utf-8"},
      {"a/b.JS", "text/javascript; charset=utf-8"},
      {"data.json", "application/json"},
      {"logo.svg", "image/svg+xml"},
      {"p.png", "image/png"},
      {"p.jpg", "image/jpeg"},
      {"p.jpeg", "image/jpeg"},
      {"p.gif", "image/gif"},
      {"p.webp", "image/webp"},
      {"p.avif", "image/avif"},
      {"favicon.ico", "image/x-icon"},
      {"f.woff", "font/woff"},
      {"f.woff2", "font/woff2"},
      {"robots.txt", "text/plain; charset=utf-8"},
      {"feed.xml", "application/xml"},
      {"site.js.map", "application/json"},
      {"noext", "application/octet-stream"},
      {"dir.d/noext", "application/octet-stream"},
      {"archive.exe", "application/octet-stream"},
  };
  for (const auto& [name, type] : cases) EXPECT_EQ(content_type_for(name), type) << name;
}

TEST(StaticFiles, BytesCarryAStrongEtagAndCacheControl) {
  auto res = serve_bytes(request("/x.css"), "body{}", "text/css", "public, max-age=60");
  EXPECT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body(), "body{}");
  EXPECT_EQ(res[field::content_type], "text/css");
  EXPECT_EQ(res[field::content_length], "6");
  EXPECT_EQ(res[field::cache_control], "public, max-age=60");
  std::string etag(res[field::etag]);
  EXPECT_TRUE(etag.size() > 2 && etag.front() == '"' && etag.back() == '"') << etag;
  auto other = serve_bytes(request("/x.css"), "body{ }", "text/css", "public");
  EXPECT_NE(other[field::etag], etag);
}

TEST(StaticFiles, MatchingIfNoneMatchGets304) {
  auto first = serve_bytes(request("/x.css"), "body{}", "text/css", "public, max-age=60");
  std::string etag(first[field::etag]);
  for (std::string header : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    auto res = serve_bytes(conditional(header), "body{}", "text/css", "public, max-age=60");
    EXPECT_EQ(res.result(), status::not_modified) << header;
    EXPECT_TRUE(res.body().empty());
    EXPECT_EQ(res[field::etag], etag);
    EXPECT_EQ(res[field::cache_control], "public, max-age=60");
  }
  auto stale = serve_bytes(conditional("\"other\""), "body{}", "text/css", "public");
  EXPECT_EQ(stale.result(), status::ok);
  EXPECT_EQ(stale.body(), "body{}");
}

TEST(StaticFiles, HeadGetsTheLengthWithoutTheBytes) {
  auto res = serve_bytes(request("/x.css", beast_http::verb::head), "body{}", "text/css", "public");
  EXPECT_EQ(res.result(), status::ok);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res[field::content_length], "6");
}

class ServeFile : public ::testing::Test {
 protected:
  ServeFile() {
    fs::create_directories(root_ / "a");
    std::ofstream(root_ / "a/p.png") << "png";
    std::ofstream(outer_.path() / "secret.txt") << "secret";
  }
  std::optional<Response> serve(std::string_view relative) {
    return serve_file(request("/"), root_, relative, "public");
  }
  depeche::testing::TempDir outer_;
  fs::path root_ = outer_.path() / "root";
};

TEST_F(ServeFile, FileInsideTheRootIsServed) {
  auto res = serve("a/p.png");
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->body(), "png");
  EXPECT_EQ((*res)[field::content_type], "image/png");
  EXPECT_EQ((*res)[field::cache_control], "public");
  EXPECT_FALSE((*res)[field::etag].empty());
}

TEST_F(ServeFile, EscapesFromTheRootAreRefused) {
  std::ofstream(root_ / ".hidden") << "hidden";
  fs::create_symlink(outer_.path() / "secret.txt", root_ / "link.txt");
  fs::create_directory_symlink(outer_.path(), root_ / "up");
  for (const char* bad : {"../secret.txt", "a/../../secret.txt", "a/../p.png", "./a/p.png",
                          "/etc/passwd", "link.txt", "up/secret.txt", ".hidden", "a//p.png",
                          "a\\..\\..\\secret.txt", "", "a", "a/", "missing.txt"}) {
    EXPECT_FALSE(serve(bad).has_value()) << bad;
  }
  EXPECT_FALSE(serve(std::string_view("a/p.png\0.txt", 12)).has_value());
  EXPECT_FALSE(serve(fs::absolute(root_ / "a/p.png").string()).has_value());
}

TEST_F(ServeFile, LinksThatStayInsideTheRootAreFollowed) {
  fs::create_symlink(root_ / "a/p.png", root_ / "alias.png");
  auto res = serve("alias.png");
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->body(), "png");
}

TEST_F(ServeFile, FilesOverTheSizeLimitAreRefused) {
  { std::ofstream(root_ / "big.bin"); }
  fs::resize_file(root_ / "big.bin", kMaxStaticFileBytes + 1);  // sparse: costs no disk
  EXPECT_FALSE(serve("big.bin").has_value());
}

TEST_F(ServeFile, EncodedDotsFromTheRouterAreRefused) {
  // The router decodes "%2e%2e" to ".." before serve_file sees it.
  Router router;
  router.add(beast_http::verb::get, "/static/{*path}", [this](const Request& req, const Params& p) {
    auto res = serve_file(req, root_, p.at("path"), "public");
    return res ? *res : make_response(req, status::not_found, "absent", "text/plain");
  });
  EXPECT_EQ(router.handle(request("/static/a/p.png")).result(), status::ok);
  for (const char* bad : {"/static/%2e%2e/secret.txt", "/static/a/%2E%2E/%2e%2e/secret.txt",
                          "/static/..%2Fsecret.txt", "/static/%2Fetc%2Fpasswd"}) {
    EXPECT_EQ(router.handle(request(bad)).result(), status::not_found) << bad;
  }
}

}  // namespace
}  // namespace depeche::http
