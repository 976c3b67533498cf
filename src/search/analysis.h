#pragma once
// Text preparation shared by indexing and querying: both sides must see the
// same words, so both go through these functions before Xapian does.
// UTF-8 in, UTF-8 out; no locale involved; pure functions, thread-safe.

#include <string>
#include <string_view>

namespace depeche::search {

// Removes diacritics from Latin letters (U+00C0–U+017F: "Élysée" → "Elysee",
// "œuvre" → "oeuvre", "ß" → "ss") and drops combining marks (U+0300–U+036F),
// so that "elysee" typed by a reader finds "Élysée". Case is kept, so query
// operators (AND, OR) survive. Apostrophes (' ’ ʼ) become spaces: French
// elisions ("l'élection") then yield the word itself, where Xapian would
// otherwise index "l'election" as one term. Other text, including invalid
// UTF-8, passes through unchanged.
std::string fold_for_search(std::string_view text);

// The text of an HTML fragment: tags become spaces (so that "</p><p>" never
// glues two words), comments go, and the entities &amp; &lt; &gt; &quot;
// &apos; &#39; &nbsp; plus numeric references (&#233; &#xE9;) are decoded.
// Unknown entities stay as written. Meant for sanitised bodies, not for
// arbitrary web pages (no script/style handling).
std::string html_to_text(std::string_view html);

// A provider's name as a filter key: folded, lower case, spaces and
// punctuation dropped ("Agence France-Presse" → "agencefrancepresse"), so
// that URLs and the index agree whatever the wire's spelling.
std::string provider_key(std::string_view provider);

}  // namespace depeche::search
