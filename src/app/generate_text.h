#pragma once
// The words of `depeche generate`: dispatches, comments and pseudonyms made
// from app/generate_words.h by one seeded random sequence, so that the same
// seed and the same calls in the same order give the same text.

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

#include "core/dispatch.h"

namespace depeche::app {

// Share of dispatches the wire withdraws (kills) after sending them.
inline constexpr double kWithdrawnShare = 0.01;

class TextMaker {
 public:
  explicit TextMaker(std::uint64_t seed);

  // Dispatch number `index` (guid "urn:depeche:generated:SEED:INDEX"),
  // first sent at `at`: a headline, dateline, four to eight paragraphs on
  // one topic, its IPTC subjects, one or two reporters; withdrawn by the
  // wire for about kWithdrawnShare of them.
  Dispatch dispatch(std::int64_t index, Timestamp at);
  // A reader's comment, one to three sentences.
  std::string comment();
  // Reader number `i`'s pseudonym, unique per `i` ("CamilleDurand12").
  std::string pseudonym(std::int64_t i) const;
  // A random duration in [0, step).
  std::chrono::seconds within(std::chrono::seconds step);

 private:
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  template <class Span>
  auto one(const Span& s) {
    return s[pick(s.size())];
  }
  std::string sentence(std::size_t topic, std::string_view place);

  std::uint64_t seed_;
  std::mt19937_64 rng_;
  std::size_t last_topic_ = 0;
};

}  // namespace depeche::app
