#pragma once
// Front door of the publication rules: which version of a dispatch is on
// show. Every channel (CLI, drop folder, push API, feeds) ends here.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "articles/sections.h"
#include "core/dispatch.h"
#include "core/result.h"
#include "store/store.h"

namespace depeche::articles {

enum class PublishOutcome {
  accepted,   // a new article
  updated,    // a newer version replaced the one on show
  duplicate,  // the same version again: nothing changed
  stale,      // an older version arrived late: nothing changed
  withdrawn,  // the wire withdrew it: the article is off every surface
};

const char* to_string(PublishOutcome o);

// Appends the pictures `d` does not carry yet (compared by href); returns
// whether any was added.
bool add_missing_pictures(Dispatch& d, const std::vector<Picture>& pictures);

struct PublishResult {
  PublishOutcome outcome = PublishOutcome::accepted;
  std::int64_t article_id = 0;
  std::uint64_t stored_version = 0;  // the version on show afterwards
};

// Rules, applied in one transaction per dispatch:
// - a guid never seen is inserted (withdrawn at once if the wire says so,
//   so that a kill arriving before its story keeps the story off the site);
// - a higher version replaces the one on show; all versions are kept;
// - the same version is a duplicate, a lower one is stale: nothing changes;
// - each new version files the article under a rubrique (`sections`).
// Thread-safe when the store is.
class Publisher {
 public:
  explicit Publisher(store::ArticleStore& articles, Sections sections = Sections::defaults())
      : articles_(articles), sections_(std::move(sections)) {}
  Result<PublishResult> publish(const Dispatch& d);

  // Adds `pictures` that the article with wire guid `guid` does not show
  // yet (compared by href) to the version on show, without making a new
  // version: they came in other files of the same package. Returns whether
  // an article changed (false when there is none, it is withdrawn, or it
  // already shows them all).
  Result<bool> add_linked_pictures(std::string_view guid, const std::vector<Picture>& pictures);

  // Files every stored article again when the rubrique rules differ from
  // the ones it was filed with (kept in the store's settings); returns how
  // many articles moved. Cheap when nothing changed: one setting read.
  Result<std::int64_t> refile_if_rules_changed(store::Store& store);

  const Sections& sections() const { return sections_; }

 private:
  store::ArticleStore& articles_;
  Sections sections_;
};

}  // namespace depeche::articles
