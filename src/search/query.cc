#include "search/query.h"

#include <cctype>
#include <memory>

#include "core/text.h"
#include "search/analysis.h"
#include "search/index.h"
#include "search/stop_words.h"

namespace depeche::search {
namespace {

// Phrases, AND/OR/NOT, + and -; and NOT or - alone ("NOT incendie":
// every story without the word) rather than a syntax error read again as
// plain words, which found the very stories the reader left out.
constexpr unsigned kQueryFlags =
    Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PURE_NOT;

// Weight given to every document holding all the words, on top of its own
// relevance. Larger than any BM25 weight a query of kMaxQueryChars can
// reach (each term weighs at most (k1 + 1) × idf ≈ 2.2 × 12 at a million
// documents), so that such documents always rank above those holding only
// some of the words, while keeping their order among themselves.
constexpr double kAllWordsBonus = 100'000.0;

class FrenchStopper final : public Xapian::Stopper {
 public:
  bool operator()(const std::string& term) const override { return is_stop_word(term); }
  std::string get_description() const override { return "French stop words"; }
};

// Parses with `default_op` between plain words; malformed syntax is read
// again as plain words, and an empty Query comes back when even that fails.
Xapian::Query parse(Xapian::QueryParser& parser, const std::string& folded,
                    Xapian::Query::op default_op, unsigned extra_flags) {
  parser.set_default_op(default_op);
  try {
    return parser.parse_query(folded, kQueryFlags | extra_flags);
  } catch (const Xapian::QueryParserError&) {
  }
  try {
    return parser.parse_query(folded, extra_flags);
  } catch (const Xapian::QueryParserError&) {
    return Xapian::Query();
  }
}

// The reader's text with every invalid UTF-8 sequence, control character
// and parenthesis made a space: Xapian's QueryParser expects UTF-8 (a word
// never holds such bytes anyway), and Xapian 1.4.22 dereferences a null
// query, crashing the process, on a loved group of stop words under AND
// ("x +(a,ce y", found by fuzz/search_query_fuzz.cc). The search offers no
// grouping: AND, OR, NOT, + and -, quotes and titre: work without it.
std::string clean_reader_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = valid_utf8_at(text, i);
    bool control = lead < 0x20 || lead == 0x7F ||
                   (length == 2 && lead == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0);
    if (length == 0 || control || lead == '(' || lead == ')') {
      out += ' ';
      i += length == 0 ? 1 : length;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

// Writes every word of `folded` (the text exactly as the parser gets it)
// in lower case but the operators AND, OR and NOT.
// - The parser reads a capitalised word as a name: not stemmed, matched
//   exactly. Readers capitalise what is no name (a phone's first letter,
//   « ELECTIONS » copied from a headline), and "Pompier" found nothing
//   where "pompier" finds the stories of "pompiers". Names lose nothing:
//   the index holds every word in lower case and by its stem.
// - NEAR and ADJ become words, not the parser's positional operators,
//   wherever folding made them (« NÉAR », NEAR and a combining accent):
//   the search takes AND, OR, NOT, + and -, quotes and titre:
//   (tests/search/forgiving_search_test.cc), and Xapian 1.4.22 leaks memory
//   when it recovers from some syntax errors around NEAR and ADJ (found by
//   fuzz/search_query_fuzz.cc: "AND/b>6`NEAR rAN/b>6`NEAR r" lost 96 bytes
//   a query), which a hostile reader could repeat at will.
void lower_words(std::string& folded) {
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && folded[i] == ' ') ++i;
    std::size_t end = folded.find(' ', i);
    if (end == std::string::npos) end = folded.size();
    std::string_view word(folded.data() + i, end - i);
    if (word != "AND" && word != "OR" && word != "NOT") {
      for (std::size_t k = i; k < end; ++k) {
        folded[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(folded[k])));
      }
    }
    i = end;
  }
}

}  // namespace

ParsedQuery parse_reader_query(std::string_view text, const Xapian::Database* spelling) {
  thread_local const FrenchStopper stopper;
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem(kStemLanguage));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_stopper(&stopper);
  parser.add_prefix("titre", kHeadlinePrefix);
  if (spelling) parser.set_database(*spelling);
  std::string folded = fold_for_search(clean_reader_text(text));
  lower_words(folded);

  ParsedQuery out;
  unsigned correct =
      spelling ? static_cast<unsigned>(Xapian::QueryParser::FLAG_SPELLING_CORRECTION) : 0u;
  Xapian::Query any = parse(parser, folded, Xapian::Query::OP_OR, correct);
  if (spelling) out.corrected = parser.get_corrected_query_string();
  Xapian::Query all = parse(parser, folded, Xapian::Query::OP_AND, 0);
  if (any.empty() || all.empty() || any.get_description() == all.get_description()) {
    out.query = any;
    return out;
  }
  // Any word finds a document; holding them all adds a fixed bonus, given
  // only to documents matching `all` (the filter's right side adds no weight).
  Xapian::Query bonus(
      Xapian::Query::OP_FILTER,
      Xapian::Query((new Xapian::FixedWeightPostingSource(kAllWordsBonus))->release()), all);
  out.query = Xapian::Query(Xapian::Query::OP_OR, any, bonus);
  return out;
}

}  // namespace depeche::search
