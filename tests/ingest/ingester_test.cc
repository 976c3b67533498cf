#include "ingest/ingester.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/time.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace depeche::ingest {
namespace {

namespace fs = std::filesystem;

std::string dispatch(const std::string& guid, int version, const std::string& picture_href) {
  return R"(<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<newsItem guid=")" +
         guid + R"(" version=")" + std::to_string(version) + R"(">
<itemMeta><itemClass qcode="ninat:text"/><provider literal="AHP"/>
<versionCreated>2026-11-18T08:0)" +
         std::to_string(version) + R"(:00Z</versionCreated>
<link rel="irel:seeAlso" residref="pic"/></itemMeta>
<contentMeta><headline>Titre )" +
         std::to_string(version) + R"(</headline></contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Texte.</p></body></html></inlineXML></contentSet>
</newsItem>
<newsItem guid="pic"><itemMeta><itemClass qcode="ninat:picture"/><provider literal="AHP"/>
<versionCreated>2026-11-18T08:00:00Z</versionCreated></itemMeta>
<contentMeta><headline>Légende</headline></contentMeta>
<contentSet><remoteContent href=")" +
         picture_href + R"(" contenttype="image/jpeg"/></contentSet>
</newsItem></itemSet></newsMessage>)";
}

class IngesterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*store::sqlite::open_store(":memory:", clock_));
    publisher_ = std::make_unique<articles::Publisher>(store_->articles());
    ingester_ = std::make_unique<Ingester>(*publisher_, clock_, &store_->held(), media_.path());
  }
  std::vector<ItemReport> ingest(const fs::path& p) {
    std::vector<ItemReport> out;
    ingester_->ingest_path(p, [&](const ItemReport& r) { out.push_back(r); });
    return out;
  }
  void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

  FixedClock clock_{*parse_iso8601("2026-11-24T10:00:00Z")};
  depeche::testing::TempDir inbox_, media_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<articles::Publisher> publisher_;
  std::unique_ptr<Ingester> ingester_;
};

TEST_F(IngesterTest, RelativePictureIsCopiedIntoTheMediaFolder) {
  write(inbox_.path() / "pictures/a.jpg", std::string("\xFF\xD8\xFF\xE0 jpeg bytes"));
  write(inbox_.path() / "a.xml", dispatch("g1", 1, "pictures/a.jpg"));
  auto reports = ingest(inbox_.path());
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].outcome, "accepted") << reports[0].reason;
  auto a = store_->articles().by_id(1);
  ASSERT_TRUE(a.ok() && a->has_value());
  ASSERT_EQ((*a)->dispatch.pictures.size(), 1u);
  const auto& href = (*a)->dispatch.pictures[0].href;
  EXPECT_TRUE(href.starts_with("/media/") && href.ends_with(".jpg")) << href;
  EXPECT_TRUE(fs::exists(media_.path() / href.substr(7)));
}

TEST_F(IngesterTest, PictureOutsideTheDispatchFolderIsDroppedWithAReason) {
  write(inbox_.path() / "a.xml", dispatch("g1", 1, "../../etc/passwd"));
  auto reports = ingest(inbox_.path() / "a.xml");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].outcome, "accepted");
  EXPECT_NE(reports[0].reason.find("skipped"), std::string::npos);
}

TEST_F(IngesterTest, NewerVersionUpdatesAndOlderIsADuplicate) {
  write(inbox_.path() / "a1.xml", dispatch("g1", 1, "https://img.example/a.jpg"));
  write(inbox_.path() / "a2.xml", dispatch("g1", 2, "https://img.example/a.jpg"));
  auto first = ingest(inbox_.path());
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].outcome, "accepted");
  EXPECT_EQ(first[1].outcome, "updated");
  auto again = ingest(inbox_.path() / "a1.xml");
  EXPECT_EQ(again[0].outcome, "duplicate");
  EXPECT_NE(again[0].reason.find("older"), std::string::npos);
  EXPECT_EQ((*store_->articles().by_id(1))->dispatch.headline, "Titre 2");
}

TEST_F(IngesterTest, MalformedFileIsRejectedByNameAndLosesNothing) {
  write(inbox_.path() / "a.xml", dispatch("g1", 1, "https://img.example/a.jpg"));
  ingest(inbox_.path() / "a.xml");
  write(inbox_.path() / "b.xml", "<newsMessage><itemSet>");
  auto reports = ingest(inbox_.path() / "b.xml");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].rejected());
  EXPECT_NE(reports[0].subject.find("b.xml"), std::string::npos);
  EXPECT_TRUE(store_->articles().by_id(1)->has_value());
}

TEST_F(IngesterTest, EmbargoedDispatchIsHeldThenPublishedAtItsTime) {
  write(inbox_.path() / "pictures/a.jpg", std::string("\xFF\xD8\xFF\xE0 jpeg bytes"));
  std::string doc = dispatch("g1", 1, "pictures/a.jpg");
  doc.insert(doc.find("<link"), "<embargoed>2026-11-25T06:00:00Z</embargoed>");
  write(inbox_.path() / "e.xml", doc);
  auto held = ingest(inbox_.path() / "e.xml");
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].outcome, "accepted");
  EXPECT_NE(held[0].reason.find("held until 2026-11-25T06:00:00Z"), std::string::npos);
  EXPECT_FALSE(store_->articles().by_id(1)->has_value()) << "never published early";
  EXPECT_EQ(*store_->held().count(), 1);

  std::vector<ItemReport> released;
  auto sink = [&](const ItemReport& r) { released.push_back(r); };
  ingester_->release_due(sink);
  EXPECT_TRUE(released.empty()) << "not yet";
  clock_.set(*parse_iso8601("2026-11-25T06:00:01Z"));
  ingester_->release_due(sink);
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].outcome, "accepted");
  auto a = store_->articles().by_id(1);
  ASSERT_TRUE(a->has_value());
  ASSERT_EQ((*a)->dispatch.pictures.size(), 1u) << "the picture stored at hold time is kept";
  EXPECT_TRUE((*a)->dispatch.pictures[0].href.starts_with("/media/"));
  EXPECT_EQ(*store_->held().count(), 0);
}

TEST_F(IngesterTest, MissingPathIsRejected) {
  auto reports = ingest(inbox_.path() / "nothing-here");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].outcome, "rejected");
}

}  // namespace
}  // namespace depeche::ingest
