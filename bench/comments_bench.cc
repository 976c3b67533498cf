// Comments through HTTP on this machine: comments posted per second (JSON
// API, signed-in readers, SQLite WAL, one commit each) and comment threads
// read per second (the article page with its thread, and the thread as
// JSON), against /healthz measured in the same run as the reference.
// Run: build/bench/comments_bench [SECONDS_PER_PHASE] [CLIENTS]
// Prints figures; never fails.

#include <utility>  // before Asio (Boost 1.74 with g++ 12)

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "articles/publisher.h"
#include "assets/assets.h"
#include "comments/accounts.h"
#include "comments/comments.h"
#include "comments/moderation.h"
#include "http/server.h"
#include "store/sqlite/sqlite_store.h"
#include "support/dispatches.h"
#include "support/temp_dir.h"
#include "web/site.h"

namespace {

using namespace depeche;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using Clock = std::chrono::steady_clock;

// One keep-alive connection, as a browser or an API client holds.
class Client {
 public:
  explicit Client(unsigned short port) : stream_(io_) {
    stream_.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }
  unsigned request(bh::verb method, const std::string& target, const std::string& body,
                   const std::string& token) {
    bh::request<bh::string_body> req(method, target, 11);
    req.set(bh::field::host, "127.0.0.1");
    if (!token.empty()) req.set(bh::field::authorization, "Bearer " + token);
    if (!body.empty()) {
      req.set(bh::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    bh::write(stream_, req);
    bh::response<bh::string_body> res;
    bh::read(stream_, buffer_, res);
    return res.result_int();
  }

 private:
  boost::asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

// Runs `clients` threads for `seconds`, each calling `one(client, thread,
// i)`; returns requests per second answered with `expected`.
template <class F>
double measure(unsigned short port, int clients, double seconds, unsigned expected, F one) {
  std::atomic<long> ok{0}, bad{0};
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      Client c(port);
      for (long i = 0; Clock::now() < end; ++i) {
        (one(c, t, i) == expected ? ok : bad)++;
      }
    });
  }
  for (auto& th : threads) th.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (bad > 0) std::printf("  (%ld unexpected answers)\n", bad.load());
  return static_cast<double>(ok) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  int clients = argc > 2 ? std::atoi(argv[2]) : 4;
  testing::TempDir dir;
  SystemClock clock;
  auto store = std::move(*store::sqlite::open_store((dir.path() / "bench.db").string(), clock));
  articles::Publisher publisher(store->articles());
  auto pages = std::move(*render::Pages::create(
      [](std::string_view name) -> std::optional<std::string> {
        auto bytes = assets::find("templates/" + std::string(name));
        return bytes ? std::optional<std::string>(std::string(*bytes)) : std::nullopt;
      },
      render::SiteSettings{}, clock));
  comments::Accounts accounts(store->users(), clock, comments::kTestCost);
  comments::RateLimiter limiter(clock);
  comments::CommentRules rules;
  rules.close_after = std::chrono::seconds{0};
  // The bench measures the work, not the limits.
  rules.post_per_account = rules.post_per_address = {1'000'000, std::chrono::seconds(1)};
  comments::Comments service(*store, clock, limiter, rules);
  comments::Moderation moderation(*store, clock);
  web::Metrics metrics;
  web::SiteDeps deps{store->articles(), *pages, clock, metrics, dir.path() / "media"};
  deps.accounts = &accounts;
  deps.comments = &service;
  deps.moderation = &moderation;

  // Articles, readers, and a thread of 50 comments (10 with 2 replies).
  std::vector<std::int64_t> articles;
  for (int i = 0; i < 20; ++i) {
    articles.push_back(
        publisher.publish(testing::sample_dispatch("urn:b:" + std::to_string(i), 1))->article_id);
  }
  std::vector<std::string> tokens;
  std::vector<store::User> users;
  for (int i = 0; i < 50; ++i) {
    std::string n = "Lecteur" + std::to_string(i);
    auto u = accounts.create({n + "@example.org", n, "correct horse battery"}, store::Role::reader);
    users.push_back(*u);
    tokens.push_back(accounts.sign_in(n + "@example.org", "correct horse battery", "b")->token);
  }
  std::int64_t thread_article = articles[0];
  for (int i = 0; i < 30; ++i) {
    auto c = service.post(users[i % 50], thread_article, std::nullopt,
                          "Un commentaire de lecteur, numéro " + std::to_string(i) +
                              ", avec un lien https://example.org/" + std::to_string(i),
                          "b");
    if (i < 10) {
      for (int r = 0; r < 2; ++r) {
        (void)service.post(users[(i + r + 1) % 50], thread_article, c->id, "Une réponse.", "b");
      }
    }
  }

  http::ServerOptions options;
  options.port = 0;
  options.handle_signals = false;
  auto server = std::move(*http::Server::create(options, web::make_site(deps)));
  std::thread serving([&] { server->run(); });
  unsigned short port = server->port();
  std::string page_path;
  {
    auto a = store->articles().by_id(thread_article);
    page_path = render::article_path(**a);
  }

  std::printf("comments_bench: %d clients, %.1f s per phase, %u server threads, SQLite WAL\n",
              clients, seconds, std::thread::hardware_concurrency());
  double health = measure(port, clients, seconds, 200, [&](Client& c, int, long) {
    return c.request(bh::verb::get, "/healthz", {}, {});
  });
  std::printf("  reference GET /healthz          %9.0f req/s\n", health);
  double posts = measure(port, clients, seconds, 201, [&](Client& c, int t, long i) {
    std::int64_t a = articles[1 + (t + i) % 19];
    return c.request(bh::verb::post, "/api/v1/articles/" + std::to_string(a) + "/comments",
                     R"({"body":"Un avis posté par le banc d’essai."})", tokens[(t * 7 + i) % 50]);
  });
  std::printf("  comments posted (API)           %9.0f /s   (%.1fx slower than /healthz)\n", posts,
              health / posts);
  double pages_read = measure(port, clients, seconds, 200, [&](Client& c, int, long) {
    return c.request(bh::verb::get, page_path, {}, {});
  });
  std::printf("  article page with 50 comments   %9.0f /s   (%.1fx slower than /healthz)\n",
              pages_read, health / pages_read);
  double threads_read = measure(port, clients, seconds, 200, [&](Client& c, int, long) {
    return c.request(bh::verb::get,
                     "/api/v1/articles/" + std::to_string(thread_article) + "/comments", {}, {});
  });
  std::printf("  thread of 50 comments as JSON   %9.0f /s   (%.1fx slower than /healthz)\n",
              threads_read, health / threads_read);
  server->stop();
  serving.join();
  return 0;
}
