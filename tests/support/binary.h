#pragma once
// The depeche binary driven as an operator drives it: one-shot commands,
// and a server on a free port that can be stopped cleanly or killed.

#include <signal.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "support/process.h"

namespace depeche::testing {

struct CommandRun {
  int exit_code = -1;
  std::string out;
};

// `depeche ARGS…`, its standard input read from `stdin_file` when given.
inline CommandRun run_depeche(const std::vector<std::string>& args,
                              const std::string& stdin_file = {}) {
  std::vector<std::string> argv{DEPECHE_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  Child child(argv, stdin_file);
  CommandRun r;
  r.out = child.read_all(std::chrono::seconds(60));
  r.exit_code = child.wait(std::chrono::seconds(60)).value_or(-1);
  return r;
}

// `depeche serve --listen 127.0.0.1:0 ARGS…`, port read from its stdout.
class ServedBinary {
 public:
  explicit ServedBinary(const std::vector<std::string>& args) : child_(argv(args)) {
    static const std::regex kListening(R"(listening on http://127\.0\.0\.1:(\d+))");
    while (auto line = child_.read_line(std::chrono::seconds(20))) {
      std::smatch m;
      if (std::regex_match(*line, m, kListening)) {
        port_ = static_cast<unsigned short>(std::stoi(m[1]));
        break;
      }
    }
  }
  unsigned short port() const { return port_; }
  // SIGTERM: drains and exits; the exit code.
  std::optional<int> stop() {
    child_.signal(SIGTERM);
    return child_.wait(std::chrono::seconds(20));
  }
  // What the server printed on stdout after its "listening on" line, once it
  // has exited.
  std::string remaining_output() { return child_.read_all(std::chrono::seconds(2)); }
  // SIGKILL: no drain, no clean-up, as a crash or an OOM kill.
  void kill() {
    child_.signal(SIGKILL);
    child_.wait(std::chrono::seconds(20));
  }

 private:
  static std::vector<std::string> argv(const std::vector<std::string>& args) {
    std::vector<std::string> v{DEPECHE_BINARY, "serve", "--listen", "127.0.0.1:0"};
    v.insert(v.end(), args.begin(), args.end());
    return v;
  }
  Child child_;
  unsigned short port_ = 0;
};

}  // namespace depeche::testing
