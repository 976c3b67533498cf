#include "store/postgres/pool.h"

namespace depeche::store::postgres {

Result<std::unique_ptr<Pool>> Pool::create(std::string conninfo, int size) {
  if (size < 1) return make_error(ErrorCode::invalid_input, "pool size must be at least 1");
  std::unique_ptr<Pool> pool(new Pool(std::move(conninfo), size));
  auto first = DEPECHE_TRY(Connection::open(pool->conninfo_));
  first->count_commits(&pool->commits_);
  pool->own_pids_.insert(first->backend_pid());
  pool->opened_ = 1;
  pool->idle_.push_back(std::move(first));
  return pool;
}

Result<Pool::Lease> Pool::acquire() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
    if (opened_ < size_) {
      ++opened_;
      lock.unlock();
      auto c = Connection::open(conninfo_);
      if (!c) {
        {
          std::lock_guard relock(mu_);
          --opened_;
        }
        available_.notify_one();
        return std::move(c).error();
      }
      (*c)->count_commits(&commits_);
      {
        std::lock_guard relock(mu_);
        own_pids_.insert((*c)->backend_pid());
      }
      return Lease(*this, std::move(c).value());
    }
    available_.wait(lock);
  }
}

bool Pool::is_own(int pid) const {
  std::lock_guard lock(mu_);
  return own_pids_.count(pid) > 0;
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  // A connection left inside a transaction (a caller's bug, or a COMMIT
  // that never got its answer) would hand the next user someone else's
  // half-done work: roll it back, and drop the connection if that fails.
  int pid = c->backend_pid();
  if (c->healthy() && c->in_transaction() && !c->exec("ROLLBACK")) c.reset();
  bool keep = c && c->healthy();
  {
    std::lock_guard lock(mu_);
    if (keep) {
      idle_.push_back(std::move(c));
    } else {
      --opened_;
      // The system may give the pid to another node's server process.
      own_pids_.erase(pid);
    }
  }
  c.reset();
  available_.notify_one();
}

}  // namespace depeche::store::postgres
