#include "app/config.h"

#include <toml++/toml.h>
#include <charconv>

#include "http/forwarded.h"

namespace depeche::app {
namespace {

using comments::RateRule;

Status unknown_key(const std::string& table, const std::string& key) {
  return make_error(ErrorCode::invalid_input, "unknown setting [" + table + "] " + key);
}

template <class T>
Status read(const toml::node& node, const std::string& where, T& out) {
  auto v = node.value<T>();
  if (!v) return make_error(ErrorCode::invalid_input, "wrong type for " + where);
  out = *v;
  return {};
}

// "name@host.example": one '@' with text on both sides, nothing that would
// need escaping in a mailto link.
bool plausible_email(std::string_view e) {
  auto at = e.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == e.size()) return false;
  if (e.find('@', at + 1) != std::string_view::npos) return false;
  return e.find_first_of(" \t\r\n<>\"'\\,;:?&") == std::string_view::npos;
}

// The [site] texts of the information pages; nullopt when `key` is none of
// them.
std::optional<Status> read_legal(const std::string& key, const toml::node& v, Config& c) {
  std::string* field = key == "publisher"          ? &c.legal.publisher
                       : key == "director"         ? &c.legal.director
                       : key == "hosting_provider" ? &c.legal.hosting_provider
                       : key == "contact_email"    ? &c.legal.contact_email
                       : key == "postal_address"   ? &c.legal.postal_address
                                                   : nullptr;
  if (!field) return std::nullopt;
  std::string where = "[site] " + key;
  if (auto s = read(v, where, *field); !s) return s;
  if (field->size() > kMaxSiteTextBytes) {
    return make_error(ErrorCode::invalid_input,
                      where + ": at most " + std::to_string(kMaxSiteTextBytes) + " bytes");
  }
  if (field == &c.legal.contact_email && !field->empty() && !plausible_email(*field)) {
    return make_error(ErrorCode::invalid_input, where + " is not an e-mail address");
  }
  return Status{};
}

Status read_site(const toml::table& t, Config& c) {
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (key == "name")
      DEPECHE_TRY(read(v, "[site] name", c.site_name));
    else if (key == "base_url") {
      DEPECHE_TRY(read(v, "[site] base_url", c.base_url));
      if (!c.base_url.starts_with("http://") && !c.base_url.starts_with("https://")) {
        return make_error(ErrorCode::invalid_input,
                          "[site] base_url must start with http:// or https://");
      }
    }
    else if (key == "time_zone")
      DEPECHE_TRY(read(v, "[site] time_zone", c.time_zone));
    else if (key == "full_text_feeds")
      DEPECHE_TRY(read(v, "[site] full_text_feeds", c.full_text_feeds));
    else if (auto legal = read_legal(key, v, c))
      DEPECHE_TRY(std::move(*legal));
    else
      return unknown_key("site", key);
  }
  return {};
}

Status read_words(const toml::node& v, const std::string& where, std::vector<std::string>& out) {
  const toml::array* a = v.as_array();
  if (!a) return make_error(ErrorCode::invalid_input, where + " must be a list of strings");
  out.clear();
  for (const auto& w : *a) {
    auto s = w.value<std::string>();
    if (!s) return make_error(ErrorCode::invalid_input, where + " must be a list of strings");
    out.push_back(*s);
  }
  return {};
}

Status read_int(const toml::node& v, const std::string& where, std::int64_t min, std::int64_t max,
                std::int64_t& out) {
  DEPECHE_TRY(read(v, where, out));
  if (out < min || out > max) {
    return make_error(ErrorCode::invalid_input,
                      where + ": " + std::to_string(min) + "-" + std::to_string(max));
  }
  return {};
}

Status read_server(const toml::table& t, Config& c) {
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (key == "listen") {
      DEPECHE_TRY(read(v, "[server] listen", c.listen));
    } else if (key == "threads") {
      std::int64_t n = 0;
      DEPECHE_TRY(read(v, "[server] threads", n));
      if (n < 0 || n > 256) return make_error(ErrorCode::invalid_input, "[server] threads: 0-256");
      c.threads = static_cast<unsigned>(n);
    } else if (key == "secure_cookies") {
      DEPECHE_TRY(read(v, "[server] secure_cookies", c.secure_cookies));
    } else if (key == "ingest_token") {
      DEPECHE_TRY(read(v, "[server] ingest_token", c.ingest_token));
    } else if (key == "metrics_addresses") {
      DEPECHE_TRY(read_words(v, "[server] metrics_addresses", c.metrics_addresses));
    } else if (key == "trusted_proxies") {
      DEPECHE_TRY(read_words(v, "[server] trusted_proxies", c.trusted_proxies));
      http::TrustedProxies parsed;
      std::string bad;
      if (!http::TrustedProxies::parse(c.trusted_proxies, parsed, bad)) {
        return make_error(ErrorCode::invalid_input,
                          "[server] trusted_proxies: not an IP address: " + bad);
      }
    } else if (key == "metrics_token") {
      DEPECHE_TRY(read(v, "[server] metrics_token", c.metrics_token));
    } else if (key == "max_connections_per_address") {
      DEPECHE_TRY(read_int(v, "[server] max_connections_per_address", 0, 1'000'000,
                           c.max_connections_per_address));
    } else {
      return unknown_key("server", key);
    }
  }
  return {};
}


Status read_comments(const toml::table& t, Config& c) {
  auto& r = c.comments;
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    std::string where = "[comments] " + key;
    std::int64_t n = 0;
    if (key == "premoderation") {
      std::string mode;
      DEPECHE_TRY(read(v, where, mode));
      auto m = comments::premoderation_from_string(mode);
      if (!m) return make_error(ErrorCode::invalid_input, where + ": off, new_readers or everyone");
      r.premoderation = *m;
    } else if (key == "trusted_after") {
      DEPECHE_TRY(read_int(v, where, 0, 1000, n));
      r.trusted_after = static_cast<int>(n);
    } else if (key == "banned_words") {
      DEPECHE_TRY(read_words(v, where, r.banned_words));
    } else if (key == "suspect_words") {
      DEPECHE_TRY(read_words(v, where, r.suspect_words));
    } else if (key == "max_links") {
      DEPECHE_TRY(read_int(v, where, 0, 100, n));
      r.max_links = static_cast<int>(n);
    } else if (key == "edit_window_minutes") {
      DEPECHE_TRY(read_int(v, where, 0, 24 * 60, n));
      r.edit_window = std::chrono::minutes(n);
    } else if (key == "close_after_days") {
      DEPECHE_TRY(read_int(v, where, 0, 3650, n));
      r.close_after = std::chrono::hours(24 * n);
    } else if (key == "post_limit" || key == "report_limit") {
      // { account = 5, address = 20, window_seconds = 60 }
      const toml::table* lim = v.as_table();
      if (!lim) return make_error(ErrorCode::invalid_input, where + " must be a table");
      bool post = key == "post_limit";
      RateRule& account = post ? r.post_per_account : r.report_per_account;
      RateRule& address = post ? r.post_per_address : r.report_per_address;
      for (const auto& [lk, lv] : *lim) {
        std::string name(lk.str());
        if (name == "account") {
          DEPECHE_TRY(read_int(lv, where + ".account", 1, 100000, n));
          account.max_events = static_cast<int>(n);
        } else if (name == "address") {
          DEPECHE_TRY(read_int(lv, where + ".address", 1, 1000000, n));
          address.max_events = static_cast<int>(n);
        } else if (name == "window_seconds") {
          DEPECHE_TRY(read_int(lv, where + ".window_seconds", 1, 86400, n));
          account.window = address.window = std::chrono::seconds(n);
        } else {
          return unknown_key("comments." + key, name);
        }
      }
    } else if (key == "report_thresholds") {
      const toml::table* th = v.as_table();
      if (!th) return make_error(ErrorCode::invalid_input, where + " must be a table");
      for (const auto& [reason, w] : *th) {
        std::string name(reason.str());
        if (!r.thresholds.contains(name)) return unknown_key("comments.report_thresholds", name);
        auto value = w.value<double>();
        if (!value || *value <= 0) {
          return make_error(ErrorCode::invalid_input, where + "." + name + " must be > 0");
        }
        r.thresholds[name] = *value;
      }
    } else {
      return unknown_key("comments", key);
    }
  }
  return {};
}

Status read_storage(const toml::table& t, Config& c) {
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (key == "data_dir") {
      std::string dir;
      DEPECHE_TRY(read(v, "[storage] data_dir", dir));
      c.data_dir = dir;
    } else if (key == "database") {
      DEPECHE_TRY(read(v, "[storage] database", c.database));
    } else if (key == "pool_size") {
      std::int64_t n = 0;
      DEPECHE_TRY(read_int(v, "[storage] pool_size", 1, store::postgres::kMaxPoolSize, n));
      c.database_pool = static_cast<int>(n);
    } else if (key == "drop_dir" || key == "media_dir") {
      std::string dir;
      DEPECHE_TRY(read(v, "[storage] " + key, dir));
      (key == "drop_dir" ? c.drop_dir : c.media_dir) = dir;
    } else {
      return unknown_key("storage", key);
    }
  }
  return {};
}

Status read_feeds(const toml::array& feeds, Config& c) {
  for (const auto& node : feeds) {
    const toml::table* t = node.as_table();
    if (!t) return make_error(ErrorCode::invalid_input, "[[feeds]] entries must be tables");
    ingest::FeedSource f;
    for (const auto& [k, v] : *t) {
      std::string key(k.str());
      if (key == "url") {
        DEPECHE_TRY(read(v, "[[feeds]] url", f.url));
      } else if (key == "name") {
        DEPECHE_TRY(read(v, "[[feeds]] name", f.name));
      } else if (key == "interval_seconds") {
        std::int64_t s = 0;
        DEPECHE_TRY(read(v, "[[feeds]] interval_seconds", s));
        if (s < ingest::kMinPollInterval.count() || s > 86400) {
          return make_error(ErrorCode::invalid_input, "[[feeds]] interval_seconds: 1-86400");
        }
        f.interval = std::chrono::seconds(s);
      } else {
        return unknown_key("feeds", key);
      }
    }
    if (!f.url.starts_with("http://") && !f.url.starts_with("https://")) {
      return make_error(ErrorCode::invalid_input, "[[feeds]] url must be http(s): " + f.url);
    }
    if (f.name.empty()) f.name = f.url;
    c.feeds.push_back(std::move(f));
  }
  return {};
}

// [[sections]] slug = "sport", name = "Sport", codes = ["medtop:15000000"],
// names = ["sport"], priority = 0, fallback = false, national = false,
// foreign = false
Status read_sections(const toml::array& sections, Config& c) {
  c.sections.clear();
  c.fallback_section.clear();
  c.foreign_section.clear();
  for (const auto& node : sections) {
    const toml::table* t = node.as_table();
    if (!t) return make_error(ErrorCode::invalid_input, "[[sections]] entries must be tables");
    articles::Section s;
    bool fallback = false;
    bool foreign = false;  // keys come in name order: slugs are known after the loop
    for (const auto& [k, v] : *t) {
      std::string key(k.str());
      if (key == "slug") {
        DEPECHE_TRY(read(v, "[[sections]] slug", s.slug));
      } else if (key == "name") {
        DEPECHE_TRY(read(v, "[[sections]] name", s.name));
      } else if (key == "codes") {
        DEPECHE_TRY(read_words(v, "[[sections]] codes", s.codes));
      } else if (key == "names") {
        DEPECHE_TRY(read_words(v, "[[sections]] names", s.names));
      } else if (key == "priority") {
        std::int64_t p = 0;
        DEPECHE_TRY(read_int(v, "[[sections]] priority", -100, 100, p));
        s.priority = static_cast<int>(p);
      } else if (key == "fallback") {
        DEPECHE_TRY(read(v, "[[sections]] fallback", fallback));
      } else if (key == "national") {
        DEPECHE_TRY(read(v, "[[sections]] national", s.national));
      } else if (key == "foreign") {
        DEPECHE_TRY(read(v, "[[sections]] foreign", foreign));
      } else {
        return unknown_key("sections", key);
      }
    }
    if (foreign) {
      if (!c.foreign_section.empty()) {
        return make_error(ErrorCode::invalid_input, "[[sections]]: only one may be foreign");
      }
      c.foreign_section = s.slug;
    }
    if (fallback) {
      if (!c.fallback_section.empty()) {
        return make_error(ErrorCode::invalid_input, "[[sections]]: only one may be the fallback");
      }
      c.fallback_section = s.slug;
    }
    c.sections.push_back(std::move(s));
  }
  if (!c.sections.empty() && c.fallback_section.empty()) c.fallback_section = c.sections.back().slug;
  auto checked = sections_of(c);
  if (!checked) return make_error(ErrorCode::invalid_input, "[[sections]]: " + checked.error().message);
  return {};
}

// [log] level = "info", file = "", access_log = true
Status read_log(const toml::table& t, Config& c) {
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (key == "level") {
      std::string level;
      DEPECHE_TRY(read(v, "[log] level", level));
      auto l = log_level_from_string(level);
      if (!l)
        return make_error(ErrorCode::invalid_input, "[log] level: debug, info, warn, error or off");
      c.log.level = *l;
    } else if (key == "file") {
      std::string file;
      DEPECHE_TRY(read(v, "[log] file", file));
      c.log.file = file;
    } else if (key == "access_log") {
      DEPECHE_TRY(read(v, "[log] access_log", c.log.access_log));
    } else {
      return unknown_key("log", key);
    }
  }
  return {};
}

// [cache] pages_mib = 64
Status read_cache(const toml::table& t, Config& c) {
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (key == "pages_mib") {
      std::int64_t mib = 0;
      DEPECHE_TRY(read(v, "[cache] pages_mib", mib));
      if (mib < 0 || mib > kMaxPageCacheMib) {
        return make_error(ErrorCode::invalid_input,
                          "[cache] pages_mib: 0 (off) to " + std::to_string(kMaxPageCacheMib));
      }
      c.page_cache_bytes = static_cast<std::size_t>(mib) * 1024 * 1024;
    } else {
      return unknown_key("cache", key);
    }
  }
  return {};
}

}  // namespace

Status load_config_file(const std::filesystem::path& file, Config& config) {
  toml::table parsed;
  try {
    // toml++ is built with exceptions here: they stop at this wrapper.
    parsed = toml::parse_file(file.string());
  } catch (const toml::parse_error& err) {
    return make_error(ErrorCode::invalid_input, file.string() + ":" +
                                                    std::to_string(err.source().begin.line) + ": " +
                                                    std::string(err.description()));
  }
  for (const auto& [k, v] : parsed) {
    std::string key(k.str());
    if (key == "feeds" && v.as_array()) {
      DEPECHE_TRY(read_feeds(*v.as_array(), config));
      continue;
    }
    if (key == "sections" && v.as_array()) {
      DEPECHE_TRY(read_sections(*v.as_array(), config));
      continue;
    }
    const toml::table* t = v.as_table();
    if (!t) return make_error(ErrorCode::invalid_input, "expected a table: " + key);
    if (key == "site")
      DEPECHE_TRY(read_site(*t, config));
    else if (key == "server")
      DEPECHE_TRY(read_server(*t, config));
    else if (key == "storage")
      DEPECHE_TRY(read_storage(*t, config));
    else if (key == "comments")
      DEPECHE_TRY(read_comments(*t, config));
    else if (key == "log")
      DEPECHE_TRY(read_log(*t, config));
    else if (key == "cache")
      DEPECHE_TRY(read_cache(*t, config));
    else
      return make_error(ErrorCode::invalid_input, "unknown table [" + key + "]");
  }
  return {};
}

Result<articles::Sections> sections_of(const Config& config) {
  if (config.sections.empty()) return articles::Sections::defaults();
  return articles::Sections::create(config.sections, config.fallback_section,
                                   config.foreign_section);
}

void apply_environment(const EnvLookup& env, Config& config) {
  if (auto v = env("DEPECHE_DATA"); v && !v->empty()) config.data_dir = *v;
  if (auto v = env("DEPECHE_LISTEN"); v && !v->empty()) config.listen = *v;
  if (auto v = env("DEPECHE_DATABASE"); v && !v->empty()) config.database = *v;
  if (auto v = env("DEPECHE_INGEST_TOKEN"); v && !v->empty()) config.ingest_token = *v;
  if (auto v = env("DEPECHE_METRICS_TOKEN"); v && !v->empty()) config.metrics_token = *v;
}

Result<ListenAddress> parse_listen(std::string_view text) {
  auto bad = [&] {
    return make_error(ErrorCode::invalid_input,
                      "listen address must be HOST:PORT, got \"" + std::string(text) + "\"");
  };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad();
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 ||
      host.empty()) {
    return bad();
  }
  return ListenAddress{std::string(host), static_cast<unsigned short>(port)};
}

Result<std::string> sqlite_path(const Config& config) {
  const std::string& url = config.database;
  if (url.empty()) return (config.data_dir / "depeche.db").string();
  if (uses_postgres(config)) {
    return make_error(ErrorCode::unsupported,
                      "the site's database is PostgreSQL, not a SQLite file");
  }
  if (url.starts_with("sqlite://")) return url.substr(9);
  if (url.starts_with("sqlite:")) return url.substr(7);
  if (url.find("://") != std::string::npos) {
    return make_error(ErrorCode::unsupported, "unknown database URL scheme: " + url);
  }
  return url;
}

bool uses_postgres(const Config& config) {
  return config.database.starts_with("postgres://") ||
         config.database.starts_with("postgresql://");
}

std::filesystem::path drop_dir_of(const Config& config) {
  return config.drop_dir.empty() ? config.data_dir : config.drop_dir;
}

std::filesystem::path media_dir_of(const Config& config) {
  return config.media_dir.empty() ? config.data_dir / "media" : config.media_dir;
}

}  // namespace depeche::app
