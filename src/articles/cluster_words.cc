#include "articles/cluster_words.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>

namespace depeche::articles {
namespace {

// Words every story of a day may hold, folded: French function words,
// reporting verbs, agency names, weekdays and months. Sorted, for a binary
// search.
constexpr std::array<std::string_view, 196> kStopWords = {
    "afin",      "afp",        "ainsi",     "alors",    "ans",      "ansa",    "aout",
    "apres",     "associated", "au",        "aucun",    "aupres",   "aussi",   "autre",
    "autres",    "aux",        "avait",     "avant",    "avec",     "avoir",   "avons",
    "avril",     "bloomberg",  "ce",        "cela",     "celle",    "celui",   "ces",
    "cet",       "cette",      "chez",      "comme",    "comment",  "contre",  "dans",
    "declare",   "decembre",   "deja",      "depuis",   "des",      "deux",    "dimanche",
    "dit",       "doit",       "donc",      "dont",     "dpa",      "du",      "efe",
    "elle",      "elles",      "encore",    "entre",    "est",      "et",      "etaient",
    "etait",     "ete",        "etre",      "eux",      "fait",     "faire",   "fevrier",
    "fin",       "font",       "fois",      "hier",     "il",       "ils",     "janvier",
    "jeudi",     "jour",       "juillet",   "juin",     "jusqu",    "jusque",  "la",
    "le",        "les",        "leur",      "leurs",    "lors",     "lui",     "lundi",
    "mai",       "mais",       "mardi",     "mars",     "matin",    "meme",    "mercredi",
    "moins",     "ne",         "ni",        "non",      "nos",      "notre",   "nous",
    "novembre",  "octobre",    "on",        "ont",      "ou",       "oui",     "par",
    "parce",     "pas",        "pendant",   "peu",      "peut",     "plus",    "plusieurs",
    "pour",      "pourrait",   "pres",      "press",    "puis",     "quand",   "que",
    "quel",      "quelle",     "quelque",   "quelques", "qui",      "quoi",    "reuter",
    "reuters",   "sa",         "samedi",    "sans",     "se",       "selon",   "sept",
    "septembre", "ses",        "si",        "soir",     "son",      "sont",    "sous",
    "souligne",  "sur",        "ta",        "tandis",   "tant",     "te",      "tel",
    "telle",     "tous",       "tout",      "toute",    "toutes",   "tres",    "trois",
    "un",        "une",        "unes",      "uns",      "vendredi", "vers",    "veut",
    "via",       "voir",       "vos",       "votre",    "vous",     "xinhua",  "ya",
    "aujourd",   "hui",        "lequel",    "laquelle", "lesquels", "celles",  "ceux",
    "cependant", "desormais",  "egalement", "environ",  "indique",  "precise", "ajoute",
    "annonce",   "affirme",    "explique",  "estime",   "heure",    "heures",  "derniere",
    "dernier",   "prochain",   "prochaine", "semaine",  "annee",    "mois",    "cours",
};

bool is_stop_word(std::string_view w) {
  static const auto sorted = [] {
    auto a = kStopWords;
    std::sort(a.begin(), a.end());
    return a;
  }();
  return std::binary_search(sorted.begin(), sorted.end(), w);
}

// Base letters of U+00C0..U+00FF ('*': not a letter, '#': two letters).
constexpr std::string_view kLatin1 =
    "aaaaaa#ceeeeiiiidnooooo*ouuuuy#saaaaaa#ceeeeiiiidnooooo*ouuuuy#y";
// Base letters of U+0100..U+017F ('#': œ / Œ, or ĳ).
constexpr std::string_view kLatinA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii##jjkkklllllllllln"
    "nnnnnnnnoooooo##rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

static_assert(kLatin1.size() == 0x40);
static_assert(kLatinA.size() == 0x80);

struct Letter {
  std::string_view folded;  // empty: not a letter
  bool upper = false;
};

Letter fold(char32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'a' && cp <= 'z')
      return {std::string_view("abcdefghijklmnopqrstuvwxyz").substr(cp - 'a', 1), false};
    if (cp >= 'A' && cp <= 'Z')
      return {std::string_view("abcdefghijklmnopqrstuvwxyz").substr(cp - 'A', 1), true};
    return {};
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    char c = kLatin1[cp - 0xC0];
    bool upper = cp < 0xDF;
    if (c == '*') return {};
    if (c == '#') {
      if (cp == 0xC6 || cp == 0xE6) return {"ae", upper};
      if (cp == 0xDF) return {"ss", false};
      return {"th", upper};
    }
    return {kLatin1.substr(cp - 0xC0, 1), upper};
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    std::size_t i = cp - 0x100;
    if (cp == 0x152 || cp == 0x153) return {"oe", cp == 0x152};
    if (cp == 0x132 || cp == 0x133) return {"ij", cp == 0x132};
    // Capitals and small letters alternate; the order flips after ĸ and ŉ.
    bool upper = cp < 0x139   ? cp % 2 == 0
                 : cp < 0x14A ? cp % 2 == 1
                 : cp < 0x179 ? cp % 2 == 0
                              : cp % 2 == 1;
    return {kLatinA.substr(i, 1), upper};
  }
  return {};
}

// Decodes one UTF-8 code point at `i` (advanced past it); U+FFFD for a bad
// sequence.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i++]);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (extra == 0) return 0xFFFD;
  char32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size()) return 0xFFFD;
    auto cc = static_cast<unsigned char>(s[i]);
    if ((cc & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (cc & 0x3F);
    ++i;
  }
  return cp;
}

// French number words, folded, and their values. "un" and "une" count only
// after "et" inside a number ("vingt et un"), where they cannot be the
// article; "et" itself joins only "un", "une" and "onze" to what precedes.
struct NumberWord {
  std::string_view word;
  int value;
};
constexpr std::array<NumberWord, 27> kNumberWords = {{
    {"cent", 100},  {"cents", 100}, {"cinq", 5},      {"cinquante", 50}, {"deux", 2},
    {"dix", 10},    {"douze", 12},  {"et", 0},        {"huit", 8},       {"mille", 1000},
    {"neuf", 9},    {"onze", 11},   {"quarante", 40}, {"quatorze", 14},  {"quatre", 4},
    {"quinze", 15}, {"seize", 16},  {"sept", 7},      {"six", 6},        {"soixante", 60},
    {"treize", 13}, {"trente", 30}, {"trois", 3},     {"un", 1},         {"une", 1},
    {"vingt", 20},  {"vingts", 20},
}};

std::optional<int> number_word(std::string_view w) {
  for (const auto& n : kNumberWords) {
    if (n.word == w) return n.value;
  }
  return std::nullopt;
}

// Below this a number written in words stays a word: agencies spell out
// small numbers ("trois blessés") and every story holds a "deux" or a
// "trois", so they tell no event apart. From here on one agency writes
// "douze morts" where another writes "12 morts": the same fact.
constexpr long kSpelledNumberFrom = 10;
// "quatre-vingt-dix-neuf mille neuf cent…": longer runs are not numbers
// agencies write in words; the run is cut there.
constexpr int kMaxNumberWords = 8;

bool is_space(char32_t cp) {
  return cp == ' ' || cp == 0xA0 || cp == 0x202F || cp == 0x2009;
}

// Plural and feminine endings off, so "blessées" and "blessé" meet.
std::string trimmed(std::string w) {
  if (w.size() >= 4 && (w.back() == 's' || w.back() == 'x')) w.pop_back();
  if (w.size() >= 5 && w.back() == 'e') w.pop_back();
  return w;
}

class Reader {
 public:
  Reader(std::string_view text, bool html, std::size_t max_words)
      : text_(text), html_(html), max_(max_words) {}

  std::vector<Word> read() {
    while (i_ < text_.size() && out_.size() < max_) step();
    finish();
    end_spelled();
    if (out_.size() > max_) out_.resize(max_);
    return std::move(out_);
  }

 private:
  void step() {
    char c = text_[i_];
    if (html_ && c == '<') {
      finish();
      end_spelled();
      auto end = text_.find('>', i_);
      i_ = end == std::string_view::npos ? text_.size() : end + 1;
      return;
    }
    if (html_ && c == '&') {
      finish();
      auto end = text_.find(';', i_);
      i_ = end == std::string_view::npos || end - i_ > 10 ? i_ + 1 : end + 1;
      return;
    }
    char32_t cp = next_code_point(text_, i_);
    if (cp >= '0' && cp <= '9') {
      if (!word_.empty() && !number_) finish();
      end_spelled();
      if (word_.empty()) start(false);
      number_ = true;
      word_ += static_cast<char>(cp);
      return;
    }
    if (number_ && (cp == ',' || cp == '.') && i_ < text_.size() &&
        std::isdigit(static_cast<unsigned char>(text_[i_]))) {
      word_ += '.';
      return;
    }
    // "1 200": a group of three digits after a space goes on the number.
    if (number_ && is_space(cp) && three_digits_at(i_)) return;
    Letter l = fold(cp);
    if (!l.folded.empty()) {
      if (number_) finish();
      if (word_.empty()) start(l.upper);
      word_ += l.folded;
      return;
    }
    finish();
    // Hyphens and spaces join the words of one number ("dix-sept",
    // "deux cents"); any other mark ends it.
    if (cp != '-' && !is_space(cp)) end_spelled();
    if (cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == 0x2026) sentence_start_ = true;
  }

  bool three_digits_at(std::size_t i) const {
    for (int k = 0; k < 3; ++k) {
      if (i + k >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[i + k]))) {
        return false;
      }
    }
    return i + 3 >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[i + 3]));
  }

  void start(bool upper) {
    capital_ = upper && !sentence_start_;
    sentence_start_ = false;
  }

  // A number spelled out in words is read in French order: "dix-sept" 17,
  // "soixante-douze" 72, "quatre-vingt-dix" 90, "deux cents" 200, "trois
  // mille" 3000, "vingt et un" 21. Returns whether `w` belonged to it.
  bool spelled(const std::string& w) {
    auto v = number_word(w);
    if (!v) return false;
    if (w == "et") {
      if (spelled_words_ == 0 || after_et_) return false;
      after_et_ = true;
      return true;
    }
    bool after_et = std::exchange(after_et_, false);
    if (after_et && *v != 1 && *v != 11) end_spelled();  // "dix et quinze": two numbers
    if (*v == 1 && !after_et) {
      end_spelled();
      return false;  // the article
    }
    if (spelled_words_ >= kMaxNumberWords) end_spelled();
    ++spelled_words_;
    if (*v == 100) {
      current_ = (current_ == 0 ? 1 : current_) * 100;
    } else if (*v == 1000) {
      total_ += (current_ == 0 ? 1 : current_) * 1000;
      current_ = 0;
    } else if (*v == 20 && current_ % 100 == 4) {
      current_ += 76;  // quatre-vingt: the 4 becomes 80
    } else {
      current_ += *v;
    }
    spelled_text_.push_back(w);
    return true;
  }

  // Ends the number being spelled: a number from kSpelledNumberFrom, or its
  // words as plain words (stop words dropped, as always).
  void end_spelled() {
    if (spelled_words_ == 0) return;
    long value = total_ + current_;
    auto words = std::move(spelled_text_);
    spelled_text_.clear();
    spelled_words_ = 0;
    total_ = current_ = 0;
    after_et_ = false;
    if (value >= kSpelledNumberFrom) {
      out_.push_back({std::to_string(value), WordKind::number});
      return;
    }
    for (auto& text : words) {
      if (text.size() >= 3 && !is_stop_word(text)) {
        out_.push_back({trimmed(std::move(text)), WordKind::plain});
      }
    }
  }

  void finish() {
    if (word_.empty()) return;
    if (!number_ && spelled(word_)) {
      word_.clear();
      return;
    }
    end_spelled();
    Word w;
    if (number_) {
      w.kind = WordKind::number;
      w.text = std::move(word_);
      // A year is shared by every story of the time: an ordinary word.
      if (w.text.size() == 4 && (w.text.starts_with("19") || w.text.starts_with("20"))) {
        w.kind = WordKind::plain;
      }
      out_.push_back(std::move(w));
    } else if (word_.size() >= 3 && !is_stop_word(word_)) {
      w.kind = capital_ ? WordKind::name : WordKind::plain;
      w.text = trimmed(std::move(word_));
      out_.push_back(std::move(w));
    }
    word_.clear();
    number_ = false;
  }

  std::string_view text_;
  bool html_;
  std::size_t max_;
  std::size_t i_ = 0;
  std::string word_;
  bool number_ = false;
  bool capital_ = false;
  bool sentence_start_ = true;
  // The number being spelled out in words (see spelled()).
  std::vector<std::string> spelled_text_;
  int spelled_words_ = 0;
  long total_ = 0, current_ = 0;
  bool after_et_ = false;
  std::vector<Word> out_;
};

}  // namespace

std::vector<Word> content_words(std::string_view text, bool html, std::size_t max_words) {
  return Reader(text, html, max_words).read();
}

}  // namespace depeche::articles
