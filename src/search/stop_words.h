#pragma once
// French stop words: the articles, pronouns, prepositions, conjunctions and
// auxiliaries that every story has. They carry no topic, so "more like
// this" must never describe an article by them (two stories sharing « les »
// and « dans » are not related), and a query is not ranked by them.
//
// Words are compared as the index holds them: folded (search/analysis.h:
// no accents) and lower-case, or as their French stem ("Z" terms hold
// stems: "dans" is indexed as "Zdan").

#include <string_view>

namespace depeche::search {

// True for a French stop word, folded and lower-case ("a", "apres", "les"),
// or for the stem of one ("dan", "apre", "le").
bool is_stop_word(std::string_view word);

}  // namespace depeche::search
