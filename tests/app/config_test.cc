#include "app/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "support/temp_dir.h"

namespace depeche::app {
namespace {

Status load(const std::string& toml, Config& c) {
  testing::TempDir dir;
  auto file = dir.path() / "depeche.toml";
  std::ofstream(file) << toml;
  return load_config_file(file, c);
}

TEST(Config, FileSettingsOverrideDefaults) {
  Config c;
  ASSERT_TRUE(load("[site]\nname = \"Le Fil\"\ntime_zone = \"Europe/Brussels\"\n"
                   "[server]\nlisten = \"0.0.0.0:9000\"\nthreads = 4\n"
                   "[storage]\ndata_dir = \"/srv/depeche\"\n",
                   c)
                  .ok());
  EXPECT_EQ(c.site_name, "Le Fil");
  EXPECT_EQ(c.time_zone, "Europe/Brussels");
  EXPECT_EQ(c.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.threads, 4u);
  EXPECT_EQ(c.data_dir, "/srv/depeche");
}

TEST(Config, CacheTableSizesOrTurnsOffThePageCache) {
  Config c;
  EXPECT_EQ(c.page_cache_bytes, web::kPageCacheBytes);
  ASSERT_TRUE(load("[cache]\npages_mib = 8\n", c).ok());
  EXPECT_EQ(c.page_cache_bytes, 8u * 1024 * 1024);
  ASSERT_TRUE(load("[cache]\npages_mib = 0\n", c).ok());
  EXPECT_EQ(c.page_cache_bytes, 0u);
  EXPECT_FALSE(load("[cache]\npages_mib = -1\n", c).ok());
  EXPECT_FALSE(load("[cache]\npages = 1\n", c).ok());
}

TEST(Config, SiteTableNamesWhoRunsTheSite) {
  Config c;
  ASSERT_TRUE(load("[site]\npublisher = \"Éditions du Quai SAS\"\ndirector = \"Camille Martin\"\n"
                   "hosting_provider = \"Hébergeur Exemple\"\n"
                   "contact_email = \"redaction@news.example\"\n"
                   "postal_address = \"2 quai de la Fosse, 44000 Nantes\"\n",
                   c)
                  .ok());
  EXPECT_EQ(c.legal.publisher, "Éditions du Quai SAS");
  EXPECT_EQ(c.legal.director, "Camille Martin");
  EXPECT_EQ(c.legal.hosting_provider, "Hébergeur Exemple");
  EXPECT_EQ(c.legal.contact_email, "redaction@news.example");
  EXPECT_EQ(c.legal.postal_address, "2 quai de la Fosse, 44000 Nantes");
  Config bad;
  auto st = load("[site]\ncontact_email = \"pas une adresse\"\n", bad);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("contact_email"), std::string::npos);
  EXPECT_FALSE(
      load("[site]\npublisher = \"" + std::string(kMaxSiteTextBytes + 1, 'x') + "\"\n", bad).ok());
  EXPECT_FALSE(load("[site]\ndirector = 3\n", bad).ok());
}

TEST(Config, FeedsAreReadFromArrayTables) {
  Config c;
  ASSERT_TRUE(load("[[feeds]]\nurl = \"https://fil.example/rss\"\nname = \"Fil\"\n"
                   "interval_seconds = 120\n[[feeds]]\nurl = \"http://b.example/atom\"\n",
                   c)
                  .ok());
  ASSERT_EQ(c.feeds.size(), 2u);
  EXPECT_EQ(c.feeds[0].name, "Fil");
  EXPECT_EQ(c.feeds[0].interval, std::chrono::seconds(120));
  EXPECT_EQ(c.feeds[1].name, "http://b.example/atom");
  EXPECT_EQ(c.feeds[1].interval, ingest::kDefaultPollInterval);
  Config bad;
  EXPECT_FALSE(load("[[feeds]]\nurl = \"file:///etc/passwd\"\n", bad).ok());
  EXPECT_FALSE(load("[[feeds]]\nurl = \"https://x\"\ninterval_seconds = 0\n", bad).ok());
}

TEST(Config, SectionsAreReadFromArrayTablesAndChecked) {
  Config c;
  auto st = load(R"([[sections]]
slug = "region"
name = "Région"
names = ["lyon", "rhone"]
national = true
[[sections]]
slug = "ailleurs"
name = "Ailleurs"
codes = ["medtop:16000000", "subj:16*"]
foreign = true
priority = 2
[[sections]]
slug = "divers"
name = "Divers"
fallback = true
)",
                 c);
  ASSERT_TRUE(st.ok()) << st.error().message;
  auto s = sections_of(c);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->all().size(), 3u);
  EXPECT_EQ(s->all()[0].name, "Région");
  EXPECT_EQ(s->fallback(), "divers");
  EXPECT_EQ(s->foreign(), "ailleurs");
  Config defaults;
  EXPECT_EQ(sections_of(defaults)->all().size(), 9u);
  Config bad;
  EXPECT_FALSE(load("[[sections]]\nslug = \"Avec Espace\"\nname = \"X\"\n", bad).ok());
  EXPECT_FALSE(load("[[sections]]\nslug = \"a\"\nname = \"A\"\ncolour = \"red\"\n", bad).ok());
  EXPECT_FALSE(load("[[sections]]\nslug = \"a\"\nname = \"A\"\n[[sections]]\nslug = \"a\"\n"
                    "name = \"B\"\n",
                    bad)
                   .ok());
}

TEST(Config, CommentRulesComeFromTheCommentsTable) {
  Config c;
  auto st = load(R"([comments]
premoderation = "new_readers"
trusted_after = 2
banned_words = ["saperlipopette"]
suspect_words = ["arnaq*", "sale type"]
max_links = 1
edit_window_minutes = 5
close_after_days = 3
post_limit = { account = 2, address = 10, window_seconds = 30 }
report_thresholds = { hate = 1.5, spam = 4 }
)",
                 c);
  ASSERT_TRUE(st.ok()) << st.error().message;
  const auto& r = c.comments;
  EXPECT_EQ(r.premoderation, comments::PreModeration::new_readers);
  EXPECT_EQ(r.trusted_after, 2);
  EXPECT_EQ(r.banned_words, std::vector<std::string>{"saperlipopette"});
  EXPECT_EQ(r.suspect_words.size(), 2u);
  EXPECT_EQ(r.max_links, 1);
  EXPECT_EQ(r.edit_window, std::chrono::minutes(5));
  EXPECT_EQ(r.close_after, std::chrono::hours(72));
  EXPECT_EQ(r.post_per_account.max_events, 2);
  EXPECT_EQ(r.post_per_address.window, std::chrono::seconds(30));
  EXPECT_DOUBLE_EQ(r.thresholds.at("hate"), 1.5);
  EXPECT_DOUBLE_EQ(r.thresholds.at("spam"), 4);
  EXPECT_DOUBLE_EQ(r.thresholds.at("abuse"), 3);  // untouched default
  Config bad;
  EXPECT_FALSE(load("[comments]\npremoderation = \"sometimes\"\n", bad).ok());
  EXPECT_FALSE(load("[comments]\nreport_thresholds = { rudeness = 2 }\n", bad).ok());
  EXPECT_FALSE(load("[comments]\nmax_links = -1\n", bad).ok());
}

TEST(Config, FullTextFeedsAreServedUnlessTheSiteTurnsThemOff) {
  Config c;
  EXPECT_TRUE(c.full_text_feeds);
  ASSERT_TRUE(load("[site]\nfull_text_feeds = false\n", c).ok());
  EXPECT_FALSE(c.full_text_feeds);
  EXPECT_FALSE(load("[site]\nfull_text_feeds = \"non\"\n", c).ok());
}

TEST(Config, LogTableSetsLevelFileAndAccessLog) {
  Config c;
  EXPECT_EQ(c.log.level, LogLevel::info);
  EXPECT_TRUE(c.log.file.empty()) << "standard error by default";
  EXPECT_TRUE(c.log.access_log);
  ASSERT_TRUE(
      load("[log]\nlevel = \"warn\"\nfile = \"/var/log/depeche.log\"\naccess_log = false\n", c)
          .ok());
  EXPECT_EQ(c.log.level, LogLevel::warn);
  EXPECT_EQ(c.log.file, "/var/log/depeche.log");
  EXPECT_FALSE(c.log.access_log);
  auto bad = load("[log]\nlevel = \"verbose\"\n", c);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("[log] level"), std::string::npos);
  auto typo = load("[log]\nacces_log = true\n", c);
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message.find("acces_log"), std::string::npos);
}

TEST(Config, UnknownKeyIsAnErrorNamingIt) {
  Config c;
  auto st = load("[server]\nlisten_port = 80\n", c);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("listen_port"), std::string::npos);
}

TEST(Config, SyntaxErrorNamesTheLine) {
  Config c;
  auto st = load("[site]\nname = \n", c);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find(":2:"), std::string::npos) << st.error().message;
}

TEST(Config, EnvironmentMirrorsTheFlags) {
  std::map<std::string, std::string> env{{"DEPECHE_DATA", "/var/lib/depeche"},
                                         {"DEPECHE_LISTEN", "127.0.0.1:0"},
                                         {"DEPECHE_DATABASE", "sqlite:/tmp/x.db"}};
  Config c;
  apply_environment(
      [&](const char* name) -> std::optional<std::string> {
        auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional(it->second);
      },
      c);
  EXPECT_EQ(c.data_dir, "/var/lib/depeche");
  EXPECT_EQ(c.listen, "127.0.0.1:0");
  EXPECT_EQ(*sqlite_path(c), "/tmp/x.db");
}

TEST(Config, ListenAddressesParse) {
  EXPECT_EQ(parse_listen("127.0.0.1:0")->port, 0);
  EXPECT_EQ(parse_listen("[::1]:8080")->host, "::1");
  EXPECT_EQ(parse_listen("localhost:80")->host, "localhost");
  for (const char* bad : {"8080", ":80", "host:", "host:70000", "host:8o"}) {
    EXPECT_FALSE(parse_listen(bad).ok()) << bad;
  }
}

TEST(Config, DatabaseDefaultsToSqliteInTheDataDir) {
  Config c;
  c.data_dir = "/srv/d";
  EXPECT_EQ(*sqlite_path(c), "/srv/d/depeche.db");
  c.database = "postgresql://db/depeche";
  auto pg = sqlite_path(c);
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.error().code, ErrorCode::unsupported);
  EXPECT_TRUE(uses_postgres(c));
}

TEST(Config, StorageTableNamesTheDatabaseItsPoolAndTheSharedFolders) {
  Config c;
  ASSERT_TRUE(load(R"([storage]
database = "postgresql://depeche@db.example/site"
pool_size = 24
drop_dir = "/srv/shared/drop"
media_dir = "/srv/shared/media"
)",
                   c)
                  .ok());
  EXPECT_TRUE(uses_postgres(c));
  EXPECT_EQ(c.database_pool, 24);
  EXPECT_EQ(drop_dir_of(c), "/srv/shared/drop");
  EXPECT_EQ(media_dir_of(c), "/srv/shared/media");
  Config defaults;
  defaults.data_dir = "/srv/d";
  EXPECT_EQ(drop_dir_of(defaults), "/srv/d");
  EXPECT_EQ(media_dir_of(defaults), "/srv/d/media");
  Config bad;
  EXPECT_FALSE(load("[storage]\npool_size = 0\n", bad).ok());
  EXPECT_FALSE(load("[storage]\npool_size = 100000\n", bad).ok());
}

TEST(Config, TrustedProxiesMustBeAddresses) {
  Config c;
  ASSERT_TRUE(load("[server]\ntrusted_proxies = [\"127.0.0.1\", \"::1\"]\n", c).ok());
  EXPECT_EQ(c.trusted_proxies.size(), 2u);
  auto bad = load("[server]\ntrusted_proxies = [\"proxy.example\"]\n", c);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("proxy.example"), std::string::npos);
}

}  // namespace
}  // namespace depeche::app
