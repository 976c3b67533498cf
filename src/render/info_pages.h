#pragma once
// The information pages: legal notice, terms of use, comment charter,
// personal data, accessibility statement, contact. Each is a full site page
// at "/" + its name; Pages::info_page renders them.
//
// The default texts are templates/pages/<name>.html, Mustache fragments
// compiled into the binary like the other templates. An operator replaces
// one with a file of the same name in DATA/pages/, read once at start and
// passed through the HTML allow-list before it is ever shown.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "render/pages.h"

namespace depeche::render {

// The page names, which are also their paths without the leading "/".
inline constexpr std::string_view kInfoPages[] = {
    "mentions-legales",     "conditions-utilisation", "charte-commentaires",
    "donnees-personnelles", "accessibilite",          "contact",
};

// An operator's page longer than this is refused at start: these are pages
// of a few screens, and the whole file is held in memory.
inline constexpr std::size_t kMaxOperatorPageBytes = 256 * 1024;

// Turns untrusted HTML into allow-listed HTML (ingest::sanitize_html in the
// binary; injected so that render/ does not depend on ingest/).
using HtmlCleaner = std::function<std::string(std::string_view html)>;

// The template path of an information page: "pages/<name>.html".
std::string info_template(std::string_view name);

// A loader that answers "pages/<name>.html" with `dir`/<name>.html when the
// operator put such a file there, passed through `clean`, and everything
// else (and the pages the operator left alone) from `base`. The files are
// read now, not at each call. A missing `dir` is no error; other files in
// it are ignored. Fails, naming the file, when one cannot be read or is
// larger than kMaxOperatorPageBytes. An operator's page is a Mustache
// template like the default: {{publisher}}, {{contact_email}}… work in it.
Result<TemplateLoader> with_operator_pages(TemplateLoader base, const std::filesystem::path& dir,
                                           const HtmlCleaner& clean);

}  // namespace depeche::render
