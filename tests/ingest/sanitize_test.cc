#include "ingest/sanitize.h"

#include <gtest/gtest.h>

namespace depeche::ingest {
namespace {

TEST(Sanitize, ScriptElementsAndTheirContentAreRemoved) {
  auto out = sanitize_html("<p>Avant</p><script>alert('x')</script><p>Après</p>");
  EXPECT_EQ(out, "<p>Avant</p><p>Après</p>");
}

TEST(Sanitize, EventHandlerAttributesAreRemoved) {
  auto out = sanitize_html(
      R"(<p onclick="steal();">Texte <img src="https://img.example/a.jpg" onerror="steal();" alt="Un port"></p>)");
  EXPECT_EQ(out, R"(<p>Texte <img src="https://img.example/a.jpg" alt="Un port"></p>)");
  EXPECT_EQ(out.find("onerror"), std::string::npos);
}

TEST(Sanitize, JavascriptLinksLoseTheirTargetInEveryDisguise) {
  for (const char* href : {"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                           "&#106;avascript:alert(1)", "java&#x09;script:alert(1)",
                           "data:text/html,x", "vbscript:x"}) {
    auto out = sanitize_html(std::string("<p><a href=\"") + href + "\">lien</a></p>");
    EXPECT_EQ(out, "<p>lien</p>") << href;
  }
}

TEST(Sanitize, SafeLinksAreKeptWithNofollow) {
  EXPECT_EQ(sanitize_html(R"(<a href="https://example.org/x?a=1&amp;b=2">x</a>)"),
            R"(<a href="https://example.org/x?a=1&amp;b=2" rel="nofollow noopener">x</a>)");
  EXPECT_EQ(sanitize_html(R"(<a href="/articles/1">x</a>)"),
            R"(<a href="/articles/1" rel="nofollow noopener">x</a>)");
}

TEST(Sanitize, StylesClassesAndUnknownElementsGoButTextStays) {
  EXPECT_EQ(sanitize_html(
                R"(<div class="x" style="color:red"><font>Texte</font> <b id="y">gras</b></div>)"),
            "Texte <b>gras</b>");
}

TEST(Sanitize, PageHeadingBecomesASubheading) {
  EXPECT_EQ(sanitize_html("<h1>Titre</h1><p>x</p>"), "<h2>Titre</h2><p>x</p>");
}

TEST(Sanitize, FormsFramesAndStylesAreDroppedWhole) {
  EXPECT_EQ(sanitize_html("<p>a</p><iframe src=x>f</iframe><form><input></form>"
                          "<style>p{}</style><object>o</object>"),
            "<p>a</p>");
}

TEST(Sanitize, TextIsEscaped) {
  EXPECT_EQ(sanitize_html("<p>1 &lt; 2 &amp; 3 &gt; 2 \"q\"</p>"),
            "<p>1 &lt; 2 &amp; 3 &gt; 2 &quot;q&quot;</p>");
}

TEST(Sanitize, TextIsNormalisedToNfc) {
  // "e" + combining acute accent becomes the single character "é".
  EXPECT_EQ(sanitize_html("<p>e\xCC\x81t\xC3\xA9</p>"), "<p>\xC3\xA9t\xC3\xA9</p>");
}

TEST(Sanitize, EmptyParagraphsAreDropped) {
  EXPECT_EQ(sanitize_html("<p><br><br></p><p>   </p><p>Texte</p><p>&nbsp;</p>"), "<p>Texte</p>");
}

TEST(HtmlToText, BlocksAreSeparatedAndEntitiesDecoded) {
  EXPECT_EQ(html_to_text("<p>Un&nbsp;port</p><p>Deux <b>mots</b></p><script>x</script>"),
            "Un\xC2\xA0port Deux mots");
}

}  // namespace
}  // namespace depeche::ingest
