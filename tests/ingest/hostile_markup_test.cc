// Issue 9, defect 1: deeply nested HTML in a wire body made the server grow
// past 6 GB and die, or freeze for seconds. Each case goes through the
// front door (parse_document) with the shapes that were seen, and must stay
// within a reader's page worth of work: a bounded time and memory.

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>

#include "ingest/markup_bounds.h"
#include "ingest/parse.h"
#include "ingest/sanitize.h"

namespace depeche::ingest {
namespace {

// Generous: the unbounded parse took 2–17 s and hundreds of MB to GBs on
// these inputs; the bounded one takes milliseconds and a few MB.
constexpr auto kTimeBudget = std::chrono::seconds(2);
constexpr long kMemoryBudgetKiB = 200 * 1024;

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

long max_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::string escape_xml(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

std::string rss_with_description(std::string_view html) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Fil</title>)"
         R"(<link>https://fil.example/</link><description>x</description><item>)"
         R"(<title>Une dépêche piégée</title><link>https://fil.example/1</link>)"
         R"(<guid>https://fil.example/1</guid><pubDate>Mon, 30 Nov 2026 10:00:00 +0100</pubDate>)"
         "<description>" +
         escape_xml(html) + "</description></item></channel></rss>";
}

std::string ninjs_with_body(std::string_view html) {
  std::string json_html;
  for (char c : html) {
    if (c == '"' || c == '\\') json_html += '\\';
    json_html += c;
  }
  return R"({"uri":"urn:test:nested","type":"text","version":"1",)"
         R"("versionCreated":"2026-11-30T10:00:00+01:00","pubStatus":"usable",)"
         R"("headlines":[{"role":"main","value":"Une dépêche piégée"}],)"
         R"("bodies":[{"role":"html","contentType":"text/html","value":")" +
         json_html + R"("}]})";
}

// Parses the document and checks that it took bounded time and memory and
// that the text inside survived, flattened.
void expect_bounded(const std::string& document, std::string_view label) {
  long rss_before = max_rss_kib();
  auto started = std::chrono::steady_clock::now();
  auto items = parse_document(document);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, kTimeBudget) << label;
  EXPECT_LT(max_rss_kib() - rss_before, kMemoryBudgetKiB) << label;
  ASSERT_TRUE(items.ok()) << label << ": " << items.error().message;
  ASSERT_EQ(items->size(), 1u) << label;
  ASSERT_TRUE((*items)[0].dispatch.ok()) << label << ": " << (*items)[0].dispatch.error().message;
  EXPECT_NE((*items)[0].dispatch->body_html.find("fond"), std::string::npos)
      << label << ": the text is kept";
}

TEST(HostileMarkup, RssDescriptionWithThirtyThousandNestedDivsIsFlattenedQuickly) {
  expect_bounded(rss_with_description(repeat("<div>", 30'000) + "au fond" +
                                      repeat("</div>", 30'000)),
                 "30,000 nested div");
}

TEST(HostileMarkup, NinjsBodyWithThirtyThousandNestedDivsIsFlattenedQuickly) {
  expect_bounded(ninjs_with_body(repeat("<div>", 30'000) + "au fond"), "30,000 unclosed div");
}

TEST(HostileMarkup, TwentyThousandNestedBoldElementsDoNotFreezeTheParse) {
  expect_bounded(ninjs_with_body("<p>" + repeat("<b>", 20'000) + "au fond</p>"),
                 "20,000 nested b");
}

TEST(HostileMarkup, FormattingLeftOpenAcrossParagraphsIsNotReopenedEverDeeper) {
  // Each paragraph leaves a distinct <b> open; a browser reopens every one
  // of them in each later paragraph, which grows with the square.
  std::string html;
  for (int i = 0; i < 5'000; ++i) html += "<p><b title=\"" + std::to_string(i) + "\">x</p>";
  expect_bounded(ninjs_with_body(html + "<p>au fond</p>"), "formatting left open");
}

TEST(HostileMarkup, TwentyFiveThousandUnclosedDivsNoLongerAbortTheProcess) {
  expect_bounded(ninjs_with_body(repeat("<div>", 25'000) + "au fond"), "25,000 unclosed div");
}

TEST(MarkupBounds, OrdinaryStoriesPassUnchanged) {
  std::string story =
      "<p>Un <b>texte</b> <a href=\"https://a.example/\">lié</a><br>suite</p>"
      "<ul><li>un<li>deux</ul><table><tr><td>a<td>b</table><!-- note <div> -->"
      "<script>if (a < b) { x('<div>'); }</script>";
  BoundedMarkup b = bound_markup(story);
  EXPECT_EQ(b.dropped_tags, 0u);
  EXPECT_EQ(sanitize_html(b.html), sanitize_html(story));
}

TEST(MarkupBounds, NestingPastTheDepthIsDroppedButTextKept) {
  BoundedMarkup b = bound_markup(repeat("<span>", kMaxMarkupDepth + 10) + "fond");
  EXPECT_EQ(b.dropped_tags, 10u);
  EXPECT_NE(b.html.find("fond"), std::string::npos);
  EXPECT_EQ(sanitize_html(repeat("<i>", 1000) + "fond").find("fond") != std::string::npos, true);
}

TEST(MarkupBounds, ElementsPastTheCountAreDroppedButTextKept) {
  BoundedMarkup b = bound_markup(repeat("<br>x", kMaxMarkupElements + 5));
  EXPECT_EQ(b.dropped_tags, 5u);
  EXPECT_EQ(std::count(b.html.begin(), b.html.end(), 'x'),
            static_cast<long>(kMaxMarkupElements + 5));
}

}  // namespace
}  // namespace depeche::ingest
