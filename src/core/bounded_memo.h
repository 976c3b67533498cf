#pragma once
// Results worth keeping between requests (a formatted date, a headline with
// French spacing): computing them again on every render cost more than the
// rest of the card around them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace depeche {

// A bounded, thread-safe map from Key to Value. It is split into
// independently locked parts chosen by the key's hash, so that threads
// rendering at once seldom wait for each other, and a part that is full is
// emptied rather than tracking use: what pages show now comes back within
// a render or two and is kept again at once. Hash and KeyEqual may be
// transparent (is_transparent), so that a std::string key can be looked up
// with a std::string_view.
template <class Key, class Value, class Hash = std::hash<Key>, class KeyEqual = std::equal_to<>>
class BoundedMemo {
 public:
  // At most about `capacity` entries in all.
  explicit BoundedMemo(std::size_t capacity)
      : per_part_(capacity / kParts > 0 ? capacity / kParts : 1) {}
  BoundedMemo(const BoundedMemo&) = delete;
  BoundedMemo& operator=(const BoundedMemo&) = delete;

  template <class K>
  std::optional<Value> find(const K& key) {
    Part& p = part_of(key);
    std::lock_guard lock(p.mu);
    auto it = p.values.find(key);
    if (it == p.values.end()) return std::nullopt;
    return it->second;
  }

  template <class K>
  void keep(const K& key, const Value& value) {
    Part& p = part_of(key);
    std::lock_guard lock(p.mu);
    if (p.values.size() >= per_part_) p.values.clear();
    p.values.try_emplace(Key(key), value);
  }

 private:
  static constexpr std::size_t kParts = 16;
  struct Part {
    std::mutex mu;
    std::unordered_map<Key, Value, Hash, KeyEqual> values;
  };
  template <class K>
  Part& part_of(const K& key) {
    // Mixed first (std::hash of an integer is the integer itself), then
    // the top bits: the map picks its buckets with the low ones.
    static_assert(kParts == 16);
    std::uint64_t mixed = static_cast<std::uint64_t>(Hash{}(key)) * 0x9E3779B97F4A7C15ull;
    return parts_[mixed >> 60];
  }

  std::size_t per_part_;
  std::array<Part, kParts> parts_;
};

}  // namespace depeche
