#include "articles/sections.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <set>

namespace depeche::articles {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "http://cv.iptc.org/newscodes/mediatopic/15000000" -> "medtop:15000000",
// ".../subjectcode/15008000" or an agency's ".../subref/1.0/15008000" ->
// "subj:15008000"; anything else unchanged (already lower case).
std::string canonical_code(std::string code) {
  auto slash = code.rfind('/');
  if (slash == std::string::npos || code.find("://") == std::string::npos) return code;
  std::string last = code.substr(slash + 1);
  bool iptc_number = last.size() == 8 && std::all_of(last.begin(), last.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!iptc_number) return code;
  if (code.find("mediatopic") != std::string::npos) return "medtop:" + last;
  if (code.find("subjectcode") != std::string::npos || code.find("subref") != std::string::npos) {
    return "subj:" + last;
  }
  return code;
}

// "fr-FR" -> "fr"; "" stays "".
std::string primary_language(std::string_view tag) {
  std::string out = lower_ascii(tag.substr(0, tag.find_first_of("-_")));
  return out;
}

bool valid_slug(std::string_view s) {
  if (s.empty() || s.size() > 40 || s.front() == '-' || s.back() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// The IPTC top-level numbers shared by media topics (medtop:NN000000) and
// the older subject codes (subj:NNxxxxxx, and iptc:NNxxxxxx from NewsML 1.2,
// which are hierarchical: the first two digits name the top level).
std::vector<std::string> iptc_codes(std::initializer_list<const char*> top_levels) {
  std::vector<std::string> out;
  for (const char* nn : top_levels) {
    out.push_back(std::string("medtop:") + nn + "000000");
    out.push_back(std::string("subj:") + nn + "*");
    out.push_back(std::string("iptc:") + nn + "*");
  }
  return out;
}

// "medtop:NN000000": one of the seventeen top levels of IPTC media topics.
bool is_top_level_media_topic(std::string_view code) {
  constexpr std::string_view kPrefix = "medtop:";
  if (!code.starts_with(kPrefix) || code.size() != kPrefix.size() + 8) return false;
  std::string_view digits = code.substr(kPrefix.size());
  return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         digits.substr(2) == "000000";
}

}  // namespace

std::string fold_for_matching(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  // getNFDInstance returns a shared, immutable, thread-safe instance.
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_SUCCESS(status) && nfd) {
    icu::UnicodeString decomposed = nfd->normalize(u, status);
    if (U_SUCCESS(status)) u = decomposed;
  }
  std::string out = " ";
  std::string piece;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0153 || c == 0x0152) {  // œ Œ
      out += "oe";
      continue;
    }
    if (c == 0x00E6 || c == 0x00C6) {  // æ Æ
      out += "ae";
      continue;
    }
    if (!u_isalnum(c)) {
      if (out.back() != ' ') out.push_back(' ');
      continue;
    }
    piece.clear();
    icu::UnicodeString(u_tolower(c)).toUTF8String(piece);
    out += piece;
  }
  if (out.back() != ' ') out.push_back(' ');
  return out;
}

Sections Sections::defaults() {
  std::vector<Section> s = {
      {"france", "France", iptc_codes({"02", "03", "05", "08", "10", "11", "12", "14", "17"}),
       {"france", "politique", "societe", "justice", "education", "meteo", "faits divers",
        "transport public", "transports", "politics", "society", "crime", "education",
        "weather"},
       0, true},
      {"monde", "Monde", iptc_codes({"16"}),
       {"international", "monde", "diplomatie", "relations internationales", "europe",
        "union europeenne", "conflit", "guerre", "world", "world news", "diplomacy",
        "international relations", "conflict war and peace", "foreign affairs"}},
      {"economie", "Économie", iptc_codes({"04", "09"}),
       {"economie", "emploi", "travail", "agriculture", "energie", "commerce", "consommation",
        "immobilier", "economy", "economy business and finance", "labour", "employment"}},
      {"entreprises", "Entreprises", {"subj:04016*", "iptc:04016*"},
       {"entreprises", "entreprise", "industrie", "start up", "jeune pousse", "jeunes pousses",
        "business", "company information", "companies", "industry"}},
      {"marches", "Marchés", {"subj:04009*", "iptc:04009*"},
       {"bourse", "bourses", "marches", "marches financiers", "cac 40", "devises", "obligations",
        "matieres premieres", "markets", "financial markets", "stock market",
        "market and exchange"}},
      {"sport", "Sport", iptc_codes({"15"}),
       {"sport", "sports", "football", "rugby", "tennis", "cyclisme", "athletisme", "natation",
        "handball", "basket", "echecs", "marathon", "formule 1", "jeux olympiques"}},
      {"culture", "Culture", iptc_codes({"01"}),
       {"culture", "cinema", "musique", "litterature", "livres", "theatre", "musee", "musees",
        "exposition", "patrimoine", "arts", "arts culture and entertainment"}},
      {"sciences", "Sciences", iptc_codes({"13", "06"}),
       {"science", "sciences", "technologie", "technologies", "environnement", "climat",
        "espace", "astronomie", "recherche", "numerique", "science and technology",
        "environment"}},
      {"sante", "Santé", iptc_codes({"07"}),
       {"sante", "medecine", "hopital", "epidemie", "vaccin", "health", "medicine"}},
  };
  // Marchés and Entreprises are finer than Économie, Monde than France:
  // their rules are tried first, so that "subj:04009000" files under
  // Marchés and a "relations internationales" subject coded as politics
  // under Monde. France, the broadest, is tried last.
  for (auto& x : s) {
    if (x.slug == "marches" || x.slug == "entreprises") x.priority = 2;
    if (x.slug == "monde") x.priority = 1;
    if (x.slug == "france") x.priority = -1;
  }
  auto made = create(std::move(s), "france", "monde", "fr");
  return std::move(*made);
}

Result<Sections> Sections::create(std::vector<Section> sections, std::string fallback,
                                  std::string foreign, std::string site_language) {
  if (sections.empty() || sections.size() > kMaxSections) {
    return make_error(ErrorCode::invalid_input,
                      "between 1 and " + std::to_string(kMaxSections) + " sections are needed");
  }
  Sections out;
  std::set<std::string, std::less<>> slugs;
  for (auto& s : sections) {
    if (!valid_slug(s.slug)) {
      return make_error(ErrorCode::invalid_input,
                        "section slug '" + s.slug + "' must use a-z, 0-9 and '-'");
    }
    if (!slugs.insert(s.slug).second) {
      return make_error(ErrorCode::invalid_input, "section '" + s.slug + "' is defined twice");
    }
    if (s.name.empty()) {
      return make_error(ErrorCode::invalid_input, "section '" + s.slug + "' needs a name");
    }
    if (s.codes.size() + s.names.size() > kMaxSectionPatterns) {
      return make_error(ErrorCode::invalid_input, "section '" + s.slug + "' has too many rules");
    }
    Compiled c;
    for (const auto& code : s.codes) {
      std::string low = lower_ascii(code);
      if (low.empty() || low == "*") continue;
      if (low.back() == '*') {
        low.pop_back();
        c.code_prefixes.push_back(std::move(low));
      } else {
        c.takes_top_levels = c.takes_top_levels || is_top_level_media_topic(low);
        c.exact_codes.push_back(std::move(low));
      }
    }
    for (const auto& name : s.names) {
      std::string folded = fold_for_matching(name);
      if (folded.size() > 2) c.names.push_back(std::move(folded));
    }
    out.compiled_.push_back(std::move(c));
  }
  if (!slugs.contains(fallback)) {
    return make_error(ErrorCode::invalid_input,
                      "the fallback section '" + fallback + "' is not one of the sections");
  }
  if (!foreign.empty() && !slugs.contains(foreign)) {
    return make_error(ErrorCode::invalid_input,
                      "the foreign section '" + foreign + "' is not one of the sections");
  }
  out.foreign_ = std::move(foreign);
  out.site_language_ = primary_language(site_language);
  out.match_order_.resize(sections.size());
  for (std::size_t i = 0; i < sections.size(); ++i) out.match_order_[i] = i;
  std::stable_sort(out.match_order_.begin(), out.match_order_.end(),
                   [&](std::size_t a, std::size_t b) {
                     return sections[a].priority > sections[b].priority;
                   });
  out.sections_ = std::move(sections);
  out.fallback_ = std::move(fallback);
  return out;
}

const std::string& Sections::classify(const Dispatch& d) const {
  std::string language = primary_language(d.language);
  bool abroad = !foreign_.empty() && !language.empty() && language != site_language_;
  for (const auto& subject : d.subjects) {
    std::string code = canonical_code(lower_ascii(subject.code));
    // A top-level media topic's name lists everything under it (« économie,
    // économie d'entreprise et finance »): its words must not file it under
    // a rubrique of finer topics ("entreprise").
    bool top_level = is_top_level_media_topic(code);
    std::string name = subject.name.empty() ? std::string() : fold_for_matching(subject.name);
    for (std::size_t i : match_order_) {
      const Compiled& c = compiled_[i];
      bool hit = std::find(c.exact_codes.begin(), c.exact_codes.end(), code) !=
                 c.exact_codes.end();
      for (std::size_t k = 0; !hit && k < c.code_prefixes.size(); ++k) {
        hit = code.starts_with(c.code_prefixes[k]);
      }
      bool by_name = !name.empty() && (!top_level || c.takes_top_levels);
      for (std::size_t k = 0; !hit && by_name && k < c.names.size(); ++k) {
        hit = name.find(c.names[k]) != std::string::npos;
      }
      if (hit) return abroad && sections_[i].national ? foreign_ : sections_[i].slug;
    }
  }
  return abroad ? foreign_ : fallback_;
}

const Section* Sections::find(std::string_view slug) const {
  for (const auto& s : sections_) {
    if (s.slug == slug) return &s;
  }
  return nullptr;
}

std::string Sections::fingerprint() const {
  // Readable rather than hashed: it is stored once and compared at start.
  std::string out = "v2|" + fallback_ + "|" + foreign_ + "|" + site_language_;
  for (std::size_t i = 0; i < sections_.size(); ++i) {
    out += "|" + sections_[i].slug + "/" + std::to_string(sections_[i].priority) +
           (sections_[i].national ? "/national:" : ":");
    for (const auto& c : compiled_[i].exact_codes) out += c + ",";
    for (const auto& c : compiled_[i].code_prefixes) out += c + "*,";
    for (const auto& n : compiled_[i].names) out += n + ",";
  }
  return out;
}

}  // namespace depeche::articles
