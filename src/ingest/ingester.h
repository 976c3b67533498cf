#pragma once
// Front door of ingestion: agency files in, one report line per item out.
// Parsing is ingest/parse.h; the version rules are articles::Publisher.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "articles/publisher.h"
#include "core/clock.h"
#include "ingest/parse.h"

namespace depeche::ingest {

inline constexpr std::uintmax_t kMaxPictureBytes = 20 * 1024 * 1024;
inline constexpr std::size_t kMaxFilesPerRun = 100000;
inline constexpr int kMaxFolderDepth = 16;
inline constexpr int kReleaseBatch = 100;  // held dispatches published per pass
// Dispatches published in one store transaction when files are ingested
// together (a folder, the drop folder's waiting files): one commit for
// them all instead of one each, while the store's write lock, held for the
// batch, stays short (a few tens of milliseconds) for the other writers.
// Counted at file boundaries: a document is never split.
inline constexpr int kIngestBatch = 100;

// What happened to one item (or to a whole file that could not be read).
// `outcome` is one of the words of the CLI contract: accepted, updated,
// duplicate, withdrawn, rejected.
struct ItemReport {
  std::string outcome;
  std::string subject;  // the guid, or the file name when no guid is known
  std::string reason;   // empty when there is nothing to add
  // For a version now on show: how long after the agency's versionCreated
  // it was published (feed health watches this).
  std::optional<std::chrono::seconds> delay;
  bool rejected() const { return outcome == "rejected"; }
};

using ReportSink = std::function<void(const ItemReport&)>;

// Receives what happened to one file: every report about it, once the
// store transaction that holds its items has ended (committed or not).
using FileSink =
    std::function<void(const std::filesystem::path& file, const std::vector<ItemReport>& reports)>;

// Changes a parsed dispatch before the version rules see it.
using DispatchTransform = std::function<void(Dispatch&)>;

class Ingester {
 public:
  // Pictures shipped beside a dispatch are copied into `media_dir` and
  // served from `media_url_prefix` ("/media/"). `clock` decides whether an
  // embargo has passed; dispatches under embargo wait in `held` (when null,
  // they are refused instead) until release_due() publishes them. Picture
  // and package items that came apart from their text are kept in `links`
  // (when null, they are refused) and complete the text whichever is last.
  Ingester(articles::Publisher& publisher, const Clock& clock, store::HeldStore* held,
           store::LinkStore* links, std::filesystem::path media_dir,
           std::string media_url_prefix = "/media/");

  // Called after every change to what the site shows (a new, updated or
  // withdrawn article, pictures added): derived data such as the search
  // index catches up at once. Set before any channel starts; may be empty.
  void on_change(std::function<void()> notify) { on_change_ = std::move(notify); }

  // Applied to every article dispatch parsed from a document (not to the
  // picture and package items kept for later, nor to held dispatches when
  // they are released: they were transformed when they arrived), before it
  // is held or published. `depeche demo` uses it to move the demo's fixed
  // dates to the present; every channel of a serving site leaves it empty,
  // so what an agency sent is what is stored. Set before any ingest.
  void transform(DispatchTransform t) { transform_ = std::move(t); }

  // Publishes the held dispatches whose embargo has lifted; reports each.
  void release_due(const ReportSink& sink);

  // Ingests one document. `origin` names it in reports and, when it is a
  // file, its folder resolves relative picture hrefs (empty: none allowed).
  void ingest_bytes(std::string_view bytes, const std::filesystem::path& origin,
                    const ReportSink& sink);
  // A file, or a folder walked recursively in name order (hidden entries
  // skipped). Unreadable paths are reported as rejected. The files of a
  // folder are ingested as ingest_files() does, and reported in order.
  void ingest_path(const std::filesystem::path& path, const ReportSink& sink);

  // Ingests `files`, in order, in store transactions of about kIngestBatch
  // dispatches, then calls `done` once per file, in order, after the
  // transaction holding its items ended. A file that fails (unreadable,
  // malformed, a dispatch refused) costs only its own items; when a commit
  // fails, every item it held is reported rejected and nothing of it is
  // stored, so that a file reported stored was stored. Reports say the same
  // as when each file is ingested alone.
  void ingest_files(const std::vector<std::filesystem::path>& files, const FileSink& done);

 private:
  class Batch;
  // A folder's files, or the report saying why one could not be walked, in
  // name order.
  struct Entry {
    std::filesystem::path file;
    std::optional<ItemReport> error;
  };
  void ingest_file(const std::filesystem::path& file, Batch& batch);
  void ingest_document(std::string_view bytes, const std::filesystem::path& origin, Batch& batch);
  void walk(const std::filesystem::path& dir, int depth, std::size_t& count,
            std::vector<Entry>& out);
  void ingest_entries(std::vector<Entry> entries, const FileSink& done);
  // Copies a relative picture into the media dir; returns the new href, or
  // an error saying why the picture was dropped.
  Result<std::string> store_picture(const std::filesystem::path& origin, const std::string& href);
  void publish(Dispatch d, const std::filesystem::path& origin, Batch& batch);
  void keep_linked(LinkedItem item, const std::filesystem::path& origin, Batch& batch);
  // Moves pictures shipped beside the document into the media dir; returns
  // notes on the ones dropped.
  std::string localise_pictures(std::vector<Picture>& pictures,
                                const std::filesystem::path& origin);

  articles::Publisher& publisher_;
  const Clock& clock_;
  store::HeldStore* held_;
  store::LinkStore* links_;
  std::filesystem::path media_dir_;
  std::string media_url_prefix_;
  std::function<void()> on_change_;
  DispatchTransform transform_;
};

}  // namespace depeche::ingest
