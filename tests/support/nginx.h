#pragma once
// Debian's nginx as the load balancer in front of several depeche nodes, as
// a site of several nodes is deployed: one process (no master, no daemon)
// on a free loopback port, its configuration, pid, log and temp files in a
// folder of the test's own, stopped by its own pid.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"

namespace depeche::testing {

// Where Debian installs nginx (the test command's CI installs the package).
inline const std::filesystem::path kNginxBinary = "/usr/sbin/nginx";
// How long nginx may take to answer its first request.
inline constexpr std::chrono::seconds kNginxStartDeadline{10};

// A loopback port free at the time of the call (bound to port 0, then
// released): for programs that cannot be told to pick one themselves.
inline unsigned short free_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  unsigned short port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

// `http_request` that answers nullopt when no connection could be made or
// the answer did not come: for polling a server that may not be up (yet).
inline std::optional<HttpResult> try_http_request(
    unsigned short port, boost::beast::http::verb method, const std::string& target,
    const std::string& body = {},
    const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  try {
    return http_request(port, method, target, body, headers);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

inline std::optional<HttpResult> try_http_get(unsigned short port, const std::string& target) {
  return try_http_request(port, boost::beast::http::verb::get, target);
}

// nginx balancing round-robin between `upstream_ports` on 127.0.0.1. A
// node that refuses connections (stopped) is skipped for two seconds and
// its requests go to the next node, as proxy_next_upstream says.
class Nginx {
 public:
  // Writes the configuration into `dir` (created when missing), starts
  // nginx and waits until it answers. port() is 0 when it did not.
  Nginx(const std::filesystem::path& dir, const std::vector<unsigned short>& upstream_ports)
      : port_(free_loopback_port()) {
    std::filesystem::create_directories(dir);
    std::filesystem::path conf = dir / "nginx.conf";
    std::ofstream(conf) << configuration(dir, upstream_ports, port_);
    child_.emplace(std::vector<std::string>{kNginxBinary.string(), "-p", dir.string() + "/", "-c",
                                            conf.string(), "-e", (dir / "error.log").string()});
    if (!wait_until_answering()) port_ = 0;
  }
  ~Nginx() {
    if (child_) {
      child_->signal(SIGQUIT);  // graceful: a request in flight finishes
      if (!child_->wait(std::chrono::seconds(5))) child_.reset();  // SIGKILL
    }
  }
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  unsigned short port() const { return port_; }

 private:
  static std::string configuration(const std::filesystem::path& dir,
                                   const std::vector<unsigned short>& upstream_ports,
                                   unsigned short port) {
    std::string d = dir.string();
    std::string c =
        "daemon off;\nmaster_process off;\nworker_processes 1;\n"
        "pid " +
        d + "/nginx.pid;\nerror_log " + d +
        "/error.log warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "  access_log off;\n"
        "  client_body_temp_path " +
        d +
        "/client_body;\n"
        "  proxy_temp_path " +
        d +
        "/proxy;\n"
        "  fastcgi_temp_path " +
        d +
        "/fastcgi;\n"
        "  uwsgi_temp_path " +
        d +
        "/uwsgi;\n"
        "  scgi_temp_path " +
        d +
        "/scgi;\n"
        "  upstream depeche {\n";
    for (auto p : upstream_ports) {
      c += "    server 127.0.0.1:" + std::to_string(p) + " max_fails=1 fail_timeout=2s;\n";
    }
    c += "  }\n"
         "  server {\n"
         "    listen 127.0.0.1:" +
         std::to_string(port) +
         ";\n"
         "    client_max_body_size 16m;\n"
         "    location / {\n"
         "      proxy_pass http://depeche;\n"
         "      proxy_http_version 1.1;\n"
         "      proxy_set_header Host $host;\n"
         "      proxy_set_header Connection \"\";\n"
         "      proxy_connect_timeout 1s;\n"
         "      proxy_read_timeout 10s;\n"
         "      proxy_next_upstream error timeout http_502;\n"
         "    }\n"
         "  }\n"
         "}\n";
    return c;
  }

  bool wait_until_answering() {
    if (port_ == 0 || !child_->started()) return false;
    auto end = std::chrono::steady_clock::now() + kNginxStartDeadline;
    while (std::chrono::steady_clock::now() < end) {
      if (auto r = try_http_get(port_, "/healthz"); r && r->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  unsigned short port_;
  std::optional<Child> child_;
};

}  // namespace depeche::testing
