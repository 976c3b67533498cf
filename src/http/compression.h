#pragma once
// Content codings for responses: gzip (zlib) and brotli. Bodies are
// compressed once, when a page enters a cache, never per request; this is
// only the coding and the Accept-Encoding negotiation.

#include <string>
#include <string_view>

namespace depeche::http {

enum class Coding { identity, gzip, brotli };

// "gzip", "br", or "" for identity: the Content-Encoding value.
std::string_view content_encoding(Coding c);

// The best coding the client accepts among those we offer: brotli, then
// gzip, then identity. Honours q-values ("br;q=0" refuses brotli) and "*".
// An absent header means identity (RFC 9110 §12.5.3 allows any coding, but
// clients that say nothing are usually tools that want plain bytes).
// A coding not offered (its bytes not worth keeping) is never chosen.
Coding preferred_coding(std::string_view accept_encoding, bool brotli_offered = true,
                        bool gzip_offered = true);

// The body in that coding. Levels are chosen for text pages compressed once
// and sent many times (gzip 6, brotli 5: within a few percent of the
// highest levels at a fraction of their time). Returns "" when the coder
// fails (out of memory), so the caller falls back to identity.
std::string compress(std::string_view body, Coding c);

}  // namespace depeche::http
