#include "comments/text.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace depeche::comments {
namespace {

using namespace std::string_literals;

const std::string kRel = R"(" rel="nofollow ugc noopener">)";

// The HTML of a link whose text is the whole URL.
std::string link(const std::string& href, const std::string& text) {
  return "<a href=\"" + href + kRel + text + "</a>";
}

// --- normalize_comment -------------------------------------------------------

TEST(CommentText, CarriageReturnsBecomeLineFeeds) {
  EXPECT_EQ(normalize_comment("un\r\ndeux\rtrois\nquatre"), "un\ndeux\ntrois\nquatre");
  EXPECT_EQ(normalize_comment("un\r\n\r\ndeux"), "un\n\ndeux");
}

TEST(CommentText, ControlCharactersGoAndTabsBecomeSpaces) {
  std::string raw = "a\x01"s + "b\0c"s + "\x1b[31md\x7f" + "e\xc2\x85" + "f\tg";
  EXPECT_EQ(normalize_comment(raw), "abc[31mdef g");
}

TEST(CommentText, LineSeparatorsBecomeLineFeeds) {
  EXPECT_EQ(normalize_comment("un\u2028deux\u2029trois"), "un\ndeux\ntrois");
}

TEST(CommentText, DecomposedAccentsAreComposed) {
  EXPECT_EQ(normalize_comment("e\u0301"), "\u00e9");
  EXPECT_EQ(normalize_comment("Cafe\u0301 cre\u0300me"), "Caf\u00e9 cr\u00e8me");
  EXPECT_EQ(code_points(normalize_comment("e\u0301")), 1u);
}

TEST(CommentText, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(normalize_comment("a\xff"
                              "b"),
            "a\uFFFD"
            "b");
  EXPECT_EQ(normalize_comment("fin\xc3"), "fin\uFFFD");
  EXPECT_EQ(normalize_comment("\xed\xa0\x80x"), "\uFFFD\uFFFD\uFFFDx");  // a UTF-16 surrogate
}

TEST(CommentText, TrailingSpacesOnEachLineGoButIndentationStays) {
  EXPECT_EQ(normalize_comment("un  \n  deux\t\ntrois\u00a0\u202f\nquatre"),
            "un\n  deux\ntrois\nquatre");
}

TEST(CommentText, RunsOfBlankLinesBecomeOneBlankLine) {
  EXPECT_EQ(normalize_comment("un\n\ndeux"), "un\n\ndeux");
  EXPECT_EQ(normalize_comment("un\n\n\ndeux"), "un\n\ndeux");
  EXPECT_EQ(normalize_comment("un\n \n\t\n   \n\n\ndeux"), "un\n\ndeux");
}

TEST(CommentText, LeadingAndTrailingBlankLinesAndSpacesAreTrimmed) {
  EXPECT_EQ(normalize_comment("\n\n  \n   Bonjour,\n\n  tout le monde  \n \n\n"),
            "Bonjour,\n\n  tout le monde");
}

TEST(CommentText, BlankTextNormalizesToEmpty) {
  EXPECT_EQ(normalize_comment(""), "");
  EXPECT_EQ(normalize_comment(" \r\n\t\n\x01\u00a0"), "");
}

TEST(CommentText, CodePointsCountCharactersNotBytes) {
  EXPECT_EQ(code_points(""), 0u);
  EXPECT_EQ(code_points("abc"), 3u);
  EXPECT_EQ(code_points("\u00e0 bient\u00f4t"), 9u);
  EXPECT_EQ(code_points("\U0001F600"), 1u);
  EXPECT_EQ(code_points(std::string(kMaxCommentChars, 'x')), kMaxCommentChars);
}

// --- comment_html ------------------------------------------------------------

TEST(CommentText, ScriptTagsComeOutAsText) {
  EXPECT_EQ(comment_html("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
}

TEST(CommentText, AttributeBreakoutComesOutAsText) {
  EXPECT_EQ(comment_html(R"("><img src=x onerror=alert(1)>)"),
            "<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>");
  EXPECT_EQ(comment_html("l'\u00e9t\u00e9 & \"nous\""),
            "<p>l&#39;\u00e9t\u00e9 &amp; &quot;nous&quot;</p>");
}

TEST(CommentText, OnlyHttpAndHttpsAreLinked) {
  EXPECT_EQ(comment_html("javascript:alert(1)"), "<p>javascript:alert(1)</p>");
  EXPECT_EQ(comment_html("data:text/html,<b>x</b>"), "<p>data:text/html,&lt;b&gt;x&lt;/b&gt;</p>");
  EXPECT_EQ(comment_html("vbscript:msgbox(1) ftp://example.org"),
            "<p>vbscript:msgbox(1) ftp://example.org</p>");
  EXPECT_EQ(comment_html("javascript://example.org/%0aalert(1)"),
            "<p>javascript://example.org/%0aalert(1)</p>");
}

TEST(CommentText, HttpsUrlBecomesANofollowLinkWithEscapedAmpersands) {
  EXPECT_EQ(comment_html("Lire https://example.org/a?b=1&c=2 ici"),
            "<p>Lire " +
                link("https://example.org/a?b=1&amp;c=2", "https://example.org/a?b=1&amp;c=2") +
                " ici</p>");
  EXPECT_EQ(comment_html("HTTP://EXAMPLE.ORG"),
            "<p>" + link("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG") + "</p>");
}

TEST(CommentText, TrailingPunctuationStaysOutsideTheLink) {
  std::string a = link("https://example.org/a", "https://example.org/a");
  EXPECT_EQ(comment_html("Voir https://example.org/a."), "<p>Voir " + a + ".</p>");
  EXPECT_EQ(comment_html("https://example.org/a?!"), "<p>" + a + "?!</p>");
  EXPECT_EQ(comment_html("(https://example.org/a), puis"), "<p>(" + a + "), puis</p>");
  EXPECT_EQ(comment_html("[https://example.org/a]"), "<p>[" + a + "]</p>");
  EXPECT_EQ(comment_html("'https://example.org/a';"), "<p>&#39;" + a + "&#39;;</p>");
  EXPECT_EQ(comment_html("\u00abhttps://example.org/a\u00bb."), "<p>\u00ab" + a + "\u00bb.</p>");
  EXPECT_EQ(comment_html("https://example.org/a.b,c"),
            "<p>" + link("https://example.org/a.b,c", "https://example.org/a.b,c") + "</p>");
}

TEST(CommentText, ParenthesesOfTheUrlStayInTheLink) {
  std::string url = "https://fr.wikipedia.org/wiki/Brest_(France)";
  EXPECT_EQ(comment_html("(voir " + url + ")"), "<p>(voir " + link(url, url) + ")</p>");
  EXPECT_EQ(comment_html(url + ")."), "<p>" + link(url, url) + ").</p>");
  std::string brackets = "https://example.org/liste[1]";
  EXPECT_EQ(comment_html(brackets + "]"), "<p>" + link(brackets, brackets) + "]</p>");
}

TEST(CommentText, UrlEndsAtWhitespaceAndAngleBrackets) {
  std::string a = link("https://example.org/a", "https://example.org/a");
  EXPECT_EQ(comment_html("https://example.org/a<b>"), "<p>" + a + "&lt;b&gt;</p>");
  EXPECT_EQ(comment_html("https://example.org/a\u00a0!"), "<p>" + a + "\u00a0!</p>");
  EXPECT_EQ(comment_html("https://example.org/a\tb"), "<p>" + a + "\tb</p>");
}

TEST(CommentText, QuoteInUrlCannotLeaveTheAttribute) {
  EXPECT_EQ(comment_html(R"(https://example.org/a"onmouseover="alert(1))"),
            "<p>" + link("https://example.org/a", "https://example.org/a") +
                "&quot;onmouseover=&quot;alert(1)</p>");
  EXPECT_EQ(comment_html("https://example.org/a'onmouseover='alert(1)"),
            "<p>" +
                link("https://example.org/a&#39;onmouseover=&#39;alert(1)",
                     "https://example.org/a&#39;onmouseover=&#39;alert(1)") +
                "</p>");
}

TEST(CommentText, LongUrlTextIsCutWithAnEllipsis) {
  std::string url = "https://example.org/" + std::string(60, 'a');  // 80 characters
  std::string shown = "https://example.org/" + std::string(40, 'a') + "\u2026";
  EXPECT_EQ(comment_html(url), "<p>" + link(url, shown) + "</p>");
  std::string exactly = "https://example.org/" + std::string(40, 'a');  // 60: not cut
  EXPECT_EQ(comment_html(exactly), "<p>" + link(exactly, exactly) + "</p>");
}

TEST(CommentText, SchemeAloneOrInsideAWordIsNotLinked) {
  EXPECT_EQ(comment_html("https:// et http://."), "<p>https:// et http://.</p>");
  EXPECT_EQ(comment_html("xhttps://example.org"), "<p>xhttps://example.org</p>");
}

TEST(CommentText, BlankLinesMakeParagraphsAndLineBreaksMakeBr) {
  EXPECT_EQ(comment_html("Un\ndeux\n\nTrois"), "<p>Un<br>deux</p>\n<p>Trois</p>");
  EXPECT_EQ(comment_html("seul"), "<p>seul</p>");
  EXPECT_EQ(comment_html(""), "");
  EXPECT_EQ(comment_html("\n\nun\n\n\n\ndeux\n"), "<p>un</p>\n<p>deux</p>");
}

TEST(CommentText, CountLinksCountsWhatCommentHtmlLinks) {
  EXPECT_EQ(count_links(""), 0);
  EXPECT_EQ(count_links("javascript:alert(1) data:x vbscript:y ftp://example.org"), 0);
  EXPECT_EQ(count_links("https:// xhttps://example.org"), 0);
  EXPECT_EQ(count_links("https://a.example http://b.example/x.\n\n(HTTPS://c.example)"), 3);
  std::string text = "https://a.example/1 https://a.example/1";
  EXPECT_EQ(count_links(text), 2);
}

// --- WordList ----------------------------------------------------------------

TEST(WordList, MatchesWhateverTheCaseAndAccents) {
  WordList list({"connard"});
  for (const char* text : {"connard", "Connard", "CONNARD!", "esp\u00e8ce de conN\u00e2rd.",
                           "CONNA\u0302RD", "\u00ab\u00a0connard\u00a0\u00bb"}) {
    EXPECT_EQ(list.first_match(text), "connard") << text;
  }
  EXPECT_EQ(WordList({"\u00c9lys\u00e9e"}).first_match("elysee"), "\u00c9lys\u00e9e");
}

TEST(WordList, MatchesOnlyWholeWords) {
  WordList list({"ass", "con"});
  EXPECT_EQ(list.first_match("classe conseil assez bascon"), std::nullopt);
  EXPECT_EQ(list.first_match("connards"), std::nullopt);
  EXPECT_EQ(list.first_match("un ass."), "ass");
}

TEST(WordList, ApostrophesAndHyphensSplitWords) {
  WordList list({"arnaque"});
  EXPECT_EQ(list.first_match("c'est l'arnaque"), "arnaque");
  EXPECT_EQ(list.first_match("l\u2019arnaque"), "arnaque");
  EXPECT_EQ(list.first_match("anti-arnaque"), "arnaque");
  EXPECT_EQ(list.first_match("arnaque_totale"), "arnaque");  // so does any other non-letter
}

TEST(WordList, PhraseEntriesMatchWordsInARow) {
  WordList list({"sale type"});
  EXPECT_EQ(list.first_match("Quel SALE   type !"), "sale type");
  EXPECT_EQ(list.first_match("sale\ntype"), "sale type");
  EXPECT_EQ(list.first_match("sale petit type"), std::nullopt);
  EXPECT_EQ(list.first_match("sale"), std::nullopt);
  EXPECT_EQ(list.first_match("une salle type"), std::nullopt);
}

TEST(WordList, StarEntriesMatchWordsStartingWithThem) {
  WordList list({"arnaq*"});
  EXPECT_EQ(list.first_match("arnaque"), "arnaq*");
  EXPECT_EQ(list.first_match("Des ARNAQUEURS"), "arnaq*");
  EXPECT_EQ(list.first_match("arnaq"), "arnaq*");
  EXPECT_EQ(list.first_match("arna"), std::nullopt);
  EXPECT_EQ(list.first_match("sarnaque"), std::nullopt);
  WordList phrase({"sale typ*"});
  EXPECT_EQ(phrase.first_match("ces sale types"), "sale typ*");
  EXPECT_EQ(phrase.first_match("ces sales types"), std::nullopt);
}

TEST(WordList, ReturnsTheEntryFoundEarliestAsConfigured) {
  WordList list({"zut", "Fl\u00fbte", "arnaq*", "arnaque"});
  EXPECT_EQ(list.first_match("flute alors, zut"), "Fl\u00fbte");
  EXPECT_EQ(list.first_match("zut, flute"), "zut");
  EXPECT_EQ(list.first_match("une arnaque"), "arnaq*");  // same place: list order
  EXPECT_EQ(list.first_match("rien \u00e0 signaler"), std::nullopt);
}

TEST(WordList, SeesThroughCompatibilityFormsAndLigatures) {
  WordList list({"connard", "coeur"});
  EXPECT_EQ(list.first_match("\uff23\uff2f\uff2e\uff2e\uff21\uff32\uff24"),
            "connard");  // fullwidth
  EXPECT_EQ(list.first_match("\U0001D41C\U0001D428\U0001D427\U0001D427\U0001D41A\U0001D42B"
                             "\U0001D41D"),
            "connard");  // mathematical bold
  EXPECT_EQ(list.first_match("C\u0152UR"), "coeur");
}

TEST(WordList, BlankEntriesAreIgnored) {
  WordList blank({"", "   ", "*", "!!"});
  EXPECT_TRUE(blank.empty());
  EXPECT_EQ(blank.first_match("n'importe quoi ! *"), std::nullopt);
  WordList some({"", "zut"});
  EXPECT_FALSE(some.empty());
  EXPECT_EQ(some.first_match("zut"), "zut");
}

TEST(WordList, CanBeReadFromManyThreadsAtOnce) {
  const WordList list({"connard", "arnaq*", "sale type"});
  std::vector<std::thread> threads;
  std::vector<int> found(8, 0);
  for (std::size_t t = 0; t < found.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        bool ok = list.first_match("Quel CONNÂRD") == "connard" &&
                  list.first_match("des arnaqueurs") == "arnaq*" &&
                  list.first_match("un sale type") == "sale type" &&
                  !list.first_match("tout va bien").has_value();
        found[t] += ok ? 1 : 0;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int n : found) EXPECT_EQ(n, 200);
}

}  // namespace
}  // namespace depeche::comments
