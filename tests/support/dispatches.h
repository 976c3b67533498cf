#pragma once
// Small dispatches built in code for store and rule tests.

#include <string>

#include "core/dispatch.h"
#include "core/time.h"

namespace depeche::testing {

inline Dispatch sample_dispatch(std::string guid, std::uint64_t version,
                                std::string headline = "Un titre de dépêche",
                                std::string first_created = "2026-11-20T08:00:00Z") {
  Dispatch d;
  d.guid = std::move(guid);
  d.version = version;
  d.provider = "Agence Alpha";
  d.headline = std::move(headline);
  d.dateline = "Lyon, 20 novembre (Agence Alpha) -";
  d.body_html = "<p>Premier paragraphe.</p>";
  d.description = "Premier paragraphe.";
  d.language = "fr";
  d.first_created = *parse_iso8601(first_created);
  d.version_created = d.first_created + std::chrono::minutes(version);
  d.contributors = {{"Jeanne Martin", ContributorRole::reporter, "crol:reporter"},
                    {"Paul Durand", ContributorRole::translator, "ctrol:translator"}};
  d.pictures = {{"/media/abc.jpg", "image/jpeg", 960, 540, "Le port", "Le port au matin",
                 "Agence Alpha / Lise Caron"}};
  d.subjects = {{"medtop:04000000", "économie"}};
  d.source_format = "newsml-g2";
  return d;
}

}  // namespace depeche::testing
