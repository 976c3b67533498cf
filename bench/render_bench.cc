// How long rendering an article page takes (templates + ICU dates), the
// work every uncached page view does. Run: build/bench/render_bench

#include <benchmark/benchmark.h>

#include "assets/assets.h"
#include "render/pages.h"
#include "support/dispatches.h"

namespace {

using namespace depeche;

render::TemplateLoader embedded() {
  return [](std::string_view name) -> std::optional<std::string> {
    auto bytes = assets::find("templates/" + std::string(name));
    if (!bytes) return std::nullopt;
    return std::string(*bytes);
  };
}

store::Article article(std::int64_t id) {
  store::Article a;
  a.id = id;
  a.slug = "un-titre";
  a.dispatch = testing::sample_dispatch(std::string("g").append(std::to_string(id)), 1);
  a.dispatch.body_html.clear();
  for (int i = 0; i < 10; ++i) {
    a.dispatch.body_html +=
        "<p>Un paragraphe de dépêche d’une longueur ordinaire, avec quelques "
        "mots de plus pour ressembler à un vrai texte d’agence.</p>";
  }
  a.dispatch.description = std::string(400, 'a');
  a.published_at = a.dispatch.first_created;
  a.updated_at = a.dispatch.version_created;
  return a;
}

void BM_ArticlePage(benchmark::State& state) {
  FixedClock clock{Timestamp{}};
  auto pages = std::move(*render::Pages::create(embedded(), render::SiteSettings{}, clock));
  auto main = article(1);
  std::vector<store::Article> related{article(2), article(3), article(4), article(5)};
  // One comment, as on the reference page.
  render::CommentSection comments;
  comments.count = 1;
  render::CommentView c;
  c.comment.id = 1;
  c.comment.article_id = 1;
  c.comment.author_id = 7;
  c.comment.author_name = "Lectrice";
  c.comment.body = "Un avis argumenté sur la question.";
  c.body_html = "<p>Un avis argumenté sur la question.</p>";
  comments.threads.push_back(c);
  for (auto _ : state) {
    auto html = pages->article(main, related, related, comments, render::PageContext{});
    benchmark::DoNotOptimize(html);
  }
}
BENCHMARK(BM_ArticlePage);

void BM_Teaser(benchmark::State& state) {
  std::string text(2000, 'a');
  for (std::size_t i = 7; i < text.size(); i += 8) text[i] = ' ';
  for (auto _ : state) benchmark::DoNotOptimize(render::teaser(text));
}
BENCHMARK(BM_Teaser);

}  // namespace

BENCHMARK_MAIN();
