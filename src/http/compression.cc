#include "http/compression.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace depeche::http {
namespace {

constexpr int kGzipLevel = 6;
constexpr int kBrotliQuality = 5;
constexpr int kBrotliWindowBits = 22;  // BROTLI_DEFAULT_WINDOW
// zlib's windowBits: 15 (32 KiB window) + 16 asks for a gzip wrapper.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kZlibMemLevel = 8;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The q-value of one list member ("gzip;q=0.5" -> 0.5); 1 when absent.
double quality(std::string_view params) {
  for (;;) {
    auto semi = params.find(';');
    if (semi == std::string_view::npos) return 1.0;
    params.remove_prefix(semi + 1);
    auto p = trim(params.substr(0, params.find(';')));
    if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      p.remove_prefix(2);
      double q = 0;
      // from_chars for double is in g++ 11+.
      auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), q);
      if (ec != std::errc()) return 0.0;
      return std::clamp(q, 0.0, 1.0);
    }
  }
}

std::string gzip(std::string_view body) {
  z_stream z{};
  if (deflateInit2(&z, kGzipLevel, Z_DEFLATED, kGzipWindowBits, kZlibMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&z, static_cast<uLong>(body.size())), '\0');
  // zlib's API is not const-correct; it never writes through next_in.
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string brotli(std::string_view body) {
  std::size_t size = BrotliEncoderMaxCompressedSize(body.size());
  if (size == 0) return {};
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(kBrotliQuality, kBrotliWindowBits, BROTLI_MODE_TEXT, body.size(),
                             reinterpret_cast<const std::uint8_t*>(body.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data()))) {
    return {};
  }
  out.resize(size);
  return out;
}

}  // namespace

std::string_view content_encoding(Coding c) {
  switch (c) {
    case Coding::gzip:
      return "gzip";
    case Coding::brotli:
      return "br";
    case Coding::identity:
      break;
  }
  return "";
}

Coding preferred_coding(std::string_view accept_encoding, bool brotli_offered,
                        bool gzip_offered) {
  double br = -1, gz = -1, any = -1;
  while (!accept_encoding.empty()) {
    auto comma = accept_encoding.find(',');
    auto member = accept_encoding.substr(0, comma);
    accept_encoding.remove_prefix(comma == std::string_view::npos ? accept_encoding.size()
                                                                   : comma + 1);
    auto name = trim(member.substr(0, member.find(';')));
    double q = quality(member);
    if (iequals(name, "br")) {
      br = q;
    } else if (iequals(name, "gzip") || iequals(name, "x-gzip")) {
      gz = q;
    } else if (name == "*") {
      any = q;
    }
  }
  if (br < 0) br = any;
  if (gz < 0) gz = any;
  if (!brotli_offered) br = 0;
  if (!gzip_offered) gz = 0;
  if (br > 0 && br >= gz) return Coding::brotli;
  if (gz > 0) return Coding::gzip;
  return Coding::identity;
}

std::string compress(std::string_view body, Coding c) {
  switch (c) {
    case Coding::gzip:
      return gzip(body);
    case Coding::brotli:
      return brotli(body);
    case Coding::identity:
      break;
  }
  return std::string(body);
}

}  // namespace depeche::http
