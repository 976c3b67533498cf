#include "ingest/fetch.h"

#include <curl/curl.h>

#include <memory>

#include "core/text.h"

namespace depeche::ingest {
namespace {

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Sink {
  std::string* body;
  std::size_t max_bytes;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  if (sink->body->size() + n > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  sink->body->append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* res = static_cast<FetchResponse*>(user);
  std::string_view line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = collapse_whitespace(line.substr(colon + 1));
    if (name == "etag") res->etag = value;
    if (name == "last-modified") res->last_modified = value;
  }
  return size * count;
}

}  // namespace

Result<FetchResponse> fetch(const FetchRequest& request, std::size_t max_bytes,
                            std::chrono::seconds timeout) {
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) return make_error(ErrorCode::internal, "libcurl could not start");
  FetchResponse res;
  Sink sink{&res.body, max_bytes};
  std::unique_ptr<curl_slist, ListDeleter> headers;
  auto add_header = [&](const std::string& h) {
    headers.reset(curl_slist_append(headers.release(), h.c_str()));
  };
  if (!request.etag.empty()) add_header("If-None-Match: " + request.etag);
  if (!request.last_modified.empty()) add_header("If-Modified-Since: " + request.last_modified);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, kMaxRedirects);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);         // threads and timeouts without SIGALRM
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // any encoding libcurl can decode
  curl_easy_setopt(c, CURLOPT_USERAGENT, "depeche feed poller");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &res);
  CURLcode rc = curl_easy_perform(c);
  if (sink.too_large) {
    return make_error(ErrorCode::too_large,
                      "feed larger than " + std::to_string(max_bytes) + " bytes");
  }
  if (rc != CURLE_OK) return make_error(ErrorCode::io, curl_easy_strerror(rc));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res.status);
  if (res.status != 304 && (res.status < 200 || res.status > 299)) {
    return make_error(ErrorCode::io, "HTTP status " + std::to_string(res.status));
  }
  return res;
}

}  // namespace depeche::ingest
