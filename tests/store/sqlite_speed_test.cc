// SQLite specifics behind the article lists' speed: every hot statement has
// an index, statements are prepared once, and migration 10 keeps every
// stored dispatch while it moves the version on show out of `articles`.

#include <gtest/gtest.h>

#include "store/dispatch_codec.h"
#include "store/sqlite/connection.h"
#include "store/decoded_dispatches.h"
#include "store/sqlite/hot_sql.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "support/dispatches.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

namespace sq = store::sqlite;
using testing::sample_dispatch;

std::unique_ptr<sq::Connection> open_migrated(const std::filesystem::path& file) {
  auto db = sq::Connection::open(file.string());
  EXPECT_TRUE(db.ok());
  EXPECT_TRUE(sq::migrate(**db).ok());
  return std::move(db).value();
}

// The lines of EXPLAIN QUERY PLAN for `sql`.
std::vector<std::string> plan_of(sq::Connection& db, std::string_view sql) {
  std::vector<std::string> lines;
  auto s = db.prepare("EXPLAIN QUERY PLAN " + std::string(sql));
  EXPECT_TRUE(s.ok()) << sql;
  if (!s) return lines;
  while (*s->step()) lines.push_back(s->column_text(3));
  return lines;
}

TEST(QueryPlans, EveryHotStatementIsServedByAnIndex) {
  testing::TempDir dir;
  auto db = open_migrated(dir.path() / "plans.db");
  for (const auto& [name, sql] : sq::hot_sql::kAll) {
    auto lines = plan_of(*db, sql);
    std::string plan;
    for (const auto& l : lines) plan += l + "\n";
    for (const auto& l : lines) {
      // "SCAN t" reads a whole table (or index) and "USE TEMP B-TREE"
      // sorts every match: both grow with the archive. "SCAN CONSTANT
      // ROW" is SELECT without a table. No hot statement needs a
      // bounded covering-index scan, so none is allowed.
      bool constant = l == "SCAN CONSTANT ROW";
      EXPECT_FALSE(l.starts_with("SCAN ") && !constant) << name << " scans:\n" << plan;
      EXPECT_EQ(l.find("TEMP B-TREE"), std::string::npos) << name << " sorts:\n" << plan;
    }
  }
}

TEST(QueryPlans, DeepPagesAreSeekedNotCounted) {
  // The list statements reach the cursor through the index, whatever its
  // depth: the plan searches a range rather than skipping rows.
  testing::TempDir dir;
  auto db = open_migrated(dir.path() / "plans.db");
  for (auto sql : {sq::hot_sql::kLatest, sq::hot_sql::kLatestInSection, sq::hot_sql::kLatestLeads,
                   sq::hot_sql::kLatestLeadsInSection}) {
    auto lines = plan_of(*db, sql);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("published_at<?"), std::string::npos) << lines[0];
  }
}

TEST(StatementCache, KeptStatementIsResetBetweenUsesAndNestedUseGetsItsOwn) {
  auto db = sq::Connection::open(":memory:");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);").ok());
  constexpr std::string_view kSql = "SELECT x FROM t WHERE x >= ? ORDER BY x";
  for (int from : {2, 1, 3}) {
    auto s = (*db)->cached(kSql);
    ASSERT_TRUE(s.ok());
    s->bind(1, from);
    ASSERT_TRUE(*s->step());
    EXPECT_EQ(s->column_int(0), from) << "bindings and position start afresh";
  }
  auto outer = (*db)->cached(kSql);
  ASSERT_TRUE(outer.ok());
  outer->bind(1, 1);
  ASSERT_TRUE(*outer->step());
  {
    auto inner = (*db)->cached(kSql);
    ASSERT_TRUE(inner.ok());
    inner->bind(1, 3);
    ASSERT_TRUE(*inner->step());
    EXPECT_EQ(inner->column_int(0), 3);
  }
  ASSERT_TRUE(*outer->step());
  EXPECT_EQ(outer->column_int(0), 2) << "the outer statement was left alone";
  // A kept statement ends its read when released: a writer on another
  // connection would otherwise wait on it; here, the table can be dropped.
  outer = std::move(*(*db)->cached("SELECT 1"));
  EXPECT_TRUE((*db)->exec("DROP TABLE t").ok());
}

TEST(DecodedDispatches, KeepAtMostTheirLimitAndForgetTheLeastRecentlyUsed) {
  store::DecodedDispatches kept;
  auto d = std::make_shared<const Dispatch>(sample_dispatch("urn:k", 1));
  const auto ids = static_cast<std::int64_t>(2 * store::kDecodedArticles);
  for (std::int64_t id = 1; id <= ids; ++id) {
    kept.keep(id, 1, d);
    // Article 1 is read all along: it stays while others come and go.
    EXPECT_NE(kept.find(1, 1), nullptr) << "after " << id;
  }
  EXPECT_EQ(kept.size(), store::kDecodedArticles);
  EXPECT_EQ(kept.find(2, 1), nullptr) << "read once, long ago: forgotten";
  EXPECT_NE(kept.find(ids, 1), nullptr);
  EXPECT_EQ(kept.find(ids, 2), nullptr) << "another revision is not this one";
  kept.keep(ids, 2, d);
  EXPECT_NE(kept.find(ids, 2), nullptr);
  kept.keep(ids, 1, d);  // a slower reader finishing an older revision
  EXPECT_NE(kept.find(ids, 2), nullptr) << "the newer revision stays";
}

TEST(Migrations, DispatchOnShowMovesToTheHistoryAndCountsStartExact) {
  testing::TempDir dir;
  auto file = (dir.path() / "old.db").string();
  auto a1 = sample_dispatch("urn:old:a", 1, "A un");
  auto a2 = sample_dispatch("urn:old:a", 2, "A deux");
  auto b = sample_dispatch("urn:old:b", 1, "B");
  auto w = sample_dispatch("urn:old:w", 1, "W");
  {
    // As release 8 left it; b's history lacks its version on show, as a
    // hand-edited or damaged database might.
    auto db = sq::Connection::open(file);
    ASSERT_TRUE(db.ok());
    ASSERT_EQ(*sq::migrate(**db, 8), 8);
    auto row = [&](int id, const Dispatch& d, const char* status, const char* section) {
      auto s = (*db)->prepare(
          "INSERT INTO articles (id, guid, slug, version, status, provider, headline,"
          " published_at, updated_at, dispatch, revision, section)"
          " VALUES (?, ?, 's', ?, ?, 'p', ?, 1795161600, 1795161600, ?, ?, ?)");
      ASSERT_TRUE(s.ok());
      s->bind(1, id).bind(2, d.guid).bind(3, static_cast<std::int64_t>(d.version));
      s->bind(4, status).bind(5, d.headline).bind(6, store::encode_dispatch(d));
      s->bind(7, id).bind(8, section);
      ASSERT_TRUE(s->run().ok());
    };
    auto version = [&](int id, const Dispatch& d) {
      auto s = (*db)->prepare(
          "INSERT INTO article_versions (article_id, version, received_at, dispatch)"
          " VALUES (?, ?, 1795161600, ?)");
      ASSERT_TRUE(s.ok());
      s->bind(1, id).bind(2, static_cast<std::int64_t>(d.version));
      s->bind(3, store::encode_dispatch(d));
      ASSERT_TRUE(s->run().ok());
    };
    row(1, a2, "published", "sport");
    version(1, a1);
    version(1, a2);
    row(2, b, "published", "economie");
    row(3, w, "withdrawn", "sport");
    version(3, w);
  }
  FixedClock clock{*parse_iso8601("2026-11-23T10:00:00Z")};
  auto opened = sq::open_store(file, clock);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto& articles = (*opened)->articles();
  EXPECT_EQ((*articles.by_id(1))->dispatch.headline, "A deux");
  EXPECT_EQ((*articles.by_id(2))->dispatch.headline, "B");
  EXPECT_EQ((*articles.by_id(3))->dispatch.headline, "W");
  ASSERT_EQ(articles.versions(1)->size(), 2u);
  EXPECT_EQ(articles.versions(1)->at(0).headline, "A un");
  EXPECT_EQ(articles.versions(2)->size(), 1u);
  EXPECT_EQ(articles.latest({})->total, 2);
  EXPECT_EQ(articles.latest({.section = "sport"})->total, 1);
  EXPECT_EQ(articles.latest({.section = "economie"})->total, 1);
}

}  // namespace
}  // namespace depeche
