#pragma once
// PostgreSQL implementations of store::ArticleStore (with its transactions
// and clusters), store::HeldStore and store::LinkStore, on the tables of
// store/postgres/migrations.cc.
//
// An ArticleTransaction takes the change counter's row lock when it begins
// (migrations.cc says why the counter exists): writers of articles run one
// at a time, as on SQLite, so a transaction's reads (head_by_guid, cluster
// candidates) see every earlier commit, on whichever node it was made, and
// two nodes ingesting the same guid at once cannot both insert it.

#include <memory>

#include "core/clock.h"
#include "store/postgres/pool.h"
#include "store/store.h"

namespace depeche::store::postgres {

std::unique_ptr<ArticleStore> make_article_store(Pool& pool, const Clock& clock);
std::unique_ptr<HeldStore> make_held_store(Pool& pool);
std::unique_ptr<LinkStore> make_link_store(Pool& pool);

}  // namespace depeche::store::postgres
