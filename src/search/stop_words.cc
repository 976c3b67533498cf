#include "search/stop_words.h"

#include <xapian.h>

#include <string>
#include <unordered_set>

#include "search/index.h"

namespace depeche::search {
namespace {

// Folded (no accents) and lower-case, elided forms included ("l", "qu"):
// folding turns the apostrophe into a space, so "l’État" yields "l".
constexpr std::string_view kFrenchStopWords[] = {
    "a",      "ai",      "aie",     "ainsi",   "alors",  "apres",   "as",     "au",
    "aucun",  "aucune",  "aupres",  "aussi",   "autre",  "autres",  "aux",    "avaient",
    "avais",  "avait",   "avant",   "avec",    "avez",   "avoir",   "avons",  "c",
    "ca",     "car",     "ce",      "ceci",    "cela",   "celle",   "celles", "celui",
    "ces",    "cet",     "cette",   "ceux",    "chez",   "comme",   "comment", "contre",
    "d",      "dans",    "de",      "deja",    "depuis", "des",     "donc",   "dont",
    "du",     "elle",    "elles",   "en",      "encore", "entre",   "es",     "est",
    "et",     "etaient", "etais",   "etait",   "ete",    "etre",    "eu",     "eux",
    "fait",   "font",    "ici",     "il",      "ils",    "j",       "je",     "jusqu",
    "l",      "la",      "le",      "les",     "leur",   "leurs",   "lors",   "lui",
    "m",      "ma",      "mais",    "me",      "meme",   "memes",   "mes",    "moi",
    "mon",    "n",       "ne",      "ni",      "nos",    "notre",   "nous",   "on",
    "ont",    "or",      "ou",      "par",     "parce",  "pas",     "pendant", "peu",
    "peut",   "plus",    "pour",    "pourquoi", "qu",    "quand",   "que",    "quel",
    "quelle", "quels",   "qui",     "s",       "sa",     "sans",    "se",     "selon",
    "ses",    "si",      "son",     "sont",    "sous",   "sur",     "t",      "ta",
    "te",     "tes",     "toi",     "ton",     "tous",   "tout",    "toute",  "toutes",
    "tres",   "tu",      "un",      "une",     "vers",   "vos",     "votre",  "vous",
    "y",      "etc",     "afin",    "puis",
};

constexpr std::size_t kLongestStopWord = 10;

std::unordered_set<std::string> make_set(bool with_stems) {
  Xapian::Stem stem(kStemLanguage);
  std::unordered_set<std::string> set;
  for (std::string_view w : kFrenchStopWords) {
    set.emplace(w);
    if (with_stems) set.insert(stem(std::string(w)));
  }
  return set;
}

// Made on first use and never changed after, so readers on any thread share
// them without a lock.
const std::unordered_set<std::string>& stop_words() {
  static const std::unordered_set<std::string> words = make_set(false);
  return words;
}

const std::unordered_set<std::string>& stop_words_and_stems() {
  static const std::unordered_set<std::string> words = make_set(true);
  return words;
}

}  // namespace

bool is_stop_word(std::string_view word) {
  // A stop word is short, so the copy for the lookup costs nothing.
  return word.size() <= kLongestStopWord && stop_words().contains(std::string(word));
}

bool is_stop_word_or_stem(std::string_view word) {
  return word.size() <= kLongestStopWord && stop_words_and_stems().contains(std::string(word));
}

}  // namespace depeche::search
