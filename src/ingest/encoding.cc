#include "ingest/encoding.h"

#include "core/text.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace depeche::ingest {
namespace {

struct ConverterDeleter {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

Result<std::string> convert(std::string_view bytes, const std::string& from) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterDeleter> conv(ucnv_open(from.c_str(), &status));
  if (U_FAILURE(status)) {
    return make_error(ErrorCode::unsupported, "unknown character encoding: " + from);
  }
  std::u16string utf16(bytes.size() * 2 + 16, u'\0');
  int32_t n = ucnv_toUChars(conv.get(), utf16.data(), static_cast<int32_t>(utf16.size()),
                            bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) {
    return make_error(ErrorCode::invalid_input, "cannot decode as " + from);
  }
  utf16.resize(static_cast<std::size_t>(n));
  std::string out(utf16.size() * 3 + 1, '\0');
  status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterDeleter> utf8(ucnv_open("UTF-8", &status));
  int32_t m = ucnv_fromUChars(utf8.get(), out.data(), static_cast<int32_t>(out.size()),
                              utf16.data(), static_cast<int32_t>(utf16.size()), &status);
  if (U_FAILURE(status)) return make_error(ErrorCode::internal, "cannot encode UTF-8");
  out.resize(static_cast<std::size_t>(m));
  return out;
}

bool has_multibyte(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// The encoding named in "<?xml … encoding='x'?>", lower-cased; "" if none.
std::string declared_encoding(std::string_view doc) {
  if (!doc.starts_with("<?xml")) return {};
  auto end = doc.find("?>");
  std::string_view decl = doc.substr(0, end);
  auto at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  auto quote = decl.find_first_of("\"'", at);
  if (quote == std::string_view::npos) return {};
  auto close = decl.find(decl[quote], quote + 1);
  if (close == std::string_view::npos) return {};
  std::string label(decl.substr(quote + 1, close - quote - 1));
  std::transform(label.begin(), label.end(), label.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return label;
}

bool is_utf8_label(const std::string& l) {
  return l.empty() || l == "utf-8" || l == "utf8";
}

bool is_single_byte_western(const std::string& l) {
  return l == "iso-8859-1" || l == "iso8859-1" || l == "latin1" || l == "latin-1" || l == "l1" ||
         l == "windows-1252" || l == "cp1252" || l == "us-ascii" || l == "ascii" ||
         l == "iso-8859-15" || l == "latin-9";
}

std::string_view skip_leading_space(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  return s;
}

}  // namespace

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = valid_utf8_at(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

Result<std::string> to_utf8(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    // The BOM settles the encoding, not the bytes' validity: invalid UTF-8
    // let through here would reach the store and the JSON API as is.
    if (!valid_utf8(bytes)) {
      return make_error(ErrorCode::invalid_input, "UTF-8 byte order mark but not UTF-8");
    }
    return std::string(skip_leading_space(bytes));
  }
  std::string decoded;
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    bool le = bytes[0] == '\xFF';
    decoded = DEPECHE_TRY(convert(bytes.substr(2), le ? "UTF-16LE" : "UTF-16BE"));
    return std::string(skip_leading_space(decoded));
  }
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == std::string_view("<\0", 2) ||
                            bytes.substr(0, 2) == std::string_view("\0<", 2))) {
    decoded = DEPECHE_TRY(convert(bytes, bytes[0] == '<' ? "UTF-16LE" : "UTF-16BE"));
    return std::string(skip_leading_space(decoded));
  }
  std::string_view doc = skip_leading_space(bytes);
  std::string label = declared_encoding(doc);
  if (is_utf8_label(label)) {
    if (valid_utf8(doc)) return std::string(doc);
    if (!label.empty()) return make_error(ErrorCode::invalid_input, "declared UTF-8 but is not");
    return convert(doc, "windows-1252");  // undeclared and not UTF-8: the usual suspect
  }
  if (is_single_byte_western(label) && has_multibyte(doc) && valid_utf8(doc)) {
    return std::string(doc);  // declared Latin-1, written in UTF-8
  }
  // ISO-8859-1 is decoded as windows-1252, its superset, as browsers do.
  if (label == "iso-8859-1" || label == "iso8859-1" || label == "latin1" || label == "l1") {
    label = "windows-1252";
  }
  return convert(doc, label);
}

}  // namespace depeche::ingest
