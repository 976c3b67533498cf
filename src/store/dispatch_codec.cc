#include "store/dispatch_codec.h"

#include <nlohmann/json.hpp>

namespace depeche::store {
namespace {

using nlohmann::json;

std::int64_t to_unix(Timestamp t) {
  return t.time_since_epoch().count();
}
Timestamp from_unix(std::int64_t s) {
  return Timestamp{std::chrono::seconds{s}};
}

// JSON text written as it goes, in the shape nlohmann reads back. Strings
// are escaped as JSON requires ('"', '\\' and control characters) and left
// as UTF-8 otherwise; a byte that does not belong to valid UTF-8 becomes
// U+FFFD, as nlohmann's own writer does with error_handler_t::replace
// (ingest stores NFC UTF-8, so this is a safety net, not a path).
class JsonWriter {
 public:
  explicit JsonWriter(std::size_t expected) { out_.reserve(expected); }
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view k) {
    value(k);
    out_ += ':';
    bare_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) {
    separate();
    out_ += '"';
    escape(s);
    out_ += '"';
    return *this;
  }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t n) {
    separate();
    out_ += std::to_string(n);
    return *this;
  }
  JsonWriter& value(std::uint64_t n) {
    separate();
    out_ += std::to_string(n);
    return *this;
  }
  JsonWriter& value(bool b) {
    separate();
    out_ += b ? "true" : "false";
    return *this;
  }
  std::string text() && { return std::move(out_); }

 private:
  JsonWriter& open(char c) {
    separate();
    out_ += c;
    bare_ = true;
    return *this;
  }
  JsonWriter& close(char c) {
    out_ += c;
    bare_ = false;
    return *this;
  }
  // A comma before every value but the first of its object or array and
  // the one after a key.
  void separate() {
    if (!bare_) out_ += ',';
    bare_ = false;
  }
  // The length of the valid UTF-8 sequence at the start of `s` (2 to 4
  // bytes; its lead byte is not ASCII), or 0: RFC 3629's table, so no
  // overlong form, surrogate or code point past U+10FFFF gets through.
  static std::size_t valid_sequence(std::string_view s) {
    auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    auto tail = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
    unsigned char lead = b(0);
    if (lead >= 0xC2 && lead <= 0xDF) return tail(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
      if (s.size() < 3 || !tail(1) || !tail(2)) return 0;
      if (lead == 0xE0 && b(1) < 0xA0) return 0;  // overlong
      if (lead == 0xED && b(1) > 0x9F) return 0;  // surrogate
      return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      if (s.size() < 4 || !tail(1) || !tail(2) || !tail(3)) return 0;
      if (lead == 0xF0 && b(1) < 0x90) return 0;  // overlong
      if (lead == 0xF4 && b(1) > 0x8F) return 0;  // past U+10FFFF
      return 4;
    }
    return 0;
  }
  void escape(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::size_t plain = 0;  // start of the run copied as it is
    for (std::size_t i = 0; i < s.size();) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
        ++i;
        continue;
      }
      if (c >= 0x80) {
        if (std::size_t n = valid_sequence(s.substr(i))) {
          i += n;
          continue;
        }
      }
      out_.append(s.substr(plain, i - plain));
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (c < 0x20) {
            out_ += "\\u00";
            out_ += kHex[c >> 4];
            out_ += kHex[c & 0xF];
          } else {
            out_ += "\xEF\xBF\xBD";  // U+FFFD for a byte outside valid UTF-8
          }
      }
      plain = ++i;
    }
    out_.append(s.substr(plain));
  }

  std::string out_;
  bool bare_ = true;  // no comma needed before the next value
};

json encode_picture_json(const Picture& p) {
  return {
      {"href", p.href}, {"content_type", p.content_type}, {"width", p.width},  {"height", p.height},
      {"alt", p.alt},   {"caption", p.caption},           {"credit", p.credit}};
}

Picture decode_picture_json(const json& p) {
  return {p.value("href", ""),  p.value("content_type", ""), p.value("width", 0),
          p.value("height", 0), p.value("alt", ""),          p.value("caption", ""),
          p.value("credit", "")};
}

void decode_lists(const json& j, Dispatch& d) {
  for (const auto& c : j.value("contributors", json::array())) {
    d.contributors.push_back(
        {c.value("name", ""),
         contributor_role_from_string(c.value("role", "other")).value_or(ContributorRole::other),
         c.value("role_label", "")});
  }
  for (const auto& p : j.value("pictures", json::array())) {
    d.pictures.push_back(decode_picture_json(p));
  }
  for (const auto& s : j.value("subjects", json::array())) {
    d.subjects.push_back({s.value("code", ""), s.value("name", "")});
  }
}

}  // namespace

std::string encode_picture(const Picture& p) {
  return encode_picture_json(p).dump();
}

Result<Picture> decode_picture(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return make_error(ErrorCode::invalid_input, "stored picture is not JSON");
  try {
    return decode_picture_json(j);
  } catch (const json::exception& e) {
    return make_error(ErrorCode::invalid_input, std::string("stored picture: ") + e.what());
  }
}

std::string encode_dispatch(const Dispatch& d) {
  // Written straight into one string: building nlohmann's tree first (a
  // map per object, a copy of every string) was about half of what storing
  // a dispatch cost. Read back through nlohmann (decode_dispatch).
  JsonWriter w(d.body_html.size() + d.description.size() + 1024);
  w.begin_object();
  w.key("guid").value(d.guid);
  w.key("version").value(d.version);
  w.key("provider").value(d.provider);
  w.key("creditline").value(d.creditline);
  w.key("headline").value(d.headline);
  w.key("dateline").value(d.dateline);
  w.key("description").value(d.description);
  w.key("body_html").value(d.body_html);
  w.key("language").value(d.language);
  w.key("first_created").value(to_unix(d.first_created));
  w.key("version_created").value(to_unix(d.version_created));
  w.key("status").value(d.status == WireStatus::withdrawn ? "withdrawn" : "usable");
  w.key("contributors").begin_array();
  for (const auto& c : d.contributors) {
    w.begin_object();
    w.key("name").value(c.name);
    w.key("role").value(to_string(c.role));
    w.key("role_label").value(c.role_label);
    w.end_object();
  }
  w.end_array();
  w.key("pictures").begin_array();
  for (const auto& p : d.pictures) {
    w.begin_object();
    w.key("href").value(p.href);
    w.key("content_type").value(p.content_type);
    w.key("width").value(std::int64_t{p.width});
    w.key("height").value(std::int64_t{p.height});
    w.key("alt").value(p.alt);
    w.key("caption").value(p.caption);
    w.key("credit").value(p.credit);
    w.end_object();
  }
  w.end_array();
  w.key("subjects").begin_array();
  for (const auto& s : d.subjects) {
    w.begin_object();
    w.key("code").value(s.code);
    w.key("name").value(s.name);
    w.end_object();
  }
  w.end_array();
  w.key("source_format").value(d.source_format);
  if (d.embargoed) w.key("embargoed").value(to_unix(*d.embargoed));
  if (d.correction) w.key("correction").value(true);
  if (d.description_from_wire) w.key("description_from_wire").value(true);
  w.end_object();
  return std::move(w).text();
}

Result<Dispatch> decode_dispatch(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return make_error(ErrorCode::internal, "stored dispatch is not JSON");
  try {
    Dispatch d;
    d.guid = j.value("guid", "");
    d.version = j.value("version", std::uint64_t{1});
    d.provider = j.value("provider", "");
    d.creditline = j.value("creditline", "");
    d.headline = j.value("headline", "");
    d.dateline = j.value("dateline", "");
    d.description = j.value("description", "");
    d.body_html = j.value("body_html", "");
    d.language = j.value("language", "");
    d.first_created = from_unix(j.value("first_created", std::int64_t{0}));
    d.version_created = from_unix(j.value("version_created", std::int64_t{0}));
    if (j.contains("embargoed")) d.embargoed = from_unix(j["embargoed"].get<std::int64_t>());
    d.correction = j.value("correction", false);
    d.description_from_wire = j.value("description_from_wire", false);
    d.status =
        j.value("status", "usable") == "withdrawn" ? WireStatus::withdrawn : WireStatus::usable;
    d.source_format = j.value("source_format", "");
    decode_lists(j, d);
    return d;
  } catch (const json::exception& e) {
    return make_error(ErrorCode::internal, std::string("stored dispatch: ") + e.what());
  }
}

}  // namespace depeche::store
