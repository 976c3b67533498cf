#pragma once
// Who publishes the site and how to reach them, as the information pages
// show it (render/info_pages.h). Filled from [site] in the configuration.

#include <string>

namespace depeche::render {

// An empty field shows as a placeholder that names the key to set, never
// as a blank.
struct LegalNotice {
  std::string publisher;         // company or person, with legal form and registration
  std::string director;          // the directeur de la publication
  std::string hosting_provider;  // the host's name, address and telephone
  std::string contact_email;
  std::string postal_address;
};

}  // namespace depeche::render
