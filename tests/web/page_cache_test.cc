// The page cache: anonymous pages served from memory, cacheable by anyone
// in front, and never stale after a change this process or another made.

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "support/dispatches.h"
#include "web/site_fixture.h"
#include "web/static_assets.h"

namespace depeche::web {
namespace {

using testing::http_get;
using testing::http_request;
using testing::sample_dispatch;

std::string gunzip(const std::string& in) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(in.size() * 40 + 1024, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

std::string unbrotli(const std::string& in) {
  std::string out(in.size() * 40 + 1024, '\0');
  std::size_t size = out.size();
  EXPECT_EQ(BrotliDecoderDecompress(in.size(), reinterpret_cast<const std::uint8_t*>(in.data()),
                                    &size, reinterpret_cast<std::uint8_t*>(out.data())),
            BROTLI_DECODER_RESULT_SUCCESS);
  out.resize(size);
  return out;
}

class PageCacheSite : public SiteTest {
 protected:
  void SetUp() override {
    SiteTest::SetUp();
    first_ = publish(sample_dispatch("pc:1", 1, "Le port de Brest s’agrandit"));
    second_ = publish(sample_dispatch("pc:2", 1, "La Loire à sec", "2026-11-21T08:00:00Z"));
    path_ = "/articles/" + std::to_string(first_) + "-le-port-de-brest-s-agrandit";
    // As the server's syncer does: an article page is kept once the index
    // has its story, so that its cards are known.
    reindex();
  }
  std::string reader(const std::string& name) {
    EXPECT_TRUE(accounts_->create({name + "@example.org", name, "correct horse battery"},
                                  store::Role::reader)
                    .ok());
    auto in =
        post_form("/connexion", "email=" + name + "%40example.org&password=correct+horse+battery");
    return cookie_value(in, "session");
  }
  void correct(const std::string& guid, const std::string& headline) {
    auto d = sample_dispatch(guid, 2, headline);
    d.correction = true;
    ASSERT_TRUE(publisher_->publish(d).ok());
    reindex();
  }

  std::int64_t first_ = 0, second_ = 0;
  std::string path_;
};

TEST_F(PageCacheSite, AnonymousPagesSetNoCookieAndCarryValidators) {
  for (std::string target : {std::string("/"), path_, std::string("/rubrique/france"),
                             std::string("/flux.rss"), std::string("/mentions-legales")}) {
    auto res = http_get(port(), target);
    EXPECT_EQ(res.status, 200u) << target;
    EXPECT_TRUE(res.all("Set-Cookie").empty()) << target;
    EXPECT_TRUE(res.header("ETag").starts_with("\"")) << target;
    EXPECT_FALSE(res.header("Last-Modified").empty()) << target;
    EXPECT_NE(res.header("Cache-Control").find("public"), std::string::npos) << target;
    EXPECT_NE(res.header("Cache-Control").find("stale-while-revalidate="), std::string::npos);
    EXPECT_NE(res.header("Vary").find("Accept-Encoding"), std::string::npos);
    EXPECT_TRUE(res.header("X-Depeche-Shows").empty()) << "the internal mark never leaves";
  }
  // The page's only form for anonymous readers (the contrast switch) carries
  // no token that would tie the page to one reader.
  EXPECT_EQ(http_get(port(), path_).body.find("name=\"csrf\""), std::string::npos);
}

TEST_F(PageCacheSite, TheSecondReaderIsServedFromMemoryWithTheSameBytes) {
  auto before = cache_->stats();
  auto a = http_get(port(), path_);
  auto b = http_get(port(), path_);
  auto after = cache_->stats();
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.header("ETag"), b.header("ETag"));
  EXPECT_EQ(after.misses - before.misses, 1u);
  EXPECT_EQ(after.hits - before.hits, 1u);
  EXPECT_GE(after.entries, 1u);
  auto metrics = http_get(port(), "/metrics").body;
  EXPECT_NE(metrics.find("depeche_page_cache_hit_ratio "), std::string::npos);
  EXPECT_NE(metrics.find("depeche_page_cache_max_bytes " + std::to_string(kPageCacheBytes)),
            std::string::npos);
}

// Every field of a response but its request id, in order of name, as
// "Name: value" lines.
std::vector<std::string> fields_but_id(const testing::HttpResult& res) {
  std::vector<std::string> out;
  for (const auto& f : res.headers) {
    if (boost::beast::iequals(f.name_string(), "X-Request-Id")) continue;
    out.push_back(std::string(f.name_string()) + ": " + std::string(f.value()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(PageCacheSite, AHitGivesTheFillsBytesAndFieldsInEveryCoding) {
  for (std::string coding : {"", "gzip", "br"}) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!coding.empty()) headers.emplace_back("Accept-Encoding", coding);
    auto before = cache_->stats();
    auto fill = http_get(port(), path_, headers);
    auto hit = http_get(port(), path_, headers);
    auto after = cache_->stats();
    EXPECT_EQ(after.hits - before.hits, coding.empty() ? 1u : 2u) << coding;
    EXPECT_EQ(fill.status, 200u);
    EXPECT_EQ(hit.status, 200u);
    EXPECT_TRUE(fill.body == hit.body) << coding;
    EXPECT_EQ(fields_but_id(fill), fields_but_id(hit)) << coding;
    EXPECT_EQ(hit.header("Content-Encoding"), coding);
    EXPECT_EQ(hit.header("Content-Length"), std::to_string(hit.body.size()));
    EXPECT_FALSE(hit.header("X-Request-Id").empty());
    EXPECT_NE(hit.header("X-Request-Id"), fill.header("X-Request-Id"));
    EXPECT_EQ(hit.header("Connection"), "close");  // the test client asks for it

    auto head = testing::http_request(port(), boost::beast::http::verb::head, path_, {}, headers);
    EXPECT_EQ(head.status, 200u);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(fields_but_id(head), fields_but_id(hit)) << coding;

    headers.emplace_back("If-None-Match", hit.header("ETag"));
    auto unchanged = http_get(port(), path_, headers);
    EXPECT_EQ(unchanged.status, 304u) << coding;
    EXPECT_TRUE(unchanged.body.empty());
    // A 304 says what the 200 says, but nothing about a body it does not send.
    auto expected = fields_but_id(hit);
    std::erase_if(expected, [](const std::string& f) {
      return f.starts_with("Content-Type:") || f.starts_with("Content-Length:") ||
             f.starts_with("Content-Encoding:");
    });
    EXPECT_EQ(fields_but_id(unchanged), expected) << coding;
  }
}

TEST_F(PageCacheSite, AHitAfterAChangeIsTheNewPage) {
  auto old = http_get(port(), path_);
  ASSERT_EQ(http_get(port(), path_).body, old.body);
  correct("pc:1", "Le port de Brest s’agrandit encore");
  auto fresh = http_get(port(), path_);
  auto hit = http_get(port(), path_);
  EXPECT_NE(fresh.body.find("agrandit encore"), std::string::npos);
  EXPECT_TRUE(hit.body == fresh.body);
  EXPECT_NE(hit.header("ETag"), old.header("ETag"));
}

TEST_F(PageCacheSite, AMatchingValidatorGets304WithoutABody) {
  auto first = http_get(port(), path_);
  auto etag = first.header("ETag");
  auto again = http_get(port(), path_, {{"If-None-Match", "\"nope\", " + etag}});
  EXPECT_EQ(again.status, 304u);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("ETag"), etag);
  auto since = http_get(port(), path_, {{"If-Modified-Since", first.header("Last-Modified")}});
  EXPECT_EQ(since.status, 304u);
  auto other = http_get(port(), path_, {{"If-None-Match", "\"nope\""}});
  EXPECT_EQ(other.status, 200u);
}

TEST_F(PageCacheSite, BrotliAndGzipAreChosenByAcceptEncodingAndDecodeToThePage) {
  auto plain = http_get(port(), path_);
  auto br = http_get(port(), path_, {{"Accept-Encoding", "gzip, deflate, br"}});
  auto gz = http_get(port(), path_, {{"Accept-Encoding", "gzip;q=1, br;q=0"}});
  EXPECT_EQ(br.header("Content-Encoding"), "br");
  EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
  EXPECT_TRUE(plain.header("Content-Encoding").empty());
  EXPECT_LT(br.body.size(), plain.body.size() / 2);
  EXPECT_EQ(unbrotli(br.body), plain.body);
  EXPECT_EQ(gunzip(gz.body), plain.body);
  // Each coding is its own representation, with its own strong tag.
  EXPECT_NE(br.header("ETag"), plain.header("ETag"));
  EXPECT_NE(gz.header("ETag"), br.header("ETag"));
  auto revalidated = http_get(port(), path_, {{"Accept-Encoding", "br"},
                                              {"If-None-Match", br.header("ETag")}});
  EXPECT_EQ(revalidated.status, 304u);
}

TEST_F(PageCacheSite, ANewCommentShowsToAnonymousReadersAtOnce) {
  ASSERT_EQ(http_get(port(), path_).body.find("Quel chantier"), std::string::npos);
  auto lea = reader("Lea");
  auto posted = post_form("/articles/" + std::to_string(first_) + "/commentaires",
                          "texte=Quel+chantier+%21", {}, lea);
  ASSERT_EQ(posted.status, 303u) << posted.body;
  EXPECT_NE(http_get(port(), path_).body.find("Quel chantier"), std::string::npos);
}

TEST_F(PageCacheSite, ACorrectionReachesEveryPageShowingTheStory) {
  std::string other = "/articles/" + std::to_string(second_) + "-la-loire-a-sec";
  ASSERT_NE(http_get(port(), "/").body.find("Le port de Brest"), std::string::npos);
  ASSERT_NE(http_get(port(), other).body.find("Le port de Brest"), std::string::npos);
  ASSERT_NE(http_get(port(), "/flux.rss").body.find("Le port de Brest"), std::string::npos);
  correct("pc:1", "Le port de Lorient s’agrandit");
  for (const auto& target : {std::string("/"), other, std::string("/flux.rss")}) {
    auto body = http_get(port(), target).body;
    EXPECT_NE(body.find("Lorient"), std::string::npos) << target;
    EXPECT_EQ(body.find("Le port de Brest"), std::string::npos) << target;
  }
}

TEST_F(PageCacheSite, AWithdrawalLeavesListsAndItsPageAtOnce) {
  ASSERT_NE(http_get(port(), "/").body.find("La Loire à sec"), std::string::npos);
  ASSERT_EQ(http_get(port(), "/articles/" + std::to_string(second_) + "-la-loire-a-sec").status,
            200u);
  auto d = sample_dispatch("pc:2", 2, "La Loire à sec");
  d.status = WireStatus::withdrawn;
  ASSERT_TRUE(publisher_->publish(d).ok());
  EXPECT_EQ(http_get(port(), "/").body.find("La Loire à sec"), std::string::npos);
  EXPECT_EQ(http_get(port(), "/articles/" + std::to_string(second_) + "-la-loire-a-sec").status,
            410u);
}

TEST_F(PageCacheSite, AChangeElsewhereKeepsThePage) {
  publish(sample_dispatch("pc:3", 1, "Un autre sujet", "2026-11-19T08:00:00Z"));
  reindex();
  ASSERT_EQ(http_get(port(), path_).status, 200u);
  auto before = cache_->stats();
  // A comment on another article changes nothing this page shows.
  auto lea = reader("Lea");
  ASSERT_EQ(post_form("/articles/" + std::to_string(second_) + "/commentaires", "texte=Bien+vu",
                      {}, lea)
                .status,
            303u);
  ASSERT_EQ(http_get(port(), path_).status, 200u);
  auto after = cache_->stats();
  EXPECT_EQ(after.misses, before.misses) << "served from memory";
  EXPECT_EQ(after.hits - before.hits, 1u);
}

TEST_F(PageCacheSite, ContrastModesAreKeptApart) {
  auto normal = http_get(port(), path_);
  auto high = http_get(port(), path_, {{"Cookie", "contrast=high"}});
  auto normal_again = http_get(port(), path_);
  EXPECT_EQ(normal.body.find("class=\"contrast-high\""), std::string::npos);
  EXPECT_NE(high.body.find("class=\"contrast-high\""), std::string::npos);
  EXPECT_EQ(normal_again.body, normal.body);
  EXPECT_NE(high.header("ETag"), normal.header("ETag"));
}

TEST_F(PageCacheSite, SignedInReadersGetTheirOwnPrivatePage) {
  ASSERT_EQ(http_get(port(), path_).status, 200u);  // cached for anonymous readers
  auto lea = reader("Lea");
  auto mine = http_get(port(), path_, {{"Cookie", "session=" + lea}});
  EXPECT_NE(mine.body.find("Lea"), std::string::npos);
  EXPECT_NE(mine.header("Cache-Control").find("private"), std::string::npos);
  EXPECT_TRUE(mine.header("ETag").empty());
  auto anonymous = http_get(port(), path_);
  EXPECT_EQ(anonymous.body.find("Lea"), std::string::npos);
}

TEST_F(PageCacheSite, UnknownQueryParametersAreServedButNeverKept) {
  auto before = cache_->stats();
  for (int i = 0; i < 20; ++i) {
    auto res = http_get(port(), path_ + "?utm_source=" + std::to_string(i));
    EXPECT_EQ(res.status, 200u);
    EXPECT_TRUE(res.all("Set-Cookie").empty());
  }
  EXPECT_EQ(cache_->stats().stored, before.stored);
}

TEST_F(PageCacheSite, TheSignInFormStillHandsOutItsCsrfCookie) {
  auto res = http_get(port(), "/connexion");
  auto token = cookie_value(res, "csrf");
  ASSERT_GE(token.size(), 40u);
  EXPECT_NE(res.body.find("name=\"csrf\" value=\"" + token + "\""), std::string::npos);
}

// A site whose database is a file that another process (here: another store
// on the same file) writes to.
class SharedFileSite : public PageCacheSite {
 protected:
  std::string database() override { return (dir_.path() / "depeche.db").string(); }
  depeche::testing::TempDir dir_;
};

TEST_F(SharedFileSite, ChangesMadeByAnotherProcessAreSeenWithinAPoll) {
  ASSERT_NE(http_get(port(), "/").body.find("La Loire à sec"), std::string::npos);
  {
    auto other = store::sqlite::open_store(database(), clock_);
    ASSERT_TRUE(other.ok());
    articles::Publisher elsewhere((*other)->articles());
    auto d = sample_dispatch("pc:2", 2, "La Loire en crue");
    d.correction = true;
    ASSERT_TRUE(elsewhere.publish(d).ok());
  }
  auto deadline = std::chrono::steady_clock::now() + 3 * kChangePoll + std::chrono::seconds(2);
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    seen = http_get(port(), "/").body.find("La Loire en crue") != std::string::npos;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(seen);
}

// The cache on its own, with a render that counts.
class PageCacheUnit : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*store::sqlite::open_store(":memory:", clock_));
  }
  static http::Request get(const std::string& target) {
    http::Request req{bh::verb::get, target, 11};
    return req;
  }
  static http::Response page(const http::Request& req, std::size_t size) {
    auto res = http::make_response(req, bh::status::ok, std::string(size, 'x'), "text/html");
    auto t = req.target();
    declare_shows(res, Shows{std::string(t.data(), t.size()), {1}, {}, {}});
    return res;
  }
  FixedClock clock_{*parse_iso8601("2026-11-24T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
};

TEST_F(PageCacheUnit, AStampedeRendersThePageOnce) {
  PageCache cache(*store_, kPageCacheBytes);
  std::atomic<int> renders{0};
  std::vector<std::thread> readers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      auto req = get("/articles/1-x");
      auto res = cache.serve(req, false, [&] {
        ++renders;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return page(req, 1000);
      });
      if (res.result() == bh::status::ok && res.body().size() == 1000) ++ok;
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(renders.load(), 1);
  EXPECT_EQ(ok.load(), 8);
}

TEST_F(PageCacheUnit, MemoryStaysWithinItsLimitDroppingTheLeastRecentlyUsed) {
  constexpr std::size_t kLimit = 200 * 1024;
  PageCache cache(*store_, kLimit);
  auto serve = [&](int i) {
    auto req = get("/articles/" + std::to_string(i));
    return cache.serve(req, false, [&] { return page(req, 10 * 1024); });
  };
  for (int i = 0; i < 100; ++i) {
    serve(i);
    if (i >= 1) serve(0);  // page 0 stays in use
  }
  auto s = cache.stats();
  EXPECT_LE(s.bytes, kLimit);
  EXPECT_GT(s.evicted, 50u);
  auto hits = s.hits;
  serve(0);
  EXPECT_EQ(cache.stats().hits, hits + 1) << "the page in use was kept";
}

TEST_F(PageCacheUnit, ADeclarationRoundTripsAndIsRemoved) {
  auto req = get("/x");
  http::Response res = http::make_response(req, bh::status::ok, "b", "text/html");
  declare_shows(res, Shows{"/x?page=2", {1, 2}, {3}, {"*", "sport"}});
  auto s = take_shows(res);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->canonical, "/x?page=2");
  EXPECT_EQ(s->articles, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(s->threads, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(s->lists, (std::vector<std::string>{"*", "sport"}));
  EXPECT_FALSE(take_shows(res).has_value());
}

}  // namespace
}  // namespace depeche::web

namespace depeche::web {
namespace {

TEST_F(PageCacheSite, StaticFilesAreLinkedByFingerprintKeptForGoodAndPrecompressed) {
  auto page = testing::http_get(port(), "/").body;
  auto at = page.find("href=\"/static/site.");
  ASSERT_NE(at, std::string::npos);
  std::string url = page.substr(at + 6, page.find('"', at + 6) - at - 6);
  ASSERT_NE(url, "/static/site.css");
  auto css = testing::http_get(port(), url, {{"Accept-Encoding", "br, gzip"}});
  EXPECT_EQ(css.status, 200u);
  EXPECT_EQ(css.header("Cache-Control"), kImmutableCacheControl);
  EXPECT_EQ(css.header("Content-Encoding"), "br");
  auto plain = testing::http_get(port(), "/static/site.css");
  EXPECT_EQ(plain.header("Cache-Control"), kStaticCacheControl);
  EXPECT_EQ(unbrotli(css.body), plain.body);
  auto again = testing::http_get(port(), url,
                                 {{"Accept-Encoding", "br"}, {"If-None-Match", css.header("ETag")}});
  EXPECT_EQ(again.status, 304u);
  // Another release's fingerprint gets today's bytes, not kept for good.
  auto old = testing::http_get(port(), "/static/site.0123456789.css");
  EXPECT_EQ(old.status, 200u);
  EXPECT_EQ(old.header("Cache-Control"), kStaticCacheControl);
  EXPECT_EQ(testing::http_get(port(), "/static/nothing.0123456789.css").status, 404u);
}

}  // namespace
}  // namespace depeche::web

namespace depeche::web {
namespace {

TEST_F(PageCacheSite, ASignedInReaderGetsTheWholePageComposedOnTheCachedOne) {
  auto lea = reader("Lea");
  auto bob = reader("Bob");
  ASSERT_EQ(post_form("/articles/" + std::to_string(first_) + "/commentaires",
                      "texte=Premier+avis", {}, bob)
                .status,
            303u);
  ASSERT_EQ(post_form("/articles/" + std::to_string(first_) + "/commentaires",
                      "texte=Mon+avis", {}, lea)
                .status,
            303u);
  std::vector<std::pair<std::string, std::string>> as_lea = {
      {"Cookie", "session=" + lea + "; csrf=" + std::string(kFormToken)}};
  ASSERT_EQ(http_get(port(), path_).status, 200u);  // the anonymous page, now cached
  auto stored = cache_->stats().stored;
  auto composed = http_get(port(), path_, as_lea);
  EXPECT_EQ(cache_->stats().stored, stored) << "no second render for everyone";
  // The same page rendered whole for her, without the cache.
  deps_->page_cache = nullptr;
  auto whole = http_get(port(), path_, as_lea);
  deps_->page_cache = cache_.get();
  EXPECT_EQ(composed.status, 200u);
  EXPECT_EQ(composed.body, whole.body);
  // Her own parts are there: her name, her sign-out form, her comment's
  // edit form and a report link on Bob's.
  EXPECT_NE(composed.body.find("Lea"), std::string::npos);
  EXPECT_NE(composed.body.find("action=\"/deconnexion\""), std::string::npos);
  EXPECT_NE(composed.body.find("/modifier"), std::string::npos);
  EXPECT_NE(composed.body.find("/signaler"), std::string::npos);
  EXPECT_NE(composed.header("Cache-Control").find("private"), std::string::npos);
  // And the page anonymous readers get still has none of it.
  auto anonymous = http_get(port(), path_).body;
  EXPECT_EQ(anonymous.find("action=\"/deconnexion\""), std::string::npos);
  EXPECT_EQ(anonymous.find("/modifier"), std::string::npos);
}

TEST_F(PageCacheSite, AReaderWhoNeverWroteGetsTheKeptCommentsSectionWithTheirOwnToken) {
  auto bob = reader("Bob");
  auto lea = reader("Lea");
  auto max = reader("Max");
  ASSERT_EQ(post_form("/articles/" + std::to_string(first_) + "/commentaires",
                      "texte=Premier+avis", {}, bob)
                .status,
            303u);
  const std::string lea_token = "LeaFormToken0123456789";
  const std::string max_token = "MaxFormToken9876543210";
  auto as = [](const std::string& session, const std::string& token) {
    return std::vector<std::pair<std::string, std::string>>{
        {"Cookie", "session=" + session + "; csrf=" + token}};
  };
  auto for_lea = http_get(port(), path_, as(lea, lea_token));
  auto stored = cache_->stats().stored;
  auto for_max = http_get(port(), path_, as(max, max_token));
  EXPECT_EQ(cache_->stats().stored, stored) << "Max's section is the one kept for Lea";
  // Each is the page rendered whole for that reader.
  deps_->page_cache = nullptr;
  auto whole_lea = http_get(port(), path_, as(lea, lea_token));
  auto whole_max = http_get(port(), path_, as(max, max_token));
  deps_->page_cache = cache_.get();
  EXPECT_EQ(for_lea.body, whole_lea.body);
  EXPECT_EQ(for_max.body, whole_max.body);
  // Max's forms carry his token, never Lea's.
  EXPECT_NE(for_max.body.find("value=\"" + max_token + "\""), std::string::npos);
  EXPECT_EQ(for_max.body.find(lea_token), std::string::npos);
  EXPECT_NE(for_max.body.find("/signaler"), std::string::npos);
  EXPECT_EQ(for_max.body.find("/modifier"), std::string::npos);
  // A new comment reaches the kept section at once.
  ASSERT_EQ(post_form("/articles/" + std::to_string(first_) + "/commentaires",
                      "texte=Second+avis+de+Bob", {}, bob)
                .status,
            303u);
  EXPECT_NE(http_get(port(), path_, as(max, max_token)).body.find("Second avis de Bob"),
            std::string::npos);
  // Once Lea writes, her page shows her comment with its edit form.
  ASSERT_EQ(post_form("/articles/" + std::to_string(first_) + "/commentaires",
                      "texte=Avis+de+Lea", {}, lea)
                .status,
            303u);
  auto mine = http_get(port(), path_, as(lea, lea_token));
  EXPECT_NE(mine.body.find("Avis de Lea"), std::string::npos);
  EXPECT_NE(mine.body.find("/modifier"), std::string::npos);
  EXPECT_EQ(http_get(port(), path_, as(max, max_token)).body.find("/modifier"),
            std::string::npos);
}

TEST_F(PageCacheSite, AThreadReadThroughTheApiIsKeptUntilTheThreadChanges) {
  auto api = "/api/v1/articles/" + std::to_string(first_) + "/comments";
  auto first = http_get(port(), api);
  ASSERT_EQ(first.status, 200u);
  EXPECT_NE(first.header("Content-Type").find("application/json"), std::string::npos);
  EXPECT_NE(first.header("Cache-Control").find("public"), std::string::npos);
  auto hits = cache_->stats().hits;
  auto again = http_get(port(), api);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(cache_->stats().hits, hits + 1);
  auto bob = reader("Bob");
  ASSERT_EQ(post_form("/articles/" + std::to_string(first_) + "/commentaires",
                      "texte=Avis+par+l%E2%80%99API", {}, bob)
                .status,
            303u);
  auto after = http_get(port(), api);
  EXPECT_NE(after.body.find("\"total\":1"), std::string::npos) << after.body;
  // A reader with credentials may see their own held comments: never kept.
  auto mine = http_get(port(), api, {{"Cookie", "session=" + bob}});
  EXPECT_EQ(mine.status, 200u);
  EXPECT_NE(mine.header("Cache-Control").find("private"), std::string::npos);
  // Parameters the API does not know are served, not kept.
  auto stored = cache_->stats().stored;
  EXPECT_EQ(http_get(port(), api + "?x=1").status, 200u);
  EXPECT_EQ(cache_->stats().stored, stored);
}

TEST_F(PageCacheUnit, APartIsRenderedOnceAndAFailedOneIsNotKept) {
  PageCache cache(*store_, kPageCacheBytes);
  int renders = 0;
  auto get_part = [&] {
    return cache.part("comments:/articles/1-x", [&]() -> std::optional<PageCache::Part> {
      ++renders;
      return PageCache::Part{"section " + std::to_string(renders), Shows{{}, {1}, {1}, {}}};
    });
  };
  ASSERT_NE(get_part(), nullptr);
  EXPECT_EQ(*get_part(), "section 1");
  EXPECT_EQ(renders, 1);
  // A failed render is not kept and gives nothing.
  EXPECT_EQ(cache.part("comments:/articles/2-y", [] { return std::optional<PageCache::Part>{}; }),
            nullptr);
  auto s = cache.stats();
  EXPECT_EQ(s.entries, 1u);
  EXPECT_GE(s.bytes, std::string("section 1").size());
}

}  // namespace
}  // namespace depeche::web
