// `depeche demo` as a newcomer runs it, and the demo content it ships: every
// dispatch parses, the rubriques and agencies are varied, the comments name
// stories of the demo and fit before the moment the demo is run.

#include "app/demo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/demo_comments.h"
#include "core/time.h"
#include "ingest/parse.h"
#include "support/binary.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::http_get;

const fs::path kDemo = fs::path(DEPECHE_SOURCE_DIR) / "demo";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> demo_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kDemo / "dispatches")) {
    if (e.path().extension() == ".xml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The stories of the demo as the site shows them after a folder ingest:
// the highest version of each guid.
std::map<std::string, Dispatch> demo_stories() {
  std::map<std::string, Dispatch> out;
  for (const auto& file : demo_files()) {
    auto items = ingest::parse_document(read(file));
    if (!items) continue;
    for (auto& item : *items) {
      if (!item.dispatch) continue;
      auto& kept = out[item.dispatch->guid];
      if (item.dispatch->version >= kept.version) kept = *item.dispatch;
    }
  }
  return out;
}

app::DemoComments demo_comments() {
  auto parsed = app::parse_demo_comments(read(kDemo / "comments.json"));
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return parsed ? *parsed : app::DemoComments{};
}

// ---------------------------------------------------------------------------
// The rubrique rule table of the site, applied here as the brief states it:
// the first subject that matches decides; codes exactly, names lower-cased,
// without accents, as whole words; France when nothing matches.

std::string fold(std::string_view s) {
  static const std::pair<std::string_view, char> kAccents[] = {
      {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"ç", 'c'}, {"é", 'e'}, {"è", 'e'}, {"ê", 'e'},
      {"ë", 'e'}, {"î", 'i'}, {"ï", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"ù", 'u'}, {"û", 'u'},
      {"ü", 'u'}, {"É", 'e'}, {"È", 'e'}, {"À", 'a'}, {"Ç", 'c'}};
  std::string out = " ";
  for (std::size_t i = 0; i < s.size();) {
    bool accent = false;
    for (const auto& [from, to] : kAccents) {
      if (s.substr(i).starts_with(from)) {
        out += to;
        i += from.size();
        accent = true;
        break;
      }
    }
    if (accent) continue;
    unsigned char c = static_cast<unsigned char>(s[i++]);
    out += std::isalnum(c) || c == '-' ? static_cast<char>(std::tolower(c)) : ' ';
  }
  return out + " ";
}

struct Rule {
  std::string rubrique;
  std::vector<std::string> codes, names;
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> kRules = {
      {"marches",
       {},
       {"bourse", "marches", "marches financiers", "cac 40", "devises", "obligations",
        "matieres premieres"}},
      {"entreprises", {}, {"entreprises", "entreprise", "industrie", "start-up", "jeune pousse"}},
      {"monde",
       {"medtop:16000000"},
       {"international", "monde", "diplomatie", "relations internationales", "europe"}},
      {"economie",
       {"medtop:04000000", "medtop:09000000"},
       {"economie", "emploi", "agriculture", "energie", "commerce", "consommation"}},
      {"sport", {"medtop:15000000"}, {}},
      {"culture", {"medtop:01000000"}, {}},
      {"sciences", {"medtop:13000000", "medtop:06000000"}, {}},
      {"sante", {"medtop:07000000"}, {}},
      {"france",
       {"medtop:11000000", "medtop:14000000", "medtop:02000000", "medtop:05000000",
        "medtop:03000000", "medtop:17000000"},
       {}},
  };
  return kRules;
}

std::string rubrique_of(const Dispatch& d) {
  for (const auto& s : d.subjects) {
    std::string name = fold(s.name);
    for (const auto& r : rules()) {
      bool code = std::find(r.codes.begin(), r.codes.end(), s.code) != r.codes.end();
      bool named = std::any_of(r.names.begin(), r.names.end(), [&](const std::string& n) {
        return name.find(" " + n + " ") != std::string::npos;
      });
      if (code || named) return r.rubrique;
    }
  }
  return "france";
}

TEST(DemoDispatches, EveryFileParsesIntoArticlesWithoutRefusal) {
  auto files = demo_files();
  ASSERT_GE(files.size(), 41u);
  for (const auto& file : files) {
    auto items = ingest::parse_document(read(file));
    ASSERT_TRUE(items.ok()) << file << ": " << items.error().message;
    int articles = 0;
    for (const auto& item : *items) {
      if (item.linked) continue;  // the picture items of the file
      ASSERT_TRUE(item.dispatch.ok()) << file << ": " << item.dispatch.error().message;
      ++articles;
    }
    EXPECT_EQ(articles, 1) << file;
  }
}

TEST(DemoDispatches, CoverEveryRubriqueWithFourStoriesFromThreeAgencies) {
  std::map<std::string, int> per_rubrique;
  std::set<std::string> providers;
  int pictured = 0;
  for (const auto& [guid, d] : demo_stories()) {
    if (d.status == WireStatus::withdrawn) continue;
    ++per_rubrique[rubrique_of(d)];
    providers.insert(d.provider);
    pictured += d.pictures.empty() ? 0 : 1;
  }
  EXPECT_GE(per_rubrique.size(), 6u);
  for (const auto& r : rules()) {
    EXPECT_GE(per_rubrique[r.rubrique], 4) << "stories in " << r.rubrique;
  }
  EXPECT_GE(providers.size(), 3u);
  EXPECT_GE(pictured, 12);
}

TEST(DemoDispatches, HoldOneCorrectionAndOneWithdrawalWithinAFewDays) {
  auto stories = demo_stories();
  int corrected = 0, withdrawn = 0;
  Timestamp first = Timestamp::max(), last = Timestamp::min();
  for (const auto& [guid, d] : stories) {
    corrected += d.correction ? 1 : 0;
    withdrawn += d.status == WireStatus::withdrawn ? 1 : 0;
    first = std::min(first, d.first_created);
    last = std::max(last, d.version_created);
  }
  EXPECT_GE(corrected, 1);
  EXPECT_GE(withdrawn, 1);
  EXPECT_LE(last - first, std::chrono::hours(24 * 4)) << "the demo's window of days";
}

// Each comment fits between its article's publication and the moment the
// demo runs, so that none has to be moved; the newest story has none (the
// browser checks count the first comment they post on it).
TEST(DemoComments, NameStoriesOnShowAndFitBeforeTheDemoRuns) {
  auto stories = demo_stories();
  auto demo = demo_comments();
  ASSERT_GE(demo.comments.size(), 20u);
  Timestamp newest = Timestamp::min();
  std::string newest_guid;
  for (const auto& [guid, d] : stories) {
    if (d.first_created > newest) newest = d.first_created, newest_guid = guid;
  }
  std::set<std::string> articles;
  for (const auto& c : demo.comments) {
    ASSERT_TRUE(stories.contains(c.article)) << c.id << " names " << c.article;
    const Dispatch& d = stories[c.article];
    EXPECT_EQ(d.status, WireStatus::usable) << c.id;
    auto age_at_demo = newest - d.first_created + app::kDemoNewestAge;
    EXPECT_LT(c.after, age_at_demo) << c.id << " would be in the future";
    articles.insert(c.article);
  }
  EXPECT_GE(articles.size(), 8u);
  EXPECT_FALSE(articles.contains(newest_guid));
}

TEST(DemoComments, FileNamingAnUnknownReaderOrALaterParentIsRefused) {
  auto unknown = app::parse_demo_comments(R"({"readers":[{"key":"a","name":"Anne"}],
    "comments":[{"id":"1","article":"g","reader":"b","after_minutes":5,"text":"Bonjour."}]})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("unknown reader b"), std::string::npos);
  auto later = app::parse_demo_comments(R"({"readers":[{"key":"a","name":"Anne"}],
    "comments":[{"id":"1","reply_to":"2","reader":"a","after_minutes":5,"text":"Oui."},
                {"id":"2","article":"g","reader":"a","after_minutes":1,"text":"Non."}]})");
  ASSERT_FALSE(later.ok());
  EXPECT_NE(later.error().message.find("not earlier"), std::string::npos);
}

TEST(DemoShift, MakesTheNewestTimeTenMinutesOldToTheMinute) {
  Timestamp newest = *parse_iso8601("2026-10-26T08:50:00Z");
  Timestamp now = *parse_iso8601("2027-03-02T14:07:42Z");
  auto shift = app::demo_shift(newest, now);
  EXPECT_EQ(format_iso8601_utc(newest + shift), "2027-03-02T13:57:00Z");
  EXPECT_EQ(shift % std::chrono::minutes(1), std::chrono::seconds(0)) << "gaps kept to the minute";
}

// ---------------------------------------------------------------------------
// The command.

int count_lines_starting(const std::string& out, const std::string& word) {
  int n = 0;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) n += line.rfind(word + " ", 0) == 0 ? 1 : 0;
  return n;
}

struct SiteState {
  std::optional<Timestamp> newest;
  std::int64_t comments = 0;
  bool threads_open = true;  // every thread with comments takes more
  std::map<std::int64_t, std::set<std::string>> clusters;  // cluster id → its members' providers
  std::string clustered_page;  // the page of one clustered article
};

SiteState state_of(const fs::path& data) {
  testing::ServedBinary server({"--data", data.string()});
  SiteState s;
  if (server.port() == 0) return s;
  auto list = nlohmann::json::parse(http_get(server.port(), "/api/v1/articles?limit=100").body);
  for (const auto& a : list["items"]) {
    auto published = parse_iso8601(a["published_at"].get<std::string>());
    if (published && (!s.newest || *published > *s.newest)) s.newest = published;
    std::string url =
        "/api/v1/articles/" + std::to_string(a["id"].get<std::int64_t>()) + "/comments";
    auto thread = nlohmann::json::parse(http_get(server.port(), url).body);
    std::int64_t count = thread["total"].get<std::int64_t>();
    s.comments += count;
    if (count > 0 && !thread["open"].get<bool>()) s.threads_open = false;
    if (a["cluster_id"].is_number()) {
      s.clusters[a["cluster_id"].get<std::int64_t>()].insert(a["provider"].get<std::string>());
      if (s.clustered_page.empty()) {
        s.clustered_page = http_get(server.port(), a["url"].get<std::string>()).body;
      }
    }
  }
  server.stop();
  return s;
}

TEST(DemoCommand, FreshDataDirGetsEveryDispatchRecentAndOpenCommentThreads) {
  testing::TempDir data;
  auto run = testing::run_depeche({"demo", "--data", data.path().string()});
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(count_lines_starting(run.out, "rejected"), 0) << run.out;
  int published = count_lines_starting(run.out, "accepted") +
                  count_lines_starting(run.out, "updated") +
                  count_lines_starting(run.out, "withdrawn");
  EXPECT_EQ(published, static_cast<int>(demo_files().size())) << run.out;
  EXPECT_NE(run.out.find("\ndemo: "), std::string::npos) << "a summary line";

  auto before =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  SiteState site = state_of(data.path());
  ASSERT_TRUE(site.newest.has_value());
  EXPECT_LE(*site.newest, before) << "nothing in the future";
  EXPECT_LT(before - *site.newest, std::chrono::hours(1)) << format_iso8601_utc(*site.newest);
  EXPECT_EQ(site.comments, static_cast<std::int64_t>(demo_comments().comments.size()));
  EXPECT_TRUE(site.threads_open);
  // The storm on the Channel is told by all three agencies (niw-0002,
  // ahp-0017, ddr-0014); every other story is an event of its own, so any
  // other group would be a false positive.
  ASSERT_EQ(site.clusters.size(), 1u);
  EXPECT_EQ(site.clusters.begin()->second, (std::set<std::string>{"AHP", "DDR", "NIW"}));
  EXPECT_NE(site.clustered_page.find("Sur le même sujet"), std::string::npos);
}

TEST(DemoCommand, RunningItAgainAddsNothing) {
  testing::TempDir data;
  ASSERT_EQ(testing::run_depeche({"demo", "--data", data.path().string()}).exit_code, 0);
  // The second run reads the repository's folder: the copy in the binary is
  // the same content.
  auto again =
      testing::run_depeche({"demo", "--data", data.path().string(), "--from", kDemo.string()});
  EXPECT_EQ(again.exit_code, 0) << again.out;
  for (const char* word : {"accepted", "updated", "withdrawn", "rejected"}) {
    EXPECT_EQ(count_lines_starting(again.out, word), 0) << word << "\n" << again.out;
  }
  EXPECT_NE(again.out.find("(0 new); comments: 0 added, 0 held,"), std::string::npos) << again.out;
  EXPECT_EQ(state_of(data.path()).comments,
            static_cast<std::int64_t>(demo_comments().comments.size()));
}

}  // namespace
}  // namespace depeche
