#pragma once
// The site's own static files (styles, script, icons), compressed once at
// start and served under fingerprinted names with `immutable`: a reader's
// browser fetches each release of a file once.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/types.h"

namespace depeche::web {

// A fingerprinted name never changes its bytes: a year, and no revalidation.
inline constexpr std::string_view kImmutableCacheControl = "public, max-age=31536000, immutable";
// A plain name ("/static/site.css", or another release's fingerprint) may
// change with the next release.
inline constexpr std::string_view kStaticCacheControl = "public, max-age=3600";

class StaticAssets {
 public:
  // Reads and compresses every embedded file under static/.
  StaticAssets();
  // The file `requested` names under /static/, in the best coding the
  // client accepts, with a strong ETag (304 when it matches); nullopt when
  // there is no such file.
  std::optional<http::Response> serve(const http::Request& req, std::string_view requested) const;

 private:
  struct Coded {
    std::string etag;  // quoted, of the identity bytes
    std::string gzip, brotli;  // empty when compressing does not pay
  };
  std::map<std::string, Coded, std::less<>> files_;  // by asset path ("static/site.css")
};

}  // namespace depeche::web
