#include "web/responses.h"

#include "web/errors.h"

namespace depeche::web {

namespace bh = http::beast_http;

http::Response html(const http::Request& req, bh::status status, std::string body) {
  auto res = http::make_response(req, status, std::move(body), kHtml);
  // The contrast preference changes the markup, so caches must key on it.
  res.set(bh::field::cache_control, "no-cache");
  res.set(bh::field::vary, "Cookie");
  return res;
}

http::Response json(const http::Request& req, bh::status status, const nlohmann::json& body) {
  auto res = http::make_response(
      req, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
  res.set(bh::field::cache_control, "no-cache");
  return res;
}

http::Response json_error(const http::Request& req, bh::status status, std::string_view code,
                          std::string_view message) {
  return api_error_response(req, static_cast<unsigned>(status), code, message);
}

Result<nlohmann::json> json_object(const http::Request& req, std::size_t limit) {
  auto type = req[bh::field::content_type];
  if (std::string_view(type.data(), type.size()).find("application/json") ==
      std::string_view::npos) {
    return make_error(ErrorCode::unsupported, "Content-Type must be application/json");
  }
  if (req.body().size() > limit) return make_error(ErrorCode::too_large, "body too large");
  auto j = nlohmann::json::parse(req.body(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return make_error(ErrorCode::invalid_input, "body is not a JSON object");
  return j;
}

std::string json_string(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void add_security_headers(http::Response& res) {
  res.set("Content-Security-Policy",
          boost::beast::string_view(kContentSecurityPolicy.data(), kContentSecurityPolicy.size()));
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

render::PageContext page_context(const http::Request& req) {
  render::PageContext ctx;
  ctx.high_contrast = http::cookie(req, kContrastCookie) == std::optional<std::string>("high");
  auto target = req.target();
  ctx.path = safe_return_path(std::string_view(target.data(), target.size()));
  return ctx;
}

std::string safe_return_path(std::string_view candidate) {
  if (candidate.empty() || candidate.front() != '/') return "/";
  if (candidate.size() > 1 && (candidate[1] == '/' || candidate[1] == '\\')) return "/";
  for (unsigned char c : candidate) {
    if (c < 0x20 || c == 0x7f || c == '\\') return "/";
  }
  return std::string(candidate);
}

}  // namespace depeche::web
