// One event, several agencies, as readers and API clients see it: the
// lists show the event once, each version links to the others under « Sur
// le même sujet », and the API carries the cluster. A real server on port 0.

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "render/pages.h"
#include "support/events.h"
#include "support/http_client.h"
#include "web/site_fixture.h"

namespace depeche::web {
namespace {

using depeche::testing::http_get;

std::size_t count_of(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

// The « Sur le même sujet » block of a page, empty when it has none.
std::string same_event_block(const std::string& html) {
  auto start = html.find("<section class=\"same-event\"");
  if (start == std::string::npos) return {};
  return html.substr(start, html.find("</section>", start) - start);
}

class SameEvent : public SiteTest {
 protected:
  std::string path_of(std::int64_t id) {
    auto a = store_->articles().by_id(id);
    EXPECT_TRUE(a.ok() && a->has_value());
    return render::article_path(**a);
  }
  std::string page_of(std::int64_t id) {
    auto res = http_get(port(), path_of(id));
    EXPECT_EQ(res.status, 200u) << path_of(id);
    return res.body;
  }
};

TEST_F(SameEvent, ArticlePageListsTheOtherAgenciesVersionsAndNotItself) {
  auto afp = publish(depeche::testing::quake_afp());
  auto reuters = publish(depeche::testing::quake_reuters());
  auto ap = publish(depeche::testing::quake_ap());
  auto block = same_event_block(page_of(reuters));
  ASSERT_FALSE(block.empty());
  EXPECT_NE(block.find("<h2 id=\"same-event-title\">Sur le même sujet</h2>"), std::string::npos);
  EXPECT_NE(block.find("href=\"" + path_of(afp) + "\""), std::string::npos) << block;
  EXPECT_NE(block.find("href=\"" + path_of(ap) + "\""), std::string::npos) << block;
  EXPECT_EQ(block.find("href=\"" + path_of(reuters) + "\""), std::string::npos) << block;
  // Each with its agency and its time.
  EXPECT_NE(block.find("AFP"), std::string::npos);
  EXPECT_NE(block.find("<time datetime="), std::string::npos);
  EXPECT_EQ(count_of(block, "<li>"), 2u);
}

TEST_F(SameEvent, StoryAloneHasNoBlock) {
  auto toulouse = publish(depeche::testing::rugby_toulouse());
  publish(depeche::testing::rugby_clermont());
  EXPECT_TRUE(same_event_block(page_of(toulouse)).empty());
}

TEST_F(SameEvent, CachedPageShowsAMemberThatJoinsLater) {
  auto afp = publish(depeche::testing::quake_afp());
  // Alone first, kept by the page cache.
  EXPECT_TRUE(same_event_block(page_of(afp)).empty());
  auto reuters = publish(depeche::testing::quake_reuters());
  EXPECT_NE(same_event_block(page_of(afp)).find(path_of(reuters)), std::string::npos);
  auto before_ap = page_of(reuters);  // cached with afp alone in its block
  auto ap = publish(depeche::testing::quake_ap());
  // Neither afp's nor reuters's row changed when ap joined: the cluster did.
  EXPECT_NE(same_event_block(page_of(afp)).find(path_of(ap)), std::string::npos);
  EXPECT_NE(same_event_block(page_of(reuters)).find(path_of(ap)), std::string::npos);
  EXPECT_EQ(same_event_block(before_ap).find(path_of(ap)), std::string::npos);
}

TEST_F(SameEvent, FrontPageAndRubriqueShowTheEventOnce) {
  auto afp = publish(depeche::testing::quake_afp());
  publish(depeche::testing::quake_reuters());
  publish(depeche::testing::quake_ap());
  publish(depeche::testing::rugby_toulouse());
  auto home = http_get(port(), "/");
  ASSERT_EQ(home.status, 200u);
  auto afp_path = path_of(afp);
  EXPECT_NE(home.body.find(afp_path), std::string::npos);
  EXPECT_EQ(home.body.find("urn:test"), std::string::npos);
  EXPECT_EQ(home.body.find("au moins 37 morts à Malatya"), std::string::npos) << "Reuters shown";
  EXPECT_EQ(home.body.find("37 morts dans un tremblement"), std::string::npos) << "AP shown";
  auto a = **store_->articles().by_id(afp);
  ASSERT_FALSE(a.section.empty());
  auto section = http_get(port(), render::section_path(a.section));
  ASSERT_EQ(section.status, 200u);
  EXPECT_NE(section.body.find(afp_path), std::string::npos);
  EXPECT_EQ(section.body.find("au moins 37 morts à Malatya"), std::string::npos);
}

TEST_F(SameEvent, ListsNameTheOtherAgenciesOnTheEventsCardAndFollowNewMembers) {
  auto afp = publish(depeche::testing::quake_afp());
  publish(depeche::testing::quake_reuters());
  publish(depeche::testing::rugby_toulouse());
  auto a = **store_->articles().by_id(afp);
  const std::string rubrique = render::section_path(a.section);
  // French spacing: no line break inside the line's words.
  auto also = [](std::string_view agencies) {
    return "<p class=\"card-also\">Également couvert par " + std::string(agencies) + "</p>";
  };
  auto section = http_get(port(), rubrique).body;  // kept by the page cache
  EXPECT_NE(section.find(also("Reuters")), std::string::npos) << section;
  EXPECT_EQ(count_of(section, "card-also"), 1u) << "the rugby story is alone";
  auto home = http_get(port(), "/").body;
  EXPECT_NE(home.find(also("Reuters")), std::string::npos);
  // A third agency joins: the cached lists show it.
  publish(depeche::testing::quake_ap());
  EXPECT_NE(http_get(port(), rubrique).body.find(also("Reuters et AP")), std::string::npos);
  EXPECT_NE(http_get(port(), "/").body.find(also("Reuters et AP")), std::string::npos);
}

TEST_F(SameEvent, ApiListsEveryMemberWithItsClusterAndDetailNamesTheOthers) {
  auto afp = publish(depeche::testing::quake_afp());
  auto reuters = publish(depeche::testing::quake_reuters());
  auto ap = publish(depeche::testing::quake_ap());
  auto alone = publish(depeche::testing::fire_landes());
  auto list = http_get(port(), "/api/v1/articles");
  ASSERT_EQ(list.status, 200u);
  auto items = nlohmann::json::parse(list.body)["items"];
  ASSERT_EQ(items.size(), 4u);
  auto found = store_->articles().by_id(afp);
  ASSERT_TRUE(found.ok() && found->has_value());
  std::int64_t cluster = (*found)->cluster_id;
  ASSERT_NE(cluster, 0);
  for (const auto& item : items) {
    if (item["id"] == alone) {
      EXPECT_TRUE(item["cluster_id"].is_null());
    } else {
      EXPECT_EQ(item["cluster_id"], cluster);
    }
  }
  auto detail = nlohmann::json::parse(http_get(port(), "/api/v1/articles/" + std::to_string(ap)).body);
  ASSERT_EQ(detail["same_event"].size(), 2u);
  EXPECT_EQ(detail["same_event"][0]["id"], afp);
  EXPECT_EQ(detail["same_event"][1]["id"], reuters);
  EXPECT_EQ(detail["same_event"][0]["provider"], "AFP");
  EXPECT_EQ(detail["same_event"][0]["url"], path_of(afp));
  EXPECT_EQ(detail["same_event"][0]["published_at"], "2026-11-17T03:05:00Z");
  EXPECT_FALSE(detail["same_event"][0]["headline"].get<std::string>().empty());
  auto lone = nlohmann::json::parse(http_get(port(), "/api/v1/articles/" + std::to_string(alone)).body);
  EXPECT_TRUE(lone["same_event"].empty());
}

TEST_F(SameEvent, ALireAussiNeverOffersTheSameEventAndShowsAnotherEventOnce) {
  auto afp = publish(depeche::testing::quake_afp());
  auto reuters = publish(depeche::testing::quake_reuters());
  auto ap = publish(depeche::testing::quake_ap());
  auto later = publish(depeche::testing::quake_rebuilding());
  auto fire = publish(depeche::testing::fire_landes());
  reindex();
  auto res = http_get(port(), "/api/v1/articles/" + std::to_string(reuters) + "/related");
  ASSERT_EQ(res.status, 200u);
  auto items = nlohmann::json::parse(res.body)["items"];
  std::vector<std::int64_t> ids;
  for (const auto& item : items) ids.push_back(item["id"]);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), afp), 0) << res.body;
  EXPECT_EQ(std::count(ids.begin(), ids.end(), ap), 0) << res.body;
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), later) << "the town five days on is the closest other story";
  // From the fire's page, the earthquake is one card, whichever version.
  res = http_get(port(), "/api/v1/articles/" + std::to_string(fire) + "/related");
  items = nlohmann::json::parse(res.body)["items"];
  int versions = 0;
  for (const auto& item : items) {
    auto id = item["id"].get<std::int64_t>();
    versions += id == afp || id == reuters || id == ap ? 1 : 0;
  }
  EXPECT_EQ(versions, 1) << res.body;
}

}  // namespace
}  // namespace depeche::web
