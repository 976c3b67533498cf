#include <gtest/gtest.h>

#include "core/time.h"
#include "ingest/dates.h"
#include "ingest/parse.h"
#include "support/files.h"

namespace depeche::ingest {
namespace {

const std::string kCorpus = depeche::testing::corpus_dir();
using depeche::testing::read_file;

std::string utc(std::string_view text) {
  auto t = parse_feed_date(text);
  return t ? format_iso8601_utc(*t) : "none";
}

Dispatch first(const std::string& doc) {
  auto items = parse_document(doc);
  EXPECT_TRUE(items.ok()) << (items.ok() ? "" : items.error().message);
  EXPECT_FALSE(items->empty());
  EXPECT_TRUE((*items)[0].dispatch.ok()) << (*items)[0].dispatch.error().message;
  return *(*items)[0].dispatch;
}

TEST(FeedDates, Rfc822InTheFormsPublishersWrite) {
  EXPECT_EQ(utc("Wed, 31 Jan 2018 20:15:15 GMT"), "2018-01-31T20:15:15Z");
  EXPECT_EQ(utc("Seg, 24 Set 2018 19:42:40 -0300\n"), "2018-09-24T22:42:40Z");
  EXPECT_EQ(utc("jeu., 5 déc. 2026 08:00 +0100"), "2026-12-05T07:00:00Z");
  EXPECT_EQ(utc("Mon, 06 Sep 21 16:45:00 EDT"), "2021-09-06T20:45:00Z");
  EXPECT_EQ(utc("Di, 03 Mär 2026 10:00:00 +0100"), "2026-03-03T09:00:00Z");
  EXPECT_EQ(utc("2018-01-31T20:15:15Z"), "2018-01-31T20:15:15Z");
}

TEST(FeedDates, NonsenseIsNoDate) {
  for (const char* bad : {"", "hier soir", "31 Foo 2018 10:00", "32 Jan 2018 10:00 GMT"}) {
    EXPECT_EQ(utc(bad), "none") << bad;
  }
}

// An RSS 2.0 feed written for these tests.
constexpr const char* kRss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
 <channel>
  <title>Dépêches du Rhône</title>
  <language>fr</language>
  <item>
   <title>La Saône en crue à Mâcon</title>
   <guid isPermaLink="false">ddr-rss-0001</guid>
   <pubDate>ven., 20 nov. 2026 07:30:00 +0100</pubDate>
   <dc:creator>Nadia Benali</dc:creator>
   <category>météo</category>
   <description><![CDATA[<p>Les quais sont fermés.</p>]]></description>
   <content:encoded><![CDATA[<p>Mâcon, 20 novembre (DDR) - Les quais sont fermés depuis jeudi soir.</p><p>La décrue est attendue lundi.</p><script>bad()</script>]]></content:encoded>
   <media:content url="https://img.example/crue-140.jpg" type="image/jpeg" width="140"/>
   <media:content url="https://img.example/crue-800.jpg" type="image/jpeg" width="800" height="450">
     <media:description>Les quais de Mâcon sous l’eau, le 19 novembre.</media:description>
     <media:credit scheme="urn:ebu">DDR / Hugo Martin</media:credit>
   </media:content>
  </item>
  <item>
   <title>Sans date</title>
   <link>https://ddr.example/2</link>
   <enclosure url="https://img.example/x.jpg" type="image/jpeg" length="1000"/>
  </item>
 </channel>
</rss>)";

TEST(Rss, ItemGivesBodyPictureAuthorAndDate) {
  Dispatch d = first(kRss);
  EXPECT_EQ(d.guid, "ddr-rss-0001");
  EXPECT_EQ(d.provider, "Dépêches du Rhône");
  EXPECT_EQ(d.headline, "La Saône en crue à Mâcon");
  EXPECT_EQ(d.dateline, "Mâcon, 20 novembre (DDR) -");
  EXPECT_EQ(d.body_html,
            "<p>Les quais sont fermés depuis jeudi soir.</p><p>La décrue est attendue lundi.</p>");
  EXPECT_EQ(d.description, "Les quais sont fermés.");
  EXPECT_EQ(format_iso8601_utc(d.version_created), "2026-11-20T06:30:00Z");
  EXPECT_EQ(d.version, static_cast<std::uint64_t>(d.version_created.time_since_epoch().count()));
  ASSERT_EQ(d.contributors.size(), 1u);
  EXPECT_EQ(d.contributors[0].name, "Nadia Benali");
  ASSERT_EQ(d.pictures.size(), 1u);
  EXPECT_EQ(d.pictures[0].href, "https://img.example/crue-800.jpg");
  EXPECT_EQ(d.pictures[0].credit, "DDR / Hugo Martin");
  EXPECT_EQ(d.subjects[0].name, "météo");
  EXPECT_EQ(d.language, "fr");
}

TEST(Rss, UndatedItemInAnUndatedFeedIsRefused) {
  auto items = parse_document(kRss);
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[1].dispatch.error().message, "entry has no date, and its feed none either");
}

TEST(Rss, GuardianEscapedHtmlAndMediaCredit) {
  DEPECHE_REQUIRE_CORPUS();
  Dispatch d = first(read_file(kCorpus + "rss/guardian.rss"));
  EXPECT_EQ(d.headline, "Trump State of the Union address promised unity but emphasized discord");
  EXPECT_EQ(d.provider, "The Guardian");
  EXPECT_TRUE(d.body_html.starts_with("<p>The president’s")) << d.body_html.substr(0, 40);
  ASSERT_EQ(d.pictures.size(), 1u);
  EXPECT_EQ(d.pictures[0].width, 460);
  EXPECT_EQ(d.pictures[0].credit, "Photograph: Networ/Sipa USA/REX/Shutterstock");
}

TEST(Rss, Latin1FeedsDecode) {
  DEPECHE_REQUIRE_CORPUS();
  EXPECT_EQ(first(read_file(kCorpus + "rss/uolNoticias.rss")).headline,
            "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno");
  EXPECT_EQ(first(read_file(kCorpus + "rss/encoding.rss")).provider,
            "Jornal de Notícias - Últimas Notícias");
}

TEST(Rss, BrokenFeedsAreRefusedQuickly) {
  DEPECHE_REQUIRE_CORPUS();
  for (const char* f : {"rss/feedparser_rss_incomplete_cdata.xml",
                        "rss/feedparser_rss_item_link_corrupted_ampersands.xml"}) {
    auto r = parse_document(read_file(kCorpus + f));
    ASSERT_FALSE(r.ok()) << f;
    EXPECT_NE(r.error().message.find("malformed XML"), std::string::npos) << f;
  }
  auto no_items = parse_document(read_file(kCorpus + "rss/feedparser_entities_eacute.xml"));
  ASSERT_TRUE(no_items.ok()) << "an undeclared HTML entity in a title is kept as text";
  EXPECT_TRUE(no_items->empty());
  auto utf16 = parse_document(read_file(kCorpus + "rss/simplepie_feed-utf16le.xml"));
  ASSERT_TRUE(utf16.ok());
  EXPECT_EQ((*utf16)[0].dispatch.error().message, "entry has no date, and its feed none either");
}

// An Atom feed written for these tests, with nested xml:base.
constexpr const char* kAtom =
    R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://niw.example/fil/" xml:lang="fr">
  <title>Nord Info Wire</title>
  <id>urn:niw:fil</id>
  <updated>2026-11-21T10:00:00+01:00</updated>
  <entry xml:base="2026/11/">
    <id>urn:niw:2026:0042</id>
    <title type="html">Lille &amp;lt;3 : le beffroi illuminé</title>
    <published>2026-11-21T08:00:00+01:00</published>
    <updated>2026-11-21T09:30:00+01:00</updated>
    <author><name>Julien Caron</name></author>
    <category term="culture" label="Culture"/>
    <link rel="enclosure" type="image/jpeg" href="../photos/beffroi.jpg" title="Le beffroi, le 20 novembre."/>
    <summary>Le beffroi brille.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Lille, 21 novembre (NIW) - Le beffroi <em>brille</em>.</p></div></content>
  </entry>
</feed>)";

TEST(Atom, EntryGivesXhtmlContentAndResolvesXmlBase) {
  Dispatch d = first(kAtom);
  EXPECT_EQ(d.guid, "urn:niw:2026:0042");
  EXPECT_EQ(d.headline, "Lille <3 : le beffroi illuminé");
  EXPECT_EQ(d.provider, "Nord Info Wire");
  EXPECT_EQ(d.language, "fr");
  EXPECT_EQ(d.dateline, "Lille, 21 novembre (NIW) -");
  EXPECT_EQ(d.body_html, "<p>Le beffroi <em>brille</em>.</p>");
  EXPECT_EQ(format_iso8601_utc(d.first_created), "2026-11-21T07:00:00Z");
  EXPECT_EQ(format_iso8601_utc(d.version_created), "2026-11-21T08:30:00Z");
  ASSERT_EQ(d.pictures.size(), 1u);
  EXPECT_EQ(d.pictures[0].href, "https://niw.example/fil/2026/photos/beffroi.jpg");
  EXPECT_EQ(d.contributors[0].name, "Julien Caron");
  EXPECT_EQ(d.subjects[0].name, "Culture");
}

TEST(Atom, CorpusFeedsParse) {
  DEPECHE_REQUIRE_CORPUS();
  Dispatch bray = first(read_file(kCorpus + "atom/rome_atom_1.0_bray.xml"));
  EXPECT_EQ(bray.guid, "http://www.example.com/blog/2006-11-05/entry1");
  EXPECT_EQ(bray.body_html, "Content1");
  EXPECT_EQ(first(read_file(kCorpus + "atom/heise.atom")).headline,
            "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei");
  EXPECT_EQ(first(read_file(kCorpus + "atom/wenn.xml")).body_html, "<p>This is body content1.</p>");
  auto empty = parse_document(
      read_file(kCorpus + "atom/simplepie_feed-with-whitespace-before-xml-declaration.xml"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty()) << "a feed without entries has nothing to publish";
}

}  // namespace
}  // namespace depeche::ingest
