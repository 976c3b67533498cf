#include "articles/slug.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

namespace depeche::articles {
namespace {

// Builds the transliterator: ICU parses the rule chain and loads its data
// from resource bundles, which costs far more than transliterating a
// headline (it was a seventh of the ingest time when made per call).
std::unique_ptr<icu::Transliterator> make_transliterator() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) return nullptr;
  return t;
}

std::string transliterate(std::string_view text) {
  // One per thread: ICU transliterators are not thread-safe, and each
  // thread that files articles (ingest, generate) keeps its own for its life.
  thread_local const std::unique_ptr<icu::Transliterator> t = make_transliterator();
  if (!t) return std::string(text);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
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
