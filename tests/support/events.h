#pragma once
// Dispatches written for the clustering tests: one earthquake told by three
// agencies, one central-bank decision told by two, and stories of the same
// topics that are other events (two rugby matches of one day, two forest
// fires, the earthquake's town five days later). The texts are the
// project's own.

#include <string>

#include "core/dispatch.h"
#include "core/time.h"

namespace depeche::testing {

inline Dispatch event_dispatch(std::string guid, std::string provider, std::string when,
                               std::string headline, std::string description,
                               std::string body_html) {
  Dispatch d;
  d.guid = std::move(guid);
  d.version = 1;
  d.provider = std::move(provider);
  d.headline = std::move(headline);
  d.description = std::move(description);
  d.description_from_wire = true;
  d.body_html = std::move(body_html);
  d.language = "fr";
  d.first_created = *parse_iso8601(when);
  d.version_created = d.first_created;
  d.subjects = {{"medtop:03000000", "catastrophe"}};
  d.source_format = "ninjs";
  return d;
}

inline Dispatch quake_afp() {
  return event_dispatch(
      "urn:test:quake:afp", "AFP", "2026-11-17T03:05:00Z",
      "Turquie : un séisme de magnitude 6,4 fait au moins 37 morts dans la province de Malatya",
      "Un tremblement de terre de magnitude 6,4 a frappé mardi la province de Malatya, dans "
      "l’est de la Turquie, faisant au moins 37 morts et plus de 400 blessés, selon l’agence "
      "turque de gestion des catastrophes (AFAD).",
      "<p>La secousse s’est produite à 4h17 heure locale à une profondeur de 10 kilomètres, "
      "près de la ville de Battalgazi, a précisé l’AFAD. Des immeubles se sont effondrés à "
      "Malatya et à Yesilyurt, où les secouristes fouillent les décombres.</p><p>Le président "
      "Recep Tayyip Erdogan a annoncé l’envoi de 2.500 secouristes et promis que l’Etat "
      "reconstruirait les logements détruits.</p>");
}

inline Dispatch quake_reuters() {
  return event_dispatch(
      "urn:test:quake:reuters", "Reuters", "2026-11-17T03:40:00Z",
      "Séisme meurtrier dans l’est de la Turquie, au moins 37 morts à Malatya",
      "Au moins 37 personnes ont été tuées et 412 blessées mardi par un séisme de magnitude "
      "6,4 dans la province de Malatya, ont annoncé les autorités turques.",
      "<p>L’épicentre du tremblement de terre se situait près de Battalgazi, à 10 km de "
      "profondeur, selon l’AFAD, l’agence de gestion des catastrophes. Plusieurs bâtiments se "
      "sont écroulés à Malatya et Yesilyurt.</p><p>Recep Tayyip Erdogan a déclaré que 2 500 "
      "sauveteurs avaient été déployés dans la région.</p>");
}

inline Dispatch quake_ap() {
  return event_dispatch(
      "urn:test:quake:ap", "AP", "2026-11-17T04:10:00Z",
      "Turquie : 37 morts dans un tremblement de terre à Malatya",
      "Un séisme de magnitude 6,4 a secoué mardi à l’aube la province turque de Malatya, tuant "
      "au moins 37 personnes, selon l’AFAD.",
      "<p>Les équipes de secours cherchent des survivants sous les décombres d’immeubles "
      "effondrés à Malatya et dans le district de Yesilyurt. La secousse, survenue à 4h17, a été "
      "ressentie jusqu’à Diyarbakir.</p><p>Le chef de l’Etat Recep Tayyip Erdogan a promis une "
      "aide rapide aux sinistrés.</p>");
}

// The same town five days later: another event, outside the window.
inline Dispatch quake_rebuilding() {
  return event_dispatch(
      "urn:test:quake:later", "AFP", "2026-11-22T09:00:00Z",
      "Malatya : la reconstruction commence cinq jours après le séisme",
      "Cinq jours après le séisme de magnitude 6,4 qui a fait 41 morts dans la province de "
      "Malatya, dans l’est de la Turquie, les premiers chantiers de reconstruction ont débuté, a "
      "annoncé Recep Tayyip Erdogan.",
      "<p>Des grues déblayaient les décombres des immeubles effondrés à Malatya et Yesilyurt, "
      "où l’AFAD a installé 3.000 tentes. Recep Tayyip Erdogan a promis que l’Etat "
      "reconstruirait les logements détruits près de Battalgazi d’ici un an.</p>");
}

inline Dispatch rugby_toulouse() {
  return event_dispatch(
      "urn:test:rugby:toulouse", "AFP", "2026-11-14T18:00:00Z",
      "Top 14 : Toulouse domine La Rochelle 27-20 au Stadium",
      "Le Stade toulousain a battu le Stade rochelais 27 à 20 samedi au Stadium, lors de la 9e "
      "journée du Top 14, grâce à un doublé d’Antoine Dupont.",
      "<p>Les Toulousains ont inscrit trois essais contre deux à des Rochelais réduits à "
      "quatorze en seconde période après le carton jaune de Grégory Alldritt. Thomas Ramos a "
      "réussi six tirs au but.</p><p>Avec cette victoire, Toulouse reprend la tête du "
      "classement du championnat.</p>");
}

inline Dispatch rugby_clermont() {
  return event_dispatch(
      "urn:test:rugby:clermont", "Reuters", "2026-11-14T18:20:00Z",
      "Top 14 : Clermont s’impose face à Bordeaux-Bègles 31-17",
      "L’ASM Clermont Auvergne a battu l’Union Bordeaux-Bègles 31 à 17 samedi au stade "
      "Marcel-Michelin, lors de la 9e journée du Top 14.",
      "<p>Les Clermontois ont inscrit quatre essais, dont un doublé de l’ailier Alivereti Raka, "
      "contre deux aux Girondins. Matthieu Jalibert a manqué deux pénalités en seconde "
      "période.</p><p>Avec cette victoire, Clermont remonte à la cinquième place du classement "
      "du championnat.</p>");
}

inline Dispatch fire_landes() {
  return event_dispatch(
      "urn:test:fire:landes", "AFP", "2026-08-12T16:00:00Z",
      "Landes : un incendie a parcouru 800 hectares de forêt près de Mimizan",
      "Un incendie de forêt a détruit 800 hectares de pins près de Mimizan, dans les Landes, et "
      "300 habitants ont été évacués, a indiqué la préfecture.",
      "<p>Plus de 250 pompiers et deux Canadair étaient mobilisés mercredi soir contre le feu, "
      "parti d’une aire de pique-nique au bord du lac d’Aureilhan. La route départementale 626 a "
      "été fermée à la circulation.</p>");
}

inline Dispatch fire_var() {
  return event_dispatch(
      "urn:test:fire:var", "Reuters", "2026-08-12T17:30:00Z",
      "Var : 1 200 hectares brûlés dans un incendie près de Gonfaron",
      "Un feu de forêt a parcouru 1 200 hectares dans le massif des Maures près de Gonfaron, "
      "dans le Var, obligeant à évacuer un camping, selon les pompiers.",
      "<p>Quelque 400 pompiers, appuyés par six Canadair, luttaient mercredi contre les flammes "
      "attisées par le mistral. L’autoroute A8 a été coupée à la circulation entre Le Luc et "
      "Brignoles.</p>");
}

inline Dispatch ecb_afp() {
  return event_dispatch(
      "urn:test:ecb:afp", "AFP", "2026-09-14T12:15:00Z",
      "La BCE relève ses taux directeurs d’un quart de point, le taux de dépôt à 4,25 %",
      "La Banque centrale européenne a relevé jeudi ses taux directeurs de 0,25 point, portant "
      "son taux de dépôt à 4,25 %, pour lutter contre une inflation de 5,3 % en zone euro.",
      "<p>Christine Lagarde a indiqué à Francfort que le Conseil des gouverneurs restait "
      "déterminé à ramener l’inflation à 2 % à moyen terme. La BCE a relevé ses taux pour la "
      "dixième fois d’affilée depuis juillet 2022.</p>");
}

inline Dispatch ecb_dpa() {
  return event_dispatch(
      "urn:test:ecb:dpa", "dpa", "2026-09-14T12:40:00Z",
      "BCE : nouvelle hausse des taux, le taux de dépôt porté à 4,25 %",
      "La Banque centrale européenne (BCE) a annoncé jeudi à Francfort une hausse de 0,25 point "
      "de ses taux directeurs, la dixième d’affilée, face à une inflation de 5,3 %.",
      "<p>La présidente de la BCE, Christine Lagarde, a répété que le Conseil des gouverneurs "
      "visait une inflation de 2 % à moyen terme en zone euro.</p>");
}

}  // namespace depeche::testing
