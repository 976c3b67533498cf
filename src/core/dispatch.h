#pragma once
// The one model every wire format is parsed into (ingest/) and every stored
// article is built from (store/). Plain data: no behaviour, no I/O.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace depeche {

// Times are UTC instants at second precision everywhere in the program;
// only render/ turns them into site-local wall time.
using Timestamp = std::chrono::sys_seconds;

// A person who worked on the dispatch, with the role the wire gave. Roles are
// normalised to a small vocabulary (see ContributorRole) so that pages can say
// "Reportage" or "version française" whatever the agency's scheme was.
enum class ContributorRole { reporter, writer, editor, translator, photographer, other };

struct Contributor {
  std::string name;
  ContributorRole role = ContributorRole::other;
  std::string role_label;  // the wire's own qcode or text, kept for editors
};

// A picture shown with the dispatch. href is either an absolute http(s) URL or
// a site path such as "/media/ab12cd.jpg" for a file stored under the data dir.
struct Picture {
  std::string href;
  std::string content_type;  // "image/jpeg"
  int width = 0;             // 0 when unknown
  int height = 0;
  std::string alt;      // short text alternative; never empty once stored
  std::string caption;  // the agency caption, shown under the picture
  std::string credit;   // "AFP / Jeanne Martin"
};

struct Subject {
  std::string code;  // "medtop:20000523"
  std::string name;  // in the dispatch language when the wire gave one
};

// The publication status the wire asked for.
enum class WireStatus { usable, withdrawn };

struct Dispatch {
  std::string guid;           // globally unique id from the agency
  std::uint64_t version = 1;  // compare only within one guid
  std::string provider;       // display name: "Reuters", "AFP"
  std::string creditline;     // the wire's credit line, when any
  std::string headline;
  std::string dateline;   // "25 février (Reuters) -", without the trailing body
  std::string body_html;  // sanitised by allow-list: safe to emit as is
  // Plain-text summary: the wire's summary, else the opening of the body as
  // text (at most ~600 characters, cut at a word boundary). Teasers come
  // from it, so pages never parse HTML.
  std::string description;
  // The description is the wire's own summary (G2 description, NITF
  // abstract, ninjs description, a feed summary beside a full body), not
  // the opening of the body: pages show it as a chapô.
  bool description_from_wire = false;
  std::string language;  // BCP 47 tag, "fr"
  Timestamp first_created{};
  Timestamp version_created{};
  std::optional<Timestamp> embargoed;
  WireStatus status = WireStatus::usable;
  // The agency flagged this version as a correction of an earlier one
  // (G2 sig:correction / edStat:C, a "CORRECTED-" headline): pages show a
  // "Rectificatif" note.
  bool correction = false;
  std::vector<Contributor> contributors;
  std::vector<Picture> pictures;
  std::vector<Subject> subjects;
  std::string source_format;  // "newsml-g2"
};

const char* to_string(ContributorRole role);
std::optional<ContributorRole> contributor_role_from_string(std::string_view s);

}  // namespace depeche
