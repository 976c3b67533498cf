#include "core/periodic.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace depeche {
namespace {

using namespace std::chrono_literals;

// Waits up to `limit` for `done`; the task runs on another thread.
template <class Done>
bool eventually(Done done, std::chrono::milliseconds limit = 5s) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(Periodic, RunsAtOnceThenAgainEachInterval) {
  std::atomic<int> runs = 0;
  Periodic p(10ms, [&] { ++runs; });
  EXPECT_TRUE(eventually([&] { return runs >= 3; })) << runs;
}

TEST(Periodic, StopsWithoutWaitingForTheNextRun) {
  std::atomic<int> runs = 0;
  auto start = std::chrono::steady_clock::now();
  {
    Periodic p(1h, [&] { ++runs; });
    ASSERT_TRUE(eventually([&] { return runs == 1; }));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s) << "an hour's wait cut short";
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace depeche
