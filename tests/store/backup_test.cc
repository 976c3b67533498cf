// Backups of a store in use, and putting them back.

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "store/dispatch_codec.h"
#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using testing::sample_dispatch;

class BackupTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  std::unique_ptr<store::Store> open(const std::filesystem::path& dir) {
    auto s = GetParam().open(dir, clock_);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s ? std::move(s).value() : nullptr;
  }
  static Status put(store::Store& s, const Dispatch& d) {
    auto tx = DEPECHE_TRY(s.articles().begin());
    auto head = DEPECHE_TRY(tx->head_by_guid(d.guid));
    if (head) {
      DEPECHE_TRY(tx->replace(head->id, d, store::ArticleStatus::published));
    } else {
      DEPECHE_TRY(tx->insert(d, "un-titre", store::ArticleStatus::published));
    }
    return tx->commit();
  }
  static std::int64_t count(store::Store& s) {
    auto list = s.articles().latest({.limit = 1});
    EXPECT_TRUE(list.ok());
    return list ? list->total : -1;
  }

  testing::TempDir live_, copies_, restored_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
};

TEST_P(BackupTest, RestoredCopyHoldsArticlesVersionsAndAccounts) {
  auto live = open(live_.path());
  ASSERT_TRUE(live);
  ASSERT_TRUE(put(*live, sample_dispatch("urn:b:1", 1, "Premier titre")).ok());
  ASSERT_TRUE(put(*live, sample_dispatch("urn:b:1", 2, "Titre corrigé")).ok());
  ASSERT_TRUE(put(*live, sample_dispatch("urn:b:2", 1)).ok());
  store::NewUser u{"a@example.org",    "a@example.org", "Alice",     "alice",
                   store::Role::admin, "hash",          clock_.now()};
  auto uid = live->users().create(u);
  ASSERT_TRUE(uid.ok());

  auto file = copies_.path() / "depeche.db";
  auto st = live->backup_to(file);
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_TRUE(GetParam().restore(file, restored_.path(), false).ok());

  auto back = open(restored_.path());
  ASSERT_TRUE(back);
  EXPECT_EQ(count(*back), 2);
  auto list = back->articles().latest({.limit = 10});
  ASSERT_TRUE(list.ok());
  for (const auto& a : list->items) {
    auto orig = live->articles().by_id(a.id);
    ASSERT_TRUE(orig.ok() && orig->has_value());
    EXPECT_EQ(store::encode_dispatch(a.dispatch), store::encode_dispatch((*orig)->dispatch));
    auto versions = back->articles().versions(a.id);
    ASSERT_TRUE(versions.ok());
    EXPECT_EQ(versions->size(), a.dispatch.guid == "urn:b:1" ? 2u : 1u);
  }
  auto user = back->users().by_id(*uid);
  ASSERT_TRUE(user.ok() && user->has_value());
  EXPECT_EQ((*user)->name, "Alice");
  EXPECT_EQ((*user)->role, store::Role::admin);
}

TEST_P(BackupTest, BackupWhileAnotherThreadWritesIsWholeAndHoldsWhatCameBefore) {
  auto live = open(live_.path());
  ASSERT_TRUE(live);
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(put(*live, sample_dispatch("urn:before:" + std::to_string(i), 1)).ok());
  }
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      if (put(*live, sample_dispatch("urn:during:" + std::to_string(i), 1)).ok()) ++written;
    }
  });
  auto file = copies_.path() / "depeche.db";
  auto st = live->backup_to(file);
  stop = true;
  writer.join();
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_GT(written.load(), 0) << "the writer was never held up for the whole copy";

  ASSERT_TRUE(GetParam().restore(file, restored_.path(), false).ok());
  auto back = open(restored_.path());
  ASSERT_TRUE(back);
  EXPECT_GE(count(*back), 200);
  EXPECT_LE(count(*back), 200 + written.load());
}

TEST_P(BackupTest, BackupNeverOverwritesAFile) {
  auto live = open(live_.path());
  ASSERT_TRUE(live);
  auto file = copies_.path() / "depeche.db";
  std::ofstream(file) << "précieux";
  auto st = live->backup_to(file);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::conflict);
  std::string kept;
  std::getline(std::ifstream(file), kept);
  EXPECT_EQ(kept, "précieux");
}

TEST_P(BackupTest, RestoreReplacesAnExistingStoreOnlyWhenAskedAndWhenNobodyHasItOpen) {
  auto file = copies_.path() / "depeche.db";
  {
    auto live = open(live_.path());
    ASSERT_TRUE(live);
    ASSERT_TRUE(put(*live, sample_dispatch("urn:b:old", 1)).ok());
    ASSERT_TRUE(live->backup_to(file).ok());
  }
  auto target = open(restored_.path());
  ASSERT_TRUE(target);
  ASSERT_TRUE(put(*target, sample_dispatch("urn:b:new1", 1)).ok());
  ASSERT_TRUE(put(*target, sample_dispatch("urn:b:new2", 1)).ok());

  auto refused = GetParam().restore(file, restored_.path(), false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  auto busy = GetParam().restore(file, restored_.path(), true);
  ASSERT_FALSE(busy.ok()) << "the store is open";
  EXPECT_EQ(busy.error().code, ErrorCode::conflict);
  EXPECT_EQ(count(*target), 2);

  target.reset();
  auto st = GetParam().restore(file, restored_.path(), true);
  ASSERT_TRUE(st.ok()) << st.error().message;
  auto back = open(restored_.path());
  ASSERT_TRUE(back);
  EXPECT_EQ(count(*back), 1);
  auto tx = back->articles().begin();
  ASSERT_TRUE(tx.ok());
  auto head = (*tx)->head_by_guid("urn:b:old");
  ASSERT_TRUE(head.ok());
  EXPECT_TRUE(head->has_value());
}

TEST_P(BackupTest, RestoreRefusesAFileThatIsNotAWholeDatabase) {
  auto file = copies_.path() / "depeche.db";
  {
    auto live = open(live_.path());
    ASSERT_TRUE(live);
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(put(*live, sample_dispatch("urn:c:" + std::to_string(i), 1)).ok());
    }
    ASSERT_TRUE(live->backup_to(file).ok());
  }
  // A copy cut short, as a full disk or an interrupted transfer leaves it.
  std::filesystem::resize_file(file, std::filesystem::file_size(file) / 2);
  auto st = GetParam().restore(file, restored_.path(), false);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::invalid_input) << st.error().message;
  EXPECT_FALSE(std::filesystem::exists(restored_.path() / "depeche.db"));

  std::ofstream(copies_.path() / "notes.txt") << "pas une base";
  auto text = GetParam().restore(copies_.path() / "notes.txt", restored_.path(), false);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, ErrorCode::invalid_input) << text.error().message;
}

INSTANTIATE_TEST_SUITE_P(Backends, BackupTest, ::testing::ValuesIn(testing::file_backends()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace depeche
