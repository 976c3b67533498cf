#pragma once
// Templates, static files and the demo content (demo/dispatches/,
// demo/comments.json: what `depeche demo` ingests) compiled into the binary
// (cmake/embed_assets.cmake). Paths are relative to the repository:
// "templates/article.mustache", "static/site.css". The data is constant for
// the life of the program.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace depeche::assets {

struct Asset {
  std::string_view path;
  std::string_view bytes;
};

std::span<const Asset> all();
std::optional<std::string_view> find(std::string_view path);

// Static files are linked under a name that carries a digest of their bytes
// ("/static/site.3f2a9c41d0.css"), so browsers and caches may keep them for
// good: a release that changes a file changes its name.
//
// The fingerprinted URL of static/`file` ("site.css"); the plain URL when
// there is no such file.
std::string static_url(std::string_view file);

struct StaticFile {
  std::string_view path;   // "static/site.css"
  std::string_view bytes;
  bool fingerprinted = false;  // asked for by its current fingerprinted name
};
// The static file `requested` (under /static/: "site.3f2a9c41d0.css" or
// "site.css") names. A fingerprint of another release gives the current
// bytes, not fingerprinted (so they are not kept for good under that name).
std::optional<StaticFile> find_static(std::string_view requested);

}  // namespace depeche::assets
