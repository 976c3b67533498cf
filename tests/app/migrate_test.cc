// `depeche migrate` as an operator runs it: a site ingested on SQLite moves
// to PostgreSQL, one line per table, and says where the pictures stay.
// The copy itself is tested in tests/store/site_copy_test.cc.

#include <gtest/gtest.h>

#include <regex>

#include "support/binary.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

const std::string kSeed = std::string(DEPECHE_SOURCE_DIR) + "/tests/fixtures/seed";

TEST(MigrateCommand, AnIngestedSiteMovesToPostgresqlAndASecondRunWritesNothing) {
  if (testing::postgres_test_server().empty()) GTEST_SKIP() << "no PostgreSQL test server";
  testing::TempDir data;
  auto ingest = testing::run_depeche({"ingest", "--data", data.path().string(), kSeed});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
  auto to = testing::postgres_for_dir(data.path());
  ASSERT_TRUE(to.ok()) << to.error().message;
  std::string from = "sqlite:" + (data.path() / "depeche.db").string();

  auto first = testing::run_depeche(
      {"migrate", "--data", data.path().string(), "--from", from, "--to", *to});
  ASSERT_EQ(first.exit_code, 0) << first.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(first.out, m,
                                std::regex(R"((^|\n)articles: (\d+) copied, \2 in PostgreSQL\n)")))
      << first.out;
  EXPECT_GT(std::stoi(m[2]), 0);
  EXPECT_TRUE(std::regex_search(
      first.out, std::regex(R"(article_versions: (\d+) copied, \1 in PostgreSQL\n)")))
      << first.out;
  EXPECT_NE(first.out.find("users: 0 copied, 0 in PostgreSQL\n"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("pictures: "), std::string::npos) << first.out;
  EXPECT_NE(first.out.find((data.path() / "media").string()), std::string::npos) << first.out;

  auto second = testing::run_depeche(
      {"migrate", "--data", data.path().string(), "--from", from, "--to", *to});
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_NE(second.out.find(std::string("articles: ") + m[2].str() + " copied, " + m[2].str() +
                            " in PostgreSQL (0 new or changed)\n"),
            std::string::npos)
      << second.out;
}

TEST(MigrateCommand, AMissingFileOrATargetThatIsNotPostgresqlIsAnError) {
  testing::TempDir data;
  auto missing = testing::run_depeche({"migrate", "--from", (data.path() / "none.db").string(),
                                       "--to", "postgresql://nobody@127.0.0.1:1/none"});
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
  EXPECT_FALSE(std::filesystem::exists(data.path() / "none.db"));
  auto not_postgres = testing::run_depeche(
      {"migrate", "--from", (data.path() / "depeche.db").string(), "--to", "sqlite:other.db"});
  EXPECT_EQ(not_postgres.exit_code, 2) << not_postgres.out;
}

}  // namespace
}  // namespace depeche
