#include "search/query.h"

#include <memory>

#include "search/analysis.h"
#include "search/index.h"
#include "search/stop_words.h"

namespace depeche::search {
namespace {

constexpr unsigned kQueryFlags = Xapian::QueryParser::FLAG_DEFAULT;  // phrase, boolean, love/hate

// Weight given to every document holding all the words, on top of its own
// relevance. Larger than any BM25 weight a query of kMaxQueryBytes can
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
Xapian::Query parse(Xapian::QueryParser& parser, const std::string& folded, Xapian::Query::op default_op,
                    unsigned extra_flags) {
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

}  // namespace

ParsedQuery parse_reader_query(std::string_view text, const Xapian::Database* spelling) {
  thread_local const FrenchStopper stopper;
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem(kStemLanguage));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_stopper(&stopper);
  parser.add_prefix("titre", kHeadlinePrefix);
  if (spelling) parser.set_database(*spelling);
  std::string folded = fold_for_search(text);

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
