#include "web/page_cache.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>

#include "http/compression.h"
#include "http/static_files.h"

namespace depeche::web {

namespace bh = http::beast_http;

namespace {

constexpr std::string_view kShowsHeader = "X-Depeche-Shows";
// Bytes an entry costs beyond its bodies: keys in the indexes, headers.
constexpr std::size_t kEntryOverhead = 512;
// identity, gzip, brotli: the index of a coding in an entry's arrays.
constexpr std::size_t kCodings = 3;

std::size_t coding_index(http::Coding c) {
  switch (c) {
    case http::Coding::gzip:
      return 1;
    case http::Coding::brotli:
      return 2;
    case http::Coding::identity:
      break;
  }
  return 0;
}

boost::beast::string_view bsv(std::string_view s) {
  return {s.data(), s.size()};
}

std::string_view sv(boost::beast::string_view s) {
  return {s.data(), s.size()};
}

std::string join_ids(const std::vector<std::int64_t>& ids) {
  std::string out;
  for (auto id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    auto i = s.find(sep);
    if (i != 0) out.push_back(s.substr(0, i));
    if (i == std::string_view::npos) break;
    s.remove_prefix(i + 1);
  }
  return out;
}

std::string http_date(std::chrono::sys_seconds t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the form clients send
// back; nullopt for anything else, the obsolete forms included: such a
// request is answered in full, which is never wrong.
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view s) {
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  if (s.size() != 29 || s.substr(3, 2) != ", " || s.substr(25) != " GMT") return std::nullopt;
  auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
    int v = 0;
    auto [end, ec] = std::from_chars(s.data() + at, s.data() + at + len, v);
    if (ec != std::errc() || end != s.data() + at + len) return std::nullopt;
    return v;
  };
  auto month = kMonths.find(s.substr(8, 3));
  auto day = number(5, 2), year = number(12, 4), h = number(17, 2), m = number(20, 2),
       sec = number(23, 2);
  if (month == std::string_view::npos || month % 3 != 0 || !day || !year || !h || !m || !sec ||
      s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' || *h > 23 ||
      *m > 59 || *sec > 60) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{*year},
                                  std::chrono::month{static_cast<unsigned>(month / 3 + 1)},
                                  std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd} + std::chrono::hours{*h} + std::chrono::minutes{*m} +
         std::chrono::seconds{*sec};
}

std::chrono::sys_seconds this_second() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string_view coding_suffix(http::Coding c) {
  switch (c) {
    case http::Coding::gzip:
      return "-gz";
    case http::Coding::brotli:
      return "-br";
    case http::Coding::identity:
      break;
  }
  return "";
}

// A page's key: its contrast mode, then the request target as sent.
std::string page_key(const http::Request& req, bool high_contrast) {
  auto t = req.target();
  std::string key;
  key.reserve(t.size() + 1);
  key += high_contrast ? 'h' : 'n';
  key.append(t.data(), t.size());
  return key;
}

}  // namespace

std::string canonical_target(const http::Request& req, std::string_view path,
                             std::initializer_list<std::string_view> allowed) {
  std::string_view t = sv(req.target());
  auto q = t.find('?');
  if (t.substr(0, q) != path) return {};
  if (q == std::string_view::npos) return std::string(t);
  std::vector<std::string_view> seen;
  for (auto param : split(t.substr(q + 1), '&')) {
    auto name = param.substr(0, param.find('='));
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) return {};
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) return {};
    seen.push_back(name);
  }
  return std::string(t);
}

void declare_shows(http::Response& res, const Shows& s) {
  std::string v = "a=" + join_ids(s.articles) + ";t=" + join_ids(s.threads) + ";l=";
  for (std::size_t i = 0; i < s.lists.size(); ++i) {
    if (i) v += ',';
    v += s.lists[i];
  }
  v += ";c=" + s.canonical;
  res.set(bsv(kShowsHeader), v);
}

std::optional<Shows> take_shows(http::Response& res) {
  auto it = res.find(bsv(kShowsHeader));
  if (it == res.end()) return std::nullopt;
  std::string value(sv(it->value()));
  res.erase(bsv(kShowsHeader));
  Shows s;
  std::string_view v = value;
  auto canonical = v.find(";c=");
  if (canonical == std::string_view::npos) return std::nullopt;
  s.canonical = std::string(v.substr(canonical + 3));
  for (auto part : split(v.substr(0, canonical), ';')) {
    if (part.size() < 2 || part[1] != '=') continue;
    auto items = split(part.substr(2), ',');
    if (part[0] == 'l') {
      for (auto l : items) s.lists.emplace_back(l);
      continue;
    }
    auto& ids = part[0] == 'a' ? s.articles : s.threads;
    for (auto item : items) {
      std::int64_t id = 0;
      auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), id);
      if (ec == std::errc()) ids.push_back(id);
    }
  }
  return s;
}

struct PageCache::Entry {
  std::string key;
  unsigned status = 200;
  std::string content_type;
  // Shared with the prepared answers and the writes in flight, never copied
  // on a hit.
  std::shared_ptr<const std::string> body;
  // Quoted; the coded forms add a suffix inside the quotes.
  std::array<std::string, kCodings> etags;
  // When these bytes were first rendered (a render giving the same bytes
  // again keeps the time), and that time as an HTTP-date.
  std::chrono::sys_seconds modified{};
  std::string last_modified;
  // Whether If-Modified-Since may be answered from `modified`: not when
  // this page had other bytes within the same second (a change, or a
  // render that overlapped one), which the date cannot tell apart.
  bool dated = true;
  Shows shows;
  std::chrono::steady_clock::time_point expires;
  std::size_t accounted = 0;  // bytes counted in the cache's total; guarded by its mu_
  // Compressed on first demand, once; null when not tried yet or when the
  // coding would not make it smaller. Guarded by coded_mu; once tried, a
  // coded body never changes again.
  std::mutex coded_mu;
  std::shared_ptr<const std::string> gzip, brotli;
  bool gzip_tried = false, brotli_tried = false;
  // The answers of hits, serialised on first demand: per coding, the page
  // (index 0) and its 304 (index 1). Guarded by coded_mu.
  std::array<std::array<std::shared_ptr<const http::PreparedResponse>, 2>, kCodings> prepared;
};

// A render in progress that other requests for the same page wait for.
struct PageCache::Fill {
  bool done = false;
  std::shared_ptr<Entry> entry;                 // when the render was kept
  std::shared_ptr<const http::Response> plain;  // when it was not
  // Changes applied while rendering: a render that shows one of them may
  // already be stale, so it is served but not kept.
  std::vector<store::Change> changes;
};

PageCache::PageCache(store::Store& store, std::size_t max_bytes, LogSink log)
    : store_(store), max_bytes_(max_bytes), log_(std::move(log)) {
  counts_.max_bytes = max_bytes_;
  seen_commits_ = store_.local_commits();
  auto last = store_.last_change();
  applied_ = last ? *last : 0;
  watcher_ = std::thread([this] { watch(); });
}

PageCache::~PageCache() {
  {
    std::lock_guard lock(watch_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  watcher_.join();
}

void PageCache::watch() {
  std::unique_lock lock(watch_mu_);
  while (!stopping_) {
    wake_.wait_for(lock, kChangePoll, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    follow_changes();
    lock.lock();
  }
}

void PageCache::follow_changes() {
  std::lock_guard follow(follow_mu_);
  // Read before the changes: a commit landing meanwhile moves the counter
  // again, and the next request comes back here.
  std::uint64_t commits = store_.local_commits();
  for (;;) {
    auto changes = store_.changes_since(applied_, kChangeBatch);
    if (!changes) {
      if (log_) log_("page cache: cannot read the store's changes: " + changes.error().message);
      return;  // seen_commits_ stays behind: the next request tries again
    }
    if (changes->empty()) break;
    std::lock_guard lock(mu_);
    if (applied_ > 0 && changes->front().seq != applied_ + 1) {
      // Changes were pruned before we read them: nothing kept can be trusted.
      while (!lru_.empty()) drop(lru_.back(), true);
      for (auto& [key, fill] : fills_) fill->changes.push_back(store::Change{});
    } else {
      for (const auto& c : *changes) {
        drop_showing(c);
        for (auto& [key, fill] : fills_) fill->changes.push_back(c);
      }
    }
    applied_ = changes->back().seq;
    if (static_cast<int>(changes->size()) < kChangeBatch) break;
  }
  seen_commits_ = commits;
}

namespace {

// Whether a page showing `s` is touched by change `c`. A default Change
// (seq 0) stands for "changes were lost": it touches everything.
bool touches(const store::Change& c, const Shows& s) {
  if (c.seq == 0) return true;
  auto has = [](const std::vector<std::int64_t>& ids, std::int64_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  if (c.kind == store::Change::Kind::comments) return has(s.threads, c.article_id);
  if (has(s.articles, c.article_id)) return true;
  if (!c.listed) return false;
  for (const auto& l : s.lists) {
    if (l == kLatestList || (!l.empty() && (l == c.section_before || l == c.section_after))) {
      return true;
    }
  }
  return false;
}

}  // namespace

void PageCache::drop_showing(const store::Change& c) {
  std::vector<std::string> keys;
  auto collect = [&](const std::unordered_set<std::string>* set) {
    if (set) keys.insert(keys.end(), set->begin(), set->end());
  };
  auto find_in = [](auto& index, const auto& k) -> const std::unordered_set<std::string>* {
    auto it = index.find(k);
    return it == index.end() ? nullptr : &it->second;
  };
  if (c.kind == store::Change::Kind::comments) {
    collect(find_in(by_thread_, c.article_id));
  } else {
    collect(find_in(by_article_, c.article_id));
    if (c.listed) {
      collect(find_in(by_list_, std::string(kLatestList)));
      if (!c.section_before.empty()) collect(find_in(by_list_, c.section_before));
      if (!c.section_after.empty() && c.section_after != c.section_before) {
        collect(find_in(by_list_, c.section_after));
      }
    }
  }
  for (const auto& k : keys) drop(k, true);
}

void PageCache::drop(const std::string& key, bool for_change) {
  auto it = pages_.find(key);
  if (it == pages_.end()) return;
  std::shared_ptr<Entry> e = it->second.entry;
  auto unindex = [&key](auto& index, const auto& k) {
    auto found = index.find(k);
    if (found == index.end()) return;
    found->second.erase(key);
    if (found->second.empty()) index.erase(found);
  };
  for (auto id : e->shows.articles) unindex(by_article_, id);
  for (auto id : e->shows.threads) unindex(by_thread_, id);
  for (const auto& l : e->shows.lists) unindex(by_list_, l);
  if (for_change) unsettle(key, e->modified);
  bytes_ -= std::min(bytes_, e->accounted);
  lru_.erase(it->second.lru);
  pages_.erase(it);
  ++(for_change ? counts_.dropped : counts_.evicted);
}

void PageCache::unsettle(const std::string& key, std::chrono::sys_seconds modified) {
  // A record matters only while a render could still fall in its second.
  auto now = this_second();
  if (now != unsettled_pruned_) {
    std::erase_if(unsettled_, [&](const auto& kv) { return kv.second < now; });
    unsettled_pruned_ = now;
  }
  auto& at = unsettled_[key];
  at = std::max(at, modified);
}

void PageCache::settle(Entry& e) const {
  auto old = pages_.find(e.key);
  if (old != pages_.end() && old->second.entry->etags[0] == e.etags[0] &&
      *old->second.entry->body == *e.body) {
    e.modified = old->second.entry->modified;
    e.last_modified = old->second.entry->last_modified;
    e.dated = old->second.entry->dated;
    return;
  }
  auto unsettled = unsettled_.find(e.key);
  if (unsettled != unsettled_.end() && unsettled->second >= e.modified) e.dated = false;
}

void PageCache::insert(std::shared_ptr<Entry> e) {
  if (pages_.count(e->key)) drop(e->key, false);
  for (auto id : e->shows.articles) by_article_[id].insert(e->key);
  for (auto id : e->shows.threads) by_thread_[id].insert(e->key);
  for (const auto& l : e->shows.lists) by_list_[l].insert(e->key);
  lru_.push_front(e->key);
  e->accounted = e->key.size() + e->body->size() + kEntryOverhead;
  bytes_ += e->accounted;
  std::string key = e->key;
  pages_[key] = Node{std::move(e), lru_.begin()};
  ++counts_.stored;
  evict_for_room();
}

void PageCache::evict_for_room() {
  while (bytes_ > max_bytes_ && lru_.size() > 1) drop(lru_.back(), false);
}

std::shared_ptr<PageCache::Entry> PageCache::make_entry(const http::Response& res,
                                                        Shows shows) const {
  auto e = std::make_shared<Entry>();
  e->status = res.result_int();
  e->content_type = std::string(sv(res[bh::field::content_type]));
  e->body = std::make_shared<const std::string>(res.body());
  // A handler's own strong tag is kept (a feed's, which it also answers
  // for requests the cache does not see); else the same bytes give the same
  // tag on every node running the same build (libstdc++'s hash is seeded
  // with a constant).
  std::string tag;
  std::string_view given = sv(res[bh::field::etag]);
  if (given.size() > 2 && given.front() == '"' && given.back() == '"') {
    tag = std::string(given.substr(1, given.size() - 2));
  } else {
    auto h = std::hash<std::string_view>{}(*e->body);
    char hex[17];
    auto [end, ec] = std::to_chars(hex, hex + 16, static_cast<std::uint64_t>(h), 16);
    tag = std::string(hex, end) + "-" + std::to_string(e->body->size());
  }
  for (auto c : {http::Coding::identity, http::Coding::gzip, http::Coding::brotli}) {
    e->etags[coding_index(c)] = "\"" + tag + std::string(coding_suffix(c)) + "\"";
  }
  e->modified = this_second();
  e->last_modified = http_date(e->modified);
  e->shows = std::move(shows);
  e->expires = std::chrono::steady_clock::now() + kPageLifetime;
  return e;
}

void PageCache::account(const std::shared_ptr<Entry>& e, std::size_t added) {
  if (added == 0) return;
  std::lock_guard lock(mu_);
  auto it = pages_.find(e->key);
  if (it != pages_.end() && it->second.entry == e) {
    e->accounted += added;
    bytes_ += added;
    evict_for_room();
  }
}

std::shared_ptr<const std::string> PageCache::coded_body(const std::shared_ptr<Entry>& e,
                                                         http::Coding& coding, Compress compress) {
  if (coding == http::Coding::identity) return e->body;
  std::shared_ptr<const std::string> out;
  std::size_t added = 0;
  {
    std::lock_guard coded(e->coded_mu);
    bool& tried = coding == http::Coding::gzip ? e->gzip_tried : e->brotli_tried;
    auto& kept = coding == http::Coding::gzip ? e->gzip : e->brotli;
    if (!tried) {
      if (compress == Compress::no) return nullptr;
      tried = true;
      auto smaller = http::compress(*e->body, coding);
      // Smaller or not at all: tiny pages are sent as they are.
      if (smaller.size() < e->body->size()) {
        added = smaller.size();
        kept = std::make_shared<const std::string>(std::move(smaller));
      }
    }
    out = kept;
  }
  account(e, added);
  if (!out) {
    coding = http::Coding::identity;
    return e->body;
  }
  return out;
}

bool PageCache::validated(const http::Request& req, const Entry& e, http::Coding coding) {
  auto inm = req[bh::field::if_none_match];
  if (!inm.empty()) return http::none_match_hits(sv(inm), e.etags[coding_index(coding)]);
  auto ims = req[bh::field::if_modified_since];
  if (ims.empty() || !e.dated) return false;
  auto since = parse_http_date(sv(ims));
  return since && e.modified <= *since;
}

http::Response PageCache::head_of(const Entry& e, http::Coding coding, bool not_modified,
                                  unsigned version, bool keep_alive) {
  http::Response res{not_modified ? bh::status::not_modified : static_cast<bh::status>(e.status),
                     version};
  res.keep_alive(keep_alive);
  res.set(bh::field::etag, e.etags[coding_index(coding)]);
  res.set(bh::field::last_modified, e.last_modified);
  static const std::string kCacheControl =
      "public, max-age=" + std::to_string(kBrowserMaxAge.count()) +
      ", stale-while-revalidate=" + std::to_string(kStaleWhileRevalidate.count());
  res.set(bh::field::cache_control, kCacheControl);
  // The contrast cookie changes the page; the coding changes the bytes.
  res.set(bh::field::vary, "Accept-Encoding, Cookie");
  if (not_modified) return res;
  res.set(bh::field::content_type, e.content_type);
  if (coding != http::Coding::identity) {
    res.set(bh::field::content_encoding, bsv(http::content_encoding(coding)));
  }
  return res;
}

http::Response PageCache::respond(const http::Request& req, const std::shared_ptr<Entry>& e) {
  http::Coding coding = http::preferred_coding(sv(req[bh::field::accept_encoding]));
  auto body = coded_body(e, coding, Compress::yes);
  bool not_modified = validated(req, *e, coding);
  http::Response res = head_of(*e, coding, not_modified, req.version(), req.keep_alive());
  if (not_modified) {
    std::lock_guard lock(mu_);
    ++counts_.not_modified;
    return res;
  }
  res.body() = *body;
  res.content_length(body->size());
  return res;
}

std::shared_ptr<const std::string> PageCache::part(
    std::string_view name, const std::function<std::optional<Part>()>& render) {
  if (store_.local_commits() != seen_commits_.load()) follow_changes();
  // Pages are keyed 'n' or 'h' and their target: 'p' keeps parts apart.
  std::string key;
  key.reserve(name.size() + 1);
  key += 'p';
  key += name;
  std::shared_ptr<Fill> fill;
  {
    std::lock_guard lock(mu_);
    auto it = pages_.find(key);
    if (it != pages_.end() && it->second.entry->expires > std::chrono::steady_clock::now()) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      ++counts_.hits;
      return it->second.entry->body;
    }
    ++counts_.misses;
    // Another request rendering the same part keeps it; this one only
    // renders (nothing to wait for: a part costs less than a wait).
    if (!fills_.count(key)) {
      fill = std::make_shared<Fill>();
      fills_[key] = fill;
    }
  }
  auto forget = [&] {
    if (!fill) return;
    std::lock_guard lock(mu_);
    fill->done = true;
    auto it = fills_.find(key);
    if (it != fills_.end() && it->second == fill) fills_.erase(it);
  };
  std::optional<Part> made;
  try {
    made = render();
  } catch (...) {
    forget();
    throw;
  }
  if (!made) {
    forget();
    return nullptr;
  }
  auto e = std::make_shared<Entry>();
  e->key = key;
  e->body = std::make_shared<const std::string>(std::move(made->text));
  e->shows = std::move(made->shows);
  e->expires = std::chrono::steady_clock::now() + kPageLifetime;
  if (fill && e->body->size() <= max_bytes_ / 8) {
    if (store_.local_commits() != seen_commits_.load()) follow_changes();
    std::lock_guard lock(mu_);
    bool stale = std::any_of(fill->changes.begin(), fill->changes.end(),
                             [&](const store::Change& c) { return touches(c, e->shows); });
    if (!stale) insert(e);
  }
  forget();
  return e->body;
}

std::shared_ptr<const http::PreparedResponse> PageCache::prepared(
    const http::Request& req, bool high_contrast,
    const std::function<void(http::Response&)>& finish) {
  if (store_.local_commits() != seen_commits_.load()) follow_changes();
  std::string key = page_key(req, high_contrast);
  std::shared_ptr<Entry> e;
  {
    std::lock_guard lock(mu_);
    auto it = pages_.find(key);
    // A page past its lifetime is left to serve(), which renders it again.
    if (it == pages_.end() || it->second.entry->expires <= std::chrono::steady_clock::now()) {
      return nullptr;
    }
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    ++counts_.hits;
    e = it->second.entry;
  }
  http::Coding coding = http::preferred_coding(sv(req[bh::field::accept_encoding]));
  // Compressing is left to serve(): a hit here never does heavy work.
  auto body = coded_body(e, coding, Compress::no);
  if (!body) {
    std::lock_guard lock(mu_);
    --counts_.hits;  // serve() counts it
    return nullptr;
  }
  bool not_modified = validated(req, *e, coding);
  std::shared_ptr<const http::PreparedResponse> p;
  std::size_t added = 0;
  {
    std::lock_guard coded(e->coded_mu);
    auto& slot = e->prepared[coding_index(coding)][not_modified ? 1 : 0];
    if (!slot) {
      http::Response res = head_of(*e, coding, not_modified, 11, true);
      if (finish) finish(res);
      slot = http::prepare(std::move(res), not_modified ? nullptr : body);
      added = slot->head.size();
    }
    p = slot;
  }
  account(e, added);
  if (not_modified) {
    std::lock_guard lock(mu_);
    ++counts_.not_modified;
  }
  return p;
}

http::Response PageCache::serve(const http::Request& req, bool high_contrast,
                                const std::function<http::Response()>& render) {
  if (store_.local_commits() != seen_commits_.load()) follow_changes();
  auto t = req.target();
  std::string key = page_key(req, high_contrast);

  std::shared_ptr<Fill> fill;
  {
    std::unique_lock lock(mu_);
    auto it = pages_.find(key);
    auto pending = fills_.find(key);
    // A page past its lifetime (nothing it shows changed, or it would be
    // gone) is still served while one request renders it again.
    if (it != pages_.end() &&
        (it->second.entry->expires > std::chrono::steady_clock::now() || pending != fills_.end())) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      ++counts_.hits;
      auto e = it->second.entry;
      lock.unlock();
      return respond(req, e);
    }
    if (pending != fills_.end()) {
      auto waiting = pending->second;
      if (filled_.wait_for(lock, kFillWait, [&] { return waiting->done; })) {
        if (waiting->entry) {
          ++counts_.hits;
          auto e = waiting->entry;
          lock.unlock();
          return respond(req, e);
        }
        if (waiting->plain) return *waiting->plain;
      }
      // The render failed or took too long: render here, uncoordinated.
      ++counts_.misses;
      lock.unlock();
      auto res = render();
      (void)take_shows(res);
      return res;
    }
    fill = std::make_shared<Fill>();
    fills_[key] = fill;
  }

  // Whatever happens below, waiters are released.
  struct Release {
    PageCache& cache;
    const std::string& key;
    std::shared_ptr<Fill>& fill;
    ~Release() {
      {
        std::lock_guard lock(cache.mu_);
        fill->done = true;
        auto it = cache.fills_.find(key);
        if (it != cache.fills_.end() && it->second == fill) cache.fills_.erase(it);
      }
      cache.filled_.notify_all();
    }
  } release{*this, key, fill};

  http::Response res = render();
  std::optional<Shows> shows = take_shows(res);
  bool keep = shows && res.result() == bh::status::ok && !shows->canonical.empty() &&
              shows->canonical == sv(t) &&
              res.find(bh::field::set_cookie) == res.end() &&
              res.body().size() <= max_bytes_ / 8;
  if (!keep) {
    std::lock_guard lock(mu_);
    if (shows) ++counts_.misses;  // a page that could have been kept
    // A 304 answers this request's validators, not those of the waiters.
    if (res.result() != bh::status::not_modified) {
      fill->plain = std::make_shared<const http::Response>(res);
    }
    return res;
  }
  auto e = make_entry(res, std::move(*shows));
  e->key = key;
  // Changes committed while rendering are applied first, so that the check
  // below sees them.
  if (store_.local_commits() != seen_commits_.load()) follow_changes();
  {
    std::lock_guard lock(mu_);
    ++counts_.misses;
    bool stale = std::any_of(fill->changes.begin(), fill->changes.end(),
                             [&](const store::Change& c) { return touches(c, e->shows); });
    settle(*e);
    if (stale) unsettle(key, e->modified);
    fill->entry = e;
    if (!stale) insert(e);
  }
  return respond(req, e);
}

PageCacheStats PageCache::stats() const {
  std::lock_guard lock(mu_);
  PageCacheStats s = counts_;
  s.entries = pages_.size();
  s.bytes = bytes_;
  return s;
}

}  // namespace depeche::web
