#pragma once
// Rubriques: the sections a reader browses (France, Monde, Économie…), and
// the rule that files each dispatch under one of them from the subjects the
// agency sent. Configured in one place ([[sections]] in the config file);
// the defaults below fit a French general-news site.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/dispatch.h"
#include "core/result.h"

namespace depeche::articles {

// A site holds at most this many rubriques: each one is a block on the
// home page and a query per home render.
inline constexpr std::size_t kMaxSections = 24;
// Patterns per rubrique (codes plus names): classification walks them all
// for every subject of every dispatch.
inline constexpr std::size_t kMaxSectionPatterns = 200;

struct Section {
  std::string slug;  // URL word: "economie" -> /rubrique/economie
  std::string name;  // shown to readers: "Économie"
  // Subject codes, exact ("medtop:15000000") or a prefix ending in '*'
  // ("subj:15*"). Compared without regard to case.
  std::vector<std::string> codes;
  // Words or phrases matched against subject names, case and accents
  // ignored, as whole words: "marches financiers" matches the subject name
  // "Marchés financiers européens", "sport" does not match "transport".
  std::vector<std::string> names;
  // Rubriques with a higher priority are tried first when a subject is
  // matched (finer ones such as Marchés before Économie); equal priorities
  // keep the configured order, which is also the order readers see.
  int priority = 0;
  // National news (France on a French site): a dispatch in another
  // language than the site's that lands here is filed under the foreign
  // rubrique instead. Without places in the model, the language is the
  // best sign of news from abroad.
  bool national = false;
};

class Sections {
 public:
  // The default set (France, Monde, Économie, Entreprises, Marchés, Sport,
  // Culture, Sciences, Santé), mapped from IPTC media topics, the older
  // IPTC subject codes (subj:, and iptc: from NewsML 1.2) and French and
  // English subject names; "france" is the fallback.
  static Sections defaults();

  // Checks a configured set: 1 to kMaxSections rubriques, slugs unique,
  // made of a-z, 0-9 and '-', names not empty, pattern counts bounded; `fallback` names one of them.
  // `foreign`, when not empty, names the rubrique for news from abroad
  // (Monde): where a dispatch in another language than `site_language`
  // would land in a national rubrique or the fallback.
  static Result<Sections> create(std::vector<Section> sections, std::string fallback,
                                 std::string foreign = {}, std::string site_language = "fr");

  // The slug of the rubrique `d` belongs to: its subjects are taken in the
  // wire's order (agencies list the main one first), and for each the
  // rubriques by priority, then configured order; the first that matches
  // by code or by name wins. The fallback when nothing matches. IPTC codes
  // given as URIs (cv.iptc.org/newscodes/mediatopic/…, …/subjectcode/…,
  // agencies' "subref" URIs) are read as medtop: and subj: codes. A dispatch
  // in another language than the site's goes to the foreign rubrique
  // instead of a national one or the fallback. Thread-safe, no I/O.
  const std::string& classify(const Dispatch& d) const;

  // nullptr when no rubrique has that slug.
  const Section* find(std::string_view slug) const;
  const std::vector<Section>& all() const { return sections_; }
  const std::string& fallback() const { return fallback_; }
  const std::string& foreign() const { return foreign_; }

  // Changes whenever a rule or the fallback changes: stored articles are
  // filed again when the configured rules differ from the ones they were
  // filed with.
  std::string fingerprint() const;

 private:
  Sections() = default;
  struct Compiled {
    std::vector<std::string> exact_codes;    // lower-case
    std::vector<std::string> code_prefixes;  // lower-case, without '*'
    std::vector<std::string> names;          // folded, " word word "
    // Whether a top-level media topic is among its codes: a rubrique made
    // only of finer topics (Marchés, Entreprises) never takes a whole top
    // level by the words of its name.
    bool takes_top_levels = false;
  };
  std::vector<Section> sections_;
  std::vector<Compiled> compiled_;             // parallel to sections_
  std::vector<std::size_t> match_order_;  // indexes into sections_
  std::string fallback_;
  std::string foreign_;        // "" when none
  std::string site_language_;  // primary subtag, lower case: "fr"
};

// Lower-case, accents removed, every run of characters other than letters
// and digits turned into one space, with a space at both ends: the form in
// which subject names and configured names are compared.
std::string fold_for_matching(std::string_view text);

}  // namespace depeche::articles
