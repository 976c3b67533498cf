// depeche backup and restore through the binary: a backup taken while the
// server runs, put back into a fresh data dir, serves the same site.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

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
using testing::run_depeche;
using testing::ServedBinary;

const std::string kSeed = std::string(DEPECHE_SOURCE_DIR) + "/tests/fixtures/seed";
constexpr const char* kToken = "jeton-des-agences";
constexpr const char* kPassword = "correct horse battery";

// Dated an hour ago, whatever the day the test runs: comments close a week
// after publication, and the test posts some.
std::string newsml(int version, const std::string& headline) {
  static const Timestamp kWritten =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) -
      std::chrono::hours(1);
  return R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:backup:1" version=")" +
         std::to_string(version) +
         R"("><itemMeta><itemClass qcode="ninat:text"/><provider literal="AHP"/>
<versionCreated>)" +
         format_iso8601_utc(kWritten + std::chrono::minutes(version)) +
         R"(</versionCreated><pubStatus qcode="stat:usable"/></itemMeta><contentMeta><headline>)" +
         headline +
         R"(</headline></contentMeta><contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Texte.</p></body></html></inlineXML></contentSet></newsItem>)";
}

// What the API shows of a site, for comparing two of them.
struct Snapshot {
  Json articles, versions, comments, me;
};

Snapshot snapshot(unsigned short port, std::int64_t article, const std::string& token) {
  std::vector<std::pair<std::string, std::string>> auth{{"Authorization", "Bearer " + token}};
  Snapshot s;
  s.articles = Json::parse(http_get(port, "/api/v1/articles?limit=100").body);
  auto id = std::to_string(article);
  s.versions = Json::parse(http_get(port, "/api/v1/articles/" + id + "/versions", auth).body);
  s.comments = Json::parse(http_get(port, "/api/v1/articles/" + id + "/comments").body);
  s.me = Json::parse(http_get(port, "/api/v1/me", auth).body);
  return s;
}

class BackupCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(config_) << "[server]\ningest_token = \"" << kToken << "\"\n";
    std::ofstream(password_) << kPassword << "\n";
  }
  std::vector<std::string> args(const testing::TempDir& data) const {
    return {"--data", data.path().string(), "--config", config_.string()};
  }
  testing::TempDir live_, fresh_, files_;
  std::filesystem::path config_ = files_.path() / "depeche.toml";
  std::filesystem::path password_ = files_.path() / "password.txt";
  std::filesystem::path dest_ = files_.path() / "sauvegarde";
};

TEST_F(BackupCommand, BackupOfARunningServerRestoresIntoAFreshDataDirWithTheSameSite) {
  ASSERT_EQ(run_depeche({"ingest", "--data", live_.path().string(), kSeed}).exit_code, 0);
  {
    testing::Child add({DEPECHE_BINARY, "user", "add", "--data", live_.path().string(), "--email",
                        "chef@example.org", "--name", "Chef", "--role", "admin"},
                       password_.string());
    add.read_all(30s);
    ASSERT_EQ(add.wait(30s), std::optional<int>(0));
  }
  ServedBinary live(args(live_));
  ASSERT_NE(live.port(), 0);
  for (int v : {1, 2}) {
    auto r = http_request(live.port(), bh::verb::post, "/api/v1/ingest",
                          newsml(v, v == 1 ? "Premier titre" : "Titre corrigé"),
                          {{"Authorization", std::string("Bearer ") + kToken}});
    ASSERT_EQ(r.status, 200u) << r.body;
  }
  auto session = http_request(live.port(), bh::verb::post, "/api/v1/session",
                              Json{{"email", "chef@example.org"}, {"password", kPassword}}.dump(),
                              {{"Content-Type", "application/json"}});
  ASSERT_EQ(session.status, 201u) << session.body;
  auto token = Json::parse(session.body)["token"].get<std::string>();
  std::int64_t article = 0;
  auto list = Json::parse(http_get(live.port(), "/api/v1/articles").body);
  for (const auto& item : list["items"]) {
    if (item["guid"] == "urn:backup:1") article = item["id"].get<std::int64_t>();
  }
  ASSERT_NE(article, 0);
  for (const char* text : {"Premier commentaire.", "Second commentaire."}) {
    auto c = http_request(
        live.port(), bh::verb::post, "/api/v1/articles/" + std::to_string(article) + "/comments",
        Json{{"body", text}}.dump(),
        {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
    ASSERT_EQ(c.status, 201u) << c.body;
  }
  auto before = snapshot(live.port(), article, token);
  ASSERT_EQ(before.versions["items"].size(), 2u) << before.versions.dump();
  ASSERT_EQ(before.comments["items"].size(), 2u);

  auto backup = run_depeche({"backup", "--data", live_.path().string(), dest_.string()});
  ASSERT_EQ(backup.exit_code, 0) << backup.out;
  EXPECT_NE(backup.out.find("backed up "), std::string::npos) << backup.out;
  EXPECT_TRUE(std::filesystem::is_regular_file(dest_ / "depeche.db"));
  ASSERT_TRUE(std::filesystem::is_directory(dest_ / "media"));
  EXPECT_FALSE(std::filesystem::is_empty(dest_ / "media")) << "the seed's pictures are copied";
  EXPECT_NE(run_depeche({"backup", "--data", live_.path().string(), dest_.string()}).exit_code, 0)
      << "a backup never overwrites another";
  EXPECT_EQ(live.stop(), std::optional<int>(0));

  auto restore = run_depeche({"restore", "--data", fresh_.path().string(), dest_.string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.out;
  ServedBinary restored(args(fresh_));
  ASSERT_NE(restored.port(), 0);
  auto after = snapshot(restored.port(), article, token);
  EXPECT_EQ(after.articles, before.articles);
  EXPECT_EQ(after.versions, before.versions);
  EXPECT_EQ(after.comments, before.comments);
  EXPECT_EQ(after.me["user"], before.me["user"]) << "accounts and sessions came back";

  // The pictures came back too.
  std::string page;
  for (const auto& item : after.articles["items"]) {
    if (item["guid"] != "urn:backup:1") page = http_get(restored.port(), item["url"]).body;
    if (page.find("/media/") != std::string::npos) break;
  }
  std::smatch picture;
  ASSERT_TRUE(std::regex_search(page, picture, std::regex(R"re(src="(/media/[^"]+)")re")));
  EXPECT_EQ(http_get(restored.port(), picture[1]).status, 200u);

  // A restore never replaces a database silently, nor one a server has open.
  auto again = run_depeche({"restore", "--data", fresh_.path().string(), dest_.string()});
  EXPECT_EQ(again.exit_code, 1);
  auto in_use =
      run_depeche({"restore", "--data", fresh_.path().string(), "--force", dest_.string()});
  EXPECT_EQ(in_use.exit_code, 1);
  EXPECT_EQ(restored.stop(), std::optional<int>(0));
  auto forced =
      run_depeche({"restore", "--data", fresh_.path().string(), "--force", dest_.string()});
  EXPECT_EQ(forced.exit_code, 0) << forced.out;
}

}  // namespace
}  // namespace depeche
