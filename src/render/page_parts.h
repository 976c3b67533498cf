#pragma once
// Internal to render/: what the page files share (the parsed templates,
// the frame the layout wraps around a page). Not part of the front door.

#include <kainjow/mustache.hpp>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "assets/assets.h"
#include "render/discovery.h"
#include "render/pages.h"

namespace depeche::render {

namespace mustache = kainjow::mustache;

// Partials the page templates include with {{> name}}.
inline constexpr std::string_view kPartials[] = {"report_form", "account_menu", "account_nav"};

struct Pages::Templates {
  std::map<std::string, std::string, std::less<>> sources;  // "article" -> text
  mustache::data texts;  // the catalogue's plain strings, as {{t.key}}
  // Tells this set of templates apart in the per-thread parse caches, even
  // when another Pages is later built at the same address.
  std::uint64_t serial = next_serial();

  // What every template sees beneath its own data: {{t.key}} and the
  // partials. Built once by finish(), then only read; looked up through the
  // context stack rather than copied into each page's data.
  mustache::data globals;

  // Call once every source and text is in.
  void finish() {
    // kainjow parses a partial again each time it is rendered, which showed
    // in profiles of every page: the partials are written into the
    // templates that use them instead, so that they are parsed once with
    // them (a partial sees its caller's context either way).
    for (auto& [name, text] : sources) {
      for (auto partial : kPartials) {
        if (name == partial) continue;
        std::string tag = "{{> " + std::string(partial) + "}}";
        const std::string& src = sources.find(partial)->second;
        for (auto at = text.find(tag); at != std::string::npos;
             at = text.find(tag, at + src.size())) {
          text.replace(at, tag.size(), src);
        }
      }
    }
    for (auto partial : kPartials) {
      const std::string& src = sources.find(partial)->second;
      globals.set(std::string(partial), mustache::partial([&src] { return src; }));
    }
    globals.set("t", texts);
    // {{static.site_css}}…: the fingerprinted URLs of the static files the
    // layout links, kept for good by browsers (assets/assets.h).
    mustache::data statics;
    for (auto [key, file] : {std::pair{"site_css", "site.css"}, std::pair{"print_css", "print.css"},
                             std::pair{"site_js", "site.js"},
                             std::pair{"favicon_svg", "favicon.svg"}}) {
      statics.set(key, assets::static_url(file));
    }
    globals.set("static", statics);
  }

  // Renders one template with the partials and {{t.key}} texts.
  std::string render(std::string_view name, const mustache::data& data) const {
    mustache::context<std::string> ctx(&globals);
    ctx.push(&data);
    return parsed(name).render(ctx);
  }

 private:
  static std::uint64_t next_serial();
  // The template parsed once per thread: kainjow's render() walks a
  // mutable tree, so a parse is never shared between threads, but a thread
  // reuses its own (parsing dominated the cost of a page). Throws
  // std::logic_error for a template missing from kTemplateNames: a
  // programmer error, which the server turns into a 500.
  mustache::mustache& parsed(std::string_view name) const;
};

struct Pages::Frame {
  std::string title;
  std::string canonical_path;
  std::string description;
  std::string main_html;
  // Marks the navigation entry of this page: "/" for the home page, a
  // rubrique's slug for its pages and articles, "" for none.
  std::string current_section;
  // A rubrique page announces its own feeds beside the site's.
  const SectionLink* feed_section = nullptr;
  // The OpenGraph and Twitter card tags (render/discovery.h); none when
  // unset.
  std::optional<SocialCard> social;
  // Structured data for the head, already an escaped script element
  // (json_ld_script); "" for none.
  std::string json_ld_html;
  // Asks search engines not to index the page (search results: robots.txt
  // keeps crawlers out, but a link from elsewhere could still list it).
  bool noindex = false;
};

// Loads the information pages' templates and the help under 404 and 410
// into `t`, and checks that `catalogue` has their texts (info_pages.cc).
Status load_info_pages(const TemplateLoader& load, const Catalogue& catalogue,
                       Pages::Templates& t);

// A path as a query value: everything but unreserved characters and '/'
// percent-encoded.
std::string query_value(std::string_view s);

}  // namespace depeche::render
