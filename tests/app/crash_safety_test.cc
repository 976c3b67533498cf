// A write that was acknowledged survives kill -9 (DESIGN.md §5): the real
// binary is killed in the middle of bursts of pushed dispatches and
// comments, restarted on the same data, and checked for every
// acknowledged write, the database's integrity and the search index
// catching up.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "core/time.h"
#include "support/binary.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using namespace std::chrono_literals;
namespace bh = boost::beast::http;
using Json = nlohmann::json;
using testing::http_get;
using testing::http_request;
using testing::ServedBinary;

constexpr const char* kToken = "jeton-des-agences-pour-le-test";
constexpr int kRounds = 3;
constexpr int kIngestClients = 2;
constexpr int kCommentClients = 2;
// How long each burst runs before the kill.
constexpr auto kBurst = 600ms;
// How long search may take to catch up after a restart.
constexpr auto kSearchCatchUp = 10s;

// A word the stemmer leaves alone and no other story contains.
std::string word_for(int round, int client, int n) {
  std::string w = "zqx";
  for (int v : {round, client, n / 676, (n / 26) % 26, n % 26}) w += static_cast<char>('a' + v);
  return w;
}

std::string newsml(const std::string& guid, const std::string& word) {
  auto now = format_iso8601_utc(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  return R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid=")" + guid +
         R"(" version="1"><itemMeta><itemClass qcode="ninat:text"/><provider literal="AHP"/>)"
         "<versionCreated>" +
         now +
         R"(</versionCreated><pubStatus qcode="stat:usable"/></itemMeta><contentMeta><headline>Dépêche )" +
         word +
         R"(</headline></contentMeta><contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Le texte )" +
         word + R"( suit.</p></body></html></inlineXML></contentSet></newsItem>)";
}

// Posting limits out of the way: this test is about durability.
void write_config(const std::filesystem::path& file) {
  std::ofstream(file)
      << "[server]\ningest_token = \"" << kToken << "\"\nthreads = 2\n"
      << "[comments]\nclose_after_days = 0\n"
      << "post_limit = { account = 100000, address = 1000000, window_seconds = 1 }\n"
      << "[log]\naccess_log = false\n";
}

// PRAGMA integrity_check on the database file, opened directly.
std::string integrity_of(const std::filesystem::path& db) {
  sqlite3* conn = nullptr;
  std::string out;
  if (sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(conn, 5000);
    sqlite3_exec(
        conn, "PRAGMA integrity_check",
        [](void* o, int, char** values, char**) {
          *static_cast<std::string*>(o) += values[0] ? values[0] : "";
          return 0;
        },
        &out, nullptr);
  }
  sqlite3_close(conn);
  return out;
}

std::optional<testing::HttpResult> try_request(
    unsigned short port, bh::verb method, const std::string& target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  try {
    return http_request(port, method, target, body, headers, 5s);
  } catch (const std::exception&) {
    return std::nullopt;  // the server is gone
  }
}

// What the clients were told was stored.
struct Acknowledged {
  std::mutex mu;
  std::vector<std::string> guids;
  std::vector<std::string> words;
  std::vector<std::int64_t> comment_ids;
};

std::set<std::string> listed_guids(unsigned short port) {
  std::set<std::string> guids;
  std::string path = "/api/v1/articles?limit=100";
  for (int page = 0; page < 1000 && !path.empty(); ++page) {
    auto list = Json::parse(http_get(port, path).body);
    for (const auto& item : list["items"]) guids.insert(item["guid"].get<std::string>());
    path = list["next"].is_string()
               ? "/api/v1/articles?limit=100&cursor=" + list["next"].get<std::string>()
               : "";
  }
  return guids;
}

std::set<std::int64_t> listed_comments(unsigned short port, std::int64_t article) {
  std::set<std::int64_t> ids;
  // Every page of the thread; replies follow their parent in the one list.
  std::string cursor;
  do {
    std::string url = "/api/v1/articles/" + std::to_string(article) + "/comments?limit=200";
    if (!cursor.empty()) url += "&cursor=" + cursor;
    auto thread = Json::parse(http_get(port, url).body);
    for (const auto& c : thread["items"]) ids.insert(c["id"].get<std::int64_t>());
    cursor = thread["next"].is_string() ? thread["next"].get<std::string>() : "";
  } while (!cursor.empty());
  return ids;
}

bool search_finds(unsigned short port, const std::string& word, const std::string& guid) {
  auto end = std::chrono::steady_clock::now() + kSearchCatchUp;
  for (;;) {
    auto found = Json::parse(http_get(port, "/api/v1/search?q=" + word).body);
    for (const auto& item : found["items"]) {
      if (item["guid"] == guid) return true;
    }
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(100ms);
  }
}

class CrashSafety : public ::testing::Test {
 protected:
  void SetUp() override { write_config(config_); }
  std::vector<std::string> args() const {
    return {"--data", data_.path().string(), "--config", config_.string()};
  }
  // Everything acknowledged so far is there; returns how many were not.
  std::size_t check_acknowledged(unsigned short port, std::int64_t article) {
    auto guids = listed_guids(port);
    auto comments = listed_comments(port, article);
    std::size_t lost = 0;
    for (const auto& g : acked_.guids) {
      if (!guids.contains(g)) {
        ++lost;
        ADD_FAILURE() << "acknowledged dispatch lost: " << g;
      }
    }
    for (auto id : acked_.comment_ids) {
      if (!comments.contains(id)) {
        ++lost;
        ADD_FAILURE() << "acknowledged comment lost: " << id;
      }
    }
    EXPECT_EQ(integrity_of(data_.path() / "depeche.db"), "ok");
    return lost;
  }

  testing::TempDir data_, files_;
  std::filesystem::path config_ = files_.path() / "depeche.toml";
  Acknowledged acked_;
};

TEST_F(CrashSafety, AcknowledgedDispatchesAndCommentsSurviveKillNineMidBurst) {
  std::int64_t article = 0;
  std::vector<std::string> readers;
  {
    ServedBinary server(args());
    ASSERT_NE(server.port(), 0);
    auto pushed = http_request(
        server.port(), bh::verb::post, "/api/v1/ingest",
        newsml("urn:crash:thread", "fildiscussion"),
        {{"Authorization", std::string("Bearer ") + kToken}, {"Content-Type", "application/xml"}});
    ASSERT_EQ(pushed.status, 200u) << pushed.body;
    auto list = Json::parse(http_get(server.port(), "/api/v1/articles").body);
    ASSERT_EQ(list["items"].size(), 1u);
    article = list["items"][0]["id"].get<std::int64_t>();
    for (int i = 0; i < kCommentClients; ++i) {
      auto n = std::to_string(i);
      auto r = http_request(server.port(), bh::verb::post, "/api/v1/users",
                            Json{{"email", "lecteur" + n + "@example.org"},
                                 {"name", "Lecteur" + n},
                                 {"password", "un mot de passe assez long"}}
                                .dump(),
                            {{"Content-Type", "application/json"}});
      ASSERT_EQ(r.status, 201u) << r.body;
      readers.push_back(Json::parse(r.body)["token"].get<std::string>());
    }
    server.kill();
  }

  std::size_t lost = 0;
  for (int round = 0; round < kRounds; ++round) {
    ServedBinary server(args());
    ASSERT_NE(server.port(), 0) << "restart " << round;
    lost += check_acknowledged(server.port(), article);
    if (!acked_.guids.empty()) {
      EXPECT_TRUE(search_finds(server.port(), acked_.words.back(), acked_.guids.back()))
          << "search caught up with " << acked_.guids.back();
    }
    std::size_t before_guids = acked_.guids.size(), before_comments = acked_.comment_ids.size();

    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kIngestClients; ++c) {
      clients.emplace_back([&, c] {
        for (int i = 0; !stop; ++i) {
          auto guid = "urn:crash:r" + std::to_string(round) + ":c" + std::to_string(c) + ":" +
                      std::to_string(i);
          auto word = word_for(round, c, i);
          auto r = try_request(server.port(), bh::verb::post, "/api/v1/ingest", newsml(guid, word),
                               {{"Authorization", std::string("Bearer ") + kToken},
                                {"Content-Type", "application/xml"}});
          if (!r) return;
          if (r->status != 200) continue;
          std::lock_guard lock(acked_.mu);
          acked_.guids.push_back(guid);
          acked_.words.push_back(word);
        }
      });
    }
    for (int c = 0; c < kCommentClients; ++c) {
      clients.emplace_back([&, c] {
        for (int i = 0; !stop; ++i) {
          auto r = try_request(server.port(), bh::verb::post,
                               "/api/v1/articles/" + std::to_string(article) + "/comments",
                               Json{{"body", "Commentaire " + std::to_string(round) + "-" +
                                                 std::to_string(c) + "-" + std::to_string(i)}}
                                   .dump(),
                               {{"Authorization", "Bearer " + readers[static_cast<std::size_t>(c)]},
                                {"Content-Type", "application/json"}});
          if (!r) return;
          if (r->status != 201) continue;
          auto id = Json::parse(r->body)["id"].get<std::int64_t>();
          std::lock_guard lock(acked_.mu);
          acked_.comment_ids.push_back(id);
        }
      });
    }
    std::this_thread::sleep_for(kBurst);
    server.kill();
    stop = true;
    for (auto& t : clients) t.join();
    std::cout << "round " << round << ": " << acked_.guids.size() - before_guids
              << " dispatches and " << acked_.comment_ids.size() - before_comments
              << " comments acknowledged before kill -9\n";
    EXPECT_GT(acked_.guids.size(), before_guids) << "the burst wrote something";
    EXPECT_GT(acked_.comment_ids.size(), before_comments) << "the burst wrote something";
  }

  ServedBinary server(args());
  ASSERT_NE(server.port(), 0);
  lost += check_acknowledged(server.port(), article);
  EXPECT_TRUE(search_finds(server.port(), acked_.words.back(), acked_.guids.back()));
  std::cout << "acknowledged " << acked_.guids.size() << " dispatches and "
            << acked_.comment_ids.size() << " comments in " << kRounds << " rounds; lost " << lost
            << "\n";
  EXPECT_EQ(server.stop(), std::optional<int>(0));
}

TEST_F(CrashSafety, IngestKilledHalfWayKeepsWhatItReportedAndARerunCompletesTheFolder) {
  constexpr int kFiles = 600;
  auto wire = files_.path() / "wire";
  std::filesystem::create_directories(wire);
  for (int i = 0; i < kFiles; ++i) {
    std::ofstream(wire / ("d" + std::to_string(1000 + i) + ".xml"))
        << newsml("urn:batch:" + std::to_string(i), word_for(9, 9, i));
  }
  testing::Child ingest({DEPECHE_BINARY, "ingest", "--data", data_.path().string(), wire.string()});
  auto first = ingest.read_line(30s);
  ASSERT_TRUE(first) << "ingest reported something";
  ingest.signal(SIGKILL);
  auto code = ingest.wait(20s);
  // What it wrote to the pipe before it died; its own buffer died with it.
  auto out = *first + "\n" + ingest.read_all(2s);
  std::set<std::string> accepted;
  static const std::regex kAccepted(R"(^accepted (\S+): )");
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, kAccepted)) accepted.insert(m[1]);
  }
  std::cout << "ingest killed after reporting " << accepted.size() << " of " << kFiles
            << " files (exit " << code.value_or(0) << ")\n";
  if (code != std::optional<int>(-SIGKILL)) {
    std::cout << "note: the ingest finished before the kill\n";
  }
  EXPECT_EQ(integrity_of(data_.path() / "depeche.db"), "ok");

  auto rerun = testing::run_depeche({"ingest", "--data", data_.path().string(), wire.string()});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out;
  int accepted_now = 0, duplicates = 0;
  std::istringstream again(rerun.out);
  for (std::string line; std::getline(again, line);) {
    std::smatch m;
    if (std::regex_search(line, m, kAccepted)) {
      ++accepted_now;
      EXPECT_FALSE(accepted.contains(m[1])) << m[1] << " was reported stored before the kill";
    } else if (line.starts_with("duplicate ")) {
      ++duplicates;
    }
  }
  EXPECT_EQ(accepted_now + duplicates, kFiles) << rerun.out;
  EXPECT_GE(duplicates, static_cast<int>(accepted.size()));

  ServedBinary server(args());
  ASSERT_NE(server.port(), 0);
  auto guids = listed_guids(server.port());
  EXPECT_EQ(guids.size(), static_cast<std::size_t>(kFiles));
  for (const auto& g : accepted) EXPECT_TRUE(guids.contains(g)) << g;
  server.stop();
}

}  // namespace
}  // namespace depeche
