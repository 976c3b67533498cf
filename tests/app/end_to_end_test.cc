// The binary as a newcomer uses it: ingest agency files, serve them, read
// the article page. Mirrors the anatomy of the reference page (DESIGN.md §1).

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "core/time.h"
#include "support/binary.h"
#include "support/http_client.h"
#include "support/in_order.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using namespace std::chrono_literals;
using testing::appear_in_order;
using testing::count_of;
using testing::http_get;

const std::string kSeed = std::string(DEPECHE_SOURCE_DIR) + "/tests/fixtures/seed";
constexpr const char* kSeedGuid = "urn:newsml:depeche.test:20230225:seed-0001";

testing::CommandRun run(const std::vector<std::string>& args, const std::string& stdin_file = {}) {
  return testing::run_depeche(args, stdin_file);
}

// A server on a free port over `data`, stopped by SIGTERM at the end.
struct Served : testing::ServedBinary {
  explicit Served(const std::filesystem::path& data) : ServedBinary({"--data", data.string()}) {}
};

TEST(EndToEnd, SeedDispatchIsServedWithTheReferencePageAnatomyInOrder) {
  testing::TempDir data;
  auto ingest = run({"ingest", "--data", data.path().string(), kSeed});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
  EXPECT_NE(ingest.out.find(std::string("accepted ") + kSeedGuid + ": "), std::string::npos)
      << ingest.out;

  Served server(data.path());
  ASSERT_NE(server.port(), 0);
  auto list = nlohmann::json::parse(http_get(server.port(), "/api/v1/articles").body);
  std::string url, headline;
  for (const auto& item : list["items"]) {
    if (item["guid"] == kSeedGuid) {
      url = item["url"];
      headline = item["headline"];
    }
  }
  ASSERT_FALSE(url.empty()) << list.dump();
  // The server indexes what `ingest` stored once it runs; a page served
  // before that has no cards yet (and is not kept), so wait for them.
  auto page = http_get(server.port(), url);
  for (auto until = std::chrono::steady_clock::now() + 10s;
       page.status == 200u && page.body.find("id=\"related-title\"") == std::string::npos &&
       std::chrono::steady_clock::now() < until;) {
    std::this_thread::sleep_for(50ms);
    page = http_get(server.port(), url);
  }
  ASSERT_EQ(page.status, 200u);
  const std::string& html = page.body;

  EXPECT_TRUE(appear_in_order(
      html,
      {"<html lang=\"fr\"", "name=\"viewport\"", "<title>", "rel=\"canonical\"",
       // skip link, first focusable element, to <main id=…>
       "<body>\n<a class=\"skip-link\" href=\"#contenu\">Aller au contenu principal</a>",
       // contrast toggle: a form that works without scripts
       "action=\"/preferences/contrast\"", "id=\"contrast-toggle\"", "aria-pressed=\"false\"",
       "Activer le contraste adapté", "Désactiver le contraste adapté",
       // menu panel with its close button
       ">Fermer</button>", "<main id=\"contenu\"",
       // headline, provenance in Paris time
       "<h1>", "</h1>", "information fournie par", "Reuters", "25/02/2023 à 14:15",
       // dateline then body
       "25\u00A0février (Reuters) -", "</p>",
       // contributors as data
       "data-role=\"reporter\">Reportage Louise Garnier",
       "data-role=\"translator\">version française Hugo Mercier",
       // comments, related cards
       "aucun commentaire", "À lire aussi", "<li class=\"card", "<figcaption>", "class=\"credit\">(",
       "information fournie par", "Lire la suite", "class=\"visually-hidden\""}));
  EXPECT_NE(html.find("<h1>" + headline + "</h1>"), std::string::npos);
  EXPECT_EQ(count_of(html, "25\u00A0février (Reuters)"), 1u) << "the dateline is shown once";
  EXPECT_EQ(count_of(html, "<li class=\"card"), 4u);
  EXPECT_EQ(count_of(html, ">Lire la suite<"), 4u);
  EXPECT_TRUE(std::regex_search(html, std::regex(R"(\d\d\.\d\d\.\d{4} \d\d:\d\d</time>)")));
  EXPECT_NE(html.find("…"), std::string::npos) << "a teaser is cut with an ellipsis";

  // A picture from the fixture is stored and served.
  std::smatch picture;
  ASSERT_TRUE(std::regex_search(html, picture, std::regex(R"re(src="(/media/[^"]+)")re")));
  auto media = http_get(server.port(), picture[1]);
  EXPECT_EQ(media.status, 200u);
  EXPECT_EQ(media.header("Content-Type").rfind("image/", 0), 0u);

  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200u);
  EXPECT_EQ(server.stop(), std::optional<int>(0)) << "SIGTERM drains and exits 0";
}

TEST(EndToEnd, IngestingTheSameFilesAgainReportsDuplicates) {
  testing::TempDir data;
  ASSERT_EQ(run({"ingest", "--data", data.path().string(), kSeed}).exit_code, 0);
  auto again = run({"ingest", "--data", data.path().string(), kSeed});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find(std::string("duplicate ") + kSeedGuid + ": "), std::string::npos)
      << again.out;
  EXPECT_EQ(again.out.find("accepted "), std::string::npos) << again.out;
}

TEST(EndToEnd, MalformedFileIsRejectedAndStoredArticlesSurvive) {
  testing::TempDir data, inbox;
  ASSERT_EQ(run({"ingest", "--data", data.path().string(), kSeed}).exit_code, 0);
  std::ofstream(inbox.path() / "broken.xml") << "<newsMessage><itemSet><newsItem";
  auto bad =
      run({"ingest", "--data", data.path().string(), (inbox.path() / "broken.xml").string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out.rfind("rejected ", 0), 0u) << bad.out;
  EXPECT_NE(bad.out.find("broken.xml: "), std::string::npos) << bad.out;

  Served server(data.path());
  ASSERT_NE(server.port(), 0);
  auto list = nlohmann::json::parse(http_get(server.port(), "/api/v1/articles").body);
  EXPECT_GE(list["items"].size(), 5u);
  server.stop();
}

// Issue 9, defect 9: a newline inside a declared encoding was copied into
// the rejection reason, so the report printed a forged "accepted" line.
TEST(EndToEnd, InputTextCannotForgeAReportLine) {
  testing::TempDir data, inbox;
  std::ofstream(inbox.path() / "forged.xml")
      << "<?xml version=\"1.0\" encoding=\"x\naccepted urn:forged:1: version 1, new article\r\n"
         "\x1b[2J\"?><newsItem/>";
  std::ofstream(inbox.path() / "guid.xml")
      << R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:a&#10;accepted urn:forged:2: x" version="1">)"
         R"(<itemMeta><itemClass qcode="ninat:text"/></itemMeta></newsItem>)";
  auto r = run({"ingest", "--data", data.path().string(), inbox.path().string()});
  EXPECT_EQ(r.exit_code, 1);
  std::istringstream lines(r.out);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    EXPECT_TRUE(line.starts_with("rejected ")) << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << line;
    EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
  }
  EXPECT_EQ(count, 2) << r.out;
  EXPECT_EQ(r.out.find("\naccepted urn:forged"), std::string::npos) << r.out;
}

TEST(EndToEnd, IngestReadsOneDocumentFromStdin) {
  testing::TempDir data;
  auto r = run({"ingest", "--data", data.path().string(), "-"}, kSeed + "/seed-0001.xml");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind(std::string("accepted ") + kSeedGuid + ": ", 0), 0u) << r.out;
}

// Polls the API until `guid` is listed or the deadline passes.
bool listed(unsigned short port, const std::string& guid, std::chrono::seconds deadline) {
  auto end = std::chrono::steady_clock::now() + deadline;
  for (;;) {  // always looks at least once
    auto list = nlohmann::json::parse(http_get(port, "/api/v1/articles?limit=100").body);
    for (const auto& item : list["items"]) {
      if (item["guid"] == guid) return true;
    }
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(50ms);
  }
}

TEST(EndToEnd, FilesDroppedIntoTheInboxOfARunningServerArePublished) {
  testing::TempDir data;
  Served server(data.path());
  ASSERT_NE(server.port(), 0);
  auto inbox = data.path() / "inbox";
  // Written under a hidden name, then renamed: the watcher sees whole files.
  std::filesystem::copy_file(kSeed + "/seed-0001.xml", inbox / ".seed.xml.part");
  std::filesystem::rename(inbox / ".seed.xml.part", inbox / "seed.xml");
  std::ofstream(inbox / "broken.xml") << "<newsMessage><itemSet>";
  EXPECT_TRUE(listed(server.port(), kSeedGuid, 10s));
  auto end = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < end &&
         !(std::filesystem::exists(data.path() / "processed/seed.xml") &&
           std::filesystem::exists(data.path() / "failed/broken.xml.reason"))) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(std::filesystem::exists(data.path() / "processed/seed.xml"));
  EXPECT_FALSE(std::filesystem::exists(inbox / "seed.xml"));
  ASSERT_TRUE(std::filesystem::exists(data.path() / "failed/broken.xml"));
  std::ifstream reason(data.path() / "failed/broken.xml.reason");
  std::string line;
  std::getline(reason, line);
  EXPECT_NE(line.find("rejected"), std::string::npos) << line;
  EXPECT_NE(line.find("malformed XML"), std::string::npos) << line;
  EXPECT_EQ(server.stop(), std::optional<int>(0));
}

TEST(EndToEnd, EmbargoedDispatchIsPublishedByTheRunningServerAtItsTime) {
  testing::TempDir data;
  auto lift =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) + 2s;
  std::string doc =
      R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:e2e:embargo" version="1">
<itemMeta><itemClass qcode="ninat:text"/><provider literal="AHP"/>
<versionCreated>2026-11-24T08:00:00Z</versionCreated><embargoed>)" +
      format_iso8601_utc(lift) + R"(</embargoed></itemMeta>
<contentMeta><headline>Sous embargo</headline></contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Texte.</p></body></html></inlineXML></contentSet></newsItem>)";
  std::ofstream(data.path() / "embargo.xml") << doc;
  auto held =
      run({"ingest", "--data", data.path().string(), (data.path() / "embargo.xml").string()});
  EXPECT_NE(held.out.find("held until"), std::string::npos) << held.out;
  Served server(data.path());
  ASSERT_NE(server.port(), 0);
  EXPECT_FALSE(listed(server.port(), "urn:e2e:embargo", 0s)) << "not before its time";
  EXPECT_TRUE(listed(server.port(), "urn:e2e:embargo", 15s));
  EXPECT_GE(std::chrono::system_clock::now(), lift);
  server.stop();
}

// Polls the search API until `q` finds `want` results or the deadline passes.
bool search_finds(unsigned short port, const std::string& q, std::size_t want,
                  std::chrono::seconds deadline) {
  auto end = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    auto r = nlohmann::json::parse(http_get(port, "/api/v1/search?q=" + q).body);
    if (r["items"].size() == want) return true;
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(100ms);
  }
}

TEST(EndToEnd, SearchFollowsIngestAndWithdrawalFromAnotherProcess) {
  testing::TempDir data;
  Served server(data.path());
  ASSERT_NE(server.port(), 0);
  auto item = [](int version, const char* status) {
    return std::string(
               R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:e2e:search" version=")") +
           std::to_string(version) +
           R"("><itemMeta><itemClass qcode="ninat:text"/><provider literal="AHP"/>
<versionCreated>2026-11-24T08:0)" +
           std::to_string(version) + R"(:00Z</versionCreated><pubStatus qcode=")" + status +
           R"("/></itemMeta><contentMeta><headline>Le viaduc de Millau fête ses vingt ans</headline></contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Les Aveyronnais célèbrent l’ouvrage.</p></body></html></inlineXML></contentSet></newsItem>)";
  };
  std::ofstream(data.path() / "v1.xml") << item(1, "stat:usable");
  std::ofstream(data.path() / "v2.xml") << item(2, "stat:canceled");
  auto in = run({"ingest", "--data", data.path().string(), (data.path() / "v1.xml").string()});
  EXPECT_EQ(in.exit_code, 0) << in.out;
  EXPECT_TRUE(search_finds(server.port(), "viaduc", 1, 15s));
  auto kill = run({"ingest", "--data", data.path().string(), (data.path() / "v2.xml").string()});
  EXPECT_NE(kill.out.find("withdrawn"), std::string::npos) << kill.out;
  EXPECT_TRUE(search_finds(server.port(), "viaduc", 0, 1s)) << "the store has the last word";
  server.stop();
}

TEST(EndToEnd, UserAddCreatesTheFirstAdminWhoCanSignInToTheRunningServer) {
  testing::TempDir data;
  std::ofstream(data.path() / "password.txt") << "correct horse battery\n";
  auto added = run({"user", "add", "--data", data.path().string(), "--email", "chef@example.org",
                    "--name", "Rédaction en chef", "--role", "admin"},
                   (data.path() / "password.txt").string());
  EXPECT_EQ(added.exit_code, 0) << added.out;
  EXPECT_EQ(added.out, "added admin Rédaction en chef (id 1)\n");
  auto again = run({"user", "add", "--data", data.path().string(), "--email", "CHEF@example.org",
                    "--name", "Autre", "--role", "reader"},
                   (data.path() / "password.txt").string());
  EXPECT_EQ(again.exit_code, 1);
  auto bad_role = run({"user", "add", "--data", data.path().string(), "--email", "x@example.org",
                       "--name", "Xavier", "--role", "emperor"},
                      (data.path() / "password.txt").string());
  EXPECT_NE(bad_role.exit_code, 0);

  Served server(data.path());
  ASSERT_NE(server.port(), 0);
  auto r =
      testing::http_request(server.port(), boost::beast::http::verb::post, "/api/v1/session",
                            R"({"email":"chef@example.org","password":"correct horse battery"})",
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 201u) << r.body;
  auto token = nlohmann::json::parse(r.body)["token"].get<std::string>();
  auto feeds = http_get(server.port(), "/admin/flux", {{"Cookie", "session=" + token}});
  EXPECT_EQ(feeds.status, 200u);
  EXPECT_NE(feeds.body.find("Aucun flux n’est configuré."), std::string::npos);
  server.stop();
}

TEST(EndToEnd, InformationPagesUseTheSiteTableAndTheOperatorsOwnTexts) {
  testing::TempDir data;
  std::filesystem::create_directories(data.path() / "pages");
  std::ofstream(data.path() / "pages" / "mentions-legales.html")
      << "<p>Édité par {{publisher}}.</p><script>alert(1)</script>";
  auto config = data.path() / "depeche.toml";
  std::ofstream(config) << "[site]\npublisher = \"Éditions du Quai SAS\"\n"
                           "contact_email = \"redaction@news.example\"\n";
  testing::ServedBinary server({"--data", data.path().string(), "--config", config.string()});
  ASSERT_NE(server.port(), 0);
  auto legal = http_get(server.port(), "/mentions-legales");
  EXPECT_EQ(legal.status, 200u);
  EXPECT_NE(legal.body.find("<p>Édité par Éditions du Quai SAS.</p>"), std::string::npos);
  EXPECT_EQ(legal.body.find("alert(1)"), std::string::npos);
  auto contact = http_get(server.port(), "/contact");
  EXPECT_NE(contact.body.find("href=\"mailto:redaction@news.example\""), std::string::npos);
}

TEST(EndToEnd, AnOversizedOperatorPageStopsTheStart) {
  testing::TempDir data;
  std::filesystem::create_directories(data.path() / "pages");
  std::ofstream(data.path() / "pages" / "contact.html") << std::string(300 * 1024, 'x');
  auto serve = run({"serve", "--data", data.path().string(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(serve.exit_code, 2);
  EXPECT_EQ(serve.out.find("listening on"), std::string::npos);
}

TEST(EndToEnd, VersionAndHelpAnswer) {
  auto version = run({"version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("depeche ", 0), 0u) << version.out;
  auto help = run({"--help"});
  for (const char* command : {"serve", "ingest", "user", "version"}) {
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
  }
}

}  // namespace
}  // namespace depeche
