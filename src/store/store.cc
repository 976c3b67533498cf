#include "store/store.h"

#include <algorithm>
#include <charconv>

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

bool valid_lock_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-';
         });
}

std::string to_string(const ListCursor& c) {
  return std::to_string(c.published_at.time_since_epoch().count()) + "-" + std::to_string(c.id);
}

namespace {

// One number made only of ASCII digits, the whole of `text`.
std::optional<std::int64_t> digits(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<ListCursor> parse_list_cursor(std::string_view text) {
  // A time before 1970 would be written with a minus sign: "-86400-12".
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto seconds = digits(text.substr(0, dash));
  auto id = digits(text.substr(dash + 1));
  if (!seconds || !id || *id < 1) return std::nullopt;
  std::int64_t s = negative ? -*seconds : *seconds;
  return ListCursor{Timestamp{std::chrono::seconds{s}}, *id};
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
