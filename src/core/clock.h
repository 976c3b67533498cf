#pragma once
// The clock is injected so that tests can fix "now" (embargoes, "year shown
// when not the current one", sessions).

#include <chrono>

#include "core/dispatch.h"

namespace depeche {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that says what the test tells it to.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp t) : t_(t) {}
  Timestamp now() const override { return t_; }
  void set(Timestamp t) { t_ = t; }
  void advance(std::chrono::seconds by) { t_ += by; }

 private:
  Timestamp t_;
};

}  // namespace depeche
