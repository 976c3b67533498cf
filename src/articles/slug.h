#pragma once
// URL words for an article, from its headline: "Biélorussie/Russie : un
// entretien" -> "bielorussie-russie-un-entretien".

#include <string>
#include <string_view>

namespace depeche::articles {

inline constexpr std::size_t kMaxSlugChars = 80;

// ASCII lower-case letters and digits joined by single hyphens, cut at a
// hyphen to at most kMaxSlugChars. Accents are transliterated (ICU
// Latin-ASCII), other scripts are romanised first. Never empty: "article"
// when nothing is left.
std::string slugify(std::string_view text);

}  // namespace depeche::articles
