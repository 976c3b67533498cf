#pragma once
// Reading test inputs: the shared corpus beside the repository and the
// project's own fixtures.

#include <fstream>
#include <sstream>
#include <string>

namespace depeche::testing {

// The corpus folder ("…/shared/corpus/") that CI places beside the checkout.
inline std::string corpus_dir() {
  return std::string(DEPECHE_SHARED_DIR) + "/corpus/";
}

// The whole file, or "" when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace depeche::testing

namespace depeche::testing {

inline bool corpus_present() {
  std::ifstream probe(corpus_dir() + "SOURCES.md");
  return probe.good();
}

}  // namespace depeche::testing

// Skips (and says why) a test that reads the shared corpus when it is absent.
#define DEPECHE_REQUIRE_CORPUS()                                                              \
  do {                                                                                        \
    if (!depeche::testing::corpus_present()) GTEST_SKIP() << "shared corpus absent: skipped"; \
  } while (0)
