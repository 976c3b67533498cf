#include "articles/clusters.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "articles/cluster_words.h"

namespace depeche::articles {
namespace {

// The bit that marks a feature as a fact: a name or a number.
constexpr std::uint32_t kFactTag = 1;

// 64-bit FNV-1a, then a SplitMix64 finaliser: cheap, stable across builds
// and machines (the hashes are stored).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

int weight_of(WordKind k) {
  switch (k) {
    case WordKind::name:
      return kNameWeight;
    case WordKind::number:
      return kNumberWeight;
    case WordKind::plain:
      break;
  }
  return 1;
}

// Band key i: the feature that comes first under the i-th hash, tagged with
// i so that bands never meet each other.
std::vector<std::int64_t> band_keys(const std::vector<std::uint32_t>& features) {
  std::vector<std::int64_t> keys;
  if (features.empty()) return keys;
  keys.reserve(kBands);
  for (int band = 0; band < kBands; ++band) {
    std::uint64_t seed = mix(static_cast<std::uint64_t>(band) + 1);
    // The feature is mixed before the seed goes in: xor-ing a seed into
    // 32-bit values alone left bands correlated (pairs at similarity 0.26
    // shared no key in 16 on the evaluation set).
    std::uint32_t best = features.front();
    std::uint64_t best_hash = mix(mix(best) ^ seed);
    for (auto f : features) {
      std::uint64_t h = mix(mix(f) ^ seed);
      if (h < best_hash) best_hash = h, best = f;
    }
    keys.push_back((static_cast<std::int64_t>(band) << 32) | best);
  }
  return keys;
}

struct Scored {
  std::int64_t cluster = 0;  // the cluster to join: the candidate's, or the candidate
  double score = 0;
};

// How well `print` scores against `fp` as the same event: the Jaccard index,
// or containment for a much shorter set; nullopt below the thresholds.
std::optional<double> event_score(const std::vector<std::uint32_t>& a,
                                  const std::vector<std::uint32_t>& b) {
  auto s = similarity(a, b);
  if (s.common < kMinCommonFeatures || s.facts_common < kMinCommonFacts) return std::nullopt;
  if (s.jaccard >= kSameEventScore) return s.jaccard;
  auto small = std::min(a.size(), b.size()), large = std::max(a.size(), b.size());
  if (large > 0 && static_cast<double>(small) < kShortRatio * static_cast<double>(large) &&
      s.containment >= kSameEventContainment) {
    return kSameEventScore;
  }
  return std::nullopt;
}

}  // namespace

Fingerprint fingerprint(const Dispatch& d) {
  auto cut = [](std::string_view s) { return s.substr(0, std::min(s.size(), kMaxFieldBytes)); };
  // Each word with the highest weight it was seen with.
  std::map<std::string, int> weights;
  auto add = [&](const std::vector<Word>& words) {
    for (const auto& w : words) {
      int& kept = weights[w.text];
      kept = std::max(kept, weight_of(w.kind));
    }
  };
  add(content_words(cut(d.headline), false, kMaxFieldBytes));
  add(content_words(cut(d.description), false, kMaxFieldBytes));
  add(content_words(d.body_html, true, kOpeningWords));
  Fingerprint fp;
  for (const auto& [text, weight] : weights) {
    std::uint64_t h = fnv1a(text);
    // The low bits say whether the feature is a fact (a name, a number).
    std::uint32_t tag = weight > 1 ? kFactTag : 0;
    for (int copy = 0; copy < weight; ++copy) {
      auto f = static_cast<std::uint32_t>(mix(h + static_cast<std::uint64_t>(copy)));
      fp.features.push_back((f & ~kFactTag) | tag);
    }
  }
  std::sort(fp.features.begin(), fp.features.end());
  fp.features.erase(std::unique(fp.features.begin(), fp.features.end()), fp.features.end());
  fp.keys = band_keys(fp.features);
  return fp;
}

Similarity similarity(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.empty() || b.empty()) return {};
  std::size_t common = 0, facts_common = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      if (a[i] & kFactTag) ++facts_common;
      ++common, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  auto facts = [](const std::vector<std::uint32_t>& v) {
    return static_cast<std::size_t>(
        std::count_if(v.begin(), v.end(), [](std::uint32_t f) { return (f & kFactTag) != 0; }));
  };
  double c = static_cast<double>(common);
  std::size_t facts_union = facts(a) + facts(b) - facts_common;
  return {c / static_cast<double>(a.size() + b.size() - common),
          c / static_cast<double>(std::min(a.size(), b.size())), common, facts_common,
          facts_union == 0 ? 0.0
                           : static_cast<double>(facts_common) / static_cast<double>(facts_union)};
}

bool same_event(const Fingerprint& a, const Fingerprint& b) {
  return event_score(a.features, b.features).has_value();
}

std::string features_text(const std::vector<std::uint32_t>& features) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(features.size() * 8);
  for (auto f : features) {
    for (int shift = 28; shift >= 0; shift -= 4) out += kHex[(f >> shift) & 0xF];
  }
  return out;
}

std::vector<std::uint32_t> features_from_text(std::string_view text) {
  std::vector<std::uint32_t> out;
  out.reserve(text.size() / 8);
  for (std::size_t i = 0; i + 8 <= text.size(); i += 8) {
    std::uint32_t f = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + i + 8, f, 16);
    if (ec != std::errc() || end != text.data() + i + 8) break;
    out.push_back(f);
  }
  return out;
}

Status cluster_published(store::ArticleTransaction& tx, std::int64_t id, Timestamp published_at,
                         const Dispatch& d) {
  Fingerprint fp = fingerprint(d);
  auto before = DEPECHE_TRY(tx.cluster_print(id));
  // A new version keeps the article's first publication.
  if (before) published_at = before->published_at;
  std::int64_t current = before ? before->cluster_id : 0;
  // A new version that still tells its previous one's story stays put.
  bool stays =
      current != 0 &&
      similarity(features_from_text(before->features), fp.features).jaccard >= kSameStoryScore;
  auto ids = DEPECHE_TRY(tx.cluster_candidates(fp.keys, published_at - kClusterWindow,
                                               published_at + kClusterWindow, id, kMaxRowsPerKey));
  if (ids.size() > static_cast<std::size_t>(kMaxCandidates)) ids.resize(kMaxCandidates);
  std::optional<Scored> best;
  std::vector<store::ClusterPrint> prints;
  if (!stays) prints = DEPECHE_TRY(tx.cluster_prints(ids));
  for (const auto& print : prints) {
    auto score = event_score(fp.features, features_from_text(print.features));
    if (!score) continue;
    std::int64_t cluster = print.cluster_id != 0 ? print.cluster_id : print.id;
    // Still like another member of its own cluster: it stays.
    if (cluster == current) {
      stays = true;
      break;
    }
    bool full = print.cluster_id != 0 && print.cluster_size >= store::kMaxClusterMembers;
    auto age = published_at - print.cluster_since;
    bool old = print.cluster_id != 0 && (age > kClusterWindow || -age > kClusterWindow);
    if (full || old) continue;
    // Ties go to the earlier candidate (ids are ranked, then by id).
    if (!best || *score > best->score) best = Scored{cluster, *score};
  }
  if (!stays) DEPECHE_TRY(tx.set_cluster(id, best ? best->cluster : 0));
  store::ClusterPrint print;
  print.id = id;
  print.published_at = published_at;
  print.keys = std::move(fp.keys);
  print.features = features_text(fp.features);
  return tx.put_cluster_print(print);
}

Status cluster_withdrawn(store::ArticleTransaction& tx, std::int64_t id) {
  DEPECHE_TRY(tx.set_cluster(id, 0));
  return tx.drop_cluster_print(id);
}

}  // namespace depeche::articles
