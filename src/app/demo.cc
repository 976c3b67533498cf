#include "app/demo.h"

#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "app/demo_comments.h"
#include "app/runtime.h"
#include "assets/assets.h"
#include "comments/secrets.h"
#include "ingest/ingester.h"
#include "ingest/parse.h"

namespace depeche::app {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kEmbeddedDemo = "demo/";  // where the build put demo/ in the assets

// A folder of its own under the system's temporary folder, removed with all
// it holds when this goes out of scope.
class ScratchFolder {
 public:
  static Result<std::unique_ptr<ScratchFolder>> make() {
    std::error_code ec;
    fs::path p = fs::temp_directory_path(ec) / ("depeche-demo-" + comments::random_token(9));
    if (ec || !fs::create_directories(p, ec)) {
      return make_error(ErrorCode::io, "cannot make a temporary folder: " + ec.message());
    }
    return std::unique_ptr<ScratchFolder>(new ScratchFolder(std::move(p)));
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  explicit ScratchFolder(fs::path p) : path_(std::move(p)) {}
  fs::path path_;
};

// Where the demo content is read this run: the folder given, or the copy
// compiled into the binary written out to a scratch folder, so that it is
// ingested exactly as a folder is (pictures copied from beside their
// dispatch, files in name order).
struct DemoContent {
  std::unique_ptr<ScratchFolder> scratch;
  fs::path root;
  fs::path dispatches() const { return root / "dispatches"; }
  fs::path comments() const { return root / "comments.json"; }
};

Status write_file(const fs::path& p, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) return make_error(ErrorCode::io, "cannot write " + p.string());
  return {};
}

Result<DemoContent> open_content(const fs::path& from) {
  DemoContent content;
  if (!from.empty()) {
    content.root = from;
  } else {
    content.scratch = DEPECHE_TRY(ScratchFolder::make());
    content.root = content.scratch->path();
    for (const auto& asset : assets::all()) {
      if (!asset.path.starts_with(kEmbeddedDemo)) continue;
      fs::path rel(std::string(asset.path.substr(kEmbeddedDemo.size())));
      DEPECHE_TRY(write_file(content.root / rel, asset.bytes));
    }
  }
  std::error_code ec;
  if (!fs::is_directory(content.dispatches(), ec)) {
    return make_error(ErrorCode::not_found, "no demo dispatches in " + content.root.string() +
                                                " (a folder holding dispatches/ is expected)");
  }
  return content;
}

Result<std::string> read_bounded(const fs::path& p, std::uintmax_t limit) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) return make_error(ErrorCode::io, p.string() + ": " + ec.message());
  if (size > limit) return make_error(ErrorCode::too_large, p.string() + ": file too large");
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in) return make_error(ErrorCode::io, p.string() + ": cannot read");
  return buf.str();
}

// The newest time any dispatch of the folder carries. Files that do not
// parse are skipped here: the ingest that follows reports them.
Result<Timestamp> newest_time(const fs::path& dir) {
  std::optional<Timestamp> newest;
  std::size_t files = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec) || ++files > ingest::kMaxFilesPerRun) continue;
    auto bytes = read_bounded(it->path(), ingest::kMaxDocumentBytes);
    if (!bytes) continue;
    auto items = ingest::parse_document(*bytes);
    if (!items) continue;
    for (const auto& item : *items) {
      if (!item.dispatch) continue;
      const Dispatch& d = *item.dispatch;
      for (Timestamp t : {d.first_created, d.version_created, d.embargoed.value_or(Timestamp{})}) {
        if (!newest || t > *newest) newest = t;
      }
    }
  }
  if (ec) return make_error(ErrorCode::io, dir.string() + ": " + ec.message());
  if (!newest) return make_error(ErrorCode::not_found, "no dispatch in " + dir.string());
  return *newest;
}

// "+35 days 07:10" (the shift, for the summary line).
std::string describe(std::chrono::seconds s) {
  auto abs = s < std::chrono::seconds::zero() ? -s : s;
  auto days = std::chrono::duration_cast<std::chrono::days>(abs);
  auto hm = std::chrono::hh_mm_ss<std::chrono::seconds>(abs - days);
  char text[64];
  std::snprintf(text, sizeof text, "%c%lld days %02lld:%02lld", s < s.zero() ? '-' : '+',
                static_cast<long long>(days.count()), static_cast<long long>(hm.hours().count()),
                static_cast<long long>(hm.minutes().count()));
  return text;
}

// Ingests the folder with every time moved by `shift`; prints the usual
// lines; returns the count of each outcome.
std::map<std::string, int> ingest_shifted(Runtime& rt, const fs::path& dir,
                                          std::chrono::seconds shift) {
  ingest::Ingester ingester(rt.publisher(), rt.clock(), &rt.store().held(), &rt.store().links(),
                            rt.media_dir());
  ingester.transform([shift](Dispatch& d) {
    d.first_created += shift;
    d.version_created += shift;
    if (d.embargoed) *d.embargoed += shift;
  });
  std::map<std::string, int> outcomes;
  ingester.ingest_path(dir, [&](const ingest::ItemReport& r) {
    ++outcomes[r.outcome];
    std::cout << r.outcome << " " << r.subject << ": " << r.reason << "\n";
  });
  return outcomes;
}

Result<SeedReport> seed_from(Runtime& rt, const DemoContent& content) {
  std::error_code ec;
  if (!fs::exists(content.comments(), ec)) return SeedReport{};
  auto text = DEPECHE_TRY(read_bounded(content.comments(), kMaxDemoCommentsBytes));
  auto demo = DEPECHE_TRY(parse_demo_comments(text));
  return seed_comments(rt.store(), rt.clock().now(), rt.config().comments, demo,
                       [](const std::string& line) { std::cout << line << "\n"; });
}

std::string summary(const std::map<std::string, int>& outcomes, std::chrono::seconds shift,
                    const SeedReport& s) {
  int items = 0;
  std::string counts;
  for (const char* word : {"accepted", "updated", "withdrawn", "duplicate", "rejected"}) {
    auto it = outcomes.find(word);
    int n = it == outcomes.end() ? 0 : it->second;
    items += n;
    counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + word;
  }
  return "demo: " + std::to_string(items) + " items (" + counts + "), times moved by " +
         describe(shift) + "; " + std::to_string(s.readers_created + s.readers_found) +
         " demo readers (" + std::to_string(s.readers_created) +
         " new); comments: " + std::to_string(s.added) + " added, " + std::to_string(s.held) +
         " held, " + std::to_string(s.already) + " already there, " + std::to_string(s.refused) +
         " refused";
}

}  // namespace

std::chrono::seconds demo_shift(Timestamp newest, Timestamp now) {
  auto target = std::chrono::floor<std::chrono::minutes>(now - kDemoNewestAge);
  return std::chrono::duration_cast<std::chrono::seconds>(target - newest);
}

int run_demo(const Config& config, const fs::path& from) {
  auto fail = [](const Error& e) {
    std::cerr << "depeche: " << e.message << "\n";
    return 2;
  };
  auto content = open_content(from);
  if (!content) return fail(content.error());
  auto newest = newest_time(content->dispatches());
  if (!newest) return fail(newest.error());
  auto rt = Runtime::open(config);
  if (!rt) return fail(rt.error());
  auto shift = demo_shift(*newest, (*rt)->clock().now());
  auto outcomes = ingest_shifted(**rt, content->dispatches(), shift);
  auto seeded = seed_from(**rt, *content);
  if (!seeded) return fail(seeded.error());
  std::cout << summary(outcomes, shift, *seeded) << std::endl;
  bool clean = outcomes["rejected"] == 0 && seeded->refused == 0 && seeded->readers_refused == 0;
  return clean ? 0 : 1;
}

}  // namespace depeche::app
