#include "core/text.h"

#include <gtest/gtest.h>

#include <string_view>

namespace depeche {
namespace {

TEST(Text, CutAtWordKeepsWholeWords) {
  EXPECT_EQ(cut_at_word("un deux trois quatre", 10), "un deux…");
  EXPECT_EQ(cut_at_word("court", 10), "court");
  EXPECT_EQ(cut_at_word("motsanslimite", 4), "mots…");
  EXPECT_EQ(cut_at_word("éééééééééé", 10), "éééééééééé") << "counts characters, not bytes";
}

TEST(Text, CollapseWhitespaceTrimsAndJoins) {
  EXPECT_EQ(collapse_whitespace("  a \n\t b  "), "a b");
  EXPECT_EQ(collapse_whitespace(""), "");
}

TEST(Text, EscapeHtmlEscapesMarkup) {
  EXPECT_EQ(escape_html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

TEST(Text, ValidUtf8AtMeasuresWellFormedSequencesOnly) {
  using namespace std::string_view_literals;
  EXPECT_EQ(valid_utf8_at("a"sv, 0), 1u);
  EXPECT_EQ(valid_utf8_at("é"sv, 0), 2u);
  EXPECT_EQ(valid_utf8_at("«"sv, 0), 2u);
  EXPECT_EQ(valid_utf8_at("€"sv, 0), 3u);
  EXPECT_EQ(valid_utf8_at("\xF0\x9F\x93\xB0"sv, 0), 4u) << "U+1F4F0";
  EXPECT_EQ(valid_utf8_at("\xBF"sv, 0), 0u) << "stray continuation byte";
  EXPECT_EQ(valid_utf8_at("\xFF"sv, 0), 0u);
  EXPECT_EQ(valid_utf8_at("\xC3"sv, 0), 0u) << "cut short";
  EXPECT_EQ(valid_utf8_at("\xC3("sv, 0), 0u) << "missing continuation";
  EXPECT_EQ(valid_utf8_at("\xC0\xAF"sv, 0), 0u) << "overlong";
  EXPECT_EQ(valid_utf8_at("\xED\xA0\x80"sv, 0), 0u) << "surrogate";
  EXPECT_EQ(valid_utf8_at("\xF4\x90\x80\x80"sv, 0), 0u) << "beyond U+10FFFF";
  EXPECT_EQ(valid_utf8_at("xé"sv, 1), 2u);
}

TEST(Text, FnvIsStableAndDiscriminates) {
  EXPECT_EQ(fnv1a_hex(""), "cbf29ce484222325");
  EXPECT_NE(fnv1a_hex("a"), fnv1a_hex("b"));
}

}  // namespace
}  // namespace depeche

namespace depeche {
namespace {

TEST(OneLine, ControlCharactersAndLineSeparatorsBecomeVisibleEscapes) {
  EXPECT_EQ(one_line("a\nb\r\tc\x1b[2J"), "a\\x0ab\\x0d\\x09c\\x1b[2J");
  EXPECT_EQ(one_line("x\xC2\x85y\xE2\x80\xA8z"), "x\\u0085y\\u2028z");
  EXPECT_EQ(one_line("Société générale « ok »"), "Société générale « ok »");
  std::string once = one_line(std::string(5000, 'x') + "\n");
  EXPECT_LE(once.size(), kMaxReportTextBytes + 3);
  EXPECT_EQ(one_line(one_line("a\nb")), one_line("a\nb"));
}

}  // namespace
}  // namespace depeche
