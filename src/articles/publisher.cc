#include "articles/publisher.h"

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
  if (d.guid.empty()) return make_error(ErrorCode::invalid_input, "dispatch without guid");
  auto status = d.status == WireStatus::withdrawn ? store::ArticleStatus::withdrawn
                                                  : store::ArticleStatus::published;
  auto withdrawn_or = [&](PublishOutcome o) {
    return status == store::ArticleStatus::withdrawn ? PublishOutcome::withdrawn : o;
  };
  auto tx = DEPECHE_TRY(articles_.begin());
  auto head = DEPECHE_TRY(tx->head_by_guid(d.guid));
  PublishResult result;
  if (!head) {
    result.article_id = DEPECHE_TRY(tx->insert(d, slugify(d.headline), status));
    DEPECHE_TRY(tx->set_section(result.article_id, sections_.classify(d)));
    result.outcome = withdrawn_or(PublishOutcome::accepted);
    result.stored_version = d.version;
  } else if (d.version <= head->version) {
    // Nothing to write: the transaction rolls back when it goes out of scope.
    result.article_id = head->id;
    result.stored_version = head->version;
    result.outcome = d.version == head->version ? PublishOutcome::duplicate : PublishOutcome::stale;
    return result;
  } else {
    DEPECHE_TRY(tx->replace(head->id, d, status));
    DEPECHE_TRY(tx->set_section(head->id, sections_.classify(d)));
    result.article_id = head->id;
    result.outcome = withdrawn_or(PublishOutcome::updated);
    result.stored_version = d.version;
  }
  DEPECHE_TRY(tx->commit());
  return result;
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
  auto moved = DEPECHE_TRY(
      articles_.refile([this](const Dispatch& d) { return sections_.classify(d); }));
  DEPECHE_TRY(store.set_setting(kKey, rules));
  return moved;
}

}  // namespace depeche::articles
