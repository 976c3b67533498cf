#pragma once
// Bounds the work an HTML fragment from outside can cause before a real
// parser sees it. An HTML tree builder (gumbo) does work that grows with
// the depth of open elements for every element it opens, and with the
// number of formatting elements still active: 20,000 nested <b> froze a
// parse for seconds. So start tags beyond a nesting depth or an element
// count are dropped here, keeping their text: the story stays readable,
// flattened, and the parse that follows is bounded.

#include <cstddef>
#include <string>
#include <string_view>

namespace depeche::ingest {

// No real story nests deeper than a few dozen elements (a table in a
// list in a quote); deeper markup is flattened.
inline constexpr std::size_t kMaxMarkupDepth = 64;
// A long story is a few hundred elements; a few thousand is generous.
inline constexpr std::size_t kMaxMarkupElements = 20'000;

struct BoundedMarkup {
  std::string html;              // the fragment with the tags over the bounds removed
  std::size_t dropped_tags = 0;  // start and end tags removed
};

// The fragment with every start tag that would open an element deeper than
// kMaxMarkupDepth, or past the kMaxMarkupElements-th element, removed along
// with its end tag. Nesting is tracked as a browser roughly would: void
// elements and self-closed tags open nothing, a <p>, <li>, <dt>, <dd>,
// <tr>, <td>, <th> or <option> closes an open one of its kind first, and an
// end tag closes up to the nearest open element of its name (or nothing).
// Comments and the content of <script>, <style>, <textarea>, <title> and
// <xmp> are copied without being read as tags. Linear in the input's size.
BoundedMarkup bound_markup(std::string_view html);

}  // namespace depeche::ingest
