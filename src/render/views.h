#pragma once
// View models: store data turned into the Mustache data the templates read.
// Internal to render/; pages.cc is the only user.

#include <kainjow/mustache.hpp>
#include <string>

#include "render/catalogue.h"
#include "render/format.h"
#include "render/pages.h"
#include "render/typography.h"
#include "store/store.h"

namespace depeche::render {

namespace mustache = kainjow::mustache;

struct Views {
  Views(const Catalogue& m, const DateFormatter& d, SpacedTexts& t,
        const std::vector<SectionLink>* s = nullptr)
      : messages(m), dates(d), spaced(t), sections(s) {}

  const Catalogue& messages;
  const DateFormatter& dates;
  SpacedTexts& spaced;
  // The site's rubriques, to name an article's; null: cards show none.
  const std::vector<SectionLink>* sections;

  // Wire text as readers see it: with French spacing (render/typography.h)
  // when the dispatch is in French, as given otherwise.
  std::string text(const Dispatch& d, std::string_view s) const;
  std::string html(const Dispatch& d, std::string_view s) const;

  // The rubrique article `a` is filed under; nullptr when none is known.
  const SectionLink* section_of(const store::Article& a) const;

  // A picture with alt text, caption and credit line.
  mustache::data figure(const Picture& p) const;
  // The same, its texts spaced as French when `french`.
  mustache::data figure(const Picture& p, bool french) const;
  // An article card: picture, provenance, teaser, "Lire la suite".
  mustache::data card(const store::Article& a, int heading_level) const;
  // "Également couvert par A et B": the other agencies that told a card's
  // event (a cluster's members); empty for none.
  std::string also_by(const std::vector<std::string>& agencies) const;
  // "information fournie par {provider} <time>…</time>" for a given pattern key.
  std::string provenance(const store::Article& a, std::string_view pattern_key) const;
  // "(Reportage A ; version française B)", empty when the wire named no one.
  mustache::data contributors(const Dispatch& d) const;
  // The body with the dateline set at the start of its first paragraph.
  std::string body_with_dateline(const Dispatch& d) const;
};

}  // namespace depeche::render
