#include <gtest/gtest.h>

#include "core/time.h"
#include "ingest/parse.h"
#include "support/files.h"

namespace depeche::ingest {
namespace {

const std::string kCorpus = depeche::testing::corpus_dir() + "newsml1/";
using depeche::testing::read_file;

Dispatch only(const std::string& doc) {
  auto items = parse_document(doc);
  EXPECT_TRUE(items.ok()) << (items.ok() ? "" : items.error().message);
  EXPECT_TRUE((*items)[0].dispatch.ok()) << (*items)[0].dispatch.error().message;
  return *(*items)[0].dispatch;
}

// A NewsML 1.2 item written for these tests: a text with a photo component.
constexpr const char* kItem = R"(<?xml version="1.0" encoding="UTF-8"?>
<NewsML Version="1.2">
 <NewsEnvelope><DateAndTime>20261120T090000Z</DateAndTime></NewsEnvelope>
 <NewsItem xml:lang="fr">
  <Identification><NewsIdentifier>
   <ProviderId>ahp.example</ProviderId><DateId>20261120</DateId><NewsItemId>TX-0007</NewsItemId>
   <RevisionId PreviousRevision="1" Update="N">2</RevisionId>
   <PublicIdentifier>urn:newsml:ahp.example:20261120:TX-0007:2</PublicIdentifier>
  </NewsIdentifier></Identification>
  <NewsManagement>
   <FirstCreated>20261120T080000+0100</FirstCreated>
   <ThisRevisionCreated>20261120T084500+0100</ThisRevisionCreated>
   <Status FormalName="Usable"/>
  </NewsManagement>
  <NewsComponent>
   <NewsLines>
    <HeadLine>Le pont de Normandie fermé par le vent</HeadLine>
    <DateLine>Honfleur, 20 nov 2026 (AHP) -</DateLine>
    <ByLine>Par Inès Faure</ByLine>
   </NewsLines>
   <AdministrativeMetadata><Provider><Party FormalName="AHP"/></Provider></AdministrativeMetadata>
   <DescriptiveMetadata><Language FormalName="fr"/>
    <SubjectCode><Subject FormalName="17000000"/></SubjectCode>
    <Property FormalName="Keyword" Value="tempête"/>
   </DescriptiveMetadata>
   <ContentItem><MediaType FormalName="Text"/><DataContent>
    <p>Honfleur, 20 nov 2026 (AHP) - Le pont est fermé depuis l’aube.</p>
    <p><br/></p>
    <p>Il rouvrira quand le vent faiblira.</p>
    <p>if/pr</p>
   </DataContent></ContentItem>
   <NewsComponent>
    <NewsLines><HeadLine>Le pont de Normandie sous la pluie, le 19 novembre.</HeadLine>
     <CreditLine>AHP / Léa Morel</CreditLine></NewsLines>
    <ContentItem Href="https://img.example/pont.jpg"><MediaType FormalName="Photo"/>
     <MimeType FormalName="image/jpeg"/></ContentItem>
   </NewsComponent>
  </NewsComponent>
 </NewsItem>
</NewsML>)";

TEST(NewsMl12, ItemGivesEveryField) {
  Dispatch d = only(kItem);
  EXPECT_EQ(d.guid, "urn:newsml:ahp.example:20261120:TX-0007");
  EXPECT_EQ(d.version, 2u);
  EXPECT_EQ(d.provider, "AHP");
  EXPECT_EQ(d.headline, "Le pont de Normandie fermé par le vent");
  EXPECT_EQ(d.dateline, "Honfleur, 20 nov 2026 (AHP) -");
  EXPECT_EQ(d.body_html,
            "<p>Le pont est fermé depuis l’aube.</p><p>Il rouvrira quand le vent "
            "faiblira.</p>")
      << "dateline once, empty paragraph and desk initials dropped";
  EXPECT_EQ(format_iso8601_utc(d.first_created), "2026-11-20T07:00:00Z");
  EXPECT_EQ(format_iso8601_utc(d.version_created), "2026-11-20T07:45:00Z");
  ASSERT_EQ(d.contributors.size(), 1u);
  EXPECT_EQ(d.contributors[0].name, "Inès Faure");
  ASSERT_EQ(d.pictures.size(), 1u);
  EXPECT_EQ(d.pictures[0].href, "https://img.example/pont.jpg");
  EXPECT_EQ(d.pictures[0].credit, "AHP / Léa Morel");
  EXPECT_EQ(d.language, "fr");
  EXPECT_EQ(d.source_format, "newsml-1.2");
}

TEST(NewsMl12, CanceledStatusIsAWithdrawal) {
  std::string doc = kItem;
  doc.replace(doc.find("\"Usable\""), 8, "\"Canceled\"");
  EXPECT_EQ(only(doc).status, WireStatus::withdrawn);
}

TEST(NewsMl12, AfpCorpusItemsAreAccepted) {
  DEPECHE_REQUIRE_CORPUS();
  struct Case {
    const char* file;
    const char* guid;
    const char* headline;
  } cases[] = {
      {"afp.xml", "urn:newsml:afp.com:20140829T135002Z:TX-PAR-FXW86",
       "Sweden court accepts receivership for Saab carmaker"},
      {"afp20.xml", "urn:newsml:afp.com:20240710:240710125902.qpsp2jzk",
       "Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée"},
      {"afp_belga.xml", "urn:newsml:afp.com:20190121T104233Z:TX-PAR-RHO61",
       "France: deux ex-policiers aux frontières devant la justice pour trafic de cocaïne"},
  };
  for (const auto& c : cases) {
    Dispatch d = only(read_file(kCorpus + c.file));
    EXPECT_EQ(d.guid, c.guid);
    EXPECT_EQ(d.headline, c.headline);
    EXPECT_EQ(d.provider, "AFP");
    EXPECT_EQ(d.body_html.find("<p></p>"), std::string::npos) << c.file;
  }
  EXPECT_EQ(only(read_file(kCorpus + "afp.xml")).body_html.find("hh/ph/ts/hd"), std::string::npos);
}

TEST(NewsMl12, DocumentWithoutItemIsRefused) {
  auto items = parse_document("<NewsML Version=\"1.2\"/>");
  ASSERT_TRUE(items.ok());
  EXPECT_EQ((*items)[0].dispatch.error().message, "NewsML without a NewsItem");
}

}  // namespace
}  // namespace depeche::ingest
