#include "render/catalogue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "assets/assets.h"

namespace depeche::render {
namespace {

Catalogue french() {
  auto text = assets::find("templates/i18n/fr.json");
  EXPECT_TRUE(text.has_value());
  auto c = Catalogue::load(*text, "fr");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return std::move(*c);
}

TEST(Catalogue, CommentCountUsesFrenchPlurals) {
  auto c = french();
  EXPECT_EQ(c.format("comment_count", {arg("count", std::int64_t{0})}), "aucun commentaire");
  EXPECT_EQ(c.format("comment_count", {arg("count", std::int64_t{1})}), "1 commentaire");
  EXPECT_EQ(c.format("comment_count", {arg("count", std::int64_t{2})}), "2 commentaires");
}

TEST(Catalogue, FormatsFromManyThreadsAtOnceAndAfterANewCatalogue) {
  std::atomic<int> wrong{0};
  for (int round = 0; round < 2; ++round) {  // a new catalogue: no stale clone is reused
    auto c = french();
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (std::int64_t i = 0; i < 300; ++i) {
          std::int64_t n = (i + t) % 3;
          std::string want = n == 0
                                 ? "aucun commentaire"
                                 : std::to_string(n) + (n == 1 ? " commentaire" : " commentaires");
          if (c.format("comment_count", {arg("count", n)}) != want) ++wrong;
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Catalogue, ShippedFrenchCatalogueHasEveryRequiredKey) {
  auto c = french();
  for (auto key : required_message_keys()) EXPECT_NE(c.text(key), "?") << key;
}

TEST(Catalogue, MissingKeyIsRefusedAtLoad) {
  auto c = Catalogue::load(R"({"skip_link": "Aller au contenu"})", "fr");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("lacks"), std::string::npos);
}

TEST(Catalogue, MalformedJsonIsRefused) {
  EXPECT_FALSE(Catalogue::load("{", "fr").ok());
}

TEST(Catalogue, FormatHtmlEscapesTextButKeepsFragments) {
  auto c = french();
  std::string out = c.format_html(
      "provenance", {arg("provider", "<b>R&D</b>"), arg("datetime", "<time>x</time>")});
  EXPECT_EQ(out, "information fournie par <b>R&D</b> <time>x</time>");
}

TEST(Catalogue, ArgumentsAreSubstituted) {
  auto c = french();
  EXPECT_EQ(c.format("role_translator", {arg("names", "Hugo Mercier")}),
            "version française Hugo Mercier");
}

}  // namespace
}  // namespace depeche::render
