#include "search/snippet.h"

#include <gtest/gtest.h>

#include <string>

namespace depeche::search {
namespace {

TEST(Snippet, MarksSearchedWordsInAnyInflectionAndAccent) {
  Highlighter h("elections incendie");
  EXPECT_EQ(h.snippet("Les élections et les incendies de l'été."),
            "Les <mark>élections</mark> et les <mark>incendies</mark> de l&#39;été.");
}

TEST(Snippet, EscapesEverythingButTheMarks) {
  Highlighter h("script");
  EXPECT_EQ(h.snippet("<script>alert(1)</script> & \"co\""),
            "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; &quot;co&quot;");
  Highlighter amp("tom");
  EXPECT_EQ(amp.snippet("Tom & Jerry <b>"), "<mark>Tom</mark> &amp; Jerry &lt;b&gt;");
}

TEST(Snippet, StopWordsAreNotMarked) {
  Highlighter h("le prix");
  EXPECT_EQ(h.snippet("le prix"), "le <mark>prix</mark>");
}

TEST(Snippet, ShowsTheTextAroundTheFirstMatchWithinTheLength) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "remplissage ";
  text += "le séisme a frappé ";
  for (int i = 0; i < 100; ++i) text += "suite ";
  std::string s = Highlighter("séisme").snippet(text);
  EXPECT_NE(s.find("<mark>séisme</mark>"), std::string::npos) << s;
  EXPECT_EQ(s.rfind("… ", 0), 0u) << s;
  EXPECT_EQ(s.substr(s.size() - 4), " …") << s;
  EXPECT_LE(s.size(), kSnippetBytes + 40);
}

TEST(Snippet, WithoutMatchShowsTheStartAndEmptyTextGivesNothing) {
  Highlighter h("absent");
  EXPECT_EQ(h.snippet("Un texte court."), "Un texte court.");
  EXPECT_EQ(h.snippet(""), "");
}

TEST(Snippet, ReadsOnlyTheBoundedStartOfTheText) {
  std::string text(kMaxSnippetSourceBytes, 'x');
  text += " séisme";
  std::string s = Highlighter("séisme").snippet(text);
  EXPECT_EQ(s.find("<mark>"), std::string::npos);
}

}  // namespace
TEST(SnippetSource, ATeaserCutFromTheBodyIsNotReadTwice) {
  std::string body =
      "Un incendie a parcouru 600 hectares près de Fréjus. Les campings ont été évacués.";
  EXPECT_EQ(snippet_source("Un incendie a parcouru 600 hectares près de Fréjus.", body), body);
  EXPECT_EQ(snippet_source("Un incendie a parcouru 600 hectares…", body), body);
  EXPECT_EQ(snippet_source("", body), body);
  EXPECT_EQ(snippet_source("Le feu menace la côte.", body), "Le feu menace la côte. " + body)
      << "a summary of its own comes first";
  EXPECT_EQ(snippet_source("Le feu menace la côte.", ""), "Le feu menace la côte.");
  EXPECT_EQ(snippet_source("  Deux\n lignes ", "Texte."), "Deux lignes Texte.");
}

TEST(SnippetSource, AShortStoryGivesOneExtractWithoutItsOpeningAgain) {
  Highlighter h("incendie");
  std::string body = "Un incendie s’est déclaré dans le Var. Il est fixé.";
  auto out = h.snippet(snippet_source("Un incendie s’est déclaré dans le Var.", body));
  EXPECT_EQ(out, "Un <mark>incendie</mark> s’est déclaré dans le Var. Il est fixé.");
}

}  // namespace depeche::search
