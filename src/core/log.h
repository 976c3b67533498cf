#pragma once
// Where a library reports what an operator should see: an interface, so
// that libraries never reach a global logger. The composition root (app/)
// backs it with spdlog; tests pass their own.

#include <optional>
#include <string_view>

namespace depeche {

enum class LogLevel { debug, info, warn, error, off };

inline std::optional<LogLevel> log_level_from_string(std::string_view s) {
  if (s == "debug") return LogLevel::debug;
  if (s == "info") return LogLevel::info;
  if (s == "warn") return LogLevel::warn;
  if (s == "error") return LogLevel::error;
  if (s == "off") return LogLevel::off;
  return std::nullopt;
}

class Log {
 public:
  virtual ~Log() = default;
  // Whether a line at `level` would be written: callers skip building lines
  // nobody reads. Cheap and thread-safe.
  virtual bool enabled(LogLevel level) const = 0;
  // Writes one line (no trailing newline) stamped with the time and level.
  // Thread-safe; lines from different threads never interleave.
  virtual void write(LogLevel level, std::string_view line) = 0;
};

}  // namespace depeche
