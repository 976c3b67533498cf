#include "core/dispatch.h"

namespace depeche {

const char* to_string(ContributorRole role) {
  switch (role) {
    case ContributorRole::reporter:
      return "reporter";
    case ContributorRole::writer:
      return "writer";
    case ContributorRole::editor:
      return "editor";
    case ContributorRole::translator:
      return "translator";
    case ContributorRole::photographer:
      return "photographer";
    case ContributorRole::other:
      return "other";
  }
  return "other";
}

std::optional<ContributorRole> contributor_role_from_string(std::string_view s) {
  for (auto r :
       {ContributorRole::reporter, ContributorRole::writer, ContributorRole::editor,
        ContributorRole::translator, ContributorRole::photographer, ContributorRole::other}) {
    if (s == to_string(r)) return r;
  }
  return std::nullopt;
}

}  // namespace depeche
