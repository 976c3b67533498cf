#pragma once
// The operator's log: spdlog behind the core Log interface, built once by
// the composition root and passed by reference. Nothing here touches
// spdlog's global registry.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "app/config.h"
#include "core/log.h"
#include "core/result.h"

namespace spdlog {
class logger;
namespace details {
class thread_pool;
}
}  // namespace spdlog

namespace depeche::app {

// Lines queued for the writing thread; when full, request threads wait
// rather than lose lines.
inline constexpr std::size_t kLogQueueLines = 8192;
// How stale the file may be: info lines are written in batches this often
// (one write for many lines); warnings and errors at once.
inline constexpr std::chrono::milliseconds kLogFlushInterval{500};

// Writes "2026-11-23T10:00:00.123Z info <line>" lines (UTC; the levels
// read debug, info, warning, error) to stderr, or appended to a file, from
// a thread of its own so that request threads only queue them. Warnings
// and errors are flushed as they are written, other lines every
// kLogFlushInterval, so a crash loses at most that much of the access log.
// Destroying it writes what is queued first.
class OperatorLog final : public Log {
 public:
  // Fails (io) when the file cannot be opened for appending.
  static Result<std::unique_ptr<OperatorLog>> open(const LogSettings& settings);
  ~OperatorLog() override;

  bool enabled(LogLevel level) const override;
  void write(LogLevel level, std::string_view line) override;

 private:
  OperatorLog(std::shared_ptr<spdlog::details::thread_pool> pool,
              std::shared_ptr<spdlog::logger> logger, LogLevel level);
  std::shared_ptr<spdlog::details::thread_pool> pool_;
  std::shared_ptr<spdlog::logger> logger_;
  LogLevel level_;
  std::mutex mu_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace depeche::app
