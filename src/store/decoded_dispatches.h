#pragma once
// Decoding a stored dispatch from JSON showed up in profiles for every card
// of every list. This keeps the decoded dispatches of the articles read
// lately, so that a list decodes only what it has not seen yet.

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/dispatch.h"

namespace depeche::store {

// How many decoded dispatches are kept in all: a few days of wire copy, so
// the home page, the rubriques and the articles read now are all served
// from memory. A dispatch takes a few KiB, so this stays around 10-20 MiB.
inline constexpr std::size_t kDecodedArticles = 4096;
// The cache is split into this many independently locked parts, chosen by
// article id, so that threads serving pages at once seldom wait for each
// other and no lock is held while anything is decoded or copied.
inline constexpr std::size_t kDecodedShards = 16;

// A bounded, least-recently-used map from article id to the dispatch on
// show at one revision. Thread-safe. A dispatch is immutable once kept;
// callers share it and copy it if they need their own.
class DecodedDispatches {
 public:
  using Shared = std::shared_ptr<const Dispatch>;

  // The dispatch kept for article `id` at `revision`; nullptr when none is
  // kept or the kept one is of another revision (the article changed).
  Shared find(std::int64_t id, std::int64_t revision);
  // Keeps `d` as article `id`'s dispatch at `revision`, replacing any older
  // one and dropping the least recently used entry of its part when full.
  void keep(std::int64_t id, std::int64_t revision, Shared d);
  // How many are kept now (for tests).
  std::size_t size();

 private:
  struct Entry {
    std::int64_t id;
    std::int64_t revision;
    Shared dispatch;
  };
  struct Shard {
    std::mutex mu;
    std::list<Entry> order;  // most recently used first
    std::unordered_map<std::int64_t, std::list<Entry>::iterator> by_id;
  };
  static constexpr std::size_t kPerShard = kDecodedArticles / kDecodedShards;
  Shard& shard_of(std::int64_t id) {
    return shards_[static_cast<std::uint64_t>(id) % kDecodedShards];
  }
  std::array<Shard, kDecodedShards> shards_;
};

}  // namespace depeche::store
