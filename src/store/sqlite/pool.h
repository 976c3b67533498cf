#pragma once
// A fixed-size pool of SQLite connections. Each connection serves one thread
// at a time; a Lease hands one out and gives it back when destroyed.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"

namespace depeche::store::sqlite {

class Pool {
 public:
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(&pool), conn_(std::move(c)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->give_back(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Opens up to `size` connections lazily; the first is opened here so that a
  // bad path fails at start.
  static Result<std::unique_ptr<Pool>> create(std::string path, int size);
  // Waits for a free connection, opening a new one while below the size.
  Result<Lease> acquire();
  // How many transactions the pool's connections have committed so far;
  // grows after each commit becomes visible (Connection::count_commits).
  std::uint64_t commits() const { return commits_.load(std::memory_order_acquire); }
  // A connection for start-up work such as migrations.
  Result<Lease> acquire_first() { return acquire(); }

 private:
  Pool(std::string path, int size) : path_(std::move(path)), size_(size) {}
  void give_back(std::unique_ptr<Connection> c);

  std::string path_;
  int size_;
  int opened_ = 0;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::mutex mu_;
  std::condition_variable available_;
  std::atomic<std::uint64_t> commits_{0};
};

}  // namespace depeche::store::sqlite
