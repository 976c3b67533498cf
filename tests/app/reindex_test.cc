// depeche reindex through the binary: rebuilds the search index from the
// store, and refuses clearly while another process holds the index.
#include <gtest/gtest.h>

#include <string>

#include "search/index.h"
#include "support/binary.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using testing::run_depeche;

const std::string kSeed = std::string(DEPECHE_SOURCE_DIR) + "/tests/fixtures/seed";

TEST(ReindexCommand, RebuildsTheIndexFromTheStoreAndPrintsTheCount) {
  testing::TempDir data;
  ASSERT_EQ(run_depeche({"ingest", "--data", data.path().string(), kSeed}).exit_code, 0);
  auto run = run_depeche({"reindex", "--data", data.path().string()});
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("reindexed "), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("reindexed 0 "), std::string::npos) << run.out;
  auto index = search::Index::open(data.path() / "search");
  ASSERT_TRUE(index.ok());
  EXPECT_GT((*index)->document_count(), 0);
}

TEST(ReindexCommand, FailsClearlyWhileAnotherProcessHoldsTheIndex) {
  testing::TempDir data;
  ASSERT_EQ(run_depeche({"ingest", "--data", data.path().string(), kSeed}).exit_code, 0);
  auto held = search::Index::open(data.path() / "search");  // as a running server does
  ASSERT_TRUE(held.ok());
  auto run = run_depeche({"reindex", "--data", data.path().string()});
  // Exit 1 (the index), not 2 (the store); the message goes to stderr,
  // which run_depeche does not capture.
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out.find("reindexed"), std::string::npos) << run.out;
}

TEST(ReindexCommand, IsListedInHelp) {
  auto run = run_depeche({"--help"});
  EXPECT_NE(run.out.find("reindex"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace depeche
