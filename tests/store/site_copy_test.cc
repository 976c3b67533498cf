// Moving a site from SQLite up to PostgreSQL (store/site_copy.h): a site
// built through the store interfaces on SQLite is read back through the
// same interfaces on PostgreSQL. These tests need the PostgreSQL test
// server (DEPECHE_TEST_POSTGRES) and are skipped without it.

#include "store/site_copy.h"

#include <gtest/gtest.h>

#include <map>

#include "store/sqlite/connection.h"
#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using store::ArticleStatus;
using testing::sample_dispatch;

constexpr const char* kLiseToken = "token-hash-lise";

// The ids of what build_site stored.
struct Site {
  std::int64_t economy = 0;    // three versions, filed under "economie"
  std::int64_t withdrawn = 0;  // published, then withdrawn
  std::int64_t lead = 0;       // a cluster of two
  std::int64_t member = 0;
  std::int64_t lise = 0, modo = 0, troll = 0;  // a reader, a moderator, a banned reader
  std::int64_t top = 0, reply = 0;             // a comment and its reply
};

class SiteCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::postgres_test_server().empty()) GTEST_SKIP() << "no PostgreSQL test server";
    auto conninfo = testing::postgres_for_dir(dir_.path());
    ASSERT_TRUE(conninfo.ok()) << conninfo.error().message;
    conninfo_ = *conninfo;
    auto s = store::sqlite::open_store(sqlite_path(), clock_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    sqlite_ = std::move(s).value();
  }

  std::string sqlite_path() const { return (dir_.path() / "depeche.db").string(); }

  store::Store& postgres() {
    if (!postgres_) {
      store::postgres::Options options;
      options.pool_size = 2;
      options.follow_other_nodes = false;
      auto s = store::postgres::open_store(conninfo_, clock_, options);
      EXPECT_TRUE(s.ok()) << s.error().message;
      if (s) postgres_ = std::move(s).value();
    }
    return *postgres_;
  }

  Result<store::CopyReport> copy() {
    return store::copy_sqlite_to_postgres(sqlite_path(), conninfo_);
  }

  // Copies and expects every count to match; the rows of each table.
  std::map<std::string, store::TableCopy> copy_ok() {
    auto report = copy();
    EXPECT_TRUE(report.ok()) << report.error().message;
    std::map<std::string, store::TableCopy> by_table;
    if (!report) return by_table;
    EXPECT_TRUE(report->counts_match());
    for (const auto& t : report->tables) by_table[t.table] = t;
    return by_table;
  }

  std::int64_t insert(store::Store& s, const Dispatch& d, std::string_view section) {
    auto tx = s.articles().begin();
    EXPECT_TRUE(tx.ok());
    auto id = (*tx)->insert(d, "un-titre", ArticleStatus::published, section);
    EXPECT_TRUE(id.ok()) << id.error().message;
    EXPECT_TRUE((*tx)->commit().ok());
    return id.ok() ? *id : 0;
  }

  void replace(std::int64_t id, const Dispatch& d, ArticleStatus status) {
    auto tx = sqlite_->articles().begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->replace(id, d, status).ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }

  std::int64_t user(store::Store& s, const std::string& name, store::Role role) {
    auto id = s.users().create({name + "@example.fr", name + "@example.fr", name, name, role,
                                "argon2id$" + name, clock_.now()});
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  std::int64_t comment(store::Store& s, std::int64_t article, std::optional<std::int64_t> parent,
                       std::int64_t author, const std::string& body,
                       store::CommentStatus status = store::CommentStatus::published) {
    auto id = s.comments().add({article, parent, author, body, status, "", clock_.now()});
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  void cluster(Site& site) {
    auto tx = sqlite_->articles().begin();
    ASSERT_TRUE(tx.ok());
    for (auto id : {site.lead, site.member}) {
      auto a = sqlite_->articles().by_id(id);
      ASSERT_TRUE(a.ok() && a->has_value());
      ASSERT_TRUE((*tx)->put_cluster_print({id, (*a)->published_at, {11, 12}, "f1 f2"}).ok());
    }
    ASSERT_TRUE((*tx)->set_cluster(site.member, site.lead).ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }

  // A small site with one of everything the copy carries.
  Site build_site() {
    Site site;
    auto& s = *sqlite_;
    site.economy = insert(s, sample_dispatch("urn:copy:eco", 1, "Premier titre"), "economie");
    replace(site.economy, sample_dispatch("urn:copy:eco", 2, "Deuxième titre"),
            ArticleStatus::published);
    replace(site.economy, sample_dispatch("urn:copy:eco", 3, "Troisième titre"),
            ArticleStatus::published);
    site.withdrawn = insert(s, sample_dispatch("urn:copy:gone", 1, "Retiré"), "monde");
    replace(site.withdrawn, sample_dispatch("urn:copy:gone", 2, "Retiré"),
            ArticleStatus::withdrawn);
    site.lead = insert(s, sample_dispatch("urn:copy:lead", 1, "Un événement"), "monde");
    site.member = insert(
        s, sample_dispatch("urn:copy:member", 1, "Le même événement", "2026-11-20T09:00:00Z"),
        "monde");
    cluster(site);
    EXPECT_TRUE(
        s.held()
            .hold(sample_dispatch("urn:copy:held", 1), clock_.now() + std::chrono::hours(24))
            .ok());
    Picture photo{"/media/port.jpg", "image/jpeg", 800, 600, "Port", "Le port au matin", "AFP"};
    EXPECT_TRUE(s.links().put_picture("urn:copy:photo", 1, photo).ok());
    EXPECT_TRUE(s.links().put_package("urn:copy:pkg", 1, {"urn:copy:eco", "urn:copy:photo"}).ok());

    site.lise = user(s, "lise", store::Role::reader);
    site.modo = user(s, "modo", store::Role::moderator);
    site.troll = user(s, "troll", store::Role::reader);
    EXPECT_TRUE(
        s.users().add_session(kLiseToken, site.lise, clock_.now() + std::chrono::hours(720)).ok());
    // Two failures in the same second: a table without a key keeps both.
    for (int i = 0; i < 2; ++i)
      EXPECT_TRUE(s.users().add_failure("email:troll", clock_.now()).ok());
    EXPECT_TRUE(s.users().add_failure("email:troll", clock_.now() - std::chrono::minutes(1)).ok());

    site.top = comment(s, site.economy, std::nullopt, site.lise, "Premier commentaire");
    site.reply = comment(s, site.economy, site.top, site.modo, "Une réponse");
    comment(s, site.economy, std::nullopt, site.troll, "En attente", store::CommentStatus::pending);
    EXPECT_TRUE(*s.comments().add_report(
        {0, site.top, site.modo, "", "spam", "", "", 1.5, clock_.now(), std::nullopt}));
    EXPECT_TRUE(s.comments().settle_reports(site.top, false).ok());
    EXPECT_TRUE(*s.comments().add_report(
        {0, site.reply, site.lise, "", "abuse", "", "Insultant", 1.0, clock_.now(), std::nullopt}));
    EXPECT_TRUE(s.comments()
                    .record({0, site.modo, "", "close", std::nullopt, std::nullopt, site.economy,
                             "Trop de messages", clock_.now()})
                    .ok());
    EXPECT_TRUE(s.comments().ban({site.troll, std::nullopt, "Insultes", clock_.now()}).ok());
    EXPECT_TRUE(s.comments().set_thread_open(site.economy, false).ok());
    EXPECT_TRUE(s.set_setting("copy-test", "oui").ok());
    return site;
  }

  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::string conninfo_;
  std::unique_ptr<store::Store> sqlite_;
  std::unique_ptr<store::Store> postgres_;
};

std::int64_t total(store::Store& s, store::ListQuery q) {
  auto list = s.articles().latest(q);
  EXPECT_TRUE(list.ok()) << list.error().message;
  return list.ok() ? list->total : -1;
}

TEST_F(SiteCopyTest, EveryPartOfTheSiteReadsTheSameOnPostgresql) {
  Site site = build_site();
  auto tables = copy_ok();
  EXPECT_EQ(tables["articles"].source_rows, 4);
  EXPECT_EQ(tables["article_versions"].target_rows, 7);
  EXPECT_EQ(tables["sign_in_failures"].target_rows, 3);
  store::Store& pg = postgres();

  EXPECT_EQ(total(pg, {}), 3);
  EXPECT_EQ(total(pg, {.one_per_cluster = true}), 2);
  EXPECT_EQ(total(pg, {.section = "economie"}), 1);
  auto eco = pg.articles().by_id(site.economy);
  ASSERT_TRUE(eco.ok() && eco->has_value());
  EXPECT_EQ((*eco)->dispatch.headline, "Troisième titre");
  EXPECT_EQ((*eco)->section, "economie");
  auto versions = pg.articles().versions(site.economy);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 3u);
  EXPECT_EQ((*versions)[0].headline, "Premier titre");
  auto gone = pg.articles().by_id(site.withdrawn);
  ASSERT_TRUE(gone.ok() && gone->has_value());
  EXPECT_EQ((*gone)->status, ArticleStatus::withdrawn);
  auto members = pg.articles().cluster_members(site.lead);
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(members->size(), 2u);
  EXPECT_EQ(*pg.held().count(), 1);
  auto pictures = pg.links().pictures_for("urn:copy:eco");
  ASSERT_TRUE(pictures.ok());
  ASSERT_EQ(pictures->size(), 1u);
  EXPECT_EQ((*pictures)[0].caption, "Le port au matin");

  EXPECT_EQ(*pg.users().count(), 3);
  auto signed_in = pg.users().session_user(kLiseToken, clock_.now());
  ASSERT_TRUE(signed_in.ok() && signed_in->has_value());
  EXPECT_EQ((*signed_in)->id, site.lise);
  EXPECT_EQ((*signed_in)->password_hash, "argon2id$lise");
  EXPECT_EQ(*pg.users().failures_since("email:troll", clock_.now() - std::chrono::hours(1)), 3);

  auto page = pg.comments().thread({.article_id = site.economy});
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].comment.author_name, "lise");
  ASSERT_EQ(page->items[0].replies.size(), 1u);
  EXPECT_EQ(page->items[0].replies[0].id, site.reply);
  EXPECT_EQ(*pg.comments().count_published(site.economy), 2);
  EXPECT_EQ(pg.comments().with_status(store::CommentStatus::pending, 10)->size(), 1u);
  auto reports = pg.comments().reports_for(site.top);
  ASSERT_TRUE(reports.ok() && reports->size() == 1u);
  EXPECT_DOUBLE_EQ((*reports)[0].weight, 1.5);
  EXPECT_EQ((*reports)[0].upheld, std::optional<bool>(false));
  EXPECT_EQ(pg.comments().reported(10)->size(), 1u);
  EXPECT_EQ(pg.comments().reporter(site.modo)->dismissed, 1);
  auto decisions = pg.comments().decisions(10);
  ASSERT_TRUE(decisions.ok() && decisions->size() == 1u);
  EXPECT_EQ((*decisions)[0].reason, "Trop de messages");
  auto ban = pg.comments().active_ban(site.troll, clock_.now());
  ASSERT_TRUE(ban.ok() && ban->has_value());
  EXPECT_FALSE((*ban)->until.has_value());
  EXPECT_EQ(*pg.comments().thread_open(site.economy), std::optional<bool>(false));
  EXPECT_EQ(*pg.setting("copy-test"), std::optional<std::string>("oui"));
  // The rows arrived as changes, numbered without a gap from the first.
  auto last = pg.last_change();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(static_cast<std::int64_t>(pg.changes_since(0, 1000)->size()), *last);
}

TEST_F(SiteCopyTest, ASecondRunWritesNothingAndTellsNoNodeOfAChange) {
  build_site();
  auto first = copy_ok();
  auto before = postgres().last_change();
  ASSERT_TRUE(before.ok());
  auto second = copy_ok();
  for (const auto& [name, t] : second) {
    EXPECT_EQ(t.written, 0) << name;
    EXPECT_EQ(t.removed, 0) << name;
    EXPECT_EQ(t.target_rows, first[name].target_rows) << name;
  }
  EXPECT_EQ(*postgres().last_change(), *before);
}

TEST_F(SiteCopyTest, WhatTheFileGainedOrLostSinceTheLastRunFollows) {
  Site site = build_site();
  copy_ok();
  auto before = postgres().last_change();
  ASSERT_TRUE(before.ok());
  auto later = insert(*sqlite_, sample_dispatch("urn:copy:later", 1, "Plus tard"), "economie");
  replace(site.lead, sample_dispatch("urn:copy:lead", 2, "Un événement, suite"),
          ArticleStatus::published);
  auto answer = comment(*sqlite_, site.economy, site.top, site.lise, "Merci");
  ASSERT_TRUE(sqlite_->users().remove_session(kLiseToken).ok());
  ASSERT_TRUE(sqlite_->users().clear_failures("email:troll").ok());
  ASSERT_TRUE(sqlite_->comments().unban(site.troll).ok());
  ASSERT_TRUE(sqlite_->set_setting("copy-test", "non").ok());

  auto tables = copy_ok();
  EXPECT_EQ(tables["articles"].written, 2);
  EXPECT_EQ(tables["article_versions"].written, 2);
  EXPECT_EQ(tables["comments"].written, 1);
  EXPECT_EQ(tables["sessions"].removed, 1);
  EXPECT_EQ(tables["sign_in_failures"].removed, 3);
  EXPECT_EQ(tables["bans"].removed, 1);
  store::Store& pg = postgres();
  EXPECT_EQ(total(pg, {.section = "economie"}), 2);
  EXPECT_TRUE(pg.articles().by_id(later)->has_value());
  EXPECT_EQ(*pg.comments().count_published(site.economy), 3);
  EXPECT_TRUE(pg.comments().by_id(answer)->has_value());
  EXPECT_FALSE(pg.users().session_user(kLiseToken, clock_.now())->has_value());
  EXPECT_FALSE(pg.comments().active_ban(site.troll, clock_.now())->has_value());
  EXPECT_EQ(*pg.setting("copy-test"), std::optional<std::string>("non"));
  EXPECT_EQ(pg.articles().by_id(site.lead)->value().dispatch.headline, "Un événement, suite");
  // Nodes follow the change sequence: it goes on without a gap, one change
  // per article written and one per comment.
  auto changes = pg.changes_since(*before, 100);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 3u);
  for (std::size_t i = 0; i < changes->size(); ++i) {
    EXPECT_EQ((*changes)[i].seq, *before + 1 + static_cast<std::int64_t>(i));
  }
}

TEST_F(SiteCopyTest, RowsAddedOnPostgresqlAfterTheCopyGetFreshIdsAndARerunIsRefused) {
  Site site = build_site();
  copy_ok();
  store::Store& pg = postgres();
  auto article = insert(pg, sample_dispatch("urn:copy:pg", 1, "Sur PostgreSQL"), "monde");
  EXPECT_GT(article, site.member);
  auto reader = user(pg, "nouveau", store::Role::reader);
  EXPECT_GT(reader, site.troll);
  auto c = comment(pg, site.economy, std::nullopt, reader, "Depuis un nœud");
  EXPECT_GT(c, site.reply + 1);
  EXPECT_TRUE(*pg.comments().add_report(
      {0, c, site.lise, "", "spam", "", "", 1.0, clock_.now(), std::nullopt}));
  ASSERT_TRUE(pg.comments()
                  .record({0, site.modo, "", "open", std::nullopt, std::nullopt, site.economy, "",
                           clock_.now()})
                  .ok());
  auto decisions = pg.comments().decisions(10);
  ASSERT_TRUE(decisions.ok());
  EXPECT_EQ(decisions->size(), 2u);

  // Nodes now write to PostgreSQL: copying over it would lose their rows.
  auto again = copy();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_TRUE(pg.articles().by_id(article)->has_value());
}

TEST_F(SiteCopyTest, ADatabaseHoldingAnotherSiteIsRefusedBeforeAnythingIsWritten) {
  build_site();
  insert(postgres(), sample_dispatch("urn:other:1", 1, "Un autre site"), "monde");
  auto report = copy();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::conflict);
  EXPECT_NE(report.error().message.find("another site"), std::string::npos)
      << report.error().message;
  EXPECT_EQ(total(postgres(), {}), 1);
  EXPECT_EQ(*postgres().users().count(), 0);
}

TEST_F(SiteCopyTest, AMissingFileIsRefusedAndNotCreated) {
  auto missing = dir_.path() / "none.db";
  auto report = store::copy_sqlite_to_postgres(missing.string(), conninfo_);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::not_found);
  EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST_F(SiteCopyTest, TextPostgresqlCannotStoreIsNamedNotMangled) {
  auto db = store::sqlite::Connection::open(sqlite_path());
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(
      (*db)
          ->exec("INSERT INTO site_settings (key, value) VALUES ('bad', CAST(x'c3' AS TEXT))")
          .ok());
  auto report = copy();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::invalid_input);
  EXPECT_NE(report.error().message.find("site_settings.value"), std::string::npos)
      << report.error().message;
}

}  // namespace
}  // namespace depeche
