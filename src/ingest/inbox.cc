#include "ingest/inbox.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <vector>

namespace depeche::ingest {
namespace fs = std::filesystem;

namespace {

// A free name in `dir` for `name`: "a.xml", else "a.xml.1", "a.xml.2"…
fs::path free_name(const fs::path& dir, const std::string& name) {
  fs::path target = dir / name;
  std::error_code ec;
  for (int i = 1; fs::exists(target, ec); ++i) target = dir / (name + "." + std::to_string(i));
  return target;
}

// Pictures and notes wait in the inbox for the dispatch that names them.
bool is_dispatch_candidate(const fs::path& p) {
  auto name = p.filename().string();
  if (name.empty() || name.front() == '.') return false;
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view skip :
       {".jpg", ".jpeg", ".png", ".gif", ".webp", ".reason", ".tmp", ".part"}) {
    if (ext == skip) return false;
  }
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

}  // namespace

Inbox::Inbox(Ingester& ingester, fs::path data_dir, ReportSink log,
             std::chrono::milliseconds rescan_every)
    : ingester_(ingester),
      inbox_(data_dir / "inbox"),
      processed_(data_dir / "processed"),
      failed_(data_dir / "failed"),
      log_(std::move(log)),
      rescan_every_(rescan_every) {}

Result<std::unique_ptr<Inbox>> Inbox::start(Ingester& ingester, const fs::path& data_dir,
                                            ReportSink log, std::chrono::milliseconds rescan_every) {
  std::unique_ptr<Inbox> box(new Inbox(ingester, data_dir, std::move(log), rescan_every));
  std::error_code ec;
  for (const auto& dir : {box->inbox_, box->processed_, box->failed_}) {
    fs::create_directories(dir, ec);
    if (ec) return make_error(ErrorCode::io, "cannot create " + dir.string() + ": " + ec.message());
  }
  box->inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  box->stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (box->inotify_fd_ < 0 || box->stop_fd_ < 0 ||
      inotify_add_watch(box->inotify_fd_, box->inbox_.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
    return make_error(ErrorCode::io, "cannot watch " + box->inbox_.string());
  }
  // Watch first, then take what was already there: nothing slips between.
  box->thread_ = std::thread([b = box.get()] {
    b->handle(b->listed(false));
    b->run();
  });
  return box;
}

Inbox::~Inbox() {
  if (stop_fd_ >= 0) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = write(stop_fd_, &one, sizeof one);
  }
  if (thread_.joinable()) thread_.join();
  if (inotify_fd_ >= 0) close(inotify_fd_);
  if (stop_fd_ >= 0) close(stop_fd_);
}

std::vector<fs::path> Inbox::listed(bool settled) const {
  std::vector<fs::path> files;
  std::error_code err;
  auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(inbox_, err)) {
    if (settled) {
      auto changed = e.last_write_time(err);
      if (err || now - changed < kInboxSettleTime) continue;
    }
    files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void Inbox::run() {
  alignas(inotify_event) char buf[16 * 1024];
  auto next_rescan = std::chrono::steady_clock::now() + rescan_every_;
  for (;;) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        next_rescan - std::chrono::steady_clock::now());
    pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    int ready = poll(fds, 2, static_cast<int>(std::max<std::int64_t>(wait.count(), 0)));
    if (ready < 0) continue;
    if (fds[1].revents & POLLIN) return;
    if (std::chrono::steady_clock::now() >= next_rescan) {
      handle(listed(true));
      next_rescan = std::chrono::steady_clock::now() + rescan_every_;
    }
    if (!(fds[0].revents & POLLIN)) continue;
    auto len = read(inotify_fd_, buf, sizeof buf);
    if (len <= 0) continue;
    // Every file this read announced is ingested in one go: a burst of
    // arrivals shares store commits (Ingester::ingest_files).
    std::vector<fs::path> arrived;
    bool overflowed = false;
    for (char* p = buf; p < buf + len;) {
      auto* ev = reinterpret_cast<inotify_event*>(p);
      if (ev->mask & IN_Q_OVERFLOW) overflowed = true;
      if (ev->len > 0) arrived.push_back(inbox_ / ev->name);
      p += sizeof(inotify_event) + ev->len;
    }
    handle(std::move(arrived));
    // Events were lost: list the folder now rather than at the next rescan.
    if (overflowed) handle(listed(false));
  }
}

void Inbox::handle(std::vector<fs::path> files) {
  std::erase_if(files, [](const fs::path& f) { return !is_dispatch_candidate(f); });
  // A name announced twice in one read (written, then moved over) is
  // ingested once.
  files.erase(std::unique(files.begin(), files.end()), files.end());
  if (files.empty()) return;
  ingester_.ingest_files(files, [&](const fs::path& file, const std::vector<ItemReport>& reports) {
    if (log_) {
      for (const auto& r : reports) log_(r);
    }
    settle(file, reports);
  });
}

void Inbox::settle(const fs::path& file, const std::vector<ItemReport>& reports) {
  bool failed =
      std::any_of(reports.begin(), reports.end(), [](const ItemReport& r) { return r.rejected(); });
  std::error_code ec;
  fs::path target = free_name(failed ? failed_ : processed_, file.filename().string());
  fs::rename(file, target, ec);
  if (failed) {
    std::ofstream reason(target.string() + ".reason");
    for (const auto& r : reports)
      reason << r.outcome << " " << r.subject << ": " << r.reason << "\n";
  }
}

}  // namespace depeche::ingest
