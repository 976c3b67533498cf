// Bytes from a client socket, read the way the server reads them (Beast's
// request parser with the server's header and body limits, pipelined
// requests one after the other), then routed through a table shaped like
// the site's, whose handlers use every request helper of http/types.h.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/router.h"
#include "http/server.h"
#include "http/types.h"

namespace {

using namespace depeche::http;
using beast_http::verb;

// More requests in one input add nothing the fuzzer cannot find with fewer.
constexpr int kMaxRequestsPerInput = 4;

std::string_view view(boost::beast::string_view s) {
  return {s.data(), s.size()};
}

// What the site's handlers do with a request before their one service call.
Response use_helpers(const Request& req, const Params& params) {
  std::string_view target = view(req.target());
  std::string body(path_of(target));
  for (const auto& [name, value] : params) body += name + "=" + value + "\n";
  for (std::string_view name : {"q", "page", "retour", "tri", "cursor", "limit"}) {
    if (auto value = query_param(target, name)) body += *value;
  }
  for (const auto& [name, value] : parse_form(req.body())) body += name + value;
  for (std::string_view name : {"session", "csrf", "contrast"}) {
    if (auto value = cookie(req, name)) body += *value;
  }
  body += percent_decode(target, /*plus_is_space=*/false);
  // A redirect to a reader-supplied place must never split the header.
  Response moved =
      redirect(req, beast_http::status::see_other, query_param(target, "retour").value_or("/"));
  if (view(moved[beast_http::field::location]).find_first_of("\r\n") != std::string_view::npos) {
    std::abort();
  }
  return make_response(req, beast_http::status::ok, std::move(body), "text/plain; charset=utf-8");
}

Router make_router() {
  Router router;
  for (std::string_view pattern :
       {"/", "/articles/{ref}", "/static/{*path}", "/media/{*path}", "/recherche", "/flux.rss",
        "/commentaires/{id}/signaler", "/moderation/utilisateurs/{id}", "/compte",
        "/compte/commentaires.json", "/connexion", "/api/v1/articles", "/api/v1/articles/{id}",
        "/api/v1/articles/{id}/versions", "/api/v1/search"}) {
    router.add(verb::get, pattern, use_helpers);
  }
  for (std::string_view pattern :
       {"/preferences/contrast", "/articles/{id}/commentaires", "/commentaires/{id}/modifier",
        "/moderation/commentaires/{id}", "/connexion", "/api/v1/ingest", "/api/v1/session"}) {
    router.add(verb::post, pattern, use_helpers);
  }
  router.add(verb::patch, "/api/v1/comments/{id}", use_helpers);
  router.add(verb::delete_, "/api/v1/comments/{id}", use_helpers);
  router.add(verb::put, "/api/v1/moderation/users/{id}/ban", use_helpers);
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Built once, as the server builds its router once; handle() is const.
  static const Router router = make_router();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (int n = 0; n < kMaxRequestsPerInput && !input.empty(); ++n) {
    beast_http::request_parser<beast_http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(kMaxHeaderBytes));
    parser.body_limit(kMaxBodyBytes);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!input.empty() && !parser.is_done()) {
      std::size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
      input.remove_prefix(used);
      if (ec || used == 0) break;
    }
    // The client went away: what was read may still end a request (a body
    // up to the end of the connection).
    if (!parser.is_done() && ec == beast_http::error::need_more) {
      ec = {};
      parser.put_eof(ec);
    }
    if (ec || !parser.is_done()) return 0;
    Request req = parser.release();
    // As the server does: handlers may trust this header.
    req.set(boost::beast::string_view(kPeerHeader.data(), kPeerHeader.size()), "203.0.113.7");
    router.handle(req);
  }
  return 0;
}
