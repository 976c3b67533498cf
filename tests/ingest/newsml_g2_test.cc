#include <gtest/gtest.h>

#include "core/time.h"
#include "ingest/parse.h"
#include "support/files.h"

namespace depeche::ingest {
namespace {

const std::string kCorpus = depeche::testing::corpus_dir() + "";
using depeche::testing::read_file;

std::vector<ParsedItem> parse_file(const std::string& name) {
  auto items = parse_document(read_file(kCorpus + name));
  EXPECT_TRUE(items.ok()) << name << ": " << (items.ok() ? "" : items.error().message);
  return items.ok() ? std::move(*items) : std::vector<ParsedItem>{};
}

const Dispatch* only_text(const std::vector<ParsedItem>& items) {
  const Dispatch* found = nullptr;
  for (const auto& i : items) {
    if (i.dispatch.ok()) found = &*i.dispatch;
  }
  return found;
}

// A message written for these tests: a text item that links a picture
// item, with a prefixed G2 namespace and an XHTML body in another prefix.
constexpr const char* kMessage = R"(<?xml version="1.0" encoding="UTF-8"?>
<g2:newsMessage xmlns:g2="http://iptc.org/std/nar/2006-10-01/" xmlns:h="http://www.w3.org/1999/xhtml">
 <g2:header><g2:sent>2026-11-18T09:00:00+01:00</g2:sent></g2:header>
 <g2:itemSet>
  <g2:newsItem guid="urn:test:txt-1" version="3" xml:lang="fr">
   <g2:itemMeta>
    <g2:itemClass qcode="ninat:text"/>
    <g2:provider qcode="nprov:AHP"><g2:name>AHP</g2:name></g2:provider>
    <g2:versionCreated>2026-11-18T10:30:00+01:00 </g2:versionCreated>
    <g2:firstCreated>2026-11-18T08:00:00+01:00</g2:firstCreated>
    <g2:pubStatus qcode="stat:usable"/>
    <g2:link rel="irel:seeAlso" residref="urn:test:pic-1"/>
   </g2:itemMeta>
   <g2:contentMeta>
    <g2:creator role="crol:rpt"><g2:name>Camille Durand</g2:name></g2:creator>
    <g2:contributor role="crol:trl"><g2:name>Hugo Mercier</g2:name></g2:contributor>
    <g2:contributor role="crol:edt"><g2:name>Inès Faure</g2:name></g2:contributor>
    <g2:language tag="fr"/>
    <g2:subject qcode="medtop:20000523"><g2:name xml:lang="fr">transport</g2:name></g2:subject>
    <g2:subject qcode="medtop:20000523"/>
    <g2:headline>  Le tramway
      arrive à Lyon </g2:headline>
    <g2:dateline>18 novembre (AHP) -</g2:dateline>
    <g2:creditline>AHP</g2:creditline>
   </g2:contentMeta>
   <g2:contentSet>
    <g2:inlineXML contenttype="application/xhtml+xml">
     <h:html><h:head><h:title>x</h:title></h:head><h:body>
      <h:p>18 novembre (AHP) - La ligne <h:b>T9</h:b> ouvre ce matin.</h:p>
      <h:p onclick="x();">Second paragraphe.</h:p><h:script>alert(1)</h:script>
     </h:body></h:html>
    </g2:inlineXML>
   </g2:contentSet>
  </g2:newsItem>
  <g2:newsItem guid="urn:test:pic-1" version="1">
   <g2:itemMeta>
    <g2:itemClass qcode="ninat:picture"/>
    <g2:provider qcode="nprov:AHP"><g2:name>AHP</g2:name></g2:provider>
    <g2:versionCreated>2026-11-18T08:00:00+01:00</g2:versionCreated>
   </g2:itemMeta>
   <g2:contentMeta>
    <g2:headline>Une rame du tramway</g2:headline>
    <g2:description>Une rame du tramway T9 à l’arrêt Gerland, le 17 novembre.</g2:description>
    <g2:creditline>AHP / Léa Morel</g2:creditline>
   </g2:contentMeta>
   <g2:contentSet>
    <g2:remoteContent rendition="rnd:thumb" href="pictures/t.jpg" width="80" height="45" contenttype="image/jpeg"/>
    <g2:remoteContent rendition="rnd:web" href="pictures/tram.jpg" width="800" height="450" contenttype="image/jpeg"/>
   </g2:contentSet>
  </g2:newsItem>
 </g2:itemSet>
</g2:newsMessage>)";

TEST(NewsMlG2, PrefixedMessageGivesEveryField) {
  auto items = parse_document(kMessage);
  ASSERT_TRUE(items.ok()) << items.error().message;
  ASSERT_EQ(items->size(), 1u) << "the picture travels with its text, not as an item";
  const Dispatch& d = *(*items)[0].dispatch;
  EXPECT_EQ(d.guid, "urn:test:txt-1");
  EXPECT_EQ(d.version, 3u);
  EXPECT_EQ(d.provider, "AHP");
  EXPECT_EQ(d.headline, "Le tramway arrive à Lyon");
  EXPECT_EQ(d.dateline, "18 novembre (AHP) -");
  EXPECT_EQ(d.body_html, "<p>La ligne <b>T9</b> ouvre ce matin.</p><p>Second paragraphe.</p>");
  EXPECT_EQ(d.language, "fr");
  EXPECT_EQ(format_iso8601_utc(d.first_created), "2026-11-18T07:00:00Z");
  EXPECT_EQ(format_iso8601_utc(d.version_created), "2026-11-18T09:30:00Z");
  ASSERT_EQ(d.contributors.size(), 3u);
  EXPECT_EQ(d.contributors[0].role, ContributorRole::reporter);
  EXPECT_EQ(d.contributors[1].name, "Hugo Mercier");
  EXPECT_EQ(d.contributors[1].role, ContributorRole::translator);
  EXPECT_EQ(d.contributors[2].role, ContributorRole::editor);
  ASSERT_EQ(d.subjects.size(), 1u);
  EXPECT_EQ(d.subjects[0].name, "transport");
  ASSERT_EQ(d.pictures.size(), 1u);
  EXPECT_EQ(d.pictures[0].href, "pictures/tram.jpg");
  EXPECT_EQ(d.pictures[0].width, 800);
  EXPECT_EQ(d.pictures[0].alt, "Une rame du tramway");
  EXPECT_EQ(d.pictures[0].credit, "AHP / Léa Morel");
  EXPECT_EQ(d.description, "La ligne T9 ouvre ce matin. Second paragraphe.");
  EXPECT_EQ(d.status, WireStatus::usable);
}

TEST(NewsMlG2, ReutersStoryKeepsTheDatelineOnceAndFindsTheByline) {
  DEPECHE_REQUIRE_CORPUS();
  auto items = parse_file("newsml-g2/reuters_tag_reuters.com_2014_newsml_KBN0FL0NN_version_5.xml");
  const Dispatch* d = only_text(items);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->guid, "tag_reuters.com_2014_newsml_KBN0FL0NN");
  EXPECT_EQ(d->version, 5u);
  EXPECT_EQ(d->provider, "Reuters");
  EXPECT_EQ(d->headline, "Confident Assad launches new term in stronger position");
  EXPECT_EQ(d->dateline, "DAMASCUS (Reuters) -") << "a timestamp is not a dateline";
  EXPECT_EQ(d->body_html.find("DAMASCUS (Reuters)"), std::string::npos);
  EXPECT_EQ(d->body_html.find("By Marwan Makdisi"), std::string::npos);
  ASSERT_FALSE(d->contributors.empty());
  EXPECT_EQ(d->contributors[0].name, "Marwan Makdisi");
  EXPECT_EQ(d->contributors[0].role, ContributorRole::reporter);
  EXPECT_TRUE(d->body_html.starts_with("<p>Bashar al-Assad was sworn in"))
      << d->body_html.substr(0, 80);
}

TEST(NewsMlG2, ReutersKillWithPrefixedNamespacesIsAWithdrawal) {
  DEPECHE_REQUIRE_CORPUS();
  auto items =
      parse_file("newsml-g2/reuters_tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538.xml");
  const Dispatch* d = only_text(items);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->version, 1542761538u);
  EXPECT_EQ(d->status, WireStatus::withdrawn);
}

TEST(NewsMlG2, ReutersCorrectionIsUsableWithItsDateline) {
  DEPECHE_REQUIRE_CORPUS();
  auto items =
      parse_file("newsml-g2/reuters_tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml");
  const Dispatch* d = only_text(items);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->status, WireStatus::usable);
  EXPECT_EQ(d->version, 978556838u);
  EXPECT_TRUE(d->correction) << "edStat:C and a CORRECTED- headline";
  EXPECT_EQ(d->headline, "S. Illinois battles flooding as Mississippi River builds downstream");
  EXPECT_NE(d->body_html.find("<p>"), std::string::npos);
}

TEST(NewsMlG2, DpaBodyLosesEditorsNotesAndSlugline) {
  DEPECHE_REQUIRE_CORPUS();
  auto items = parse_file("newsml-g2/dpa.xml");
  const Dispatch* d = only_text(items);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->provider, "Deutsche Presse-Agentur GmbH");
  EXPECT_EQ(d->language, "de");
  EXPECT_EQ(d->dateline, "London (dpa) -");
  EXPECT_EQ(d->body_html.find("Redaktionelle Hinweise"), std::string::npos);
  EXPECT_EQ(d->body_html.find("Champions League</li>"), std::string::npos);
  EXPECT_TRUE(d->body_html.starts_with("<p>2019 gab es")) << d->body_html.substr(0, 80);
}

TEST(NewsMlG2, IptcTextExamplesAreAcceptedWithTrimmedHeadlines) {
  DEPECHE_REQUIRE_CORPUS();
  for (const char* name : {"newsml-g2/iptc_LISTING_1_A_NewsML-G2_News_Item.xml",
                           "newsml-g2/iptc_LISTING_2_NewsML-G2_Text_Document.xml"}) {
    auto items = parse_file(name);
    const Dispatch* d = only_text(items);
    ASSERT_NE(d, nullptr) << name;
    EXPECT_EQ(d->headline, "Fed to halt QE to avert \"bubble\"") << name;
  }
}

TEST(NewsMlG2, LonePicturesAndPackagesAreKeptToBeLinkedNotPublished) {
  DEPECHE_REQUIRE_CORPUS();
  struct Expected {
    const char* file;
    LinkedItem::Kind kind;
    const char* guid;
    std::size_t members;
  };
  for (const Expected& e : {
           Expected{"newsml-g2/iptc_LISTING_3_Photo_in_NewsML-G2.xml", LinkedItem::Kind::picture,
                    "tag:gettyimages.com,2010:GYI0062134533", 0},
           Expected{"newsml-g2/iptc_LISTING_6_Simple_NewsML-G2_Package.xml",
                    LinkedItem::Kind::package,
                    "tag:example.com,2008:UK-NEWS-TOPTEN:UK20081220098658", 2},
           Expected{"newsml-g2/reuters_tag_reuters.com_2014_newsml_KBN0FL0NM_version_10.xml",
                    LinkedItem::Kind::package, "tag_reuters.com_2014_newsml_KBN0FL0NM", 5},
           Expected{"newsml-g2/reuters_tag_reuters.com_2014_newsml_LYNXMPEA6F13M_version_1.xml",
                    LinkedItem::Kind::picture, "tag_reuters.com_2014_newsml_LYNXMPEA6F13M", 0},
       }) {
    auto items = parse_file(e.file);
    ASSERT_EQ(items.size(), 1u) << e.file;
    EXPECT_FALSE(items[0].dispatch.ok()) << e.file;  // no article on its own
    ASSERT_TRUE(items[0].linked.has_value()) << e.file;
    const LinkedItem& l = *items[0].linked;
    EXPECT_EQ(l.kind, e.kind) << e.file;
    EXPECT_EQ(l.guid, e.guid) << e.file;
    EXPECT_EQ(l.members.size(), e.members) << e.file;
    if (l.kind == LinkedItem::Kind::picture) {
      EXPECT_FALSE(l.picture.href.empty()) << e.file;
      EXPECT_FALSE(l.picture.alt.empty()) << e.file;
    }
  }
}

TEST(NewsMlG2, EventItemsAreRefusedWithAReason) {
  DEPECHE_REQUIRE_CORPUS();
  auto items = parse_file("newsml-g2/iptc_LISTING_16_A_Set_of_Events_carried_in_a_News_Item.xml");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_FALSE(items[0].dispatch.ok());
  EXPECT_FALSE(items[0].linked.has_value());
  EXPECT_EQ(items[0].dispatch.error().code, ErrorCode::unsupported);
  EXPECT_NE(items[0].dispatch.error().message.find("composite"), std::string::npos);
}

TEST(Parse, EntityBombIsRefused) {
  DEPECHE_REQUIRE_CORPUS();
  auto r = parse_document(read_file(kCorpus + "xml-edge/defusedxml_xmlbomb.xml"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "DTD entities are not accepted");
}

TEST(Parse, MalformedXmlSaysWhere) {
  auto r = parse_document("<newsMessage><itemSet><newsItem");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_NE(r.error().message.find("malformed XML"), std::string::npos);
}

TEST(Parse, ItemWithoutHeadlineIsRefusedAlone) {
  std::string doc = kMessage;
  doc.replace(doc.find("<g2:headline>  Le"), 0, "<!--");
  doc.replace(doc.find("Lyon </g2:headline>") + 19, 0, "-->");
  auto items = parse_document(doc);
  ASSERT_TRUE(items.ok());
  ASSERT_FALSE((*items)[0].dispatch.ok());
  EXPECT_EQ((*items)[0].dispatch.error().message, "item has no headline");
}

TEST(NewsMlG2, MissingProviderAndHeadlineFallBackToCreditAndTitle) {
  auto items =
      parse_document(R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g" version="2">
    <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-11-18T08:00:00Z</versionCreated>
      <title>Titre de service</title></itemMeta>
    <contentMeta><creditline>Agence Test</creditline></contentMeta>
    <contentSet><inlineData contenttype="text/plain">Premier paragraphe.

Second paragraphe.</inlineData></contentSet></newsItem>)");
  ASSERT_TRUE(items.ok());
  const Dispatch& d = *(*items)[0].dispatch;
  EXPECT_EQ(d.provider, "Agence Test");
  EXPECT_EQ(d.headline, "Titre de service");
  EXPECT_EQ(d.body_html, "<p>Premier paragraphe.</p><p>Second paragraphe.</p>");
  EXPECT_EQ(d.first_created, d.version_created);
}

TEST(Parse, UnknownRootIsNotANewsDocument) {
  EXPECT_EQ(parse_document("<html/>").error().message, "not a news document: root element <html>");
}

TEST(Parse, OversizedDocumentIsRefused) {
  std::string big(kMaxDocumentBytes + 1, ' ');
  EXPECT_EQ(parse_document(big).error().code, ErrorCode::too_large);
}

}  // namespace
}  // namespace depeche::ingest
