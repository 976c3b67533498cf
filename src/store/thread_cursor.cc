// The cursor that pages a comment thread, as links and the API carry it.

#include <charconv>

#include "store/comments.h"

namespace depeche::store {
namespace {

// Two 64-bit integers and a dot: anything longer is not a cursor.
constexpr std::size_t kMaxCursorChars = 41;

std::optional<std::int64_t> integer(std::string_view s) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

}  // namespace

std::string to_string(const ThreadCursor& c) {
  return std::to_string(c.created_at.time_since_epoch().count()) + "." + std::to_string(c.id);
}

std::optional<ThreadCursor> thread_cursor_from_string(std::string_view s) {
  if (s.size() > kMaxCursorChars) return std::nullopt;
  auto dot = s.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto seconds = integer(s.substr(0, dot));
  auto id = integer(s.substr(dot + 1));
  if (!seconds || !id || *id < 0) return std::nullopt;
  return ThreadCursor{Timestamp{std::chrono::seconds{*seconds}}, *id};
}

ThreadCursor cursor_before(const Comment& top, ThreadOrder order) {
  // Ids are integers: the position one id before `top` (in the page's
  // order) at the same time is after every comment that precedes it.
  return {top.created_at, order == ThreadOrder::oldest_first ? top.id - 1 : top.id + 1};
}

}  // namespace depeche::store
