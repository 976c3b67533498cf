#include "app/logging.h"

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace depeche::app {
namespace {

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return spdlog::level::debug;
    case LogLevel::info:
      return spdlog::level::info;
    case LogLevel::warn:
      return spdlog::level::warn;
    case LogLevel::error:
      return spdlog::level::err;
    case LogLevel::off:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

}  // namespace

Result<std::unique_ptr<OperatorLog>> OperatorLog::open(const LogSettings& settings) {
  spdlog::sink_ptr sink;
  try {
    // spdlog reports a file it cannot open by throwing: it stops here.
    if (settings.file.empty()) {
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    } else {
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(settings.file.string());
    }
  } catch (const spdlog::spdlog_ex& e) {
    return make_error(ErrorCode::io, "cannot open the log file: " + std::string(e.what()));
  }
  sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ %l %v",
                                                                  spdlog::pattern_time_type::utc));
  auto pool = std::make_shared<spdlog::details::thread_pool>(kLogQueueLines, 1);
  auto logger = std::make_shared<spdlog::async_logger>("depeche", std::move(sink), pool,
                                                       spdlog::async_overflow_policy::block);
  logger->set_level(to_spdlog(settings.level));
  logger->flush_on(spdlog::level::warn);
  return std::unique_ptr<OperatorLog>(
      new OperatorLog(std::move(pool), std::move(logger), settings.level));
}

OperatorLog::OperatorLog(std::shared_ptr<spdlog::details::thread_pool> pool,
                         std::shared_ptr<spdlog::logger> logger, LogLevel level)
    : pool_(std::move(pool)), logger_(std::move(logger)), level_(level) {
  flusher_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stop_.wait_for(lock, kLogFlushInterval, [this] { return stopping_; })) {
      logger_->flush();
    }
  });
}

OperatorLog::~OperatorLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_.notify_one();
  flusher_.join();
  logger_->flush();
  // The logger goes first; the pool's thread then writes what is queued
  // and stops.
  logger_.reset();
  pool_.reset();
}

bool OperatorLog::enabled(LogLevel level) const {
  return level != LogLevel::off && level >= level_;
}

void OperatorLog::write(LogLevel level, std::string_view line) {
  logger_->log(to_spdlog(level), spdlog::string_view_t(line.data(), line.size()));
}

}  // namespace depeche::app
