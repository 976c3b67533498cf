#include "http/static_files.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace depeche::http {
namespace {

namespace fs = std::filesystem;

Request get(std::string target) {
  return Request{beast_http::verb::get, target, 11};
}

TEST(StaticFiles, ContentTypesFollowTheExtension) {
  EXPECT_EQ(content_type_for("site.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("a/b.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("p.jpeg"), "image/jpeg");
  EXPECT_EQ(content_type_for("f.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("noext"), "application/octet-stream");
}

TEST(StaticFiles, EtagAnswers304WhenUnchanged) {
  auto first = serve_bytes(get("/x.css"), "body{}", "text/css", "public, max-age=60");
  EXPECT_EQ(first.result(), beast_http::status::ok);
  std::string etag(first[beast_http::field::etag]);
  ASSERT_FALSE(etag.empty());
  auto req = get("/x.css");
  req.set(beast_http::field::if_none_match, etag);
  auto second = serve_bytes(req, "body{}", "text/css", "public, max-age=60");
  EXPECT_EQ(second.result(), beast_http::status::not_modified);
  EXPECT_TRUE(second.body().empty());
}

TEST(StaticFiles, FileInsideTheRootIsServed) {
  depeche::testing::TempDir root;
  fs::create_directories(root.path() / "a");
  std::ofstream(root.path() / "a/p.png") << "png";
  auto res = serve_file(get("/m/a/p.png"), root.path(), "a/p.png", "public");
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->body(), "png");
  EXPECT_EQ((*res)[beast_http::field::content_type], "image/png");
}

TEST(StaticFiles, EscapesFromTheRootAreRefused) {
  depeche::testing::TempDir outer;
  fs::create_directories(outer.path() / "root");
  std::ofstream(outer.path() / "secret.txt") << "secret";
  std::ofstream(outer.path() / "root/.hidden") << "hidden";
  fs::create_symlink(outer.path() / "secret.txt", outer.path() / "root/link.txt");
  auto root = outer.path() / "root";
  for (const char* bad : {"../secret.txt", "a/../../secret.txt", "/etc/passwd", "link.txt",
                          ".hidden", "a\\..\\secret.txt", "", "missing.txt"}) {
    EXPECT_FALSE(serve_file(get("/"), root, bad, "public").has_value()) << bad;
  }
}

}  // namespace
}  // namespace depeche::http
