#pragma once
// A task run on its own thread at once and then every `interval`, until
// the Periodic is destroyed: housekeeping beside the server (forgetting
// expired sessions, say). The task must not throw; what it reports is its
// own business (a log line).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace depeche {

class Periodic {
 public:
  Periodic(std::chrono::milliseconds interval, std::function<void()> task);
  // Stops and joins: a run in progress finishes first, no new one starts.
  ~Periodic();
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

 private:
  std::chrono::milliseconds interval_;
  std::function<void()> task_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;     // last: starts once the rest is built
};

}  // namespace depeche
