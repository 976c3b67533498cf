#pragma once
// A fixed set of threads for work too heavy for an I/O thread (parsing a
// pushed dispatch, hashing a password, a search), with a bounded queue: when
// the queue is full, submitting fails at once, so the caller can answer
// "busy, retry later" instead of every reader waiting behind the backlog.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace depeche::http {

class WorkerPool {
 public:
  // Starts `threads` threads (at least one); at most `max_queued` jobs wait
  // for a free thread beyond those running.
  WorkerPool(int threads, std::size_t max_queued);
  // Runs no more queued jobs (they are destroyed unrun), waits for the
  // running ones to finish, and joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; false, with `job` untouched, when the queue is full or the
  // pool is stopping. Thread-safe. A job that throws loses the exception.
  bool try_submit(std::function<void()>& job);

  // Jobs waiting (not yet running). Thread-safe.
  std::size_t queued() const;

 private:
  void work();

  const std::size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace depeche::http
