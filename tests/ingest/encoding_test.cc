#include "ingest/encoding.h"

#include <gtest/gtest.h>

#include "ingest/parse.h"

namespace depeche::ingest {
namespace {

const std::string kBody = "<a>proc\xC3\xA8s</a>";  // "procès" in UTF-8

TEST(Encoding, Utf8WithBomIsStripped) {
  EXPECT_EQ(*to_utf8("\xEF\xBB\xBF" + kBody), kBody);
}

TEST(Encoding, NonStandardUtf8LabelIsUtf8) {
  std::string doc = "<?xml version='1.0' encoding='utf8'?>" + kBody;
  EXPECT_EQ(*to_utf8(doc), doc);
}

TEST(Encoding, DeclaredLatin1ThatIsReallyUtf8IsReadAsUtf8) {
  std::string doc = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>" + kBody;
  EXPECT_NE(to_utf8(doc)->find("proc\xC3\xA8s"), std::string::npos);
}

TEST(Encoding, RealLatin1IsConverted) {
  std::string doc =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>M\xE3"
      "e</a>";
  EXPECT_NE(to_utf8(doc)->find("M\xC3\xA3"
                               "e"),
            std::string::npos);
}

TEST(Encoding, UndeclaredNonUtf8BytesAreReadAsWindows1252) {
  EXPECT_EQ(*to_utf8("<a>Not\xED"
                     "cias</a>"),
            "<a>Not\xC3\xAD"
            "cias</a>");
}

TEST(Encoding, Utf16LeWithoutBomIsDetected) {
  std::string doc;
  for (char c : std::string("<a>ok</a>")) {
    doc += c;
    doc += '\0';
  }
  EXPECT_EQ(*to_utf8(doc), "<a>ok</a>");
}

TEST(Encoding, LeadingWhitespaceIsSkipped) {
  EXPECT_EQ(*to_utf8("\n\n  <a/>"), "<a/>");
}

TEST(Encoding, UnknownEncodingIsRefused) {
  auto r = to_utf8("<?xml version=\"1.0\" encoding=\"x-martian\"?><a/>");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::unsupported);
}

TEST(Encoding, InvalidUtf8IsDetected) {
  EXPECT_TRUE(valid_utf8("proc\xC3\xA8s"));
  EXPECT_FALSE(valid_utf8("proc\xE8s"));
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));  // overlong "/"
}

}  // namespace
}  // namespace depeche::ingest
