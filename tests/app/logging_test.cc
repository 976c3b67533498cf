// The operator's log: one access line per request with its request id,
// levels from the configuration, and stdout left to the contracts.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "support/binary.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using namespace std::chrono_literals;
using testing::http_get;
using testing::ServedBinary;

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream all;
  all << in.rdbuf();
  return all.str();
}

class OperatorLogTest : public ::testing::Test {
 protected:
  void configure(const std::string& level) {
    std::ofstream(config_) << "[log]\nlevel = \"" << level << "\"\nfile = \"" << log_.string()
                           << "\"\n";
  }
  std::vector<std::string> args() const {
    return {"--data", data_.path().string(), "--config", config_.string()};
  }
  testing::TempDir data_, files_;
  std::filesystem::path config_ = files_.path() / "depeche.toml";
  std::filesystem::path log_ = files_.path() / "depeche.log";
};

TEST_F(OperatorLogTest, EachRequestGetsAnAccessLineWithItsRequestId) {
  configure("info");
  ServedBinary server(args());
  ASSERT_NE(server.port(), 0);
  auto health = http_get(server.port(), "/healthz");
  auto missing = http_get(server.port(), "/nulle-part?jeton=secret");
  ASSERT_EQ(health.status, 200u);
  ASSERT_EQ(missing.status, 404u);
  std::string id = health.header("X-Request-Id");
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{8}"))) << id;
  EXPECT_NE(missing.header("X-Request-Id"), id);
  EXPECT_EQ(server.stop(), std::optional<int>(0));
  EXPECT_EQ(server.remaining_output(), "") << "stdout is left to the contracts";

  std::string log = read_file(log_);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      log, m,
      std::regex(R"((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) info access peer=127\.0\.0\.1 )"
                 R"(method=GET path=/healthz status=200 bytes=(\d+) ms=(\d+\.\d{3}) id=)" +
                 id + "\n")))
      << log;
  EXPECT_EQ(std::stoul(m[2]), health.body.size());
  EXPECT_LT(std::stod(m[3]), 10000.0);
  EXPECT_NE(log.find("method=GET path=/nulle-part status=404 bytes="), std::string::npos) << log;
  EXPECT_EQ(log.find("secret"), std::string::npos) << "queries stay out of the log";
  EXPECT_NE(log.find(" info serving "), std::string::npos) << log;
}

TEST_F(OperatorLogTest, WarnLevelKeepsWarningsAndDropsInfoLines) {
  configure("warn");
  ServedBinary server(args());
  ASSERT_NE(server.port(), 0);
  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200u);
  std::ofstream(data_.path() / "inbox" / "broken.xml") << "<newsMessage><itemSet>";
  auto end = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < end &&
         !std::filesystem::exists(data_.path() / "failed" / "broken.xml.reason")) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(server.stop(), std::optional<int>(0));
  std::string log = read_file(log_);
  EXPECT_NE(log.find(" warning inbox: rejected "), std::string::npos) << log;
  EXPECT_EQ(log.find(" info "), std::string::npos) << log;
  EXPECT_EQ(log.find("access"), std::string::npos) << log;
}

}  // namespace
}  // namespace depeche
