#include "store/sqlite/pool.h"

namespace depeche::store::sqlite {

Result<std::unique_ptr<Pool>> Pool::create(std::string path, int size) {
  std::unique_ptr<Pool> pool(new Pool(std::move(path), size));
  auto first = DEPECHE_TRY(Connection::open(pool->path_));
  first->count_commits(&pool->commits_);
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
      auto c = Connection::open(path_);
      if (!c) {
        std::lock_guard relock(mu_);
        --opened_;
        return std::move(c).error();
      }
      (*c)->count_commits(&commits_);
      return Lease(*this, std::move(c).value());
    }
    available_.wait(lock);
  }
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
  }
  available_.notify_one();
}

}  // namespace depeche::store::sqlite
