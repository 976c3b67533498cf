#pragma once
// The one table from expected failures to HTTP statuses, and the one shape
// of every error answered under /api/v1/:
//   {"error":{"code":"snake_case","message":"…","field":"…"}}
// (`field` only when one input is at fault).

#include <string>
#include <string_view>

#include "core/field_errors.h"
#include "core/result.h"
#include "http/types.h"
#include "render/catalogue.h"
#include "render/pages.h"

namespace depeche::web {

unsigned http_status(ErrorCode code);

// The API answer for a failure. The code is the domain's own reason when it
// gave one as a word ("closed", "email_taken"), else the ErrorCode's name;
// the message is the reader-facing sentence of the catalogue for that
// reason when there is one, else the error's text; rate limits carry
// Retry-After. `field`, when given, names the input at fault as the request
// body calls it, instead of the one the reason implies.
http::Response api_error_response(const http::Request& req, const Error& e,
                                  const render::Catalogue& messages,
                                  std::string_view field = {});

// An error the handler builds itself, with the code and field it names.
http::Response api_error_response(const http::Request& req, unsigned status,
                                  std::string_view code, std::string_view message,
                                  std::string_view field = {});

// A refusal as an HTML form shows it: each input at fault when `fields`
// names them, else `e` as an error about the whole form (with its delay
// when rate-limited). The status to answer is http_status(e.code).
render::FormErrors form_errors(const Error& e, FieldErrors fields = {});

// The snake_case code of a bare HTTP status (405 "method_not_allowed"),
// for errors no handler described (the router's, the transport's).
std::string_view status_code_name(unsigned status);

// Answers under /api/ that a handler or the router gave in another shape
// (plain text, HTML) are rewritten into the API's error shape, keeping the
// status and the headers (Allow, Retry-After).
void shape_api_error(const http::Request& req, http::Response& res);

}  // namespace depeche::web
