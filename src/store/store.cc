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
