#include "articles/slug.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

namespace depeche::articles {
namespace {

std::string transliterate(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  // Created per call: ICU transliterators are not thread-safe, and slugs are
  // made once per new article, far from any hot path.
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_FAILURE(status) || !t) return std::string(text);
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

std::string slugify(std::string_view text) {
  std::string ascii = transliterate(text);
  std::string slug;
  bool pending_hyphen = false;
  for (unsigned char c : ascii) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<unsigned char>(c - 'A' + 'a');
      word = true;
    }
    if (!word) {
      pending_hyphen = !slug.empty();
      continue;
    }
    if (pending_hyphen) slug.push_back('-');
    pending_hyphen = false;
    slug.push_back(static_cast<char>(c));
  }
  if (slug.size() > kMaxSlugChars) {
    auto cut = slug.rfind('-', kMaxSlugChars);
    slug.resize(cut == std::string::npos || cut == 0 ? kMaxSlugChars : cut);
  }
  return slug.empty() ? "article" : slug;
}

}  // namespace depeche::articles
