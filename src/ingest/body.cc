#include "ingest/body.h"

#include <regex>

#include "ingest/sanitize.h"
#include "ingest/xml.h"

namespace depeche::ingest {
namespace {

// NITF and XHTML parts that are metadata, not story text.
bool is_furniture(pugi::xml_node n) {
  auto local = xml::local_name(n);
  if (local == "head" || local == "media" || local == "title" || local == "body.head" ||
      local == "body.end" || local == "docdata" || local == "meta" || local == "header") {
    return true;
  }
  // dpa marks editors' notes "np-public" (not for publication).
  std::string_view cls = xml::attr(n, "class");
  return cls.find("np-public") != std::string_view::npos;
}

void remove_furniture(pugi::xml_node n, int depth) {
  if (depth > 100) return;
  for (auto c = n.first_child(); c;) {
    auto next = c.next_sibling();
    if (c.type() == pugi::node_element) {
      if (is_furniture(c)) {
        n.remove_child(c);
      } else {
        remove_furniture(c, depth + 1);
      }
    }
    c = next;
  }
}

// Writes XML elements as HTML with local names: the sanitiser decides what
// survives.
void serialize(pugi::xml_node n, std::string& out, int depth) {
  if (depth > 200) return;
  for (auto c : n.children()) {
    switch (c.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata:
        out += escape_html(c.value());
        break;
      case pugi::node_element: {
        std::string name(xml::local_name(c));
        if (name == "body.content" || name == "block") name = "div";
        if (name == "hl2") name = "h2";
        out += "<" + name;
        for (auto a : c.attributes()) {
          std::string_view an = a.name();
          if (an.starts_with("xmlns")) continue;
          auto colon = an.find(':');
          out += " " + std::string(colon == an.npos ? an : an.substr(colon + 1)) + "=\"" +
                 escape_html(a.value()) + "\"";
        }
        out += ">";
        serialize(c, out, depth + 1);
        out += "</" + name + ">";
        break;
      }
      default:
        break;
    }
  }
}

pugi::xml_node find_local(pugi::xml_node n, std::string_view local, int depth = 0) {
  if (depth > 100) return {};
  for (auto c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    if (xml::local_name(c) == local) return c;
    if (auto f = find_local(c, local, depth + 1)) return f;
  }
  return {};
}

pugi::xml_node first_paragraph(pugi::xml_node n, int depth = 0) {
  if (depth > 100) return {};
  for (auto c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    if (xml::local_name(c) == "p" && !xml::text(c).empty()) return c;
    if (auto f = first_paragraph(c, depth + 1)) return f;
  }
  return {};
}

std::string strip_dash(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '-')) s.pop_back();
  for (std::string_view dash : {"–", "—"}) {
    if (s.ends_with(dash)) s.resize(s.size() - dash.size());
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// "DAMASCUS (Reuters) -", "25 février (Reuters) -", "London (dpa) -":
// a short place/date, the agency in parentheses, a dash.
const std::regex& agency_dateline() {
  static const std::regex kPattern(R"(^([^()]{1,80}\([^()]{1,40}\)\s*(-|–|—)+)\s*)");
  return kPattern;
}

// Removes `prefix` from the start of the first text of `p`, if it is there.
bool cut_prefix(pugi::xml_node p, const std::string& prefix) {
  for (auto t = p.first_child(); t; t = t.first_child()) {
    if (t.type() == pugi::node_pcdata) {
      std::string value = t.value();
      auto start = value.find_first_not_of(" \n\t\r");
      if (start == std::string::npos || value.compare(start, prefix.size(), prefix) != 0) {
        return false;
      }
      std::string rest = value.substr(start + prefix.size());
      auto keep = rest.find_first_not_of(" \n\t\r");
      t.set_value(keep == std::string::npos ? "" : rest.c_str() + keep);
      return true;
    }
    if (t.type() != pugi::node_element) return false;
  }
  return false;
}

// Takes the dateline out of the first paragraph: an element marked as the
// dateline, the wire's dateline text, or an agency-style prefix.
std::string take_dateline(pugi::xml_node root, const std::string& wire_dateline) {
  auto p = first_paragraph(root);
  if (!p) return wire_dateline;
  for (auto span : p.select_nodes(".//*[@class='dateline']")) {
    std::string found = strip_dash(xml::text(span.node())) + " -";
    span.node().parent().remove_child(span.node());
    return wire_dateline.empty() ? found : wire_dateline;
  }
  std::string text = xml::text(p);
  std::string wire = collapse_whitespace(wire_dateline);
  std::smatch m;
  if (std::regex_search(text, m, agency_dateline())) {
    std::string prefix = m[1].str();
    bool agrees = wire.empty() || prefix.starts_with(strip_dash(wire));
    if (agrees && cut_prefix(p, prefix)) return prefix;
  }
  if (!wire.empty() && text.starts_with(strip_dash(wire))) {
    std::string prefix = wire;
    if (cut_prefix(p, prefix) || cut_prefix(p, strip_dash(wire))) return wire;
  }
  return wire_dateline;
}

// Agencies often repeat the by-line as the first paragraph.
void drop_byline_paragraph(pugi::xml_node root, const std::string& byline) {
  if (byline.empty()) return;
  auto p = first_paragraph(root);
  if (p && xml::text(p) == collapse_whitespace(byline)) p.parent().remove_child(p);
}

}  // namespace

void drop_repeated_headline(std::string& html, std::string_view headline) {
  auto start = html.find_first_not_of(" \n\t\r");
  if (start == std::string::npos || html.compare(start, 4, "<h2>") != 0) return;
  auto end = html.find("</h2>", start);
  if (end == std::string::npos) return;
  if (html_to_text(html.substr(start, end - start)) == collapse_whitespace(headline)) {
    html.erase(0, end + 5);
  }
}

bool looks_like_timestamp(std::string_view d) {
  static const std::regex kStamp(R"(^\s*\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2})");
  return std::regex_search(d.begin(), d.end(), kStamp);
}

Body extract_body(pugi::xml_node content, const std::string& dateline, const std::string& byline) {
  pugi::xml_node root = content;
  if (auto body = find_local(content, "body")) root = body;
  if (auto nitf = find_local(root, "body.content")) root = nitf;
  remove_furniture(root, 0);
  drop_byline_paragraph(root, byline);
  Body b;
  b.dateline = take_dateline(root, looks_like_timestamp(dateline) ? std::string() : dateline);
  std::string raw;
  serialize(root, raw, 0);
  auto clean = sanitize_html_with_text(raw);
  b.html = std::move(clean.html);
  b.text = std::move(clean.text);
  return b;
}

Body html_body(std::string_view html, const std::string& dateline) {
  Body b;
  b.html = sanitize_html(html);
  b.dateline = looks_like_timestamp(dateline) ? std::string() : dateline;
  // The sanitiser writes "<p>" plainly: the first paragraph's leading text
  // runs to the next tag.
  if (auto p = b.html.find("<p>"); p != std::string::npos) {
    std::string lead = b.html.substr(p + 3, b.html.find('<', p + 3) - p - 3);
    std::smatch m;
    if (std::regex_search(lead, m, agency_dateline())) {
      std::string prefix = m[1].str();
      std::string wire = collapse_whitespace(b.dateline);
      if (wire.empty() || prefix.starts_with(strip_dash(wire))) {
        b.html.erase(p + 3, static_cast<std::size_t>(m.length(0)));
        b.dateline = html_to_text(prefix);
      }
    }
  }
  b.text = html_to_text(b.html);
  return b;
}

Body plain_text_body(std::string_view text, const std::string& dateline) {
  // Paragraphs at blank lines; a text without any takes single newlines.
  std::string_view separator = text.find("\n\n") != text.npos ? "\n\n" : "\n";
  std::string html;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(separator, start);
    std::string para =
        collapse_whitespace(text.substr(start, end == text.npos ? text.npos : end - start));
    if (!para.empty()) html += "<p>" + escape_html(para) + "</p>";
    if (end == text.npos) break;
    start = end + separator.size();
  }
  return html_body(html, dateline);
}

}  // namespace depeche::ingest
