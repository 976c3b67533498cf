#pragma once
// The drop folder: while the server runs, files that land in DATA/inbox/
// are ingested and then moved to DATA/processed/, or to DATA/failed/ beside
// a NAME.reason file saying why. Writers should write under a hidden name
// (".x.xml") and rename, or close the file when done: both are seen at
// once (inotify). The folder is also listed every kInboxRescanEvery, for
// what inotify cannot announce: files written from another machine onto a
// shared folder (NFS, several nodes), hard links, an overflowed event queue.

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "ingest/ingester.h"

namespace depeche::ingest {

// How often the inbox is listed besides what inotify announces.
inline constexpr std::chrono::milliseconds kInboxRescanEvery{5000};
// A file found by listing is taken once unchanged this long: a writer on
// another machine may still be writing it under its final name.
inline constexpr std::chrono::seconds kInboxSettleTime{2};

class Inbox {
 public:
  // Creates the three folders, ingests what already waits in the inbox,
  // then watches it (inotify) on a thread of its own. `log` receives every
  // item report, from that thread.
  static Result<std::unique_ptr<Inbox>> start(
      Ingester& ingester, const std::filesystem::path& data_dir, ReportSink log,
      std::chrono::milliseconds rescan_every = kInboxRescanEvery);
  // Stops watching and joins the thread; a file being ingested finishes.
  ~Inbox();
  Inbox(const Inbox&) = delete;
  Inbox& operator=(const Inbox&) = delete;

  const std::filesystem::path& folder() const { return inbox_; }

 private:
  Inbox(Ingester& ingester, std::filesystem::path data_dir, ReportSink log,
        std::chrono::milliseconds rescan_every);
  void run();
  // Every dispatch file of the inbox; with `settled`, only those unchanged
  // for kInboxSettleTime.
  std::vector<std::filesystem::path> listed(bool settled) const;
  // Ingests the dispatch files among `files` together, then moves each.
  void handle(std::vector<std::filesystem::path> files);
  // Moves an ingested file to processed/, or to failed/ with its reasons.
  void settle(const std::filesystem::path& file, const std::vector<ItemReport>& reports);

  Ingester& ingester_;
  std::filesystem::path inbox_, processed_, failed_;
  ReportSink log_;
  std::chrono::milliseconds rescan_every_;
  int inotify_fd_ = -1;
  int stop_fd_ = -1;
  std::thread thread_;
};

}  // namespace depeche::ingest
