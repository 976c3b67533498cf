#pragma once
// ICU formatters are not safe to share between threads, and cloning one for
// every call dominated page rendering. This keeps one clone per thread of
// each shared prototype and reuses it for every call on that thread.

#include <cstddef>
#include <memory>
#include <unordered_map>

namespace depeche::render {

inline constexpr std::size_t kMaxThreadClones = 512;  // per thread and type

// The calling thread's own copy of `prototype`, made with clone() the first
// time. A prototype that has been destroyed (its weak_ptr expired) is never
// mistaken for a new one at the same address.
template <class T>
T& thread_clone(const std::shared_ptr<const T>& prototype) {
  struct Entry {
    std::weak_ptr<const T> origin;
    std::unique_ptr<T> copy;
  };
  thread_local std::unordered_map<const T*, Entry> cache;
  auto found = cache.find(prototype.get());
  if (found != cache.end() && found->second.origin.lock() == prototype) {
    return *found->second.copy;
  }
  if (cache.size() >= kMaxThreadClones) {
    // Catalogues come and go in tests: forget the clones of dead ones.
    std::erase_if(cache, [](const auto& e) { return e.second.origin.expired(); });
  }
  Entry& e = cache[prototype.get()];
  e.origin = prototype;
  e.copy.reset(static_cast<T*>(prototype->clone()));
  return *e.copy;
}

}  // namespace depeche::render
