#include "search/index.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "search/analysis.h"
#include "search/query.h"
#include "search/stop_words.h"

namespace depeche::search {
namespace {

// Index layout. Changing any of these requires a rebuild: bump kLayout, and
// an index written with another layout is replayed from revision 0 when it
// is opened (its documents are replaced one by one as the syncer goes).
constexpr const char* kIdPrefix = "Q";         // "Q<article id>": one per document
constexpr Xapian::termcount kHeadlineWdf = 3;  // a headline word counts thrice
constexpr Xapian::valueno kPublishedSlot = 0;  // first publication, sortable
// The provider as the wire spells it, read at commit to name the agency
// filter's choices (Index::providers).
constexpr Xapian::valueno kProviderSlot = 1;
// The rubrique's term and the subjects' terms ("XQ…", sorted, one per line),
// again as values: related() reads them for each of its candidates, and a
// value costs far less to read than a document's term list.
constexpr Xapian::valueno kSectionSlot = 2;
constexpr Xapian::valueno kSubjectsSlot = 3;
// Terms for filters and for related(): the rubrique's slug, the provider
// folded to lower case ("XPreuters") and each subject's code
// ("XQmedtop:20000523"). Subjects are weighted terms (see make_document).
constexpr const char* kSectionPrefix = "XS";
constexpr const char* kProviderPrefix = "XP";
constexpr const char* kSubjectPrefix = "XQ";
constexpr const char* kRevisionKey = "depeche:revision";
constexpr const char* kLayoutKey = "depeche:layout";
constexpr const char* kLayout = "4";  // 3: spelling, provider names; 4: related values
// "depeche:provider:<provider_key>" → the provider's name.
constexpr const char* kProviderNameKey = "depeche:provider:";

// Reads of one search on a reader of its own at most, when commits overwrite
// the revision being read (glass keeps only the latest two); then it waits
// for the writer's lock instead.
constexpr int kReadAttempts = 3;

// Xapian refuses terms longer than 245 bytes; a code longer than this one
// is not a code anybody filters on.
constexpr std::size_t kMaxBooleanTermBytes = 120;

// Words of the spelling dictionary: shorter ones are mostly stop words and
// abbreviations (a correction to them misleads more than it helps), longer
// ones are no word a reader types.
constexpr std::size_t kMinSpellingWordBytes = 4;
constexpr std::size_t kMaxSpellingWordBytes = 30;

std::string id_term(std::int64_t article_id) {
  return kIdPrefix + std::to_string(article_id);
}

Error xapian_error(std::string_view doing, const Xapian::Error& e) {
  return make_error(ErrorCode::io,
                    "search index: " + std::string(doing) + ": " + e.get_description());
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// How many words a thread's stemmer remembers before it starts afresh:
// news text reuses a few tens of thousands of words, and a word costs about
// a hundred bytes here.
constexpr std::size_t kRememberedStems = 50'000;

// The site's stemmer, remembering the stems it gave: Snowball's French
// stemmer was a quarter of the time spent making a document, mostly on
// words it had seen many times. Same stems, so no rebuild needed.
class RememberingStem final : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    if (auto it = known_.find(word); it != known_.end()) return it->second;
    std::string stem = stemmer_(word);
    if (known_.size() >= kRememberedStems) known_.clear();
    known_.emplace(word, stem);
    return stem;
  }
  std::string get_description() const override {
    return "remembering " + stemmer_.get_description();
  }

 private:
  Xapian::Stem stemmer_{kStemLanguage};
  std::unordered_map<std::string, std::string> known_;
};

Xapian::Document make_document(const store::Article& a) {
  // One per thread: the memory is not shared, and Xapian's reference counts
  // are not atomic.
  thread_local const Xapian::Stem stemmer(new RememberingStem);
  Xapian::Document doc;
  doc.set_data(std::to_string(a.id));
  doc.add_boolean_term(id_term(a.id));
  if (!a.section.empty()) {
    doc.add_boolean_term(kSectionPrefix + a.section);
    doc.add_value(kSectionSlot, kSectionPrefix + a.section);
  }
  if (!a.dispatch.provider.empty() && a.dispatch.provider.size() <= kMaxBooleanTermBytes) {
    doc.add_boolean_term(kProviderPrefix + provider_key(a.dispatch.provider));
    doc.add_value(kProviderSlot, a.dispatch.provider);
  }
  std::vector<std::string> subjects;
  for (const auto& s : a.dispatch.subjects) {
    if (!s.code.empty() && s.code.size() <= kMaxBooleanTermBytes &&
        s.code.find('\n') == std::string::npos) {
      subjects.push_back(kSubjectPrefix + s.code);
    }
  }
  std::sort(subjects.begin(), subjects.end());
  subjects.erase(std::unique(subjects.begin(), subjects.end()), subjects.end());
  std::string subject_lines;
  for (const auto& term : subjects) {
    // Weighted, not boolean: related() ranks the stories sharing an
    // article's subjects by how rare those subjects are.
    doc.add_term(term, 1);
    subject_lines += term;
    subject_lines += '\n';
  }
  if (!subject_lines.empty()) doc.add_value(kSubjectsSlot, subject_lines);
  doc.add_value(
      kPublishedSlot,
      Xapian::sortable_serialise(static_cast<double>(a.published_at.time_since_epoch().count())));

  Xapian::TermGenerator terms;
  terms.set_stemmer(stemmer);
  terms.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  terms.set_document(doc);
  const Dispatch& d = a.dispatch;
  std::string headline = fold_for_search(d.headline);
  terms.index_text(headline, kHeadlineWdf);
  terms.index_text(headline, 1, kHeadlinePrefix);
  // Each field starts a new run of positions, so that a phrase query never
  // matches across the end of one field and the start of the next.
  std::vector<std::string> fields = {d.description, html_to_text(d.body_html), d.dateline,
                                     d.provider};
  for (const auto& s : d.subjects) fields.push_back(s.name);
  for (const auto& field : fields) {
    terms.increase_termpos();
    terms.index_text(fold_for_search(field));
  }
  return doc;
}

// Keeps the words of an article for related(): plain and stemmed ("Z…")
// terms, not stop words nor numbers, not the id term nor the headline-only
// copies ("S…", "ZS…") and other prefixed terms, which
// would only repeat headline words, and not the words no other article has:
// expansion ranks those first (they are the rarest), yet they can only find
// the article itself, and would crowd out the words it shares.
class ContentTermsOnly final : public Xapian::ExpandDecider {
 public:
  explicit ContentTermsOnly(const Xapian::Database& db) : db_(db) {}
  bool operator()(const std::string& term) const override {
    std::string_view t = term;
    if (!t.empty() && t.front() == 'Z') t.remove_prefix(1);
    if (t.empty() || (t.front() >= 'A' && t.front() <= 'Z')) return false;
    // Numbers (a score, a year, a toll) and stop words match stories by
    // chance, not by topic.
    if (t.find_first_not_of("0123456789") == std::string_view::npos) return false;
    if (is_stop_word_or_stem(t)) return false;
    return db_.get_termfreq(term) > 1;
  }

 private:
  const Xapian::Database& db_;
};

// What related_matches() reads of one document besides its words.
struct Facets {
  std::int64_t id = 0;                // the article's; 0 when the document has none
  std::vector<std::string> subjects;  // whole terms, "XQ…"
  std::string section;                // whole term, "XS…"; empty when none
  double published = 0;               // seconds since the epoch
};

Facets facets_of(const Xapian::Database& db, Xapian::docid doc) {
  Facets f;
  Xapian::Document d = db.get_document(doc, Xapian::DOC_ASSUME_VALID);
  f.id = parse_int(d.get_data()).value_or(0);
  f.published = Xapian::sortable_unserialise(d.get_value(kPublishedSlot));
  f.section = d.get_value(kSectionSlot);
  std::string all = d.get_value(kSubjectsSlot);
  std::string_view lines = all;
  while (!lines.empty()) {
    auto end = lines.find('\n');
    f.subjects.emplace_back(lines.substr(0, end));
    lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 1);
  }
  return f;
}

// Article ids of `mset`, in its order. Every document is written with its
// id as data; one without would be skipped rather than fail the page.
std::vector<std::int64_t> ids_of(const Xapian::MSet& mset) {
  std::vector<std::int64_t> ids;
  ids.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    if (auto id = parse_int(it.get_document().get_data())) ids.push_back(*id);
  }
  return ids;
}

// Whether a document term is a word for the spelling dictionary: an
// unprefixed, unstemmed term (lower-case first letter) of letters only.
bool spelling_word(const std::string& term) {
  if (term.size() < kMinSpellingWordBytes || term.size() > kMaxSpellingWordBytes) return false;
  return std::all_of(term.begin(), term.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Counts each word of `doc` once more (+1) or once less (-1) in the
// spelling dictionary: a word's count is how many articles hold it.
void count_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc, int delta) {
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string& term = *it;
    if (!spelling_word(term)) continue;
    if (delta > 0) {
      db.add_spelling(term, 1);
    } else {
      db.remove_spelling(term, 1);
    }
  }
}

// Takes the words of the committed document of `article_id`, if any, out
// of the spelling dictionary.
void forget_spelling(Xapian::WritableDatabase& db, std::int64_t article_id) {
  std::string term = id_term(article_id);
  auto posting = db.postlist_begin(term);
  if (posting == db.postlist_end(term)) return;
  count_spelling(db, db.get_document(*posting), -1);
}

// Names the provider of `doc` in the metadata, for Index::providers.
void record_provider(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
  std::string name = doc.get_value(kProviderSlot);
  if (name.empty()) return;
  std::string key = kProviderNameKey + provider_key(name);
  if (db.get_metadata(key) != name) db.set_metadata(key, name);
}

std::string serialised(Timestamp t) {
  return Xapian::sortable_serialise(static_cast<double>(t.time_since_epoch().count()));
}

// `query` narrowed down by `f`, its ranking unchanged (OP_FILTER's right
// side adds no weight).
Xapian::Query filtered(const Xapian::Query& query, const SearchFilters& f) {
  std::vector<Xapian::Query> conditions;
  if (!f.section.empty()) conditions.emplace_back(kSectionPrefix + f.section);
  if (!f.provider.empty()) conditions.emplace_back(kProviderPrefix + provider_key(f.provider));
  if (f.from && f.to) {
    conditions.emplace_back(Xapian::Query::OP_VALUE_RANGE, kPublishedSlot, serialised(*f.from),
                            serialised(*f.to));
  } else if (f.from) {
    conditions.emplace_back(Xapian::Query::OP_VALUE_GE, kPublishedSlot, serialised(*f.from));
  } else if (f.to) {
    conditions.emplace_back(Xapian::Query::OP_VALUE_LE, kPublishedSlot, serialised(*f.to));
  }
  if (conditions.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_FILTER, query,
                       Xapian::Query(Xapian::Query::OP_AND, conditions.begin(), conditions.end()));
}

// Whether `text` holds anything but white space.
bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

// Runs `query` on `db` in `order`, one page.
Xapian::MSet run(const Xapian::Database& db, const Xapian::Query& query, SearchOrder order,
                 int offset, int limit) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  if (order == SearchOrder::newest) {
    enquire.set_sort_by_value_then_relevance(kPublishedSlot, true);
  } else {
    enquire.set_sort_by_relevance_then_value(kPublishedSlot, true);  // ties newest first
  }
  return enquire.get_mset(static_cast<Xapian::doccount>(offset),
                          static_cast<Xapian::doccount>(limit));
}

}  // namespace

struct Index::State {
  // A missing or unreadable revision means "from the start": replaying every
  // change rewrites the same documents, so the index heals itself.
  // `directory` is empty for an index in memory.
  // An index of another layout counts as empty for the same reason.
  State(Xapian::WritableDatabase database, std::filesystem::path directory)
      : db(std::move(database)),
        revision(db.get_metadata(kLayoutKey) == kLayout
                     ? parse_int(db.get_metadata(kRevisionKey)).value_or(0)
                     : 0),
        transactional(!directory.empty()),
        dir(std::move(directory)) {}

  // A read-only view of the committed index, for one reader at a time.
  struct Reader {
    Xapian::Database db;
    std::uint64_t generation = 0;  // of the commit it was opened or reopened at
  };

  // Runs `f(const Xapian::Database&)` on the committed index: through a
  // reader of its own on disk, under mu in memory. Xapian errors propagate.
  // `f` may run more than once.
  template <class F>
  auto read(F f) {
    if (dir.empty()) {
      std::lock_guard lock(mu);
      return f(static_cast<const Xapian::Database&>(db));
    }
    for (int attempt = 1; attempt <= kReadAttempts; ++attempt) {
      try {
        std::unique_ptr<Reader> reader = take_reader();
        auto out = f(static_cast<const Xapian::Database&>(reader->db));
        give_back(std::move(reader));
        return out;
      } catch (const Xapian::DatabaseModifiedError&) {
        // Commits overwrote the revision this handle was opening or
        // reading (the handle is closed): again on the latest, a few times;
        // when commits keep landing back to back (a rebuild), through the
        // writable database, which no commit changes while mu is held.
      }
    }
    std::lock_guard lock(mu);
    return f(static_cast<const Xapian::Database&>(db));
  }

  // Runs `apply(db)`, records `new_revision` and commits, all or nothing
  // where the backend allows: a failure half-way through must not leave
  // changes buffered in `db` for the next commit to publish under a later
  // revision. Glass has transactions; the in-memory backend has none, and
  // nothing there can fail for want of disk. The caller holds mu.
  template <class F>
  Status write(std::string_view doing, std::int64_t new_revision, F apply) {
    try {
      if (transactional) db.begin_transaction();  // flushed: durable once committed
      apply(db);
      db.set_metadata(kRevisionKey, std::to_string(new_revision));
      db.set_metadata(kLayoutKey, kLayout);
      if (transactional) {
        db.commit_transaction();
      } else {
        db.commit();
      }
    } catch (const Xapian::Error& e) {
      cancel();
      return xapian_error(doing, e);
    }
    // Generation first: whoever reads the new revision then opens a reader
    // at this commit or a later one.
    generation.fetch_add(1);
    revision.store(new_revision);
    return {};
  }

  mutable std::mutex mu;
  Xapian::WritableDatabase db;  // guarded by mu
  // Changes staged for the next commit, by article id; nullopt removes.
  // Kept outside the database because a WritableDatabase shows its own
  // uncommitted changes to searches.
  std::map<std::int64_t, std::optional<Xapian::Document>> staged;  // guarded by mu
  // Written under mu; read without it, so that a page render asking how far
  // the index is never waits for a commit's fdatasync.
  std::atomic<std::int64_t> revision{0};
  const bool transactional;
  const std::filesystem::path dir;
  std::mutex sync_mu;
  // Bumped after every commit: a reader opened before it reopens.
  std::atomic<std::uint64_t> generation{0};
  std::mutex readers_mu;
  std::vector<std::unique_ptr<Reader>> idle;  // guarded by readers_mu

 private:
  // An idle reader, brought up to the latest commit, or a new one.
  std::unique_ptr<Reader> take_reader() {
    std::unique_ptr<Reader> reader;
    {
      std::lock_guard lock(readers_mu);
      if (!idle.empty()) {
        reader = std::move(idle.back());
        idle.pop_back();
      }
    }
    // Read before opening: a commit landing meanwhile makes the next use
    // reopen, never the other way round.
    std::uint64_t now = generation.load();
    if (!reader) {
      reader = std::make_unique<Reader>(Reader{Xapian::Database(dir.string()), now});
    } else if (reader->generation != now) {
      reader->db.reopen();
      reader->generation = now;
    }
    return reader;
  }

  void give_back(std::unique_ptr<Reader> reader) {
    std::lock_guard lock(readers_mu);
    if (idle.size() < kMaxIdleReaders) idle.push_back(std::move(reader));
  }

  void cancel() {
    if (!transactional) return;
    try {
      db.cancel_transaction();
    } catch (const Xapian::Error&) {
      // None was open: begin_transaction itself failed.
    }
  }
};

Index::Index(std::unique_ptr<State> state) : state_(std::move(state)) {}
Index::~Index() = default;

Result<std::unique_ptr<Index>> Index::open(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return make_error(ErrorCode::io,
                      "cannot create search index directory " + dir.string() + ": " + ec.message());
  }
  try {
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
    return std::unique_ptr<Index>(new Index(std::make_unique<State>(std::move(db), dir)));
  } catch (const Xapian::DatabaseLockError&) {
    return make_error(ErrorCode::io, "search index is locked by another process: " + dir.string());
  } catch (const Xapian::Error& e) {
    return xapian_error("opening " + dir.string(), e);
  }
}

Result<std::unique_ptr<Index>> Index::in_memory() {
  try {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    return std::unique_ptr<Index>(
        new Index(std::make_unique<State>(std::move(db), std::filesystem::path())));
  } catch (const Xapian::Error& e) {
    return xapian_error("creating in memory", e);
  }
}

Status Index::put(const store::Article& a) {
  if (a.status == store::ArticleStatus::withdrawn) return remove(a.id);
  try {
    Xapian::Document doc = make_document(a);  // the slow part, outside the lock
    // Moved, not copied: Xapian's reference counts are not atomic, so a
    // handle may only be shared between threads under mu.
    std::lock_guard lock(state_->mu);
    state_->staged[a.id] = std::move(doc);
    return {};
  } catch (const Xapian::Error& e) {
    return xapian_error("indexing article " + std::to_string(a.id), e);
  }
}

Status Index::remove(std::int64_t article_id) {
  std::lock_guard lock(state_->mu);
  state_->staged[article_id] = std::nullopt;
  return {};
}

Status Index::commit(std::int64_t revision) {
  std::lock_guard lock(state_->mu);
  auto staged = std::exchange(state_->staged, {});
  // Xapian keeps no spelling data in memory.
  bool spelling = state_->transactional;
  return state_->write("committing revision " + std::to_string(revision), revision,
                       [&staged, spelling](Xapian::WritableDatabase& db) {
                         for (const auto& [id, doc] : staged) {
                           if (spelling) forget_spelling(db, id);
                           if (doc) {
                             db.replace_document(id_term(id), *doc);
                             if (spelling) count_spelling(db, *doc, +1);
                             record_provider(db, *doc);
                           } else {
                             db.delete_document(id_term(id));
                           }
                         }
                       });
}

std::int64_t Index::revision() const {
  return state_->revision.load();
}

Result<SearchResults> Index::search(const SearchQuery& q) const {
  if (query_too_long(q.text)) {
    return make_error(ErrorCode::invalid_input,
                      "search query longer than " + std::to_string(kMaxQueryChars) + " characters");
  }
  int offset = std::max(q.offset, 0);
  int limit = std::clamp(q.limit, 1, kMaxResultsPerPage);
  if (offset > kMaxOffset) limit = 0;  // still asks for the estimate
  bool words = !blank(q.text);
  if (!words && !q.filters.any()) return SearchResults{};
  bool spelling = state_->transactional;
  try {
    return state_->read([&](const Xapian::Database& db) {
      SearchResults out;
      ParsedQuery parsed;
      if (words) {
        parsed = parse_reader_query(q.text, spelling ? &db : nullptr);
        if (parsed.query.empty()) return out;
      } else {
        parsed.query = Xapian::Query::MatchAll;
      }
      Xapian::MSet mset = run(db, filtered(parsed.query, q.filters), q.order, offset, limit);
      out.ids = ids_of(mset);
      out.estimated_total = static_cast<std::int64_t>(mset.get_matches_estimated());
      if (out.estimated_total == 0 && !parsed.corrected.empty()) {
        // Offered only when it finds something, filters included.
        Xapian::Query corrected = parse_reader_query(parsed.corrected, nullptr).query;
        if (!corrected.empty() && !run(db, filtered(corrected, q.filters), q.order, 0, 1).empty()) {
          out.suggestion = parsed.corrected;
        }
      }
      return out;
    });
  } catch (const Xapian::Error& e) {
    return xapian_error("searching", e);
  }
}

Result<std::vector<ProviderChoice>> Index::providers() const {
  try {
    return state_->read([&](const Xapian::Database& db) {
      std::vector<ProviderChoice> out;
      // The filter terms say who is present (the in-memory backend cannot
      // list metadata keys); the metadata only names them.
      std::string prefix = kProviderPrefix;
      for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        std::string key = (*it).substr(prefix.size());
        std::string name = db.get_metadata(kProviderNameKey + key);
        out.push_back(
            {key, name.empty() ? key : name, static_cast<std::int64_t>(it.get_termfreq())});
      }
      std::sort(out.begin(), out.end(),
                [](const ProviderChoice& a, const ProviderChoice& b) { return a.name < b.name; });
      return out;
    });
  } catch (const Xapian::Error& e) {
    return xapian_error("listing providers", e);
  }
}

Result<std::vector<RelatedMatch>> Index::related_matches(std::int64_t article_id, int limit) const {
  limit = std::clamp(limit, 1, kMaxResultsPerPage);
  std::string self = id_term(article_id);
  try {
    return state_->read([&](const Xapian::Database& db) {
      std::vector<RelatedMatch> out;
      auto posting = db.postlist_begin(self);
      if (posting == db.postlist_end(self)) return out;
      Xapian::docid self_doc = *posting;
      Facets mine = facets_of(db, self_doc);
      Xapian::Query not_self(self);
      std::map<Xapian::docid, RelatedMatch> found;

      // Text: the article's most telling words. Its own weight for them is
      // the scale: a candidate as close as the article itself scores 1.
      Xapian::Enquire enquire(db);
      Xapian::RSet rset;
      rset.add_document(self_doc);
      ContentTermsOnly content(db);
      Xapian::ESet words = enquire.get_eset(kRelatedExpandTerms, rset, &content);
      if (!words.empty()) {
        enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()));
        Xapian::MSet like = enquire.get_mset(0, kRelatedCandidates + 1);
        double scale = like.get_max_attained();
        for (auto it = like.begin(); it != like.end(); ++it) {
          if (*it == self_doc) scale = it.get_weight();
        }
        for (auto it = like.begin(); it != like.end(); ++it) {
          if (*it == self_doc || scale <= 0) continue;
          float text = static_cast<float>(std::min(1.0, it.get_weight() / scale));
          found[*it].text = text;
        }
      }

      // Subjects: stories the agencies filed under the same subjects, rarer
      // subjects first, then newest first. Not the rubrique's other stories:
      // sharing only a rubrique (the fallback one, often) is no tie.
      std::vector<Xapian::Query> facets;
      for (const auto& term : mine.subjects) facets.emplace_back(term);
      if (!facets.empty()) {
        enquire.set_query(Xapian::Query(
            Xapian::Query::OP_AND_NOT,
            Xapian::Query(Xapian::Query::OP_OR, facets.begin(), facets.end()), not_self));
        enquire.set_sort_by_relevance_then_value(kPublishedSlot, true);
        Xapian::MSet same = enquire.get_mset(0, kRelatedCandidates);
        for (auto it = same.begin(); it != same.end(); ++it) found.try_emplace(*it);
      }
      found.erase(self_doc);

      // How much each of the article's subjects counts: by rarity, scaled so
      // that a subject only two stories have counts 1, one every story has
      // counts about 0; a subject no other story has does not count at all.
      double docs = static_cast<double>(db.get_doccount()) + 1.0;
      double rarest = std::log(docs / 2.0);
      std::map<std::string, double> rarity;
      for (const auto& term : mine.subjects) {
        auto freq = db.get_termfreq(term);
        if (freq <= 1 || rarest <= 0) continue;
        rarity.emplace(term, std::log(docs / static_cast<double>(freq)) / rarest);
      }
      const double half_life = static_cast<double>(
          std::chrono::duration_cast<std::chrono::seconds>(kRelatedRecencyHalfLife).count());

      std::vector<std::pair<RelatedMatch, double>> ranked;  // with publication time
      for (auto& [doc, m] : found) {
        Facets theirs = facets_of(db, doc);
        if (!theirs.id) continue;
        double shared = 0;
        for (const auto& term : theirs.subjects) {
          if (auto r = rarity.find(term); r != rarity.end()) shared += r->second;
        }
        m.id = theirs.id;
        m.subjects =
            rarity.empty() ? 0.0F : static_cast<float>(shared / static_cast<double>(rarity.size()));
        m.same_section = !mine.section.empty() && theirs.section == mine.section;
        // A card needs a topical tie, shared words worth kMinRelatedText or
        // shared subjects: a story that only shares the rubrique or the week
        // is the latest news, which the page already lists, shown as if it
        // were on topic. Fewer words still order the stories tied by their
        // subjects (two earthquakes before an earthquake and a fire, all
        // three filed as natural disasters).
        if (m.text < kMinRelatedText && m.subjects <= 0) continue;
        double apart = std::abs(theirs.published - mine.published);
        m.recency = static_cast<float>(std::exp2(-apart / half_life));
        m.score = kRelatedWeights.text * m.text + kRelatedWeights.subjects * m.subjects +
                  (m.same_section ? kRelatedWeights.section : 0.0F) +
                  kRelatedWeights.recency * m.recency;
        ranked.emplace_back(m, theirs.published);
      }
      std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        if (a.first.score != b.first.score) return a.first.score > b.first.score;
        if (a.second != b.second) return a.second > b.second;
        return a.first.id > b.first.id;
      });
      if (ranked.size() > static_cast<std::size_t>(limit)) ranked.resize(limit);
      out.reserve(ranked.size());
      for (auto& [m, when] : ranked) out.push_back(m);
      return out;
    });
  } catch (const Xapian::Error& e) {
    return xapian_error("finding articles related to " + std::to_string(article_id), e);
  }
}

Result<std::vector<std::int64_t>> Index::related(std::int64_t article_id, int limit) const {
  auto matches = DEPECHE_TRY(related_matches(article_id, limit));
  std::vector<std::int64_t> ids;
  ids.reserve(matches.size());
  for (const auto& m : matches) ids.push_back(m.id);
  return ids;
}

Status Index::clear() {
  std::lock_guard lock(state_->mu);
  state_->staged.clear();
  bool spelling = state_->transactional;
  return state_->write("clearing", 0, [spelling](Xapian::WritableDatabase& db) {
    if (spelling) {
      std::vector<std::pair<std::string, Xapian::termcount>> words;
      for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
        words.emplace_back(*it, it.get_termfreq());
      }
      for (const auto& [word, count] : words) db.remove_spelling(word, count);
    }
    std::vector<std::string> names;
    for (auto it = db.allterms_begin(kProviderPrefix); it != db.allterms_end(kProviderPrefix);
         ++it) {
      names.push_back(kProviderNameKey + (*it).substr(std::string_view(kProviderPrefix).size()));
    }
    for (const auto& key : names) db.set_metadata(key, "");
    // Xapian has no "delete all"; collecting the ids first keeps the posting
    // list iterator away from the deletions.
    std::vector<Xapian::docid> all;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) all.push_back(*it);
    for (auto docid : all) db.delete_document(docid);
  });
}

std::int64_t Index::document_count() const {
  std::lock_guard lock(state_->mu);
  try {
    return static_cast<std::int64_t>(state_->db.get_doccount());
  } catch (const Xapian::Error&) {
    return 0;
  }
}

std::mutex& Index::sync_mutex() {
  return state_->sync_mu;
}

}  // namespace depeche::search
