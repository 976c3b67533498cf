#pragma once
// The vocabulary `depeche generate` writes its French-looking news with:
// one list of topics, each with the wire subject it carries (so that the
// site's rubriques fill as they do with real agency copy) and the words its
// headlines, bodies and comments are made of; then words every topic shares.
// Written for the project; the sentences they make mean little, but the
// words of one topic meet each other often enough that search and "À lire
// aussi" find stories that belong together.

#include <span>
#include <string_view>

namespace depeche::app::words {

struct Topic {
  std::string_view subject_code;               // IPTC code the wire would send ("medtop:15000000")
  std::string_view subject_name;               // its French name
  std::span<const std::string_view> actors;    // "Le gouvernement" (subject of a headline)
  std::span<const std::string_view> actions;   // "annonce" (third person, present)
  std::span<const std::string_view> objects;   // "une réforme des retraites"
  std::span<const std::string_view> keywords;  // words the body repeats
};

// Every topic the generator writes about.
std::span<const Topic> topics();

// Places for datelines and headlines ("Lyon"), people's family names and
// given names (contributors, readers' pseudonyms), agencies (providers).
std::span<const std::string_view> places();
std::span<const std::string_view> family_names();
std::span<const std::string_view> given_names();
std::span<const std::string_view> providers();

// Sentence pieces every topic shares: openings ("Selon les premiers
// éléments,"), links between clauses, closings, and readers' comment phrases.
std::span<const std::string_view> openings();
std::span<const std::string_view> links();
std::span<const std::string_view> closings();
std::span<const std::string_view> comment_phrases();

}  // namespace depeche::app::words
