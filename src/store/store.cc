#include "store/store.h"

namespace depeche::store {

const char* to_string(ArticleStatus s) {
  switch (s) {
    case ArticleStatus::published:
      return "published";
    case ArticleStatus::withdrawn:
      return "withdrawn";
  }
  return "published";
}

}  // namespace depeche::store

namespace depeche::store {

const char* to_string(Role r) {
  switch (r) {
    case Role::reader:
      return "reader";
    case Role::moderator:
      return "moderator";
    case Role::admin:
      return "admin";
  }
  return "reader";
}

std::optional<Role> role_from_string(std::string_view s) {
  if (s == "reader") return Role::reader;
  if (s == "moderator") return Role::moderator;
  if (s == "admin") return Role::admin;
  return std::nullopt;
}

}  // namespace depeche::store

namespace depeche::store {

const char* to_string(CommentStatus s) {
  switch (s) {
    case CommentStatus::published:
      return "published";
    case CommentStatus::pending:
      return "pending";
    case CommentStatus::hidden:
      return "hidden";
    case CommentStatus::rejected:
      return "rejected";
    case CommentStatus::deleted:
      return "deleted";
  }
  return "pending";
}

std::optional<CommentStatus> comment_status_from_string(std::string_view s) {
  for (auto c : {CommentStatus::published, CommentStatus::pending, CommentStatus::hidden,
                 CommentStatus::rejected, CommentStatus::deleted}) {
    if (s == to_string(c)) return c;
  }
  return std::nullopt;
}

}  // namespace depeche::store
