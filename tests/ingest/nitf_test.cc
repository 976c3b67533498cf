#include <gtest/gtest.h>

#include "core/time.h"
#include "ingest/parse.h"
#include "support/files.h"

namespace depeche::ingest {
namespace {

const std::string kCorpus = depeche::testing::corpus_dir() + "nitf/";
using depeche::testing::read_file;

Dispatch only(const Result<std::vector<ParsedItem>>& items) {
  EXPECT_TRUE(items.ok());
  EXPECT_TRUE((*items)[0].dispatch.ok()) << (*items)[0].dispatch.error().message;
  return *(*items)[0].dispatch;
}

// An NITF 3.6 document in the NITF namespace, written for these tests.
constexpr const char* kDoc = R"(<?xml version="1.0" encoding="UTF-8"?>
<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/" baselang="fr-FR">
  <head>
    <title>Titre de service</title>
    <docdata management-status="usable">
      <doc-id regsrc="AHP" id-string="ahp-nitf-0001"/>
      <date.issue norm="20261120T080000+0100"/>
      <revision-history norm="20261120T093000+0100" comment="précise le lieu"/>
      <du-key key="ahp-nitf-0001" version="2"/>
      <key-list><keyword key="patrimoine"/></key-list>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Le château de Vaux rouvre sa galerie</hl1></hedline>
      <byline>Par Anne Roy<byttl>correspondante</byttl></byline>
      <dateline><location><city>Maincy</city><country>France</country></location></dateline>
      <abstract>La galerie restaurée accueille de nouveau le public.</abstract>
    </body.head>
    <body.content>
      <p>Maincy (AHP) - La galerie des Cerfs rouvre samedi.</p>
      <media media-type="image">
        <media-reference source="https://img.example/vaux.jpg" mime-type="image/jpeg"/>
        <media-caption>La galerie des Cerfs, le 19 novembre.</media-caption>
        <media-producer>AHP / Paul Roux</media-producer>
      </media>
      <p>Les travaux ont duré deux ans.</p>
    </body.content>
  </body>
</nitf>)";

TEST(Nitf, NamespacedDocumentGivesEveryField) {
  Dispatch d = only(parse_document(kDoc));
  EXPECT_EQ(d.guid, "ahp-nitf-0001");
  EXPECT_EQ(d.version, 2u);
  EXPECT_EQ(d.provider, "AHP");
  EXPECT_EQ(d.headline, "Le château de Vaux rouvre sa galerie");
  EXPECT_EQ(d.dateline, "Maincy (AHP) -");
  EXPECT_EQ(d.body_html,
            "<p>La galerie des Cerfs rouvre samedi.</p><p>Les travaux ont duré deux ans.</p>");
  EXPECT_EQ(d.description, "La galerie restaurée accueille de nouveau le public.");
  EXPECT_EQ(format_iso8601_utc(d.first_created), "2026-11-20T07:00:00Z");
  EXPECT_EQ(format_iso8601_utc(d.version_created), "2026-11-20T08:30:00Z");
  ASSERT_EQ(d.contributors.size(), 1u);
  EXPECT_EQ(d.contributors[0].name, "Anne Roy");
  ASSERT_EQ(d.pictures.size(), 1u);
  EXPECT_EQ(d.pictures[0].credit, "AHP / Paul Roux");
  EXPECT_EQ(d.language, "fr-FR");
  EXPECT_EQ(d.source_format, "nitf");
}

TEST(Nitf, CanceledDocumentIsAWithdrawal) {
  std::string doc = kDoc;
  doc.replace(doc.find("\"usable\""), 8, "\"canceled\"");
  EXPECT_EQ(only(parse_document(doc)).status, WireStatus::withdrawn);
}

TEST(Nitf, DocumentWithoutDateIsRefused) {
  std::string doc = kDoc;
  doc.replace(doc.find("20261120T080000+0100"), 20, "YYYYMMDD000000-HHMM");
  doc.replace(doc.find("20261120T093000+0100"), 20, "YYYYMMDD000000-HHMM");
  auto items = parse_document(doc);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ((*items)[0].dispatch.error().message, "NITF without a usable date.issue");
}

TEST(Nitf, ApDocumentWithoutIdGetsAStableIdentity) {
  DEPECHE_REQUIRE_CORPUS();
  Dispatch a = only(parse_document(read_file(kCorpus + "ap-nitf.xml")));
  EXPECT_EQ(a.headline, "Can trading pollution like stocks help fight climate change?");
  EXPECT_EQ(a.provider, "AP");
  EXPECT_EQ(a.dateline, "NEW YORK (AP) —");
  EXPECT_EQ(a.contributors[0].name, "BERNARD CONDON");
  EXPECT_TRUE(a.guid.starts_with("nitf:AP:2015-12-10T19:10:44Z:")) << a.guid;
  EXPECT_EQ(only(parse_document(read_file(kCorpus + "ap-nitf.xml"))).guid, a.guid);
}

TEST(Nitf, CanadianPressPlaceholdersAreAbsentDates) {
  DEPECHE_REQUIRE_CORPUS();
  Dispatch d = only(parse_document(read_file(kCorpus + "handle_invalid_fields.xml")));
  EXPECT_EQ(d.guid, "eed713d46d74499d86b3250fa47b341b");
  EXPECT_EQ(format_iso8601_utc(d.first_created), "2020-07-03T20:51:36Z");
  EXPECT_EQ(d.dateline, "Ottawa");
  EXPECT_EQ(d.contributors.size(), 2u);
}

TEST(Nitf, NtbLatin1DocumentDecodesAndKeepsItsVersion) {
  DEPECHE_REQUIRE_CORPUS();
  Dispatch d = only(parse_document(read_file(kCorpus + "nitf-ntb.xml")));
  EXPECT_EQ(d.provider, "NTB");
  EXPECT_EQ(d.version, 48u);
  EXPECT_EQ(d.contributors[0].name, "Geir Molnes");
  EXPECT_NE(d.body_html.find("Påstand"), std::string::npos);
}

}  // namespace
}  // namespace depeche::ingest
