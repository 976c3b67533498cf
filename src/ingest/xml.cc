#include "ingest/xml.h"

namespace depeche::ingest::xml {

std::string_view local_name(pugi::xml_node n) {
  std::string_view name = n.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view namespace_of(pugi::xml_node n) {
  std::string_view name = n.name();
  auto colon = name.find(':');
  std::string decl = colon == std::string_view::npos
                         ? std::string("xmlns")
                         : "xmlns:" + std::string(name.substr(0, colon));
  for (auto p = n; p && p.type() == pugi::node_element; p = p.parent()) {
    if (auto a = p.attribute(decl.c_str())) return a.value();
  }
  return {};
}

bool is(pugi::xml_node n, std::string_view ns, std::string_view local) {
  return n.type() == pugi::node_element && local_name(n) == local && namespace_of(n) == ns;
}

pugi::xml_node child(pugi::xml_node n, std::string_view ns, std::string_view local) {
  for (auto c : n.children()) {
    if (is(c, ns, local)) return c;
  }
  return {};
}

std::vector<pugi::xml_node> children(pugi::xml_node n, std::string_view ns,
                                     std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (auto c : n.children()) {
    if (is(c, ns, local)) out.push_back(c);
  }
  return out;
}

std::string_view attr(pugi::xml_node n, std::string_view local) {
  for (auto a : n.attributes()) {
    std::string_view name = a.name();
    auto colon = name.find(':');
    if ((colon == std::string_view::npos ? name : name.substr(colon + 1)) == local &&
        !name.starts_with("xmlns")) {
      return a.value();
    }
  }
  return {};
}

std::string text(pugi::xml_node n) {
  std::string all;
  for (auto t : n.select_nodes(".//text()")) {
    all += t.node().value();
  }
  if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) all = n.value();
  return collapse_whitespace(all);
}

}  // namespace depeche::ingest::xml
