#include "ingest/ingester.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <deque>
#include <fstream>
#include <memory>
#include <system_error>

#include "core/text.h"
#include "core/time.h"
#include "ingest/parse.h"

namespace depeche::ingest {
namespace fs = std::filesystem;
namespace {

// At most `limit` bytes: a file larger than that, or one that grows past
// it while it is read, is refused. One open, one size query and one read
// for an ordinary file, straight into the string (no stream buffers: the
// drop folder reads thousands of files in a burst).
Result<std::string> read_file(const fs::path& p, std::uintmax_t limit) {
  auto too_large = [&](const std::string& size) {
    return make_error(ErrorCode::too_large,
                      "file too large (" + size + " bytes, limit " + std::to_string(limit) + ")");
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(p.c_str(), "rb"), &std::fclose);
  if (!f) return make_error(ErrorCode::io, "cannot open file: " + std::generic_category().message(errno));
  std::setvbuf(f.get(), nullptr, _IONBF, 0);
  struct stat st {};
  std::uintmax_t expected = 0;
  if (::fstat(::fileno(f.get()), &st) == 0 && st.st_size > 0) {
    expected = static_cast<std::uintmax_t>(st.st_size);
  }
  if (expected > limit) return too_large(std::to_string(expected));
  // One byte more than expected, so that the read that fills it shows the
  // end of the file rather than needing another call.
  std::string out(static_cast<std::size_t>(expected) + 1, '\0');
  std::size_t got = 0;
  while (true) {
    if (got == out.size()) {
      if (out.size() > limit) return too_large("more than " + std::to_string(limit));
      out.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(2 * out.size(), limit + 1)));
    }
    std::size_t n = std::fread(out.data() + got, 1, out.size() - got, f.get());
    got += n;
    if (n > 0) continue;
    if (std::ferror(f.get())) {
      return make_error(ErrorCode::io, "cannot read: " + std::generic_category().message(errno));
    }
    break;
  }
  out.resize(got);
  return out;
}

// The extension comes from the bytes, never from the name the wire gave.
const char* image_extension(std::string_view b) {
  if (b.size() > 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return "jpg";
  if (b.size() > 8 && b.substr(0, 8) == "\x89PNG\r\n\x1a\n") return "png";
  if (b.size() > 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return "webp";
  if (b.size() > 6 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")) return "gif";
  return nullptr;
}

// When a folder is walked, pictures and notes that travel with dispatches
// are not dispatches themselves. A file named on the command line is always
// tried, whatever its name.
bool is_companion_file(const fs::path& p) {
  static constexpr std::string_view kCompanions[] = {".jpg",  ".jpeg", ".png", ".gif", ".webp",
                                                     ".avif", ".svg",  ".md",  ".txt", ".reason"};
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return std::find(std::begin(kCompanions), std::end(kCompanions), ext) != std::end(kCompanions);
}

bool is_remote(std::string_view href) {
  return href.starts_with("http://") || href.starts_with("https://");
}

}  // namespace

// The items of the files being ingested, published in one store
// transaction, and the reports about them, held until it ends: a report
// never says "accepted" about an item a failed commit then lost. Files are
// handed to the FileSink in order once everything about them is settled.
class Ingester::Batch {
 public:
  Batch(Ingester& ingester, const FileSink& done) : ingester_(ingester), done_(done) {}
  // Whatever is still open is committed and delivered.
  ~Batch() { commit(); }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  // Starts the reports of the next file (`file` may be empty: a document
  // that came with no file).
  void open_file(const fs::path& file) { files_.push_back({file, {}, false}); }
  // Ends the current file; commits when the batch is full.
  void close_file() {
    files_.back().closed = true;
    if (published_ >= kIngestBatch || files_.size() >= static_cast<std::size_t>(kIngestBatch)) {
      commit();
    }
  }

  // A report about the current file. `pending` when it says the open
  // transaction changed something, which holds only once it commits.
  void report(const ItemReport& r, bool pending = false) {
    ItemReport safe = r;
    // Guids, file names and reasons echo what a document said: each report
    // is made one line here, the one way out of the ingester, so that no
    // input can forge a report line of its own (issue 9, defect 9).
    safe.subject = one_line(r.subject);
    safe.reason = one_line(r.reason);
    files_.back().reports.push_back({std::move(safe), pending});
  }

  // The pictures kept for `guid`'s package, read in the open transaction.
  Result<std::vector<Picture>> linked_pictures(std::string_view guid) {
    auto* batch = DEPECHE_TRY(open());
    return batch->linked_pictures(guid);
  }

  // Publishes `d` in the open transaction (beginning one when none is).
  Result<articles::PublishResult> publish(const Dispatch& d) {
    auto* batch = DEPECHE_TRY(open());
    ++published_;
    return batch->publish(d);
  }

  // Ends the open transaction, if any, and hands over the closed files.
  // Called before anything that writes outside the batch (held and linked
  // items), which would otherwise wait for its write lock.
  void commit() {
    if (tx_) {
      auto committed = tx_->commit();
      bool changed = tx_->changes() > 0;
      tx_.reset();
      published_ = 0;
      for (auto& f : files_) {
        for (auto& [r, pending] : f.reports) {
          if (pending && !committed) {
            r = {"rejected", r.subject, "not stored: " + one_line(committed.error().message)};
          }
          pending = false;
        }
      }
      if (committed && changed && ingester_.on_change_) ingester_.on_change_();
    }
    while (!files_.empty() && files_.front().closed) {
      std::vector<ItemReport> reports;
      reports.reserve(files_.front().reports.size());
      for (auto& [r, pending] : files_.front().reports) reports.push_back(std::move(r));
      fs::path file = std::move(files_.front().path);
      files_.pop_front();
      done_(file, reports);
    }
  }

 private:
  struct File {
    fs::path path;
    std::vector<std::pair<ItemReport, bool>> reports;  // with whether pending
    bool closed = false;
  };

  Result<articles::PublishBatch*> open() {
    if (!tx_) tx_ = DEPECHE_TRY(ingester_.publisher_.begin_batch());
    return &*tx_;
  }

  Ingester& ingester_;
  const FileSink& done_;
  std::optional<articles::PublishBatch> tx_;
  int published_ = 0;  // dispatches in the open transaction
  std::deque<File> files_;
};

namespace {

// Hands each report of a file to `sink`, in order.
FileSink each_report(const ReportSink& sink) {
  return [&sink](const fs::path&, const std::vector<ItemReport>& reports) {
    for (const auto& r : reports) sink(r);
  };
}

}  // namespace

Ingester::Ingester(articles::Publisher& publisher, const Clock& clock, store::HeldStore* held,
                   store::LinkStore* links, fs::path media_dir, std::string prefix)
    : publisher_(publisher),
      clock_(clock),
      held_(held),
      links_(links),
      media_dir_(std::move(media_dir)),
      media_url_prefix_(std::move(prefix)) {}

void Ingester::ingest_path(const fs::path& path, const ReportSink& report) {
  std::error_code ec;
  std::vector<Entry> entries;
  if (fs::is_directory(path, ec)) {
    std::size_t count = 0;
    walk(path, 0, count, entries);
  } else if (fs::is_regular_file(path, ec)) {
    entries.push_back({path, std::nullopt});
  } else {
    entries.push_back({path, ItemReport{"rejected", path.string(), "no such file or folder"}});
  }
  ingest_entries(std::move(entries), each_report(report));
}

void Ingester::ingest_files(const std::vector<fs::path>& files, const FileSink& done) {
  std::vector<Entry> entries;
  entries.reserve(files.size());
  for (const auto& f : files) entries.push_back({f, std::nullopt});
  ingest_entries(std::move(entries), done);
}

void Ingester::ingest_entries(std::vector<Entry> entries, const FileSink& done) {
  Batch batch(*this, done);
  for (auto& e : entries) {
    batch.open_file(e.file);
    if (e.error) {
      batch.report(*e.error);
    } else {
      ingest_file(e.file, batch);
    }
    batch.close_file();
  }
  batch.commit();
}

void Ingester::walk(const fs::path& dir, int depth, std::size_t& count, std::vector<Entry>& out) {
  if (depth > kMaxFolderDepth) {
    out.push_back({dir, ItemReport{"rejected", dir.string(), "folder nested too deep"}});
    return;
  }
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e);
  if (ec) {
    out.push_back(
        {dir, ItemReport{"rejected", dir.string(), "cannot list folder: " + ec.message()}});
    return;
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& e : entries) {
    auto name = e.path().filename().string();
    if (name.starts_with(".")) continue;
    if (e.is_directory(ec)) {
      walk(e.path(), depth + 1, count, out);
    } else if (e.is_regular_file(ec) && !is_companion_file(e.path())) {
      if (++count > kMaxFilesPerRun) {
        out.push_back(
            {e.path(), ItemReport{"rejected", e.path().string(), "too many files in one run"}});
        return;
      }
      out.push_back({e.path(), std::nullopt});
    }
  }
}

void Ingester::ingest_file(const fs::path& file, Batch& batch) {
  auto bytes = read_file(file, kMaxDocumentBytes);
  if (!bytes) {
    batch.report({"rejected", file.string(), bytes.error().message});
    return;
  }
  ingest_document(*bytes, file, batch);
}

void Ingester::ingest_bytes(std::string_view bytes, const fs::path& origin,
                            const ReportSink& report) {
  FileSink done = each_report(report);
  Batch batch(*this, done);
  batch.open_file(origin);
  ingest_document(bytes, origin, batch);
  batch.close_file();
  batch.commit();
}

void Ingester::ingest_document(std::string_view bytes, const fs::path& origin, Batch& batch) {
  auto items = parse_document(bytes);
  if (!items) {
    batch.report({"rejected", origin.string(), items.error().message});
    return;
  }
  for (auto& item : *items) {
    if (item.linked && (links_ || item.linked->quiet)) {
      if (links_) keep_linked(std::move(*item.linked), origin, batch);
      continue;
    }
    if (!item.dispatch) {
      batch.report({"rejected", item.label, item.dispatch.error().message});
      continue;
    }
    Dispatch d = std::move(item.dispatch).value();
    if (transform_) transform_(d);
    publish(std::move(d), origin, batch);
  }
}

std::string Ingester::localise_pictures(std::vector<Picture>& pics, const fs::path& origin) {
  std::string notes;
  for (auto it = pics.begin(); it != pics.end();) {
    if (is_remote(it->href) || it->href.starts_with(media_url_prefix_)) {
      ++it;
      continue;
    }
    auto stored = store_picture(origin, it->href);
    if (stored) {
      it->href = std::move(stored).value();
      ++it;
    } else {
      notes += (notes.empty() ? "" : "; ") + std::string("picture ") + it->href +
               " skipped: " + stored.error().message;
      it = pics.erase(it);
    }
  }
  return notes;
}

void Ingester::keep_linked(LinkedItem item, const fs::path& origin, Batch& batch) {
  using Kind = LinkedItem::Kind;
  // Kept and completed in transactions of their own (rare next to texts):
  // the batch's must end first, or they would wait for its write lock.
  batch.commit();
  auto sink = [&batch](const ItemReport& r) { batch.report(r); };
  Result<bool> kept = false;
  if (item.kind == Kind::picture) {
    std::vector<Picture> one{std::move(item.picture)};
    std::string notes = localise_pictures(one, origin);
    if (one.empty()) {
      sink({"rejected", item.guid, notes});
      return;
    }
    kept = links_->put_picture(item.guid, item.version, one.front());
  } else {
    kept = links_->put_package(item.guid, item.version, item.members);
  }
  if (!kept) {
    sink({"rejected", item.guid, kept.error().message});
    return;
  }
  std::string what = item.kind == Kind::picture
                         ? "picture"
                         : "package of " + std::to_string(item.members.size()) + " items";
  if (!*kept) {
    if (item.quiet) return;
    sink({"duplicate", item.guid,
          what + ", version " + std::to_string(item.version) + " already kept"});
    return;
  }
  // Complete every article this item links up with.
  int completed = 0;
  auto targets = links_->linked_to(item.guid);
  for (const auto& guid : targets ? *targets : std::vector<std::string>{}) {
    auto pictures = links_->pictures_for(guid);
    if (!pictures) continue;
    auto changed = publisher_.add_linked_pictures(guid, *pictures);
    if (!changed) {
      sink({"rejected", guid, changed.error().message});
    } else if (*changed) {
      ++completed;
    }
  }
  if (completed > 0 && on_change_) on_change_();
  if (item.quiet) return;
  std::string reason = what + " kept for the article it goes with";
  if (completed > 0) {
    reason += "; pictures added to " + std::to_string(completed) +
              (completed == 1 ? " article" : " articles");
  }
  sink({"accepted", item.guid, reason});
}

void Ingester::publish(Dispatch d, const fs::path& origin, Batch& batch) {
  std::string notes = localise_pictures(d.pictures, origin);
  if (links_) {
    // Pictures of its package that came earlier, in files of their own.
    if (auto linked = batch.linked_pictures(d.guid); linked) {
      articles::add_missing_pictures(d, *linked);
    } else {
      notes += (notes.empty() ? "" : "; ") + linked.error().message;
    }
  }
  if (d.embargoed && *d.embargoed > clock_.now()) {
    // Never publish early: the dispatch waits, pictures already stored.
    std::string until = format_iso8601_utc(*d.embargoed);
    if (!held_) {
      batch.report({"rejected", d.guid, "embargoed until " + until + "; not published"});
      return;
    }
    batch.commit();  // the held store writes in a transaction of its own
    if (auto st = held_->hold(d, *d.embargoed); !st) {
      batch.report({"rejected", d.guid, st.error().message});
      return;
    }
    batch.report({"accepted", d.guid,
                  "version " + std::to_string(d.version) + " held until " + until + " (embargo)"});
    return;
  }
  auto result = batch.publish(d);
  if (!result) {
    batch.report({"rejected", d.guid, result.error().message});
    return;
  }
  auto outcome = result->outcome;
  if (outcome == articles::PublishOutcome::stale) {
    // The CLI contract has no word for "stale": it is a duplicate that is
    // older than what is on show, and the reason says so.
    batch.report({"duplicate", d.guid,
                  "version " + std::to_string(d.version) + " is older than version " +
                      std::to_string(result->stored_version) + " on show"});
    return;
  }
  std::string reason = "version " + std::to_string(d.version);
  switch (outcome) {
    case articles::PublishOutcome::accepted:
      reason += ", new article";
      break;
    case articles::PublishOutcome::updated:
      reason += " now on show";
      break;
    case articles::PublishOutcome::duplicate:
      reason += " already stored";
      break;
    case articles::PublishOutcome::withdrawn:
      reason += ": withdrawn by the agency";
      break;
    case articles::PublishOutcome::stale:
      break;
  }
  if (!notes.empty()) reason += "; " + notes;
  std::optional<std::chrono::seconds> delay;
  if (outcome == articles::PublishOutcome::accepted ||
      outcome == articles::PublishOutcome::updated) {
    delay = std::max(std::chrono::seconds{0}, clock_.now() - d.version_created);
  }
  // Whatever changed the site holds once the batch commits; a duplicate
  // changed nothing.
  batch.report({articles::to_string(outcome), d.guid, reason, delay},
               outcome != articles::PublishOutcome::duplicate);
}

void Ingester::release_due(const ReportSink& report) {
  if (!held_) return;
  FileSink done = each_report(report);
  Batch batch(*this, done);
  auto due = held_->due(clock_.now(), kReleaseBatch);
  if (!due) {
    batch.open_file({});
    batch.report({"rejected", "(embargo)", due.error().message});
    batch.close_file();
    return;
  }
  for (auto& d : *due) {
    std::string guid = d.guid;
    std::uint64_t version = d.version;
    // Published (committed) first, forgotten after: a crash between the two
    // publishes again next time, which the version rules turn into a
    // duplicate.
    batch.open_file({});
    publish(std::move(d), {}, batch);
    batch.close_file();
    batch.commit();
    if (auto st = held_->release(guid, version); !st) {
      batch.open_file({});
      batch.report({"rejected", guid, st.error().message});
      batch.close_file();
    }
  }
}

Result<std::string> Ingester::store_picture(const fs::path& origin, const std::string& href) {
  if (origin.empty() || !origin.has_parent_path()) {
    return make_error(ErrorCode::invalid_input, "relative picture without a source folder");
  }
  fs::path rel = fs::path(href).lexically_normal();
  if (rel.is_absolute() || rel.empty() || *rel.begin() == "..") {
    return make_error(ErrorCode::forbidden, "picture outside the dispatch folder");
  }
  auto bytes = DEPECHE_TRY(read_file(origin.parent_path() / rel, kMaxPictureBytes));
  const char* ext = image_extension(bytes);
  if (!ext) return make_error(ErrorCode::unsupported, "not a JPEG, PNG, WebP or GIF picture");
  // Content-addressed: a picture shipped twice is stored once.
  std::string name = fnv1a_hex(bytes) + "." + ext;
  std::error_code ec;
  fs::create_directories(media_dir_, ec);
  fs::path target = media_dir_ / name;
  if (!fs::exists(target, ec)) {
    // Write beside, then rename, so a reader never sees half a picture.
    fs::path tmp = media_dir_ / ("." + name + ".tmp");
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!out) return make_error(ErrorCode::io, "cannot write " + tmp.string());
    }
    fs::rename(tmp, target, ec);
    if (ec) return make_error(ErrorCode::io, "cannot store picture: " + ec.message());
  }
  return media_url_prefix_ + name;
}

}  // namespace depeche::ingest
