#pragma once
// Namespace-aware reading of pugixml trees: pugixml keeps prefixes as part
// of names, but agencies choose prefixes freely ("ns0:", "html:", default
// namespaces redeclared inside bodies), so elements are matched by
// namespace URI + local name.

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace depeche::ingest::xml {

inline constexpr std::string_view kNewsMlG2 = "http://iptc.org/std/nar/2006-10-01/";
inline constexpr std::string_view kXhtml = "http://www.w3.org/1999/xhtml";
inline constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";

std::string_view local_name(pugi::xml_node n);
// The namespace URI of an element, from the xmlns declarations in scope.
std::string_view namespace_of(pugi::xml_node n);
bool is(pugi::xml_node n, std::string_view ns, std::string_view local);

pugi::xml_node child(pugi::xml_node n, std::string_view ns, std::string_view local);
std::vector<pugi::xml_node> children(pugi::xml_node n, std::string_view ns, std::string_view local);
// An attribute by local name, whatever its prefix ("xml:lang" is "lang").
std::string_view attr(pugi::xml_node n, std::string_view local);

// All text below a node, whitespace collapsed and trimmed.
std::string text(pugi::xml_node n);

}  // namespace depeche::ingest::xml
