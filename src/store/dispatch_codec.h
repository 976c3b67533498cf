#pragma once
// Dispatch <-> JSON text, the form in which every stored version is kept.
// Shared by every store backend so that a database can be copied between them.

#include <string>
#include <string_view>

#include "core/dispatch.h"
#include "core/result.h"

namespace depeche::store {

std::string encode_dispatch(const Dispatch& d);
// Fails on text that is not a JSON object produced by encode_dispatch.
Result<Dispatch> decode_dispatch(std::string_view json);

std::string encode_picture(const Picture& p);
Result<Picture> decode_picture(std::string_view json);

}  // namespace depeche::store
