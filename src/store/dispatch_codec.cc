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

json encode_contributors(const std::vector<Contributor>& cs) {
  json out = json::array();
  for (const auto& c : cs) {
    out.push_back({{"name", c.name}, {"role", to_string(c.role)}, {"role_label", c.role_label}});
  }
  return out;
}

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

json encode_pictures(const std::vector<Picture>& ps) {
  json out = json::array();
  for (const auto& p : ps) out.push_back(encode_picture_json(p));
  return out;
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
  json subjects = json::array();
  for (const auto& s : d.subjects) subjects.push_back({{"code", s.code}, {"name", s.name}});
  json j = {{"guid", d.guid},
            {"version", d.version},
            {"provider", d.provider},
            {"creditline", d.creditline},
            {"headline", d.headline},
            {"dateline", d.dateline},
            {"description", d.description},
            {"body_html", d.body_html},
            {"language", d.language},
            {"first_created", to_unix(d.first_created)},
            {"version_created", to_unix(d.version_created)},
            {"status", d.status == WireStatus::withdrawn ? "withdrawn" : "usable"},
            {"contributors", encode_contributors(d.contributors)},
            {"pictures", encode_pictures(d.pictures)},
            {"subjects", subjects},
            {"source_format", d.source_format}};
  if (d.embargoed) j["embargoed"] = to_unix(*d.embargoed);
  if (d.correction) j["correction"] = true;
  if (d.description_from_wire) j["description_from_wire"] = true;
  // Invalid UTF-8 cannot reach here (ingest stores NFC UTF-8), but replace
  // rather than throw if it ever does.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
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
