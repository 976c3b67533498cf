#include "search/index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "search/analysis.h"
#include "support/dispatches.h"
#include "support/temp_dir.h"

namespace depeche::search {
namespace {

using Ids = std::vector<std::int64_t>;

// An article as the store would hand it over; `id` doubles as revision.
store::Article article(std::int64_t id, std::string headline, std::string body_html,
                       std::string published = "2026-11-20T08:00:00Z") {
  store::Article a;
  a.id = id;
  a.dispatch = testing::sample_dispatch("urn:search:" + std::to_string(id), 1, std::move(headline),
                                        std::move(published));
  a.dispatch.body_html = std::move(body_html);
  a.published_at = a.dispatch.first_created;
  a.updated_at = a.dispatch.version_created;
  a.revision = id;
  return a;
}

class SearchIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    auto index = Index::in_memory();
    ASSERT_TRUE(index.ok()) << index.error().message;
    index_ = std::move(index).value();
  }
  void add(const std::vector<store::Article>& articles) {
    for (const auto& a : articles) ASSERT_TRUE(index_->put(a).ok());
    ASSERT_TRUE(index_->commit(articles.empty() ? 0 : articles.back().revision).ok());
  }
  SearchResults search(const std::string& text, int offset = 0, int limit = 20) {
    auto r = index_->search({text, offset, limit});
    EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : SearchResults{};
  }
  Ids ids(const std::string& text) { return search(text).ids; }

  std::unique_ptr<Index> index_;
};

TEST_F(SearchIndex, FindsArticleByStemmedWordInBody) {
  add({article(1, "Le second tour approche",
               "<p>Les candidats à l'élection préparent le débat.</p>"),
       article(2, "Le port de Lyon", "<p>Les dockers reprennent le travail.</p>")});
  EXPECT_EQ(ids("élections"), Ids{1});
  EXPECT_EQ(ids("candidat"), Ids{1});
  EXPECT_EQ(ids("dockers travail"), Ids{2});
  EXPECT_EQ(ids("élections dockers"), (Ids{2, 1}));  // either word; newest first on a tie
}

TEST_F(SearchIndex, IgnoresAccentsOnBothSides) {
  add({article(1, "Réunion de crise à l'Élysée", "<p>Le président a reçu les ministres.</p>"),
       article(2, "Elysee Montmartre rouvre", "<p>La salle de concert rouvre.</p>")});
  for (std::string text : {"elysee", "Élysée", "ELYSÉE", "élysée"}) {
    auto found = ids(text);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (Ids{1, 2})) << text;
  }
  EXPECT_EQ(ids("reunion"), Ids{1});
  EXPECT_EQ(ids("recu ministres"), Ids{1});
}

TEST_F(SearchIndex, HeadlineMatchRanksAboveBodyOnlyMatch) {
  // The body-only match is newer, so only the headline weight can put the
  // other first.
  add({article(1, "Un entrepôt détruit", "<p>Un incendie a ravagé la zone dans la nuit.</p>",
               "2026-11-21T08:00:00Z"),
       article(2, "Incendie dans la zone", "<p>Un entrepôt a été ravagé dans la nuit.</p>",
               "2026-11-20T08:00:00Z")});
  EXPECT_EQ(ids("incendie"), (Ids{2, 1}));
  EXPECT_EQ(ids("titre:incendie"), Ids{2});
}

TEST_F(SearchIndex, EqualMatchesComeNewestFirst) {
  add({article(1, "Budget voté", "<p>Texte.</p>", "2026-11-18T08:00:00Z"),
       article(2, "Budget voté", "<p>Texte.</p>", "2026-11-20T08:00:00Z"),
       article(3, "Budget voté", "<p>Texte.</p>", "2026-11-19T08:00:00Z")});
  EXPECT_EQ(ids("budget"), (Ids{2, 3, 1}));
}

TEST_F(SearchIndex, IndexesBodyTextNotMarkupAndDecodesEntities) {
  add({article(1, "Un titre", "<p class=\"chapo\">Ventes&nbsp;&amp;&#160;achats</p><p>fin</p>")});
  EXPECT_EQ(ids("ventes achats"), Ids{1});
  EXPECT_EQ(ids("chapo"), Ids{});
  EXPECT_EQ(ids("amp"), Ids{});
  EXPECT_EQ(ids("fin"), Ids{1});
  EXPECT_EQ(ids("achatsfin"), Ids{});  // paragraphs are not glued
}

TEST_F(SearchIndex, IndexesSubjectsAndProvider) {
  auto a = article(1, "Un titre", "<p>Rien.</p>");
  a.dispatch.subjects = {{"medtop:11000000", "politique"}};
  a.dispatch.provider = "Agence Bêta";
  add({a});
  EXPECT_EQ(ids("politique"), Ids{1});
  EXPECT_EQ(ids("agence beta"), Ids{1});
}

TEST_F(SearchIndex, QueryLongerThanLimitIsRefused) {
  add({article(1, "Un titre", "<p>Rien.</p>")});
  auto r = index_->search({std::string(kMaxQueryChars + 1, 'a')});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_TRUE(index_->search({std::string(kMaxQueryChars, 'a')}).ok());
}

TEST_F(SearchIndex, MalformedSyntaxIsReadAsWordsNotAnError) {
  add({article(1, "Le vote des élus", "<p>Le scrutin est clos.</p>")});
  for (std::string text : {"\"unclosed", "AND OR", "(vote", "vote)", "NOT", "titre:", "+", "-vote",
                           "\"", "* ? ~", "vote AND", "OR scrutin"}) {
    auto r = index_->search({text});
    EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  }
  EXPECT_EQ(ids("\"scrutin"), Ids{1});
  EXPECT_EQ(ids("(vote"), Ids{1});
}

TEST_F(SearchIndex, BlankQueryGivesEmptyResults) {
  add({article(1, "Un titre", "<p>Rien.</p>")});
  for (std::string text : {"", "   ", "\t\n", " , ; "}) {
    auto r = search(text);
    EXPECT_TRUE(r.ids.empty()) << "[" << text << "]";
    EXPECT_EQ(r.estimated_total, 0) << "[" << text << "]";
  }
}

TEST_F(SearchIndex, PagesThroughResultsWithEstimatedTotal) {
  std::vector<store::Article> articles;
  for (int i = 1; i <= 7; ++i) {
    articles.push_back(article(i, "Marché du travail", "<p>Chômage.</p>",
                               "2026-11-1" + std::to_string(i) + "T08:00:00Z"));
  }
  articles.push_back(article(8, "Autre sujet", "<p>Rien.</p>"));
  add(articles);
  auto first = search("chômage", 0, 3);
  auto second = search("chômage", 3, 3);
  auto last = search("chômage", 6, 3);
  EXPECT_EQ(first.ids, (Ids{7, 6, 5}));
  EXPECT_EQ(second.ids, (Ids{4, 3, 2}));
  EXPECT_EQ(last.ids, Ids{1});
  EXPECT_EQ(first.estimated_total, 7);
  EXPECT_EQ(last.estimated_total, 7);
  EXPECT_EQ(search("chômage", 7, 3).ids, Ids{});
  EXPECT_EQ(search("chômage", -5, 1).ids, Ids{7});    // offset < 0 is 0
  EXPECT_EQ(search("chômage", 0, 0).ids.size(), 1u);  // limit at least 1
  EXPECT_EQ(search("chômage", kMaxOffset + 1, 3).estimated_total, 7);
}

TEST_F(SearchIndex, LimitIsClampedToMaxResultsPerPage) {
  std::vector<store::Article> articles;
  for (int i = 1; i <= kMaxResultsPerPage + 5; ++i) {
    articles.push_back(article(i, "Météo", "<p>Pluie.</p>"));
  }
  add(articles);
  auto r = search("pluie", 0, 1000);
  EXPECT_EQ(r.ids.size(), static_cast<std::size_t>(kMaxResultsPerPage));
  EXPECT_EQ(r.estimated_total, kMaxResultsPerPage + 5);
}

TEST_F(SearchIndex, ChangesAreInvisibleUntilCommit) {
  ASSERT_TRUE(index_->put(article(1, "Grève des transports", "<p>Trains.</p>")).ok());
  EXPECT_EQ(ids("grève"), Ids{});
  EXPECT_EQ(index_->document_count(), 0);
  ASSERT_TRUE(index_->commit(1).ok());
  EXPECT_EQ(ids("grève"), Ids{1});
  EXPECT_EQ(index_->revision(), 1);
  ASSERT_TRUE(index_->remove(1).ok());
  EXPECT_EQ(ids("grève"), Ids{1});
  ASSERT_TRUE(index_->commit(2).ok());
  EXPECT_EQ(ids("grève"), Ids{});
}

TEST_F(SearchIndex, PutReplacesEarlierDocumentAndWithdrawnRemovesIt) {
  add({article(1, "Version ancienne", "<p>Brouillon.</p>")});
  auto newer = article(1, "Version nouvelle", "<p>Définitif.</p>");
  newer.revision = 2;
  add({newer});
  EXPECT_EQ(ids("ancienne"), Ids{});
  EXPECT_EQ(ids("nouvelle"), Ids{1});
  EXPECT_EQ(index_->document_count(), 1);
  auto killed = newer;
  killed.status = store::ArticleStatus::withdrawn;
  killed.revision = 3;
  add({killed});
  EXPECT_EQ(ids("nouvelle"), Ids{});
  EXPECT_EQ(index_->document_count(), 0);
}

TEST_F(SearchIndex, RelatedFindsSameTopicFirstAndNeverTheArticleItself) {
  add({article(1, "Présidentielle : le second tour approche",
               "<p>Les deux candidats à l'élection présidentielle préparent le débat télévisé "
               "avant le scrutin de dimanche.</p>"),
       article(2, "Match nul pour l'Olympique lyonnais",
               "<p>Les footballeurs lyonnais ont concédé le nul au stade.</p>"),
       article(3, "Débat télévisé entre les candidats",
               "<p>Le débat de l'élection présidentielle a opposé les deux candidats avant le "
               "scrutin.</p>"),
       article(4, "Orages attendus dans le Rhône",
               "<p>Météo-France place le Rhône en vigilance "
               "orange pour les orages.</p>")});
  auto related = index_->related(1, 10);
  ASSERT_TRUE(related.ok()) << related.error().message;
  ASSERT_FALSE(related->empty());
  EXPECT_EQ(related->front(), 3);
  EXPECT_EQ(std::count(related->begin(), related->end(), 1), 0);
  EXPECT_LE(index_->related(1, 1)->size(), 1u);
  EXPECT_EQ(*index_->related(99, 10), Ids{});
}

TEST_F(SearchIndex, ClearDropsEverythingAndResetsRevision) {
  add({article(1, "Un", "<p>Texte.</p>"), article(2, "Deux", "<p>Texte.</p>")});
  ASSERT_EQ(index_->revision(), 2);
  ASSERT_TRUE(index_->put(article(3, "Trois", "<p>Texte.</p>")).ok());  // staged, then dropped
  ASSERT_TRUE(index_->clear().ok());
  EXPECT_EQ(index_->revision(), 0);
  EXPECT_EQ(index_->document_count(), 0);
  ASSERT_TRUE(index_->commit(0).ok());
  EXPECT_EQ(ids("texte"), Ids{});
}

TEST(SearchIndexOnDisk, KeepsDocumentsAndRevisionAcrossReopen) {
  testing::TempDir dir;
  {
    auto index = Index::open(dir.path() / "search");
    ASSERT_TRUE(index.ok()) << index.error().message;
    EXPECT_EQ((*index)->revision(), 0);
    ASSERT_TRUE((*index)->put(article(7, "Vendanges précoces", "<p>Raisin.</p>")).ok());
    ASSERT_TRUE((*index)->commit(42).ok());
  }
  auto index = Index::open(dir.path() / "search");
  ASSERT_TRUE(index.ok()) << index.error().message;
  EXPECT_EQ((*index)->revision(), 42);
  EXPECT_EQ((*index)->search({"vendange"})->ids, Ids{7});
}

TEST(SearchIndexOnDisk, ReadersSeeEachCommitAndNeverWhatIsOnlyStaged) {
  testing::TempDir dir;
  auto index = Index::open(dir.path() / "search");
  ASSERT_TRUE(index.ok()) << index.error().message;
  ASSERT_TRUE((*index)->put(article(1, "Vendanges précoces", "<p>Raisin.</p>")).ok());
  ASSERT_TRUE((*index)->put(article(3, "Orages dans le Rhône", "<p>Grêle.</p>")).ok());
  ASSERT_TRUE((*index)->commit(1).ok());
  EXPECT_EQ((*index)->search({"vendange"})->ids, Ids{1});  // opens a reader
  ASSERT_TRUE((*index)->put(article(2, "Vendanges tardives", "<p>Raisin.</p>")).ok());
  EXPECT_EQ((*index)->search({"tardives"})->ids, Ids{});  // staged only
  ASSERT_TRUE((*index)->commit(2).ok());
  EXPECT_EQ((*index)->search({"tardives"})->ids, Ids{2});  // the reader moved on
  EXPECT_EQ((*index)->related(1, 5)->front(), 2);
  ASSERT_TRUE((*index)->remove(2).ok());
  ASSERT_TRUE((*index)->commit(3).ok());
  EXPECT_EQ((*index)->search({"tardives"})->ids, Ids{});
}

TEST(SearchIndexOnDisk, ConcurrentSearchesWhileCommitsLand) {
  testing::TempDir dir;
  auto index = Index::open(dir.path() / "search");
  ASSERT_TRUE(index.ok()) << index.error().message;
  ASSERT_TRUE((*index)->put(article(1, "Crue de la Saône", "<p>Les quais.</p>")).ok());
  ASSERT_TRUE((*index)->commit(1).ok());
  constexpr int kReaders = 4, kCommits = 30;
  std::atomic<int> failures = 0;
  std::atomic<bool> writing = true;
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      while (writing) {
        auto found = (*index)->search({"saone"});
        if (!found.ok() || found->ids != Ids{1}) ++failures;
      }
    });
  }
  for (int i = 2; i < 2 + kCommits; ++i) {
    ASSERT_TRUE(
        (*index)->put(article(i, "Vendanges", "<p>Raisin " + std::to_string(i) + ".</p>")).ok());
    ASSERT_TRUE((*index)->commit(i).ok());
  }
  writing = false;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ((*index)->search({"vendange", 0, 50})->ids.size(), static_cast<std::size_t>(kCommits));
}

TEST(SearchIndexOnDisk, SecondWriterIsToldTheIndexIsLocked) {
  testing::TempDir dir;
  auto first = Index::open(dir.path());
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto second = Index::open(dir.path());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::io);
  EXPECT_EQ(second.error().message,
            "search index is locked by another process: " + dir.path().string());
}

TEST(SearchText, FoldsLatinDiacriticsAndSplitsElisions) {
  EXPECT_EQ(fold_for_search("Élysée à Noël, l'œuvre"), "Elysee a Noel, l oeuvre");
  EXPECT_EQ(fold_for_search("Straße, Łódź, ÇA"), "Strasse, Lodz, CA");
  EXPECT_EQ(fold_for_search("aujourd’hui"), "aujourd hui");
  EXPECT_EQ(fold_for_search("e\xCC\x81t\xC3\xA9"), "ete");  // combining acute, then precomposed
  EXPECT_EQ(fold_for_search("2 × 3 « ok » 東京"), "2 × 3 « ok » 東京");
  EXPECT_EQ(fold_for_search("bad \xC3 utf8 \xFF"), "bad \xC3 utf8 \xFF");
}

TEST(SearchText, HtmlToTextDropsTagsAndDecodesEntities) {
  EXPECT_EQ(html_to_text("<p>Un<br/>deux</p><!-- note --><p>trois</p>"), " Un deux   trois ");
  EXPECT_EQ(html_to_text("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#233;t&#xE9;"),
            "a & b <c> \"d\" 'e' été");
  EXPECT_EQ(html_to_text("&unknown; &#0; & fin"), "&unknown; &#0; & fin");
  EXPECT_EQ(html_to_text("texte <a href=\"x"), "texte ");
}

}  // namespace
}  // namespace depeche::search
