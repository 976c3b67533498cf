// Items per second through the whole ingest pipeline on one core: parse
// (NewsML-G2), sanitise, publish into a SQLite file in WAL mode, commit.
// Documents handed over one at a time (the push API, feeds) are committed
// one each; files (a folder given to `depeche ingest`, the drop folder) go
// through Ingester::ingest_path, the path both use, which commits once per
// kIngestBatch dispatches. Then the same with the search index brought up
// to date, beside pugixml alone parsing the same files (the floor: nothing
// stored).
//
// The dispatches are the generator's (app/generate_text.h): stories on a
// dozen topics, places, people and figures, one every 30 s, as a busy wire
// sends them, so that clustering (articles/clusters.h) meets what it meets
// live: mostly distinct events, some of one topic. The last row is its
// worst case: a flood of dispatches that differ only by a number, each one
// near-duplicate of the others, so every one is compared and clustered.
// Run: build/bench/ingest_bench [COUNT]   (prints figures; never fails)
// bench/run reads the lines "<label> <number> items/s".

#include <sys/resource.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <string>

#include "app/generate_text.h"
#include "articles/publisher.h"
#include "core/text.h"
#include "core/time.h"
#include "core/clock.h"
#include "ingest/ingester.h"
#include "search/index.h"
#include "search/sync.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace {

using namespace depeche;

// When the bench's wire starts; one dispatch every kWireStep after it.
constexpr std::int64_t kWireStartUnix = 1'795'500'000;  // 2026-11-24
constexpr std::chrono::seconds kWireStep{30};

// Story `i` of the generator, as NewsML-G2; the same `i` gives the same
// story, whatever the version.
std::string dispatch(int i, int version) {
  app::TextMaker maker(static_cast<std::uint64_t>(i) + 1);
  Timestamp at = Timestamp(std::chrono::seconds(kWireStartUnix)) + kWireStep * i;
  Dispatch d = maker.dispatch(i, at);
  std::string when = format_iso8601_utc(at);
  std::string xml = R"(<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<newsItem guid="urn:bench:story:)" + std::to_string(i) + R"(" version=")" +
                    std::to_string(version) + R"(">
<itemMeta><itemClass qcode="ninat:text"/><provider literal=")" + escape_html(d.provider) + R"("/>
<firstCreated>)" + when + "</firstCreated><versionCreated>" + when +
                    R"(</versionCreated></itemMeta>
<contentMeta><headline>)" + escape_html(d.headline) + "</headline>\n<dateline>" +
                    escape_html(d.dateline) + "</dateline>\n";
  for (const auto& c : d.contributors) {
    xml += R"(<creator role="crol:rpt"><name>)" + escape_html(c.name) + "</name></creator>\n";
  }
  for (const auto& subject : d.subjects) {
    xml += R"(<subject qcode=")" + escape_html(subject.code) + R"("><name>)" +
           escape_html(subject.name) + "</name></subject>\n";
  }
  xml += R"(</contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body>)" + d.body_html +
         "</body></html></inlineXML></contentSet></newsItem></itemSet></newsMessage>";
  return xml;
}

// Dispatch `i` of the flood: the same six paragraphs but for their number.
std::string near_duplicate(int i) {
  std::string n = std::to_string(i);
  std::string body;
  for (int p = 0; p < 6; ++p) {
    body += "<p>Paragraphe " + std::to_string(p) + " de la dépêche " + n +
            " : un texte d’agence ordinaire, avec des <b>mots</b> en gras et un "
            "<a href=\"https://example.org/" +
            n + "\">lien</a>.</p>";
  }
  return R"(<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<newsItem guid="urn:bench:flood:)" +
         n + R"(" version="1">
<itemMeta><itemClass qcode="ninat:text"/><provider literal="AHP"/>
<versionCreated>2026-11-20T08:00:00Z</versionCreated></itemMeta>
<contentMeta><headline>Dépêche numéro )" +
         n + R"(</headline>
<dateline>Paris, 20 novembre (AHP) -</dateline>
<creator role="crol:rpt"><name>Camille Durand</name></creator></contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body>)" +
         body + R"(</body></html></inlineXML></contentSet></newsItem></itemSet></newsMessage>)";
}

double run(ingest::Ingester& ingester, int count, int version) {
  auto start = std::chrono::steady_clock::now();
  int failures = 0;
  for (int i = 0; i < count; ++i) {
    ingester.ingest_bytes(dispatch(i, version), {},
                          [&](const ingest::ItemReport& r) { failures += r.rejected() ? 1 : 0; });
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failures) std::printf("  (%d rejected)\n", failures);
  return count / seconds;
}

double per_second(int count, std::chrono::steady_clock::time_point start) {
  return count / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Writes `count` dispatches made by `make` as files d000000.xml… under `dir`.
template <class Make>
void write_files(const std::filesystem::path& dir, int count, Make make) {
  std::filesystem::create_directories(dir);
  for (int i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "d%06d.xml", i);
    std::ofstream(dir / name, std::ios::binary) << make(i);
  }
}

// pugixml alone reading the same files: what parsing costs without
// sanitising, deciding or storing.
double parse_only(const std::filesystem::path& dir, int count) {
  auto start = std::chrono::steady_clock::now();
  std::size_t nodes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    pugi::xml_document doc;
    if (doc.load_file(entry.path().c_str())) nodes += doc.first_child() ? 1 : 0;
  }
  double rate = per_second(count, start);
  if (nodes != static_cast<std::size_t>(count)) std::printf("  (%zu parsed)\n", nodes);
  return rate;
}

// The files ingested, then the search index brought up to date and
// committed, as the server's syncer does: items/s for the whole.
// CPU seconds this process has used (user and system): on a machine shared
// with other work, items per CPU-second say what one core would do alone.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

double files_with_index(ingest::Ingester& ingester, store::ArticleStore& articles,
                        search::Index& index, const std::filesystem::path& dir, int count,
                        double& without_index, double& per_cpu_second) {
  auto start = std::chrono::steady_clock::now();
  double cpu_start = cpu_seconds();
  int failures = 0;
  ingester.ingest_path(dir, [&](const ingest::ItemReport& r) { failures += r.rejected() ? 1 : 0; });
  without_index = per_second(count, start);
  auto indexed = search::catch_up(articles, index);
  if (failures || !indexed)
    std::printf("  (%d rejected, index %s)\n", failures, indexed ? "ok" : "failed");
  per_cpu_second = count / (cpu_seconds() - cpu_start);
  return per_second(count, start);
}

}  // namespace

int main(int argc, char** argv) {
  int count = argc > 1 ? std::atoi(argv[1]) : 3000;
  testing::TempDir dir;
  SystemClock clock;
  auto store = store::sqlite::open_store((dir.path() / "bench.db").string(), clock);
  if (!store) {
    std::fprintf(stderr, "cannot open store: %s\n", store.error().message.c_str());
    return 1;
  }
  articles::Publisher publisher((*store)->articles());
  ingest::Ingester ingester(publisher, clock, &(*store)->held(), &(*store)->links(),
                            dir.path() / "media");
  std::printf("ingest_bench: %d NewsML-G2 dispatches, SQLite WAL, one commit each\n", count);
  std::printf("  new articles       %8.0f items/s\n", run(ingester, count, 1));
  std::printf("  newer versions     %8.0f items/s\n", run(ingester, count, 2));
  std::printf("  duplicates         %8.0f items/s\n", run(ingester, count, 2));
  auto index = search::Index::open(dir.path() / "search");
  if (!index) {
    std::fprintf(stderr, "cannot open index: %s\n", index.error().message.c_str());
    return 1;
  }
  if (!search::catch_up((*store)->articles(), **index)) std::printf("  (index failed)\n");
  auto files = dir.path() / "files";
  write_files(files, count, [](int i) { return dispatch(1'000'000 + i, 1); });
  std::printf("ingest_bench: the same from %d NewsML-G2 files, one commit per %d dispatches\n",
              count, ingest::kIngestBatch);
  std::printf("  pugixml-parse-only %8.0f items/s\n", parse_only(files, count));
  double stored = 0, per_cpu_second = 0;
  double indexed = files_with_index(ingester, (*store)->articles(), **index, files, count, stored,
                                    per_cpu_second);
  std::printf("  files-stored       %8.0f items/s\n", stored);
  std::printf("  files-stored-indexed %6.0f items/s\n", indexed);
  std::printf("  (the same per CPU-second: %.0f items)\n", per_cpu_second);
  auto flood = dir.path() / "flood";
  write_files(flood, count, near_duplicate);
  auto start = std::chrono::steady_clock::now();
  ingester.ingest_path(flood, [](const ingest::ItemReport&) {});
  std::printf("  near-duplicates-stored %4.0f items/s\n", per_second(count, start));
  return 0;
}
