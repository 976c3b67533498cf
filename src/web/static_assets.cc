#include "web/static_assets.h"

#include "assets/assets.h"
#include "core/text.h"
#include "http/compression.h"
#include "http/static_files.h"

namespace depeche::web {
namespace {

namespace bh = http::beast_http;

boost::beast::string_view bsv(std::string_view s) {
  return {s.data(), s.size()};
}

// Text compresses; pictures and fonts are compressed already.
bool worth_compressing(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.starts_with("image/svg") ||
         content_type.starts_with("application/json") || content_type == "image/x-icon";
}

}  // namespace

StaticAssets::StaticAssets() {
  for (const auto& a : assets::all()) {
    if (!a.path.starts_with("static/")) continue;
    Coded c;
    c.etag = "\"" + fnv1a_hex(a.bytes) + "\"";
    if (worth_compressing(http::content_type_for(a.path))) {
      for (auto coding : {http::Coding::gzip, http::Coding::brotli}) {
        std::string out = http::compress(a.bytes, coding);
        if (out.size() < a.bytes.size()) {
          (coding == http::Coding::gzip ? c.gzip : c.brotli) = std::move(out);
        }
      }
    }
    files_.emplace(std::string(a.path), std::move(c));
  }
}

std::optional<http::Response> StaticAssets::serve(const http::Request& req,
                                                  std::string_view requested) const {
  auto file = assets::find_static(requested);
  if (!file) return std::nullopt;
  auto coded = files_.find(file->path);
  if (coded == files_.end()) return std::nullopt;
  const Coded& c = coded->second;

  auto accept = req[bh::field::accept_encoding];
  http::Coding coding =
      http::preferred_coding({accept.data(), accept.size()}, !c.brotli.empty(), !c.gzip.empty());
  const std::string_view body = coding == http::Coding::brotli ? std::string_view(c.brotli)
                                : coding == http::Coding::gzip ? std::string_view(c.gzip)
                                                               : file->bytes;
  std::string etag = c.etag;
  if (coding != http::Coding::identity) {
    etag.insert(etag.size() - 1, coding == http::Coding::brotli ? "-br" : "-gz");
  }

  http::Response res{bh::status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  res.set(bh::field::etag, etag);
  res.set(bh::field::cache_control,
          bsv(file->fingerprinted ? kImmutableCacheControl : kStaticCacheControl));
  res.set(bh::field::vary, "Accept-Encoding");
  auto inm = req[bh::field::if_none_match];
  if (http::none_match_hits({inm.data(), inm.size()}, etag)) {
    res.result(bh::status::not_modified);
    return res;
  }
  res.set(bh::field::content_type, bsv(http::content_type_for(file->path)));
  if (coding != http::Coding::identity) {
    res.set(bh::field::content_encoding, bsv(http::content_encoding(coding)));
  }
  res.body() = std::string(body);
  res.content_length(body.size());
  return res;
}

}  // namespace depeche::web
