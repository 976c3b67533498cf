#pragma once
// A fixed-size pool of PostgreSQL connections, like store/sqlite/pool.h. Each
// connection serves one thread at a time; a Lease hands one out and gives it
// back when destroyed. A connection found broken is closed on return and a
// new one opened when next needed, so a server restart costs the requests
// in flight, not the node.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "store/postgres/connection.h"

namespace depeche::store::postgres {

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

  // Opens up to `size` connections lazily; the first is opened here so that
  // a wrong address or password fails at start.
  static Result<std::unique_ptr<Pool>> create(std::string conninfo, int size);
  // Waits for a free connection, opening a new one while below the size.
  Result<Lease> acquire();
  // How many transactions the pool's connections have committed so far.
  std::uint64_t commits() const { return commits_.load(std::memory_order_acquire); }
  // Counts a commit made elsewhere (another node, told by a notification),
  // so that whoever watches commits() reads the change sequence.
  void note_commit() { commits_.fetch_add(1, std::memory_order_acq_rel); }
  const std::string& conninfo() const { return conninfo_; }
  // Whether server process `pid` serves one of this pool's connections:
  // a notification it sent is a commit already counted here.
  bool is_own(int pid) const;
  int size() const { return size_; }

 private:
  Pool(std::string conninfo, int size) : conninfo_(std::move(conninfo)), size_(size) {}
  void give_back(std::unique_ptr<Connection> c);

  std::string conninfo_;
  int size_;
  int opened_ = 0;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::set<int> own_pids_;  // guarded by mu_
  mutable std::mutex mu_;
  std::condition_variable available_;
  std::atomic<std::uint64_t> commits_{0};
};

}  // namespace depeche::store::postgres
