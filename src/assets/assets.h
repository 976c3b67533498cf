#pragma once
// Templates, static files and the demo content (demo/dispatches/,
// demo/comments.json: what `depeche demo` ingests) compiled into the binary
// (cmake/embed_assets.cmake). Paths are relative to the repository:
// "templates/article.mustache", "static/site.css". The data is constant for
// the life of the program.

#include <optional>
#include <span>
#include <string_view>

namespace depeche::assets {

struct Asset {
  std::string_view path;
  std::string_view bytes;
};

std::span<const Asset> all();
std::optional<std::string_view> find(std::string_view path);

}  // namespace depeche::assets
