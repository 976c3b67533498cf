#pragma once
// French stop words: the articles, pronouns, prepositions, conjunctions and
// auxiliaries every story has. They tell no story from another, so they are
// dropped from readers' queries (not from the index: a quoted phrase such as
// "la loi de finances" keeps them and still matches exactly), and "more like
// this" never describes an article by them (two stories sharing « les » and
// « dans » are not related).
//
// Words are compared as the index holds them: folded (no accents, see
// fold_for_search) and lower case. Elided forms need no entry beyond the
// letter: folding turns the apostrophe into a space, leaving "l", "d", "qu".

#include <string_view>

namespace depeche::search {

// Whether `word` (folded, lower case) is a French stop word ("a", "apres").
bool is_stop_word(std::string_view word);

// Whether `word` is a stop word or the French stem of one ("dan" for
// "dans", "apre" for "apres"): the stemmed terms ("Z…") of the index.
bool is_stop_word_or_stem(std::string_view word);

}  // namespace depeche::search
