#include "ingest/ingester.h"

#include <gtest/gtest.h>

#include <atomic>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/time.h"
#include "ingest/inbox.h"
#include "store/sqlite/sqlite_store.h"
#include "support/files.h"
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

// A package, its text and its picture, each in a file of its own, as
// agencies deliver them.
constexpr const char* kPackage = R"(<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/"
 guid="urn:ahp:pkg:7" version="3"><itemMeta><itemClass qcode="ninat:composite"/>
<provider literal="AHP"/><versionCreated>2026-11-18T08:00:00Z</versionCreated></itemMeta>
<groupSet root="G1"><group id="G1" role="group:main">
<itemRef residref="urn:ahp:text:7" version="1"/>
<itemRef residref="urn:ahp:photo:7" version="2"/>
<itemRef residref="urn:ahp:photo:never-sent" version="1"/>
</group></groupSet></packageItem>)";

constexpr const char* kText = R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"
 guid="urn:ahp:text:7" version="1"><itemMeta><itemClass qcode="ninat:text"/>
<provider literal="AHP"/><versionCreated>2026-11-18T08:00:00Z</versionCreated></itemMeta>
<contentMeta><headline>Le port de Brest rouvre</headline></contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Texte.</p></body></html>
</inlineXML></contentSet></newsItem>)";

std::string photo(int version, const std::string& caption) {
  return R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:ahp:photo:7" version=")" +
         std::to_string(version) + R"("><itemMeta><itemClass qcode="ninat:picture"/>
<provider literal="AHP"/><versionCreated>2026-11-18T08:00:00Z</versionCreated></itemMeta>
<contentMeta><headline>Quai</headline><description>)" +
         caption + R"(</description><creditline>AHP / Anne Roux</creditline></contentMeta>
<contentSet><remoteContent rendition="rnd:web" href="https://img.example/7.jpg"
 contenttype="image/jpeg" width="1024" height="683"/></contentSet></newsItem>)";
}

class IngesterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*store::sqlite::open_store(":memory:", clock_));
    publisher_ = std::make_unique<articles::Publisher>(store_->articles());
    ingester_ = std::make_unique<Ingester>(*publisher_, clock_, &store_->held(), &store_->links(),
                                           media_.path());
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

TEST_F(IngesterTest, TransformChangesEachDispatchBeforeItIsPublished) {
  write(inbox_.path() / "a.xml", dispatch("g1", 1, "https://img.example/a.jpg"));
  ingester_->transform([](Dispatch& d) {
    d.first_created += std::chrono::hours(48);
    d.version_created += std::chrono::hours(48);
  });
  auto reports = ingest(inbox_.path());
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].outcome, "accepted") << reports[0].reason;
  auto a = *store_->articles().by_id(1);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(format_iso8601_utc(a->published_at), "2026-11-20T08:01:00Z");
  EXPECT_EQ(format_iso8601_utc(a->dispatch.version_created), "2026-11-20T08:01:00Z");
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

TEST_F(IngesterTest, PackageTextAndPictureInSeparateFilesMeetInAnyOrder) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"package.xml", kPackage}, {"text.xml", kText}, {"photo.xml", photo(2, "Le quai")}};
  std::sort(files.begin(), files.end());
  do {
    SetUp();  // a fresh store for each order
    std::string order;
    for (const auto& [name, text] : files) {
      order += name + " ";
      write(inbox_.path() / name, text);
      auto reports = ingest(inbox_.path() / name);
      ASSERT_EQ(reports.size(), 1u) << order;
      EXPECT_EQ(reports[0].outcome, "accepted") << order << reports[0].reason;
    }
    auto list = store_->articles().latest({});
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->items.size(), 1u) << order;  // pictures and packages are no articles
    const auto& d = list->items[0].dispatch;
    EXPECT_EQ(d.headline, "Le port de Brest rouvre");
    ASSERT_EQ(d.pictures.size(), 1u) << order;
    EXPECT_EQ(d.pictures[0].caption, "Le quai");
    EXPECT_EQ(d.pictures[0].credit, "AHP / Anne Roux");
    EXPECT_EQ(d.pictures[0].href, "https://img.example/7.jpg");
  } while (std::next_permutation(files.begin(), files.end()));
}

TEST_F(IngesterTest, PictureOrPackageSentAgainIsADuplicate) {
  write(inbox_.path() / "p.xml", kPackage);
  write(inbox_.path() / "photo.xml", photo(2, "Le quai"));
  EXPECT_EQ(ingest(inbox_.path() / "p.xml")[0].outcome, "accepted");
  EXPECT_EQ(ingest(inbox_.path() / "p.xml")[0].outcome, "duplicate");
  EXPECT_EQ(ingest(inbox_.path() / "photo.xml")[0].outcome, "accepted");
  EXPECT_EQ(ingest(inbox_.path() / "photo.xml")[0].outcome, "duplicate");
  write(inbox_.path() / "old.xml", photo(1, "Ancienne"));
  EXPECT_EQ(ingest(inbox_.path() / "old.xml")[0].outcome, "duplicate");
}

TEST_F(IngesterTest, ReutersPackageTextAndPictureFilesMakeOneIllustratedArticle) {
  DEPECHE_REQUIRE_CORPUS();
  const fs::path g2 = fs::path(depeche::testing::corpus_dir()) / "newsml-g2";
  std::vector<ItemReport> reports;
  for (const char* name : {"reuters_tag_reuters.com_2014_newsml_LYNXMPEA6F13M_version_1.xml",
                           "reuters_tag_reuters.com_2014_newsml_KBN0FL0NN_version_5.xml",
                           "reuters_tag_reuters.com_2014_newsml_KBN0FL0NM_version_10.xml"}) {
    auto r = ingest(g2 / name);
    ASSERT_EQ(r.size(), 1u) << name;
    EXPECT_EQ(r[0].outcome, "accepted") << name << ": " << r[0].reason;
    reports.push_back(r[0]);
  }
  EXPECT_EQ(reports[0].subject, "tag_reuters.com_2014_newsml_LYNXMPEA6F13M");
  EXPECT_NE(reports[2].reason.find("pictures added to 1 article"), std::string::npos)
      << reports[2].reason;
  auto list = store_->articles().latest({});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  const auto& d = list->items[0].dispatch;
  EXPECT_EQ(d.headline, "Confident Assad launches new term in stronger position");
  ASSERT_EQ(d.pictures.size(), 1u);
  EXPECT_NE(d.pictures[0].caption.find("Assad"), std::string::npos) << d.pictures[0].caption;
  EXPECT_FALSE(d.pictures[0].href.empty());
}

TEST_F(IngesterTest, MissingPathIsRejected) {
  auto reports = ingest(inbox_.path() / "nothing-here");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].outcome, "rejected");
}

TEST_F(IngesterTest, FileOverTheDocumentLimitIsRejectedUnreadAndAnEmptyOneAsMalformed) {
  std::string huge = dispatch("g-huge", 1, "https://img.example/h.jpg");
  huge.insert(huge.find("</newsMessage>"), std::string(kMaxDocumentBytes, ' '));
  write(inbox_.path() / "huge.xml", huge);
  auto reports = ingest(inbox_.path() / "huge.xml");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].rejected());
  EXPECT_NE(reports[0].reason.find("too large"), std::string::npos) << reports[0].reason;

  write(inbox_.path() / "empty.xml", "");
  reports = ingest(inbox_.path() / "empty.xml");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].rejected());

  // Just under the limit is read whole.
  std::string fits = dispatch("g-fits", 1, "https://img.example/f.jpg");
  fits.insert(fits.find("</newsMessage>"), std::string(kMaxDocumentBytes - fits.size(), ' '));
  write(inbox_.path() / "fits.xml", fits);
  reports = ingest(inbox_.path() / "fits.xml");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_FALSE(reports[0].rejected()) << reports[0].reason;
}

}  // namespace
}  // namespace depeche::ingest

namespace depeche::ingest {
namespace {

// AP-style ninjs: the text names its picture by uri; the picture is its own
// document, sent before or after.
constexpr const char* kNinjsText = R"({"uri": "urn:ap:text:9", "version": "2", "type": "text",
 "versioncreated": "2026-11-20T08:00:00Z", "firstcreated": "2026-11-20T08:00:00Z",
 "headline": "Un texte et sa photo", "body_html": "<p>Texte.</p>",
 "associations": {"main": {"uri": "urn:ap:photo:9", "type": "picture"}}})";
constexpr const char* kNinjsPhoto = R"({"uri": "urn:ap:photo:9", "version": "1", "type": "picture",
 "headline": "Le quai au matin", "description_text": "Le quai au matin, vu du phare.",
 "by": "Anne Roux", "renditions": {"preview": {"href": "https://img.example/9.jpg",
 "contentType": "image/jpeg", "width": 1024, "height": 683}}})";

TEST_F(IngesterTest, NinjsTextAndThePictureItNamesByUriMeetInEitherOrder) {
  for (bool text_first : {true, false}) {
    SetUp();
    write(inbox_.path() / "text.json", kNinjsText);
    write(inbox_.path() / "photo.json", kNinjsPhoto);
    auto first = ingest(inbox_.path() / (text_first ? "text.json" : "photo.json"));
    auto second = ingest(inbox_.path() / (text_first ? "photo.json" : "text.json"));
    ASSERT_EQ(first.size(), 1u) << "the text's own links make no report line";
    ASSERT_EQ(second.size(), 1u);
    auto list = store_->articles().latest({});
    ASSERT_EQ(list->items.size(), 1u);
    const auto& d = list->items[0].dispatch;
    ASSERT_EQ(d.pictures.size(), 1u) << (text_first ? "text first" : "picture first");
    EXPECT_EQ(d.pictures[0].href, "https://img.example/9.jpg");
    EXPECT_EQ(d.pictures[0].caption, "Le quai au matin, vu du phare.");
  }
}

// --- Batches: many files, one commit per kIngestBatch dispatches ---

TEST_F(IngesterTest, FolderIsStoredInFewCommitsWithEveryFileReportedInOrder) {
  constexpr int kFiles = 2 * kIngestBatch + 50;
  for (int i = 0; i < kFiles; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "d%04d.xml", i);
    write(inbox_.path() / name,
          dispatch("urn:batch:" + std::to_string(i), 1, "https://img.example/a.jpg"));
  }
  auto commits_before = store_->local_commits();
  auto reports = ingest(inbox_.path());
  ASSERT_EQ(reports.size(), static_cast<std::size_t>(kFiles));
  for (int i = 0; i < kFiles; ++i) {
    EXPECT_EQ(reports[i].outcome, "accepted") << reports[i].reason;
    EXPECT_EQ(reports[i].subject, "urn:batch:" + std::to_string(i));
  }
  auto commits = store_->local_commits() - commits_before;
  EXPECT_GE(commits, 1u);
  EXPECT_LE(commits, 3u);  // one per kIngestBatch dispatches, not one per file
  auto list = store_->articles().latest({.limit = 1});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->total, kFiles);
}

TEST_F(IngesterTest, RejectedFileInABatchLeavesTheOthersStored) {
  write(inbox_.path() / "a.xml", dispatch("g1", 1, "https://img.example/a.jpg"));
  write(inbox_.path() / "b.xml", "<newsMessage><itemSet><newsItem guid=");
  write(inbox_.path() / "c.xml", dispatch("g3", 1, "https://img.example/c.jpg"));
  auto reports = ingest(inbox_.path());
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].outcome, "accepted");
  EXPECT_EQ(reports[1].outcome, "rejected");
  EXPECT_NE(reports[1].subject.find("b.xml"), std::string::npos);
  EXPECT_EQ(reports[2].outcome, "accepted");
  EXPECT_EQ(store_->articles().latest({})->total, 2);
}

TEST_F(IngesterTest, SameVersionTwiceInOneBatchIsStoredOnce) {
  write(inbox_.path() / "a.xml", dispatch("g1", 1, "https://img.example/a.jpg"));
  write(inbox_.path() / "b.xml", dispatch("g1", 1, "https://img.example/a.jpg"));
  write(inbox_.path() / "c.xml", dispatch("g1", 2, "https://img.example/a.jpg"));
  auto reports = ingest(inbox_.path());
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].outcome, "accepted");
  EXPECT_EQ(reports[1].outcome, "duplicate");
  EXPECT_EQ(reports[2].outcome, "updated");
  EXPECT_EQ(store_->articles().versions(1)->size(), 2u);
}

TEST_F(IngesterTest, EachFileIsHandedOverOnceItsItemsAreCommitted) {
  std::vector<fs::path> files;
  for (int i = 0; i < 3; ++i) {
    files.push_back(inbox_.path() / ("f" + std::to_string(i) + ".xml"));
    write(files.back(), dispatch("urn:f:" + std::to_string(i), 1, "https://img.example/a.jpg"));
  }
  files.push_back(inbox_.path() / "missing.xml");
  std::vector<fs::path> seen;
  ingester_->ingest_files(files, [&](const fs::path& f, const std::vector<ItemReport>& reports) {
    seen.push_back(f);
    ASSERT_EQ(reports.size(), 1u);
    if (f.filename() == "missing.xml") {
      EXPECT_TRUE(reports[0].rejected());
      return;
    }
    EXPECT_EQ(reports[0].outcome, "accepted");
    // Read through the store (whose only connection the batch held): the
    // article is there, so the batch's transaction has ended.
    auto list = store_->articles().latest({});
    ASSERT_TRUE(list.ok());
    EXPECT_TRUE(std::any_of(list->items.begin(), list->items.end(), [&](const store::Article& a) {
      return a.dispatch.guid == reports[0].subject;
    }));
  });
  EXPECT_EQ(seen, files);
}

TEST_F(IngesterTest, EmbargoedDispatchInABatchIsHeldAndTheOthersStored) {
  std::string held = dispatch("g2", 1, "https://img.example/b.jpg");
  held.replace(held.find("</itemMeta>"), 0, "<embargoed>2026-11-25T10:00:00Z</embargoed>");
  write(inbox_.path() / "a.xml", dispatch("g1", 1, "https://img.example/a.jpg"));
  write(inbox_.path() / "b.xml", held);
  write(inbox_.path() / "c.xml", dispatch("g3", 1, "https://img.example/c.jpg"));
  auto reports = ingest(inbox_.path());
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].outcome, "accepted");
  EXPECT_NE(reports[1].reason.find("embargo"), std::string::npos) << reports[1].reason;
  EXPECT_EQ(reports[2].outcome, "accepted");
  EXPECT_EQ(store_->articles().latest({})->total, 2);
  EXPECT_EQ(*store_->held().count(), 1);
}

// The drop folder takes the files waiting at start together: the good ones
// are stored and moved to processed/, the bad one to failed/ with its reason.
TEST_F(IngesterTest, DropFolderSettlesEachWaitingFileOfABatch) {
  depeche::testing::TempDir data;
  write(data.path() / "inbox" / "a.xml", dispatch("g1", 1, "https://img.example/a.jpg"));
  write(data.path() / "inbox" / "b.xml", "<newsMessage><itemSet>");
  write(data.path() / "inbox" / "c.xml", dispatch("g3", 1, "https://img.example/c.jpg"));
  std::mutex mu;
  int reports = 0;
  auto inbox = Inbox::start(*ingester_, data.path(), [&](const ItemReport&) {
    std::lock_guard lock(mu);
    ++reports;
  });
  ASSERT_TRUE(inbox.ok()) << inbox.error().message;
  auto box = std::move(inbox).value();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mu);
      if (reports == 3) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  box.reset();  // joins the thread: the moves are done
  EXPECT_TRUE(fs::exists(data.path() / "processed" / "a.xml"));
  EXPECT_TRUE(fs::exists(data.path() / "processed" / "c.xml"));
  EXPECT_TRUE(fs::exists(data.path() / "failed" / "b.xml"));
  EXPECT_TRUE(fs::exists(data.path() / "failed" / "b.xml.reason"));
  EXPECT_FALSE(fs::exists(data.path() / "inbox" / "a.xml"));
  EXPECT_EQ(store_->articles().latest({})->total, 2);
}

// A file inotify never announces (written from another machine onto a
// shared folder; here a hard link, which raises no close or move event) is
// found by the periodic listing once it has stopped changing.
TEST_F(IngesterTest, DropFolderFindsFilesNoEventAnnouncedByListingItself) {
  depeche::testing::TempDir data, elsewhere;
  std::atomic<int> reports{0};
  auto inbox = Inbox::start(
      *ingester_, data.path(), [&](const ItemReport&) { ++reports; },
      std::chrono::milliseconds(100));
  ASSERT_TRUE(inbox.ok()) << inbox.error().message;
  // Past the listing of what waited at start, which takes any file.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto written = elsewhere.path() / "remote.xml";
  write(written, dispatch("g-remote", 1, "https://img.example/r.jpg"));
  fs::last_write_time(written, fs::file_time_type::clock::now() - std::chrono::seconds(10));
  fs::create_hard_link(written, data.path() / "inbox" / "remote.xml");
  // Still being written, as far as the listing can tell: left alone.
  write(elsewhere.path() / "fresh.xml", dispatch("g-fresh", 1, "https://img.example/f.jpg"));
  fs::create_hard_link(elsewhere.path() / "fresh.xml", data.path() / "inbox" / "fresh.xml");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (reports.load() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a few more listings
  EXPECT_TRUE(fs::exists(data.path() / "processed" / "remote.xml"));
  EXPECT_TRUE(fs::exists(data.path() / "inbox" / "fresh.xml"))
      << "a file changed within kInboxSettleTime waits";
  inbox->reset();
  EXPECT_EQ(store_->articles().latest({})->total, 1);
}

// What a crash in the middle of a batch leaves: nothing of it.
TEST_F(IngesterTest, BatchEndedWithoutCommitLeavesNoArticle) {
  {
    auto batch = publisher_->begin_batch();
    ASSERT_TRUE(batch.ok());
    for (int i = 0; i < 3; ++i) {
      Dispatch d;
      d.guid = "urn:crash:" + std::to_string(i);
      d.version = 1;
      d.headline = "Titre";
      auto r = batch->publish(d);
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_EQ(r->outcome, articles::PublishOutcome::accepted);
    }
  }
  EXPECT_EQ(store_->articles().latest({})->total, 0);
  EXPECT_EQ(*store_->last_change(), 0);
}

}  // namespace
}  // namespace depeche::ingest
