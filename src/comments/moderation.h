#pragma once
// Front door of moderation: the queues a moderator works through, the
// decisions (each recorded with who, when and why, and the reason shown to
// the author), bans and suspensions, and closing a thread.
//
// Failure codes (message): not_found, reason_required (invalid_input),
// not_moderator (forbidden).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace depeche::comments {

inline constexpr int kQueueSize = 50;
inline constexpr std::size_t kMaxDecisionReasonChars = 1000;

// A comment waiting for a moderator, in context.
struct QueueItem {
  store::Comment comment;
  std::optional<store::Article> article;
  std::optional<store::Comment> parent;  // what it answers, for replies
  std::vector<store::Report> reports;
};

struct Queues {
  std::vector<QueueItem> reported;  // open reports, hidden or still shown
  std::vector<QueueItem> pending;   // held before publication
  std::vector<store::Decision> recent;
};

class Moderation {
 public:
  Moderation(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Every call checks that `moderator` is a moderator or an admin.
  Result<Queues> queues(const store::User& moderator, int limit = kQueueSize);
  // Publishes a held or hidden comment; its open reports are dismissed.
  Status approve(const store::User& moderator, std::int64_t comment_id, std::string_view reason);
  // Refuses a comment; `reason` is required and shown to its author. Its
  // open reports are upheld.
  Status reject(const store::User& moderator, std::int64_t comment_id, std::string_view reason);
  // Suspends `user_id` for `duration`, or bans them for good (nullopt).
  Status ban(const store::User& moderator, std::int64_t user_id,
             std::optional<std::chrono::seconds> duration, std::string_view reason);
  Status unban(const store::User& moderator, std::int64_t user_id, std::string_view reason);
  Status set_closed(const store::User& moderator, std::int64_t article_id, bool closed,
                    std::string_view reason);
  // The sanction in force on a reader, if any.
  Result<std::optional<store::Ban>> active_ban(std::int64_t user_id) {
    return store_.comments().active_ban(user_id, clock_.now());
  }
  // The decisions about one reader and their comments, newest first.
  Result<std::vector<store::Decision>> history(const store::User& moderator, std::int64_t user_id);

 private:
  Status decide(const store::User& moderator, std::int64_t comment_id, bool approve,
                std::string_view reason);
  Result<QueueItem> in_context(store::Comment c);

  store::Store& store_;
  const Clock& clock_;
};

bool is_moderator(const store::User& u);

}  // namespace depeche::comments
