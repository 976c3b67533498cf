#pragma once
// Asserts that pieces of text appear in a page in the given order, naming
// the first piece that is missing or out of place.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace depeche::testing {

inline ::testing::AssertionResult appear_in_order(std::string_view page,
                                                  const std::vector<std::string>& pieces) {
  std::size_t pos = 0;
  for (const auto& piece : pieces) {
    auto found = page.find(piece, pos);
    if (found == std::string_view::npos) {
      bool anywhere = page.find(piece) != std::string_view::npos;
      return ::testing::AssertionFailure()
             << "\"" << piece << "\" " << (anywhere ? "appears too early" : "is missing");
    }
    pos = found + piece.size();
  }
  return ::testing::AssertionSuccess();
}

inline std::size_t count_of(std::string_view page, std::string_view piece) {
  std::size_t n = 0;
  for (auto pos = page.find(piece); pos != std::string_view::npos;
       pos = page.find(piece, pos + piece.size())) {
    ++n;
  }
  return n;
}

}  // namespace depeche::testing
