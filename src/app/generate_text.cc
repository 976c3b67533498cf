#include "app/generate_text.h"

#include <array>

#include "app/generate_words.h"

namespace depeche::app {
namespace {

constexpr std::string_view kNbsp = "\u00A0";    // before ':'
constexpr std::string_view kNarrow = "\u202F";  // before ; ! ? and inside « »
// A dispatch carries a second subject (another topic's) this often, so that
// some stories sit between two rubriques, as wire copy does.
constexpr std::size_t kSecondSubjectOneIn = 3;
// The description (teasers, chapô) is the first paragraph, cut here.
constexpr std::size_t kDescriptionChars = 300;

constexpr std::array<std::string_view, 12> kMonths = {
    "janvier", "février", "mars",      "avril",   "mai",      "juin",
    "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

// "Le gouvernement" inside a sentence: "le gouvernement"; names stay.
std::string inside(std::string_view actor) {
  std::string s(actor);
  for (std::string_view article : {"Le ", "La ", "Les ", "L’", "Des "}) {
    if (s.starts_with(article)) {
      s[0] = static_cast<char>(s[0] - 'A' + 'a');
      break;
    }
  }
  return s;
}

// The verb agreeing with its actor: "Les députés" take "adoptent".
std::string agree(std::string_view actor, std::string_view action) {
  if (!actor.starts_with("Les ") && !actor.starts_with("Des ")) return std::string(action);
  static constexpr std::pair<std::string_view, std::string_view> kIrregular[] = {
      {"obtient", "obtiennent"},    {"soutient", "soutiennent"},  {"prévoit", "prévoient"},
      {"investit", "investissent"}, {"rebondit", "rebondissent"}, {"perd", "perdent"},
      {"suspend", "suspendent"},    {"étend", "étendent"},        {"défend", "défendent"}};
  std::size_t space = action.find(' ');
  std::string_view verb = action.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? "" : action.substr(space);
  if (verb == "se") return "se " + agree(actor, action.substr(3));
  for (auto [one, many] : kIrregular) {
    if (verb == one) return std::string(many) + std::string(rest);
  }
  return std::string(verb) + (verb.ends_with('e') ? "nt" : "") + std::string(rest);
}

// "Les députés adoptent la réforme": an actor, its verb and an object.
template <class Pick>
std::string clause(const words::Topic& topic, Pick&& one) {
  std::string_view actor = one(topic.actors);
  return std::string(actor) + " " + agree(actor, one(topic.actions)) + " " +
         std::string(one(topic.objects));
}

std::string quoted(std::string_view words) {
  return "«" + std::string(kNarrow) + std::string(words) + std::string(kNarrow) + "»";
}

// Cut at a word boundary, at most `max` bytes, never inside a UTF-8 sequence.
std::string cut(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = s.rfind(' ', max);
  if (end == std::string::npos) end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "…";
}

}  // namespace

TextMaker::TextMaker(std::uint64_t seed) : seed_(seed), rng_(seed * 0x9E3779B97F4A7C15ull + 1) {}

std::chrono::seconds TextMaker::within(std::chrono::seconds step) {
  if (step.count() <= 0) return std::chrono::seconds{0};
  return std::chrono::seconds(
      static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(step.count())));
}

std::string TextMaker::pseudonym(std::int64_t i) const {
  auto given = words::given_names();
  auto family = words::family_names();
  auto n = static_cast<std::size_t>(i);
  return std::string(given[n % given.size()]) +
         std::string(family[(n / given.size()) % family.size()]) + std::to_string(i);
}

std::string TextMaker::sentence(std::size_t t, std::string_view place) {
  const auto& topic = words::topics()[t];
  auto pick_one = [this](const auto& s) { return one(s); };
  std::string kw1(one(topic.keywords)), kw2(one(topic.keywords)), kw3(one(topic.keywords));
  switch (pick(5)) {
    case 0:
      return std::string(one(words::openings())) + " " + inside(clause(topic, pick_one)) + ", " +
             std::string(one(words::links())) + " la question " + quoted(kw1) + " revient à " +
             std::string(place) + ".";
    case 1:
      return std::string(one(words::given_names())) + " " +
             std::string(one(words::family_names())) + ", spécialiste du dossier, évoque " +
             quoted("un tournant pour " + kw1) + kNbsp.data() + ": " + kw2 + ", " + kw3 + " et " +
             std::string(one(topic.keywords)) + ".";
    case 2:
      return "À " + std::string(place) + ", les mots " + kw1 + ", " + kw2 + " et " + kw3 +
             " reviennent dans tous les échanges.";
    case 3:
      return clause(topic, pick_one) + " " + std::string(one(words::links())) + " " +
             inside(clause(topic, pick_one)) + ".";
    default:
      return std::string(one(words::closings()));
  }
}

Dispatch TextMaker::dispatch(std::int64_t index, Timestamp at) {
  Dispatch d;
  auto topics = words::topics();
  // Stories come in runs on one topic, as news does.
  std::size_t t = pick(3) == 0 ? last_topic_ : pick(topics.size());
  last_topic_ = t;
  const auto& topic = topics[t];
  std::string place(one(words::places()));
  d.guid = "urn:depeche:generated:" + std::to_string(seed_) + ":" + std::to_string(index);
  d.version = 1;
  d.provider = one(words::providers());
  d.headline =
      clause(topic, [this](const auto& s) { return one(s); }) + (pick(2) ? " à " + place : "");
  std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(at)};
  d.dateline = place + ", " + std::to_string(static_cast<unsigned>(day.day())) + " " +
               std::string(kMonths[static_cast<unsigned>(day.month()) - 1]) + " (" + d.provider +
               ") -";
  std::size_t paragraphs = 4 + pick(5);
  std::string first;
  for (std::size_t p = 0; p < paragraphs; ++p) {
    std::string text;
    for (std::size_t s = 0, n = 2 + pick(3); s < n; ++s) {
      text += (s ? " " : "") + sentence(t, place);
    }
    if (p == 0) first = text;
    d.body_html += "<p>" + text + "</p>\n";
  }
  d.description = cut(first, kDescriptionChars);
  d.language = "fr";
  d.first_created = d.version_created = at;
  d.status = static_cast<double>(rng_() % 10'000) < kWithdrawnShare * 10'000 ? WireStatus::withdrawn
                                                                             : WireStatus::usable;
  d.subjects.push_back({std::string(topic.subject_code), std::string(topic.subject_name)});
  if (pick(kSecondSubjectOneIn) == 0) {
    const auto& other = one(topics);
    if (other.subject_code != topic.subject_code) {
      d.subjects.push_back({std::string(other.subject_code), std::string(other.subject_name)});
    }
  }
  for (std::size_t c = 0, n = 1 + pick(2); c < n; ++c) {
    d.contributors.push_back(
        {std::string(one(words::given_names())) + " " + std::string(one(words::family_names())),
         ContributorRole::reporter, "crol:rpt"});
  }
  d.source_format = "newsml-g2";
  return d;
}

std::string TextMaker::comment() {
  const auto& topic = words::topics()[pick(words::topics().size())];
  std::string text(one(words::comment_phrases()));
  text += pick(4) == 0 ? std::string(kNarrow) + "!" : ".";
  if (pick(2)) {
    text += " Pour moi, tout se joue sur " + std::string(one(topic.keywords)) + ".";
  }
  if (pick(3) == 0) {
    text.append(" ").append(one(words::comment_phrases())).append(kNarrow).append("?");
  }
  return text;
}

}  // namespace depeche::app
