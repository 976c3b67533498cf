#pragma once
// Internal to render/: what the page files share (the parsed templates,
// the frame the layout wraps around a page). Not part of the front door.

#include <kainjow/mustache.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "render/pages.h"

namespace depeche::render {

namespace mustache = kainjow::mustache;

// Partials the page templates include with {{> name}}.
inline constexpr std::string_view kPartials[] = {"card", "figure", "comment", "report_form"};

struct Pages::Templates {
  std::map<std::string, std::string, std::less<>> sources;  // "article" -> text
  mustache::data texts;  // the catalogue's plain strings, as {{t.key}}

  // Renders one template. A mustache object is built per call because
  // kainjow's render() mutates the parsed tree, so one parse cannot be
  // shared between threads.
  std::string render(std::string_view name, mustache::data& data) const {
    for (auto partial : kPartials) {
      const std::string& src = sources.find(partial)->second;
      data.set(std::string(partial), mustache::partial([&src] { return src; }));
    }
    data.set("t", texts);
    auto source = sources.find(name);
    if (source == sources.end()) {
      // A programmer error (a template missing from kTemplateNames): the
      // request fails with a 500 rather than showing an empty page.
      throw std::logic_error("template not loaded: " + std::string(name));
    }
    mustache::mustache tmpl(source->second);
    return tmpl.render(data);
  }
};

struct Pages::Frame {
  std::string title;
  std::string canonical_path;
  std::string description;
  std::string main_html;
};

// A path as a query value: everything but unreserved characters and '/'
// percent-encoded.
std::string query_value(std::string_view s);

}  // namespace depeche::render
