#pragma once
// Front door of the publication rules: which version of a dispatch is on
// show. Every channel (CLI, drop folder, push API, feeds) ends here.

#include <cstdint>
#include <memory>
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

class PublishBatch;

// Rules, applied in one transaction per dispatch (or per batch, below):
// - a guid never seen is inserted (withdrawn at once if the wire says so,
//   so that a kill arriving before its story keeps the story off the site);
// - a higher version replaces the one on show; all versions are kept;
// - the same version is a duplicate, a lower one is stale: nothing changes;
// - each new version files the article under a rubrique (`sections`);
// - each published version joins the cluster of its near-duplicates (one
//   event told by several agencies, articles/clusters.h), and a withdrawal
//   leaves it, in the same transaction.
// Thread-safe when the store is.
class Publisher {
 public:
  explicit Publisher(store::ArticleStore& articles, Sections sections = Sections::defaults())
      : articles_(articles), sections_(std::move(sections)) {}
  Result<PublishResult> publish(const Dispatch& d);

  // Opens a store transaction in which many dispatches are published, so
  // that they share one commit (see PublishBatch).
  Result<PublishBatch> begin_batch();

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
  friend class PublishBatch;
  // The rules, applied inside `tx`, which the caller commits.
  Result<PublishResult> apply(store::ArticleTransaction& tx, const Dispatch& d) const;

  store::ArticleStore& articles_;
  Sections sections_;
};

// Dispatches published under the same rules as Publisher::publish, in one
// store transaction: each in a nested unit of its own, so a dispatch that
// fails leaves no trace and the others stand. Nothing is visible, and
// nothing survives a crash, before commit(); destroyed without a
// successful commit(), everything published through it is undone. Belongs
// to one thread. The store's write lock is held from begin_batch() to
// commit(): other writers wait meanwhile, so keep batches short.
class PublishBatch {
 public:
  PublishBatch(PublishBatch&&) noexcept = default;
  PublishBatch& operator=(PublishBatch&&) noexcept = default;

  // The outcome `d` will have once the batch is committed; an error undid
  // `d` alone.
  Result<PublishResult> publish(const Dispatch& d);
  // What store::LinkStore::pictures_for(guid) returns, read inside the
  // batch's transaction.
  Result<std::vector<Picture>> linked_pictures(std::string_view guid);
  // How many dispatches changed what the site shows so far.
  int changes() const { return changes_; }
  Status commit();

 private:
  friend class Publisher;
  PublishBatch(const Publisher& p, std::unique_ptr<store::ArticleTransaction> tx)
      : publisher_(&p), tx_(std::move(tx)) {}
  const Publisher* publisher_;
  std::unique_ptr<store::ArticleTransaction> tx_;
  int changes_ = 0;
};

}  // namespace depeche::articles
