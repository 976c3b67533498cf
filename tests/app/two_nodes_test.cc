// A site of two nodes on loopback, as it is deployed: PostgreSQL, two
// depeche nodes sharing its database, drop folder and pictures (each with
// a search index of its own), and Debian's nginx balancing between them.
// What one node changes, the other serves within two seconds; the posting
// limit holds across nodes; when the first node stops, the second serves
// alone and takes the drop folder over.
//
// Skipped without a PostgreSQL test server (DEPECHE_TEST_POSTGRES); with
// one, nginx must be installed: the test command's CI has both.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "comments/rate_limit.h"
#include "core/time.h"
#include "support/binary.h"
#include "support/http_client.h"
#include "support/nginx.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using namespace std::chrono_literals;
namespace bh = boost::beast::http;
using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;
using testing::try_http_get;
using testing::try_http_request;

constexpr const char* kIngestToken = "jeton-du-fil-pour-les-deux-noeuds";
// How soon the other node shows a change made on one (the issue's promise).
constexpr auto kFollowDeadline = 2s;
// How soon a dropped file is served, by the node running the drop folder or
// by the one that took it over.
constexpr auto kDropDeadline = 5s;
// Every poll gives up after this; the measured delay is then checked
// against the promise, so that a slow pass says how slow it was.
constexpr auto kPollLimit = 10s;
constexpr auto kPollEvery = 25ms;
// The operator log's line of the node that runs the site jobs.
constexpr const char* kRunsTheJobs = "site jobs: this node runs the drop folder";

// A NewsML-G2 text item dated now. `status` "stat:canceled" withdraws it.
std::string news_item(const std::string& guid, int version, const char* status,
                      const std::string& headline) {
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  return R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid=")" + guid +
         R"(" version=")" + std::to_string(version) +
         R"("><itemMeta><itemClass qcode="ninat:text"/><provider literal="AHP"/><versionCreated>)" +
         format_iso8601_utc(now) + R"(</versionCreated><pubStatus qcode=")" + status +
         R"("/></itemMeta><contentMeta><headline>)" + headline +
         R"(</headline></contentMeta><contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Les habitants célèbrent l’ouvrage et sa longue histoire.</p></body></html></inlineXML></contentSet></newsItem>)";
}

// Polls `done` until it holds or kPollLimit passes: how long it took.
std::optional<std::chrono::milliseconds> time_until(const std::function<bool()>& done) {
  auto start = std::chrono::steady_clock::now();
  for (;;) {
    if (done()) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
    }
    if (std::chrono::steady_clock::now() - start > kPollLimit) return std::nullopt;
    std::this_thread::sleep_for(kPollEvery);
  }
}

std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

// Printed with the test's output and kept in its XML report.
void report_delay(const std::string& what, std::chrono::milliseconds delay) {
  std::cout << "[ measured ] " << what << ": " << delay.count() << " ms" << std::endl;
  ::testing::Test::RecordProperty(what, std::to_string(delay.count()) + " ms");
}

std::string contents(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream all;
  all << in.rdbuf();
  return all.str();
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

class TwoNodes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::postgres_test_server().empty()) {
      GTEST_SKIP() << "no PostgreSQL test server (DEPECHE_TEST_POSTGRES): skipped";
    }
    ASSERT_TRUE(std::filesystem::exists(testing::kNginxBinary))
        << "a PostgreSQL test server is set but " << testing::kNginxBinary
        << " is missing: install Debian's nginx";
    auto database = testing::postgres_for_dir(root_.path());
    ASSERT_TRUE(database) << database.error().message;
    database_ = *database;
    // A first, so that it takes the site jobs; B once A serves.
    a_ = std::make_unique<testing::ServedBinary>(node_args("a"));
    ASSERT_NE(a_->port(), 0) << "node A did not start";
    b_ = std::make_unique<testing::ServedBinary>(node_args("b"));
    ASSERT_NE(b_->port(), 0) << "node B did not start";
    nginx_ = std::make_unique<testing::Nginx>(root_.path() / "nginx",
                                              std::vector{a_->port(), b_->port()});
    ASSERT_NE(nginx_->port(), 0) << "nginx did not answer; see "
                                 << (root_.path() / "nginx/error.log");
  }

  // `--data` and `--config` of one node: the same site, its own search
  // index and operator log.
  std::vector<std::string> node_args(const std::string& node) {
    auto data = root_.path() / node;
    auto config = root_.path() / (node + ".toml");
    // A small pool, since ctest runs many tests at once against one server;
    // a new reader's comments publish at once, on a thread that never closes.
    std::ofstream(config) << "[storage]\n"
                          << "database = \"" << database_ << "\"\n"
                          << "pool_size = 4\n"
                          << "drop_dir = \"" << drop_.string() << "\"\n"
                          << "media_dir = \"" << (root_.path() / "media").string() << "\"\n"
                          << "[server]\n"
                          << "ingest_token = \"" << kIngestToken << "\"\n"
                          << "[comments]\n"
                          << "premoderation = \"off\"\n"
                          << "close_after_days = 0\n"
                          << "[log]\n"
                          << "file = \"" << log_of(node).string() << "\"\n";
    return {"--data", data.string(), "--config", config.string()};
  }
  std::filesystem::path log_of(const std::string& node) const {
    return root_.path() / (node + ".log");
  }

  // Pushes an agency file through `port`'s ingest API.
  static testing::HttpResult ingest(unsigned short port, const std::string& document) {
    return testing::http_request(port, bh::verb::post, "/api/v1/ingest", document,
                                 {{"Authorization", std::string("Bearer ") + kIngestToken},
                                  {"Content-Type", "application/xml"}});
  }

  // The API's summary of `guid` as `port` lists it, or nullopt.
  static std::optional<Json> listed(unsigned short port, const std::string& guid) {
    auto r = try_http_get(port, "/api/v1/articles?limit=100");
    if (!r || r->status != 200) return std::nullopt;
    auto list = Json::parse(r->body, nullptr, false);
    if (list.is_discarded()) return std::nullopt;
    for (const auto& item : list["items"]) {
      if (item["guid"] == guid) return item;
    }
    return std::nullopt;
  }

  // Ingests a story through node A; its summary as node B lists it.
  Json story_on_b(const std::string& guid, const std::string& headline) {
    auto r = ingest(a_->port(), news_item(guid, 1, "stat:usable", headline));
    EXPECT_EQ(r.status, 200u) << r.body;
    auto item = listed(b_->port(), guid);
    EXPECT_TRUE(item) << guid << " is not listed by node B";
    return item.value_or(Json::object({{"id", 0}, {"url", "/"}}));
  }

  // Signs a new reader up through `port`; their bearer token.
  static std::string sign_up(unsigned short port, const std::string& name) {
    Json body = {
        {"email", name + "@example.org"}, {"name", name}, {"password", "correct horse battery"}};
    auto r = testing::http_request(port, bh::verb::post, "/api/v1/users", body.dump(),
                                   {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 201u) << r.body;
    auto answer = Json::parse(r.body, nullptr, false);
    return answer.is_object() ? answer.value("token", "") : "";
  }

  static testing::HttpResult post_comment(unsigned short port, const std::string& token,
                                          const Json& article, const std::string& text) {
    return testing::http_request(
        port, bh::verb::post,
        "/api/v1/articles/" + std::to_string(article["id"].get<std::int64_t>()) + "/comments",
        Json{{"body", text}}.dump(),
        {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  }

  // Puts `document` into the shared inbox as the drop folder asks: written
  // under a hidden name, then renamed.
  void drop(const std::string& name, const std::string& document) {
    std::filesystem::create_directories(drop_ / "inbox");
    auto hidden = drop_ / "inbox" / ("." + name + ".part");
    std::ofstream(hidden) << document;
    std::filesystem::rename(hidden, drop_ / "inbox" / name);
  }

  // Waits until the node's operator log (flushed every half second) holds `line`.
  bool logged(const std::string& node, const std::string& line) {
    return time_until([&] { return contents(log_of(node)).find(line) != std::string::npos; })
        .has_value();
  }

  testing::TempDir root_;
  std::filesystem::path drop_ = root_.path() / "drop";
  std::string database_;
  std::unique_ptr<testing::ServedBinary> a_, b_;
  std::unique_ptr<testing::Nginx> nginx_;
};

TEST_F(TwoNodes, AStoryIngestedThroughOneNodeIsServedAndFoundByTheOther) {
  const std::string headline = "Le viaduc de Millau fête ses vingt ans";
  auto article = story_on_b("urn:two-nodes:served", headline);
  std::string url = article["url"];
  auto on_b = testing::http_get(b_->port(), url);
  EXPECT_EQ(on_b.status, 200u);
  EXPECT_NE(on_b.body.find(headline), std::string::npos);
  for (int i = 0; i < 2; ++i) {  // round-robin: once through each node
    auto balanced = testing::http_get(nginx_->port(), url);
    EXPECT_EQ(balanced.status, 200u);
    EXPECT_NE(balanced.body.find(headline), std::string::npos);
  }
  auto found = time_until([&] {
    auto r = try_http_get(b_->port(), "/api/v1/search?q=viaduc");
    return r && r->status == 200 && r->body.find("urn:two-nodes:served") != std::string::npos;
  });
  ASSERT_TRUE(found) << "node B's search never found the story";
  report_delay("search on B after ingest on A", *found);
  EXPECT_LE(*found, kFollowDeadline);
}

TEST_F(TwoNodes, ACommentPostedThroughOneNodeShowsOnTheOthersPageWithinTwoSeconds) {
  auto article = story_on_b("urn:two-nodes:comment", "Le marché couvert rouvre ses portes");
  std::string url = article["url"];
  const std::string text = "Vu depuis le second noeud du site";
  // A's page is read first, so that a stale copy in its page cache would show.
  auto before = testing::http_get(a_->port(), url);
  ASSERT_EQ(before.status, 200u);
  ASSERT_EQ(before.body.find(text), std::string::npos);

  auto token = sign_up(b_->port(), "lectrice-b");
  auto posted = post_comment(b_->port(), token, article, text);
  ASSERT_EQ(posted.status, 201u) << posted.body;
  EXPECT_EQ(Json::parse(posted.body)["status"], "published") << posted.body;
  auto shown = time_until([&] {
    auto r = try_http_get(a_->port(), url);
    return r && r->status == 200 && r->body.find(text) != std::string::npos;
  });
  ASSERT_TRUE(shown) << "the comment posted through B never showed on A's page";
  report_delay("comment posted on B shown on A", *shown);
  EXPECT_LE(*shown, kFollowDeadline);
}

TEST_F(TwoNodes, AReaderWhoReachesThePostingLimitOnOneNodeIsLimitedOnTheOther) {
  auto article = story_on_b("urn:two-nodes:limit", "La crue de la Loire reflue lentement");
  auto token = sign_up(a_->port(), "lecteur-presse");
  for (int i = 1; i <= comments::kPostPerAccount.max_events; ++i) {
    auto r = post_comment(a_->port(), token, article, "Commentaire numéro " + std::to_string(i));
    ASSERT_EQ(r.status, 201u) << "comment " << i << " through A: " << r.body;
  }
  auto limited = post_comment(b_->port(), token, article, "Un de trop par le second noeud");
  EXPECT_EQ(limited.status, 429u) << limited.body;
  auto error = Json::parse(limited.body, nullptr, false);
  EXPECT_EQ(error["error"]["code"], "rate_limited") << limited.body;
  EXPECT_FALSE(limited.header("Retry-After").empty());
  auto balanced = post_comment(nginx_->port(), token, article, "Encore un par le répartiteur");
  EXPECT_EQ(balanced.status, 429u) << "whichever node nginx chose: " << balanced.body;
}

TEST_F(TwoNodes, AWithdrawalIngestedThroughOneNodeIsGoneOnTheOtherWithinTwoSeconds) {
  const std::string guid = "urn:two-nodes:withdrawn";
  const std::string headline = "Le pont suspendu restera fermé tout l’été";
  auto article = story_on_b(guid, headline);
  std::string url = article["url"];
  // B's page is read first, so that a stale copy in its page cache would show.
  ASSERT_EQ(testing::http_get(b_->port(), url).status, 200u);

  auto kill = ingest(a_->port(), news_item(guid, 2, "stat:canceled", headline));
  ASSERT_EQ(kill.status, 200u) << kill.body;
  auto gone = time_until([&] {
    auto r = try_http_get(b_->port(), url);
    return r && r->status == 410;
  });
  ASSERT_TRUE(gone) << "node B never answered 410 for the withdrawn story";
  report_delay("withdrawal ingested on A answers 410 on B", *gone);
  EXPECT_LE(*gone, kFollowDeadline);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(testing::http_get(nginx_->port(), url).status, 410u);
}

TEST_F(TwoNodes, AFileDroppedIntoTheSharedInboxIsIngestedOnceAndServedThroughTheBalancer) {
  const std::string guid = "urn:two-nodes:dropped";
  ASSERT_TRUE(logged("a", kRunsTheJobs)) << "node A, started first, runs the drop folder";
  drop("depeche-1.xml", news_item(guid, 1, "stat:usable", "Les vendanges commencent en Alsace"));
  auto served = time_until([&] { return listed(nginx_->port(), guid).has_value(); });
  ASSERT_TRUE(served) << "the dropped story was never listed";
  report_delay("dropped file served through nginx", *served);
  EXPECT_LE(*served, kDropDeadline);
  std::string url = (*listed(nginx_->port(), guid))["url"];
  EXPECT_EQ(testing::http_get(nginx_->port(), url).status, 200u);

  auto processed = drop_ / "processed" / "depeche-1.xml";
  EXPECT_TRUE(time_until([&] { return std::filesystem::exists(processed); }));
  EXPECT_FALSE(std::filesystem::exists(drop_ / "inbox" / "depeche-1.xml"));
  EXPECT_TRUE(std::filesystem::is_empty(drop_ / "failed"));
  // Once: only the node holding the site jobs read it.
  const std::string accepted = "inbox: accepted " + guid;
  ASSERT_TRUE(logged("a", accepted));
  ASSERT_TRUE(logged("b", "serving ")) << "node B's log is written";
  std::this_thread::sleep_for(1s);  // B's log would have been flushed by now
  EXPECT_EQ(count_of(contents(log_of("a")), accepted), 1u);
  EXPECT_EQ(contents(log_of("b")).find("inbox: "), std::string::npos) << contents(log_of("b"));
  EXPECT_EQ(contents(log_of("b")).find(kRunsTheJobs), std::string::npos);
}

TEST_F(TwoNodes, WhenTheFirstNodeStopsTheOtherServesAloneAndTakesOverTheDropFolder) {
  auto article = story_on_b("urn:two-nodes:before", "Le tramway de Tours fête ses dix ans");
  std::string url = article["url"];
  ASSERT_TRUE(logged("a", kRunsTheJobs));
  ASSERT_EQ(contents(log_of("b")).find(kRunsTheJobs), std::string::npos)
      << "node B runs the site jobs while A holds them";

  auto stopped_at = std::chrono::steady_clock::now();
  EXPECT_EQ(a_->stop(), std::optional<int>(0)) << "SIGTERM drains and exits 0";
  for (int i = 0; i < 6; ++i) {  // every other request would have gone to A
    auto page = try_http_get(nginx_->port(), i % 2 ? "/" : url);
    ASSERT_TRUE(page) << "nginx did not answer request " << i;
    EXPECT_EQ(page->status, 200u) << "request " << i << " after A stopped";
  }

  const std::string guid = "urn:two-nodes:after";
  drop("depeche-2.xml", news_item(guid, 1, "stat:usable", "La foire de Châlons ouvre samedi"));
  auto served = time_until([&] { return listed(nginx_->port(), guid).has_value(); });
  ASSERT_TRUE(served) << "no node ingested the file dropped after A stopped";
  report_delay("file dropped after A stopped served through nginx", *served);
  report_delay("from A's SIGTERM to the dropped file served", since(stopped_at));
  EXPECT_LE(*served, kDropDeadline);
  EXPECT_TRUE(logged("b", kRunsTheJobs));
  EXPECT_TRUE(
      time_until([&] { return std::filesystem::exists(drop_ / "processed/depeche-2.xml"); }));
  std::string new_url = (*listed(nginx_->port(), guid))["url"];
  EXPECT_EQ(testing::http_get(nginx_->port(), new_url).status, 200u);
}

}  // namespace
}  // namespace depeche
