#include "web/errors.h"

#include <algorithm>
#include <initializer_list>

#include "web/responses.h"

namespace depeche::web {
namespace bh = http::beast_http;

namespace {

// A reason given by the domain as one lower-case word ("edit_window").
bool is_reason_word(std::string_view s) {
  return !s.empty() && s.size() <= 40 && s.front() >= 'a' && s.front() <= 'z' &&
         std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'); });
}

// Which input a reason is about, for the `field` member.
std::string_view field_of(std::string_view reason) {
  for (std::string_view field : {"email", "name", "password"}) {
    if (reason.starts_with(field) && reason.size() > field.size() && reason[field.size()] == '_') {
      return field;
    }
  }
  if (reason == "empty" || reason == "banned_words") return "text";
  if (reason == "reason_unknown") return "reason";
  if (reason == "law_required") return "law";
  return {};
}

std::string catalogue_text(const render::Catalogue& m, std::string_view reason, const Error& e) {
  for (const char* prefix : {"comment_error_", "account_error_", "moderation_error_"}) {
    std::string key = prefix + std::string(reason);
    if (!m.has(key)) continue;
    std::int64_t seconds = std::max<std::int64_t>(1, e.retry_after.count());
    return m.format(key, {render::arg("seconds", seconds),
                          render::arg("minutes", std::max<std::int64_t>(1, (seconds + 59) / 60))});
  }
  return {};
}

}  // namespace

unsigned http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input:
      return 400;
    case ErrorCode::unauthorized:
      return 401;
    case ErrorCode::forbidden:
      return 403;
    case ErrorCode::rate_limited:
      return 429;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::gone:
      return 410;
    case ErrorCode::too_large:
      return 413;
    case ErrorCode::unsupported:
      return 415;
    case ErrorCode::io:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

http::Response api_error_response(const http::Request& req, unsigned status, std::string_view code,
                                  std::string_view message, std::string_view field) {
  nlohmann::json error = {{"code", std::string(code)}, {"message", std::string(message)}};
  if (!field.empty()) error["field"] = std::string(field);
  return json(req, static_cast<bh::status>(status), {{"error", std::move(error)}});
}

http::Response api_error_response(const http::Request& req, const Error& e,
                                  const render::Catalogue& messages, std::string_view field) {
  bool reason = is_reason_word(e.message);
  std::string code = reason ? e.message : to_string(e.code);
  std::string message = reason ? catalogue_text(messages, e.message, e) : e.message;
  // Internal failures keep their detail for the logs, not for clients.
  if (e.code == ErrorCode::internal || e.code == ErrorCode::io) message.clear();
  if (message.empty()) message = std::string(status_code_name(http_status(e.code)));
  std::replace(message.begin(), message.end(), '_', ' ');
  auto res = api_error_response(req, http_status(e.code), code, message,
                                !field.empty() ? field
                                : reason       ? field_of(e.message)
                                               : std::string_view{});
  if (e.code == ErrorCode::rate_limited) {
    res.set(bh::field::retry_after, std::to_string(std::max<std::int64_t>(1, e.retry_after.count())));
  }
  return res;
}

render::FormErrors form_errors(const Error& e, FieldErrors fields) {
  render::FormErrors errors;
  if (!fields.empty()) {
    errors.fields = std::move(fields);
    return errors;
  }
  errors.form_code = e.message;
  if (e.code == ErrorCode::rate_limited) errors.retry_after = e.retry_after;
  return errors;
}

std::string_view status_code_name(unsigned status) {
  switch (status) {
    case 400: return "invalid_input";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 410: return "gone";
    case 413: return "too_large";
    case 415: return "unsupported";
    case 422: return "rejected";
    case 429: return "rate_limited";
    case 431: return "header_too_large";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "invalid_input";
  }
}

void shape_api_error(const http::Request& req, http::Response& res) {
  unsigned status = res.result_int();
  if (status < 400) return;
  auto target = req.target();
  if (!std::string_view(target.data(), target.size()).starts_with("/api/")) return;
  auto type = res[bh::field::content_type];
  if (std::string_view(type.data(), type.size()).starts_with(kJson)) return;
  std::string_view name = status_code_name(status);
  std::string message(name);
  std::replace(message.begin(), message.end(), '_', ' ');
  http::Response shaped = api_error_response(req, status, name, message);
  for (auto field : {bh::field::allow, bh::field::retry_after, bh::field::www_authenticate}) {
    auto value = res[field];
    if (!value.empty()) shaped.set(field, value);
  }
  shaped.keep_alive(res.keep_alive());
  res = std::move(shaped);
}

}  // namespace depeche::web
