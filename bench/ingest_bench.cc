// Items per second through the whole ingest pipeline on one core: parse
// (NewsML-G2), sanitise, publish into a SQLite file in WAL mode, commit.
// Run: build/bench/ingest_bench [COUNT]   (prints figures; never fails)

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "articles/publisher.h"
#include "core/clock.h"
#include "ingest/ingester.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace {

using namespace depeche;

std::string dispatch(int i, int version) {
  std::string n = std::to_string(i);
  std::string body;
  for (int p = 0; p < 6; ++p) {
    body += "<p>Paragraphe " + std::to_string(p) + " de la dépêche " + n +
            " : un texte d’agence ordinaire, avec des <b>mots</b> en gras et un "
            "<a href=\"https://example.org/" +
            n + "\">lien</a>.</p>";
  }
  return R"(<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<newsItem guid="urn:bench:)" +
         n + R"(" version=")" + std::to_string(version) + R"(">
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
  return 0;
}
