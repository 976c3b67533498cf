// Agency documents that once broke ingest, found by the fuzz targets.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "ingest/encoding.h"
#include "ingest/parse.h"

namespace depeche::ingest {
namespace {

using namespace std::string_literals;

// fuzz target encoding: a UTF-8 BOM was taken at its word, so invalid bytes
// after it went on to the parsers, the store and the JSON API.
TEST(IngestRegressions, Utf8BomFollowedByInvalidBytesIsRefused) {
  const std::string doc =
      "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n"
      "<nitf><head><title>Caf\xA6</title></head><body><body.head><hedline><hl1>Caf\xA6</hl1>"
      "</hedline></body.head><body.content><p>Texte \xC3</p></body.content></body></nitf>"s;
  auto items = parse_document(doc);
  ASSERT_FALSE(items.ok());
  EXPECT_EQ(items.error().code, ErrorCode::invalid_input);
  EXPECT_FALSE(to_utf8("\xEF\xBB\xBF<a>\xA6</a>").ok());
}

TEST(IngestRegressions, Utf8BomFollowedByValidUtf8IsStillRead) {
  auto utf8 = to_utf8("\xEF\xBB\xBF  <a>caf\xC3\xA9</a>");
  ASSERT_TRUE(utf8.ok());
  EXPECT_EQ(*utf8, "<a>caf\xC3\xA9</a>");
}

}  // namespace
}  // namespace depeche::ingest
