#pragma once
// French words too common to tell one story from another. They are dropped
// from readers' queries (not from the index: a quoted phrase such as
// "la loi de finances" keeps them and still matches exactly), so that
// "le prix de l'essence" ranks stories on "prix" and "essence" only.

#include <array>
#include <string_view>

namespace depeche::search {

// Written as the index holds words: folded (no accents, see
// fold_for_search) and lower case. Elided forms ("l'", "d'", "qu'") need no
// entry of their own beyond the letter: folding turns the apostrophe into a
// space, leaving "l", "d", "qu" as words.
inline constexpr std::array<std::string_view, 96> kFrenchStopWords = {
    "a",     "afin",  "ai",    "au",    "aux",   "avec",  "c",     "ce",    "ces",   "cet",
    "cette", "d",     "dans",  "de",    "des",   "du",    "elle",  "elles", "en",    "est",
    "et",    "etait", "etre",  "eu",    "il",    "ils",   "j",     "je",    "l",     "la",
    "le",    "les",   "leur",  "leurs", "lui",   "m",     "ma",    "mais",  "me",    "meme",
    "mes",   "moi",   "mon",   "n",     "ne",    "ni",    "nos",   "notre", "nous",  "on",
    "ont",   "or",    "ou",    "par",   "pas",   "pour",  "qu",    "que",   "qui",   "s",
    "sa",    "se",    "ses",   "si",    "son",   "sont",  "sous",  "sur",   "t",     "ta",
    "te",    "tes",   "toi",   "ton",   "tu",    "un",    "une",   "vos",   "votre", "vous",
    "y",     "aussi", "donc",  "dont",  "ete",   "etaient", "lors", "tout", "ceux",  "celle",
    "celui", "car",   "comme", "puis",  "tres",  "sans"};

// Whether `word` (folded, lower case) is one of kFrenchStopWords.
bool is_stop_word(std::string_view word);

}  // namespace depeche::search
