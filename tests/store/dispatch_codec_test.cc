// The stored form of a dispatch: every field comes back as it went in,
// whatever characters it holds, and bytes that are not UTF-8 cannot make a
// stored version unreadable.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/dispatch_codec.h"
#include "support/dispatches.h"

namespace depeche {
namespace {

using store::decode_dispatch;
using store::encode_dispatch;

// Every character JSON must escape, the ones it must not, and UTF-8 of
// every length.
const std::string kAwkward =
    "« Il a dit \"non\" » \\ C:\\dossier\t\n\r\b\f\x01\x1f\x7f / </script> "
    "\xE2\x80\xA8 \xF0\x9F\x93\xB0 5\xE2\x80\xAF%";

TEST(DispatchCodec, EveryFieldComesBackAsItWentInWhateverItHolds) {
  Dispatch d = testing::sample_dispatch("urn:codec:\"1\"", 18446744073709551615u);
  d.creditline = kAwkward;
  d.headline = kAwkward;
  d.dateline = "Paris, 1er décembre (AHP) -";
  d.description = kAwkward;
  d.body_html = "<p>" + kAwkward + "</p><p>Deuxième.</p>";
  d.embargoed = d.first_created + std::chrono::hours(2);
  d.correction = true;
  d.description_from_wire = true;
  d.status = WireStatus::withdrawn;
  d.contributors.push_back({kAwkward, ContributorRole::other, ""});
  d.pictures.push_back({"/media/x.jpg", "image/jpeg", 0, 0, kAwkward, "", "\\"});
  d.subjects.push_back({"medtop:1", kAwkward});

  std::string text = encode_dispatch(d);
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(parsed.is_object()) << text;
  auto back = decode_dispatch(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->guid, d.guid);
  EXPECT_EQ(back->version, d.version);
  EXPECT_EQ(back->creditline, kAwkward);
  EXPECT_EQ(back->headline, kAwkward);
  EXPECT_EQ(back->dateline, d.dateline);
  EXPECT_EQ(back->description, kAwkward);
  EXPECT_EQ(back->body_html, d.body_html);
  EXPECT_EQ(back->language, "fr");
  EXPECT_EQ(back->first_created, d.first_created);
  EXPECT_EQ(back->version_created, d.version_created);
  EXPECT_EQ(back->embargoed, d.embargoed);
  EXPECT_TRUE(back->correction);
  EXPECT_TRUE(back->description_from_wire);
  EXPECT_EQ(back->status, WireStatus::withdrawn);
  ASSERT_EQ(back->contributors.size(), 3u);
  EXPECT_EQ(back->contributors[1].role, ContributorRole::translator);
  EXPECT_EQ(back->contributors[1].role_label, "ctrol:translator");
  EXPECT_EQ(back->contributors[2].name, kAwkward);
  ASSERT_EQ(back->pictures.size(), 2u);
  EXPECT_EQ(back->pictures[0].width, 960);
  EXPECT_EQ(back->pictures[0].credit, "Agence Alpha / Lise Caron");
  EXPECT_EQ(back->pictures[1].alt, kAwkward);
  EXPECT_EQ(back->pictures[1].credit, "\\");
  ASSERT_EQ(back->subjects.size(), 2u);
  EXPECT_EQ(back->subjects[1].name, kAwkward);
  EXPECT_EQ(back->source_format, "newsml-g2");
  // Written again, the same text: a backup compares stored versions so.
  EXPECT_EQ(encode_dispatch(*back), text);
}

TEST(DispatchCodec, OptionalFieldsLeftOutComeBackUnset) {
  Dispatch d = testing::sample_dispatch("urn:codec:2", 1);
  d.contributors.clear();
  d.pictures.clear();
  d.subjects.clear();
  auto back = decode_dispatch(encode_dispatch(d));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_FALSE(back->embargoed.has_value());
  EXPECT_FALSE(back->correction);
  EXPECT_FALSE(back->description_from_wire);
  EXPECT_EQ(back->status, WireStatus::usable);
  EXPECT_TRUE(back->contributors.empty());
  EXPECT_TRUE(back->pictures.empty());
  EXPECT_TRUE(back->subjects.empty());
}

TEST(DispatchCodec, BytesThatAreNotUtf8BecomeReplacementCharactersAndTheRestIsKept) {
  const std::string kReplacement = "\xEF\xBF\xBD";
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"a\xFF" "b", "a" + kReplacement + "b"},                             // never a lead byte
      {"\xC0\xAF", kReplacement + kReplacement},                           // overlong '/'
      {"\xED\xA0\x80", kReplacement + kReplacement + kReplacement},        // a surrogate
      {"\xF4\x90\x80\x80", kReplacement + kReplacement + kReplacement + kReplacement},  // > U+10FFFF
      {"fin \xE2\x82", "fin " + kReplacement + kReplacement},              // cut short
      {"\x80" "é", kReplacement + "é"},                                    // a lone tail byte
  };
  for (const auto& c : cases) {
    Dispatch d = testing::sample_dispatch("urn:codec:3", 1);
    d.headline = c.in;
    auto back = decode_dispatch(encode_dispatch(d));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->headline, c.out);
  }
}

}  // namespace
}  // namespace depeche
