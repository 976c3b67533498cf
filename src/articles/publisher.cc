#include "articles/publisher.h"

#include "articles/clusters.h"
#include "articles/slug.h"

#include <algorithm>

namespace depeche::articles {

const char* to_string(PublishOutcome o) {
  switch (o) {
    case PublishOutcome::accepted:
      return "accepted";
    case PublishOutcome::updated:
      return "updated";
    case PublishOutcome::duplicate:
      return "duplicate";
    case PublishOutcome::stale:
      return "stale";
    case PublishOutcome::withdrawn:
      return "withdrawn";
  }
  return "accepted";
}

Result<PublishResult> Publisher::publish(const Dispatch& d) {
  auto tx = DEPECHE_TRY(articles_.begin());
  auto result = DEPECHE_TRY(apply(*tx, d));
  bool wrote =
      result.outcome != PublishOutcome::duplicate && result.outcome != PublishOutcome::stale;
  // Nothing written: the transaction rolls back when it goes out of scope.
  if (wrote) DEPECHE_TRY(tx->commit());
  return result;
}

Result<PublishResult> Publisher::apply(store::ArticleTransaction& tx, const Dispatch& d) const {
  if (d.guid.empty()) return make_error(ErrorCode::invalid_input, "dispatch without guid");
  auto status = d.status == WireStatus::withdrawn ? store::ArticleStatus::withdrawn
                                                  : store::ArticleStatus::published;
  auto withdrawn_or = [&](PublishOutcome o) {
    return status == store::ArticleStatus::withdrawn ? PublishOutcome::withdrawn : o;
  };
  auto head = DEPECHE_TRY(tx.head_by_guid(d.guid));
  PublishResult result;
  if (!head) {
    result.article_id =
        DEPECHE_TRY(tx.insert(d, slugify(d.headline), status, sections_.classify(d)));
    if (status == store::ArticleStatus::published) {
      DEPECHE_TRY(cluster_published(tx, result.article_id, d.first_created, d));
    }
    result.outcome = withdrawn_or(PublishOutcome::accepted);
    result.stored_version = d.version;
  } else if (d.version <= head->version) {
    result.article_id = head->id;
    result.stored_version = head->version;
    result.outcome = d.version == head->version ? PublishOutcome::duplicate : PublishOutcome::stale;
  } else {
    DEPECHE_TRY(tx.replace(head->id, d, status, sections_.classify(d)));
    DEPECHE_TRY(status == store::ArticleStatus::published
                    ? cluster_published(tx, head->id, d.first_created, d)
                    : cluster_withdrawn(tx, head->id));
    result.article_id = head->id;
    result.outcome = withdrawn_or(PublishOutcome::updated);
    result.stored_version = d.version;
  }
  return result;
}

Result<PublishBatch> Publisher::begin_batch() {
  return PublishBatch(*this, DEPECHE_TRY(articles_.begin()));
}

Result<PublishResult> PublishBatch::publish(const Dispatch& d) {
  if (!tx_) return make_error(ErrorCode::internal, "batch already committed");
  auto unit = DEPECHE_TRY(tx_->nested());
  auto result = DEPECHE_TRY(publisher_->apply(*unit, d));
  if (result.outcome == PublishOutcome::duplicate || result.outcome == PublishOutcome::stale) {
    return result;  // nothing written; the unit is undone as it goes
  }
  DEPECHE_TRY(unit->commit());
  ++changes_;
  return result;
}

Result<std::vector<Picture>> PublishBatch::linked_pictures(std::string_view guid) {
  if (!tx_) return make_error(ErrorCode::internal, "batch already committed");
  return tx_->linked_pictures(guid);
}

Status PublishBatch::commit() {
  if (!tx_) return make_error(ErrorCode::internal, "batch already committed");
  auto tx = std::move(tx_);
  return tx->commit();
}

bool add_missing_pictures(Dispatch& d, const std::vector<Picture>& pictures) {
  bool changed = false;
  for (const auto& p : pictures) {
    bool shown = std::any_of(d.pictures.begin(), d.pictures.end(),
                             [&](const Picture& q) { return q.href == p.href; });
    if (!shown) {
      d.pictures.push_back(p);
      changed = true;
    }
  }
  return changed;
}

Result<bool> Publisher::add_linked_pictures(std::string_view guid,
                                            const std::vector<Picture>& pictures) {
  if (pictures.empty()) return false;
  auto tx = DEPECHE_TRY(articles_.begin());
  auto head = DEPECHE_TRY(tx->head_by_guid(guid));
  if (!head || head->status == store::ArticleStatus::withdrawn) return false;
  Dispatch d = DEPECHE_TRY(tx->dispatch_of(head->id));
  if (!add_missing_pictures(d, pictures)) return false;
  DEPECHE_TRY(tx->replace(head->id, d, head->status));
  DEPECHE_TRY(tx->commit());
  return true;
}

Result<std::int64_t> Publisher::refile_if_rules_changed(store::Store& store) {
  constexpr std::string_view kKey = "sections.rules";
  std::string rules = sections_.fingerprint();
  auto stored = DEPECHE_TRY(store.setting(kKey));
  if (stored && *stored == rules) return std::int64_t{0};
  auto moved =
      DEPECHE_TRY(articles_.refile([this](const Dispatch& d) { return sections_.classify(d); }));
  DEPECHE_TRY(store.set_setting(kKey, rules));
  return moved;
}

}  // namespace depeche::articles
