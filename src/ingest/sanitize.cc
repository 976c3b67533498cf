#include "ingest/sanitize.h"

#include "ingest/markup_bounds.h"

#include <gumbo.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

namespace depeche::ingest {
namespace {

// Elements kept, with the attributes each may keep.
struct Allowed {
  GumboTag tag;
  std::array<std::string_view, 3> attributes;
};

constexpr Allowed kAllowed[] = {
    {GUMBO_TAG_P, {}},
    {GUMBO_TAG_BR, {}},
    {GUMBO_TAG_H2, {}},
    {GUMBO_TAG_H3, {}},
    {GUMBO_TAG_H4, {}},
    {GUMBO_TAG_H5, {}},
    {GUMBO_TAG_H6, {}},
    {GUMBO_TAG_STRONG, {}},
    {GUMBO_TAG_B, {}},
    {GUMBO_TAG_EM, {}},
    {GUMBO_TAG_I, {}},
    {GUMBO_TAG_U, {}},
    {GUMBO_TAG_S, {}},
    {GUMBO_TAG_SUB, {}},
    {GUMBO_TAG_SUP, {}},
    {GUMBO_TAG_BLOCKQUOTE, {}},
    {GUMBO_TAG_Q, {}},
    {GUMBO_TAG_CITE, {}},
    {GUMBO_TAG_UL, {}},
    {GUMBO_TAG_OL, {}},
    {GUMBO_TAG_LI, {}},
    {GUMBO_TAG_DL, {}},
    {GUMBO_TAG_DT, {}},
    {GUMBO_TAG_DD, {}},
    {GUMBO_TAG_A, {"href"}},
    {GUMBO_TAG_ABBR, {"title"}},
    {GUMBO_TAG_SPAN, {}},
    {GUMBO_TAG_PRE, {}},
    {GUMBO_TAG_CODE, {}},
    {GUMBO_TAG_TABLE, {}},
    {GUMBO_TAG_CAPTION, {}},
    {GUMBO_TAG_THEAD, {}},
    {GUMBO_TAG_TBODY, {}},
    {GUMBO_TAG_TFOOT, {}},
    {GUMBO_TAG_TR, {}},
    {GUMBO_TAG_TH, {"colspan", "rowspan"}},
    {GUMBO_TAG_TD, {"colspan", "rowspan"}},
    {GUMBO_TAG_FIGURE, {}},
    {GUMBO_TAG_FIGCAPTION, {}},
    {GUMBO_TAG_IMG, {"src", "alt", "width"}},
    {GUMBO_TAG_HR, {}},
    {GUMBO_TAG_TIME, {"datetime"}},
};

// Dropped with everything inside: active content, forms, page furniture
// that agencies put around the story (dpa's <header> slugline, <nav>).
constexpr GumboTag kDropped[] = {
    GUMBO_TAG_SCRIPT,   GUMBO_TAG_STYLE,    GUMBO_TAG_IFRAME,   GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED,
    GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE, GUMBO_TAG_SVG,      GUMBO_TAG_MATH,   GUMBO_TAG_FORM,
    GUMBO_TAG_INPUT,    GUMBO_TAG_BUTTON,   GUMBO_TAG_TEXTAREA, GUMBO_TAG_SELECT, GUMBO_TAG_HEAD,
    GUMBO_TAG_TITLE,    GUMBO_TAG_HEADER,   GUMBO_TAG_FOOTER,   GUMBO_TAG_NAV,    GUMBO_TAG_ASIDE,
    GUMBO_TAG_FRAME,    GUMBO_TAG_FRAMESET, GUMBO_TAG_APPLET,   GUMBO_TAG_AUDIO,  GUMBO_TAG_VIDEO,
    GUMBO_TAG_CANVAS,   GUMBO_TAG_LINK,     GUMBO_TAG_META,     GUMBO_TAG_BASE,
};

// Block elements: text on either side is separated when turned into text.
constexpr GumboTag kBlocks[] = {
    GUMBO_TAG_P,          GUMBO_TAG_BR, GUMBO_TAG_H1, GUMBO_TAG_H2,         GUMBO_TAG_H3,
    GUMBO_TAG_H4,         GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_LI,         GUMBO_TAG_DIV,
    GUMBO_TAG_TR,         GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_SECTION,
    GUMBO_TAG_FIGCAPTION, GUMBO_TAG_DT, GUMBO_TAG_DD, GUMBO_TAG_PRE,        GUMBO_TAG_HR,
};

constexpr int kMaxDepth = 200;  // deeper markup is cut, not recursed into

template <class T, std::size_t N>
bool contains(const T (&list)[N], GumboTag tag) {
  return std::any_of(std::begin(list), std::end(list), [&](const auto& x) {
    if constexpr (std::is_same_v<std::decay_t<decltype(x)>, Allowed>) {
      return x.tag == tag;
    } else {
      return x == tag;
    }
  });
}

const Allowed* allowed(GumboTag tag) {
  for (const auto& a : kAllowed) {
    if (a.tag == tag) return &a;
  }
  return nullptr;
}

std::string nfc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(text);
  if (n->isNormalized(s, status)) return std::string(text);
  status = U_ZERO_ERROR;
  icu::UnicodeString out = n->normalize(s, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

// http, https and mailto links and relative ones; nothing else. Browsers
// ignore ASCII whitespace and control characters inside a scheme, so they
// are ignored here too before the scheme is read.
bool safe_url(std::string_view url, bool allow_mailto, bool allow_relative) {
  std::string squeezed;
  for (unsigned char c : url) {
    if (c > 0x20 && c != 0x7f) squeezed += static_cast<char>(std::tolower(c));
  }
  auto colon = squeezed.find(':');
  auto slash = squeezed.find_first_of("/?#");
  if (colon == std::string::npos || (slash != std::string::npos && slash < colon)) {
    return allow_relative && !squeezed.starts_with("//");
  }
  std::string scheme = squeezed.substr(0, colon);
  return scheme == "http" || scheme == "https" || (allow_mailto && scheme == "mailto");
}

bool numeric(std::string_view v) {
  return !v.empty() && v.size() <= 5 &&
         std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); });
}

struct GumboDeleter {
  void operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }
};
using GumboPtr = std::unique_ptr<GumboOutput, GumboDeleter>;

// Bounded in time and memory: the input is cut at kMaxHtmlBytes and
// flattened past the markup bounds first, and parse errors are not
// recorded (gumbo copies the stack of open elements into each one it
// records, which made nested junk cost memory with the square of its depth).
GumboPtr parse(std::string_view html) {
  html = html.substr(0, std::min(html.size(), kMaxHtmlBytes));
  BoundedMarkup bounded = bound_markup(html);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  return GumboPtr(gumbo_parse_with_options(&options, bounded.html.data(), bounded.html.size()));
}

const GumboNode* body_of(const GumboNode* root) {
  if (root->type != GUMBO_NODE_ELEMENT) return root;
  const GumboVector& kids = root->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    auto* n = static_cast<const GumboNode*>(kids.data[i]);
    if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_BODY) return n;
  }
  return root;
}

// Writes the allow-listed HTML, and beside it the text a reader of that
// HTML gets (what html_to_text would find in it), from the same parse.
class Writer {
 public:
  std::string out;
  std::string text;  // not yet collapsed nor normalised as a whole

  void children(const GumboNode* n, int depth) {
    if (depth > kMaxDepth) return;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i)
      node(static_cast<const GumboNode*>(kids.data[i]), depth + 1);
  }

  void node(const GumboNode* n, int depth) {
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA: {
        std::string t = nfc(n->v.text.text);
        out += escape_html(t);
        text += t;
        return;
      }
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        element(n, depth);
        return;
      default:
        return;  // comments, doctype
    }
  }

 private:
  void element(const GumboNode* n, int depth) {
    GumboTag tag = n->v.element.tag;
    if (contains(kDropped, tag)) return;
    const Allowed* a = allowed(tag == GUMBO_TAG_H1 ? GUMBO_TAG_H2 : tag);
    if (!a) {
      children(n, depth);  // unknown or structural: keep the text
      return;
    }
    std::string name = gumbo_normalized_tagname(tag == GUMBO_TAG_H1 ? GUMBO_TAG_H2 : tag);
    std::string attrs;
    const GumboVector& list = n->v.element.attributes;
    for (unsigned i = 0; i < list.length; ++i) {
      auto* at = static_cast<const GumboAttribute*>(list.data[i]);
      std::string_view key = at->name, value = at->value;
      if (std::find(a->attributes.begin(), a->attributes.end(), key) == a->attributes.end()) {
        continue;
      }
      if (key == "href" && !safe_url(value, true, true)) continue;
      if (key == "src" && !safe_url(value, false, false)) continue;
      if ((key == "width" || key == "colspan" || key == "rowspan") && !numeric(value)) continue;
      attrs += ' ';
      attrs += key;
      attrs += "=\"";
      attrs += escape_html(value);
      attrs += '"';
    }
    if (tag == GUMBO_TAG_IMG && attrs.find(" src=") == std::string::npos) return;
    if (tag == GUMBO_TAG_A) {
      if (attrs.empty()) {  // a link without a safe target is just text
        children(n, depth);
        return;
      }
      attrs += " rel=\"nofollow noopener\"";
    }
    // Blocks separate the text on either side (as text_of() does).
    bool block = contains(kBlocks, tag);
    std::size_t text_before = text.size();
    out += "<" + name + attrs + ">";
    if (block) text += ' ';
    if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_HR || tag == GUMBO_TAG_IMG) {
      if (block) text += ' ';
      return;
    }
    std::size_t opened = out.size();
    children(n, depth);
    if (tag == GUMBO_TAG_P && blank(std::string_view(out).substr(opened))) {
      // Agencies pad with empty paragraphs and <br>s: they would show as gaps.
      out.resize(opened - name.size() - attrs.size() - 2);
      text.resize(text_before);
      return;
    }
    out += "</" + name + ">";
    if (block) text += ' ';
  }

  // Only white space and line breaks.
  static bool blank(std::string_view html) {
    while (!html.empty()) {
      if (html.starts_with("<br>")) {
        html.remove_prefix(4);
      } else if (html.front() == ' ' || html.front() == '\n' || html.front() == '\t' ||
                 html.front() == '\r') {
        html.remove_prefix(1);
      } else if (html.starts_with("\xC2\xA0")) {  // no-break space
        html.remove_prefix(2);
      } else {
        return false;
      }
    }
    return true;
  }
};

void text_of(const GumboNode* n, std::string& out, int depth) {
  if (depth > kMaxDepth) return;
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
      n->type == GUMBO_NODE_CDATA) {
    out += n->v.text.text;
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT) return;
  GumboTag tag = n->v.element.tag;
  if (contains(kDropped, tag)) return;
  bool block = contains(kBlocks, tag);
  if (block) out += ' ';
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    text_of(static_cast<const GumboNode*>(kids.data[i]), out, depth + 1);
  }
  if (block) out += ' ';
}

}  // namespace

std::string sanitize_html(std::string_view html) {
  auto doc = parse(html);
  Writer w;
  w.children(body_of(doc->root), 0);
  return w.out;
}

SanitizedHtml sanitize_html_with_text(std::string_view html) {
  auto doc = parse(html);
  Writer w;
  w.children(body_of(doc->root), 0);
  return {std::move(w.out), nfc(collapse_whitespace(w.text))};
}

std::string html_to_text(std::string_view html) {
  auto doc = parse(html);
  std::string out;
  text_of(body_of(doc->root), out, 0);
  return nfc(collapse_whitespace(out));
}

}  // namespace depeche::ingest
