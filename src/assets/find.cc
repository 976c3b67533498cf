#include "assets/assets.h"

namespace depeche::assets {

std::optional<std::string_view> find(std::string_view path) {
  for (const Asset& a : all()) {
    if (a.path == path) return a.bytes;
  }
  return std::nullopt;
}

}  // namespace depeche::assets
