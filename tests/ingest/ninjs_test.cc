#include <gtest/gtest.h>

#include "core/time.h"
#include "ingest/parse.h"
#include "support/files.h"

namespace depeche::ingest {
namespace {

const std::string kCorpus = depeche::testing::corpus_dir() + "ninjs/";
using depeche::testing::read_file;

// A ninjs 2.x text item written for these tests, with a picture association.
constexpr const char* kItem = R"json({
  "uri": "urn:newsml:ahp.example:20261120:ahp-ninjs-1",
  "type": "text",
  "version": "3",
  "firstCreated": "2026-11-20T08:00:00+01:00",
  "versionCreated": "2026-11-20T09:15:00+01:00",
  "pubStatus": "usable",
  "language": "fr",
  "copyrightHolder": "AHP",
  "by": "Camille Durand et Paul Roux, AHP",
  "headlines": [{"role": "main", "value": "Le festival du film court ouvre à Clermont"}],
  "descriptions": [{"role": "summary", "value": "Deux cents films en compétition."}],
  "bodies": [
    {"role": "text", "contentType": "text/plain", "value": "Texte brut."},
    {"role": "html", "contentType": "text/html",
     "value": "<h1>Le festival du film court ouvre à Clermont</h1><p>Clermont-Ferrand, 20 novembre (AHP) - Le festival <b>ouvre</b> ce soir.</p><script>x()</script><p>Suite.</p>"}
  ],
  "subjects": [{"uri": "medtop:01000000", "name": "culture"}],
  "associations": [{
    "name": "a001", "type": "picture", "by": "AHP / Léa Morel",
    "headlines": [{"value": "La salle Jean-Cocteau"}],
    "descriptions": [{"role": "caption", "value": "La salle Jean-Cocteau, le 19 novembre."}],
    "renditions": [
      {"name": "thumbnail", "href": "https://img.example/t.jpg", "contentType": "image/jpeg", "width": 200},
      {"name": "highRes", "href": "https://img.example/h.jpg", "contentType": "image/jpeg", "width": 5000},
      {"name": "main", "href": "https://img.example/m.jpg", "contentType": "image/jpeg", "width": 1600, "height": 900}
    ]
  }]
})json";

TEST(Ninjs, TextItemGivesEveryField) {
  auto items = parse_document(kItem);
  ASSERT_TRUE(items.ok()) << items.error().message;
  ASSERT_EQ(items->size(), 1u);
  ASSERT_TRUE((*items)[0].dispatch.ok()) << (*items)[0].dispatch.error().message;
  const Dispatch& d = *(*items)[0].dispatch;
  EXPECT_EQ(d.guid, "urn:newsml:ahp.example:20261120:ahp-ninjs-1");
  EXPECT_EQ(d.version, 3u);
  EXPECT_EQ(d.provider, "AHP");
  EXPECT_EQ(d.headline, "Le festival du film court ouvre à Clermont");
  EXPECT_EQ(d.dateline, "Clermont-Ferrand, 20 novembre (AHP) -");
  EXPECT_EQ(d.body_html, "<p>Le festival <b>ouvre</b> ce soir.</p><p>Suite.</p>")
      << "HTML body preferred, headline and script dropped, dateline taken out";
  EXPECT_EQ(d.description, "Deux cents films en compétition.");
  EXPECT_EQ(format_iso8601_utc(d.first_created), "2026-11-20T07:00:00Z");
  EXPECT_EQ(format_iso8601_utc(d.version_created), "2026-11-20T08:15:00Z");
  ASSERT_EQ(d.contributors.size(), 2u) << "the agency in the by-line is not a person";
  EXPECT_EQ(d.contributors[1].name, "Paul Roux");
  ASSERT_EQ(d.pictures.size(), 1u);
  EXPECT_EQ(d.pictures[0].href, "https://img.example/m.jpg") << "the widest web-sized rendition";
  EXPECT_EQ(d.pictures[0].caption, "La salle Jean-Cocteau, le 19 novembre.");
  EXPECT_EQ(d.pictures[0].credit, "AHP / Léa Morel");
  EXPECT_EQ(d.subjects[0].name, "culture");
  EXPECT_EQ(d.source_format, "ninjs");
}

TEST(Ninjs, CanceledItemIsAWithdrawal) {
  std::string doc = kItem;
  doc.replace(doc.find("\"usable\""), 8, "\"canceled\"");
  auto items = parse_document(doc);
  EXPECT_EQ((*items)[0].dispatch->status, WireStatus::withdrawn);
}

TEST(Ninjs, CorpusTextItemsAreAccepted) {
  DEPECHE_REQUIRE_CORPUS();
  struct Case {
    const char* file;
    const char* headline;
    const char* provider;
  } cases[] = {
      {"dpa_text.json", "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?", "dpa"},
      {"ninjsExSimpleText_3.json", "Captain of wrecked cruise ship on trial in Italy",
       "ninjs.example.com"},
      {"tt_text_image_3.json", "Militärövning i jätteformat hålls 2023", "TT"},
  };
  for (const auto& c : cases) {
    auto items = parse_document(read_file(kCorpus + c.file));
    ASSERT_TRUE(items.ok()) << c.file;
    ASSERT_TRUE((*items)[0].dispatch.ok())
        << c.file << ": " << (*items)[0].dispatch.error().message;
    EXPECT_EQ((*items)[0].dispatch->headline, c.headline);
    EXPECT_EQ((*items)[0].dispatch->provider, c.provider);
  }
}

TEST(Ninjs, TtPictureAssociationBringsCaptionAndCredit) {
  DEPECHE_REQUIRE_CORPUS();
  auto items = parse_document(read_file(kCorpus + "tt_text_image_3.json"));
  const Dispatch& d = *(*items)[0].dispatch;
  ASSERT_EQ(d.pictures.size(), 1u);
  EXPECT_TRUE(d.pictures[0].href.ends_with("a001_NormalPreview.jpg")) << d.pictures[0].href;
  EXPECT_EQ(d.pictures[0].credit, "Karl Melander/TT");
  EXPECT_TRUE(d.pictures[0].caption.starts_with("En stor internationell"));
}

TEST(Ninjs, ApTextPlainBodyKeepsItsDatelineOnce) {
  DEPECHE_REQUIRE_CORPUS();
  auto items = parse_document(read_file(kCorpus + "ninjsExSimpleText_3.json"));
  const Dispatch& d = *(*items)[0].dispatch;
  EXPECT_EQ(d.dateline, "GROSSETO, Italy (AP) --");
  EXPECT_TRUE(d.body_html.starts_with("<p>The trial of the captain")) << d.body_html.substr(0, 60);
}

TEST(Ninjs, LonePictureIsKeptForLinkingAndSchemaIsRefused) {
  DEPECHE_REQUIRE_CORPUS();
  auto picture = parse_document(read_file(kCorpus + "ap_image.json"));
  ASSERT_TRUE(picture.ok());
  EXPECT_EQ((*picture)[0].dispatch.error().code, ErrorCode::unsupported);
  ASSERT_TRUE((*picture)[0].linked.has_value());
  const LinkedItem& l = *(*picture)[0].linked;
  EXPECT_EQ(l.kind, LinkedItem::Kind::picture);
  EXPECT_TRUE(
      l.guid.starts_with("http://api.ap.org/media/v/content/b2b6c3f4642f46deac7509d4db315ca0"));
  EXPECT_EQ(l.version, 0u);
  // The web-sized rendition, not the 3000-pixel original.
  EXPECT_NE(l.picture.href.find("/preview/"), std::string::npos) << l.picture.href;
  EXPECT_FALSE(l.picture.alt.empty());
  auto schema = parse_document(read_file(kCorpus + "ninjs-schema_3.1.json"));
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.error().message, "JSON that is not a ninjs news item");
}

TEST(Ninjs, MalformedJsonIsRefused) {
  EXPECT_EQ(parse_document("{\"uri\": ").error().message, "malformed JSON");
}

}  // namespace
}  // namespace depeche::ingest

namespace depeche::ingest {
namespace {

TEST(Ninjs, Version1LowerCaseFieldsAreRead) {
  auto items = parse_document(R"({"uri": "urn:v1:1", "version": "3", "type": "text",
    "versioncreated": "2026-11-20T09:30:00Z", "firstcreated": "2026-11-20T08:00:00Z",
    "pubstatus": "canceled", "headline": "Ancien format", "body_text": "Texte."})");
  ASSERT_TRUE(items.ok());
  ASSERT_TRUE((*items)[0].dispatch.ok()) << (*items)[0].dispatch.error().message;
  const Dispatch& d = *(*items)[0].dispatch;
  EXPECT_EQ(format_iso8601_utc(d.version_created), "2026-11-20T09:30:00Z");
  EXPECT_EQ(format_iso8601_utc(d.first_created), "2026-11-20T08:00:00Z");
  EXPECT_EQ(d.status, WireStatus::withdrawn);
  EXPECT_EQ(d.version, 3u);
}

TEST(Ninjs, HeadlinePrefixesMarkACorrectionWhateverTheSpacing) {
  auto read = [](const std::string& headline) {
    auto items = parse_document(R"({"uri": "urn:c:1", "version": "2", "type": "text",
      "versionCreated": "2026-11-20T09:30:00Z", "headline": ")" +
                                headline + R"(", "body_text": "Texte."})");
    EXPECT_TRUE(items.ok() && (*items)[0].dispatch.ok()) << headline;
    return *(*items)[0].dispatch;
  };
  for (std::string prefix :
       {"RECTIFICATIF : ", "RECTIFICATIF\u00a0: ", "RECTIFICATIF\u202f: ", "RECTIFICATIF - ",
        "RECTIFICATIF: ", "RECTIFICATIF \u2013 ", "CORRECTED-", "CORRECTION: ", "CORRECTION : "}) {
    Dispatch d = read(prefix + "Lyon éliminé");
    EXPECT_TRUE(d.correction) << prefix;
    EXPECT_EQ(d.headline, "Lyon éliminé") << prefix;
  }
  for (std::string plain : {"CORRECTIONS fiscales : le plan", "RECTIFICATIF",
                            "RECTIFICATIF :", "Rectificatif : minuscules"}) {
    Dispatch d = read(plain);
    EXPECT_FALSE(d.correction) << plain;
    EXPECT_EQ(d.headline, plain);
  }
}

TEST(Ninjs, PictureSidesOutOfRangeAreReadAsUnknown) {
  // A fuzz find: a width of 5e99 was converted to int, which is undefined behaviour.
  auto items = parse_document(R"({"uri": "urn:x:1", "type": "text",
    "versionCreated": "2026-11-20T09:30:00Z", "headline": "Photo", "body_text": "Texte.",
    "associations": {"p": {"type": "picture", "renditions": {
      "big": {"href": "https://img.example/b.jpg", "width": 5e99, "height": -1},
      "odd": {"href": "https://img.example/o.jpg", "width": "800", "height": 1.5e3}}}}})");
  ASSERT_TRUE(items.ok());
  ASSERT_TRUE((*items)[0].dispatch.ok()) << (*items)[0].dispatch.error().message;
  const Dispatch& d = *(*items)[0].dispatch;
  ASSERT_EQ(d.pictures.size(), 1u);
  EXPECT_GE(d.pictures[0].width, 0);
  EXPECT_LE(d.pictures[0].width, 100'000);
  EXPECT_GE(d.pictures[0].height, 0);
}

}  // namespace
}  // namespace depeche::ingest
