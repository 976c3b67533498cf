#include "app/generate_words.h"

#include <array>

namespace depeche::app::words {
namespace {

using sv = std::string_view;

// Word lists read better packed than one word per line.
// clang-format off

// Politique (France).
constexpr std::array<sv, 10> kPolActors = {
    "Le gouvernement", "L’Assemblée nationale", "Le Sénat", "La Première ministre",
    "Le président de la République", "L’opposition", "Les députés", "Le Conseil constitutionnel",
    "La majorité", "Le ministre de l’Intérieur"};
constexpr std::array<sv, 10> kPolActions = {"annonce", "présente", "adopte", "rejette", "défend",
                                            "repousse", "examine", "précise", "confirme",
                                            "amende"};
constexpr std::array<sv, 10> kPolObjects = {
    "une réforme des retraites", "le projet de loi de finances", "un texte sur l’immigration",
    "la révision constitutionnelle", "une motion de censure", "le budget de la Sécurité sociale",
    "un plan pour les collectivités", "la réforme du scrutin", "un remaniement",
    "la loi sur la fin de vie"};
constexpr std::array<sv, 16> kPolWords = {
    "scrutin",   "hémicycle", "amendement", "majorité",  "coalition", "électeurs",
    "sondage",   "réforme",   "parlement",  "ministre",  "vote",      "circonscription",
    "suffrage",  "cabinet",   "préfecture", "législatives"};

// Société, justice (France).
constexpr std::array<sv, 8> kSocActors = {
    "La cour d’appel", "Le parquet", "Les syndicats d’enseignants", "La préfecture",
    "Les associations de locataires", "Le tribunal administratif", "La mairie",
    "Les cheminots"};
constexpr std::array<sv, 8> kSocActions = {"ordonne", "ouvre", "dénonce", "réclame", "suspend",
                                           "obtient", "conteste", "prolonge"};
constexpr std::array<sv, 8> kSocObjects = {
    "une enquête sur l’incendie", "la fermeture d’un collège", "la grève des transports",
    "la hausse des loyers", "un procès pour fraude", "l’expulsion d’un squat",
    "la réouverture de la gare", "le plan grand froid"};
constexpr std::array<sv, 14> kSocWords = {
    "grève",     "manifestation", "tribunal", "enquête",  "logement", "école",    "gendarmerie",
    "procureur", "audience",      "quartier", "habitants", "sécurité", "transports", "verdict"};

// Monde.
constexpr std::array<sv, 9> kIntActors = {
    "L’Union européenne", "L’ONU", "Washington", "Pékin", "Moscou", "Kiev", "Berlin",
    "Le G7", "L’Otan"};
constexpr std::array<sv, 8> kIntActions = {"appelle à", "négocie", "condamne", "soutient",
                                           "prépare", "signe", "suspend", "relance"};
constexpr std::array<sv, 9> kIntObjects = {
    "un cessez-le-feu", "de nouvelles sanctions", "un accord commercial",
    "l’aide humanitaire", "des pourparlers de paix", "un sommet extraordinaire",
    "un traité sur le climat", "l’envoi d’observateurs", "un plan de reconstruction"};
constexpr std::array<sv, 15> kIntWords = {
    "diplomatie", "frontière", "ambassadeur", "réfugiés", "sanctions", "conflit",
    "négociations", "sommet", "alliance", "offensive", "trêve", "chancellerie",
    "délégation", "Conseil de sécurité", "émissaire"};

// Économie.
constexpr std::array<sv, 8> kEcoActors = {
    "L’Insee", "La Banque de France", "Bercy", "La BCE", "Le FMI", "Les agriculteurs",
    "Le patronat", "Les économistes"};
constexpr std::array<sv, 8> kEcoActions = {"révise", "prévoit", "relève", "abaisse", "alerte sur",
                                           "publie", "anticipe", "mesure"};
constexpr std::array<sv, 8> kEcoObjects = {
    "la croissance du trimestre", "l’inflation", "le chômage", "le déficit public",
    "les prix de l’énergie", "le pouvoir d’achat", "la dette", "les exportations"};
constexpr std::array<sv, 15> kEcoWords = {
    "croissance", "inflation", "chômage", "emploi", "consommation", "investissement", "dette",
    "taux", "récession", "salaires", "ménages", "production", "commerce", "énergie", "budget"};

// Entreprises.
constexpr std::array<sv, 8> kEntActors = {
    "Le constructeur automobile", "Le groupe de luxe", "L’avionneur", "Le géant de la distribution",
    "La jeune pousse", "Le chimiste", "L’opérateur télécoms", "Le fabricant de trains"};
constexpr std::array<sv, 8> kEntActions = {"rachète", "ferme", "annonce", "dévoile", "cède",
                                           "supprime", "ouvre", "investit dans"};
constexpr std::array<sv, 8> kEntObjects = {
    "une usine", "mille emplois", "son concurrent", "un plan social", "une gigafactory",
    "ses résultats annuels", "une filiale", "un centre de recherche"};
constexpr std::array<sv, 14> kEntWords = {
    "chiffre d’affaires", "bénéfice", "actionnaires", "usine", "salariés", "fusion",
    "acquisition", "dirigeant", "industrie", "carnet de commandes", "filiale", "fournisseurs",
    "marge", "restructuration"};

// Marchés.
constexpr std::array<sv, 7> kMktActors = {"Le CAC 40", "Wall Street", "L’euro", "Le pétrole",
                                          "L’or", "Les taux obligataires", "Les Bourses européennes"};
constexpr std::array<sv, 7> kMktActions = {"recule", "progresse", "termine", "ouvre",
                                           "rebondit", "chute", "se stabilise"};
constexpr std::array<sv, 7> kMktObjects = {
    "en hausse", "en baisse", "à un plus haut historique", "après la Fed",
    "sur fond de tensions", "avant les résultats", "dans un marché calme"};
constexpr std::array<sv, 13> kMktWords = {
    "Bourse", "indice", "séance", "investisseurs", "obligations", "devises", "baril",
    "volatilité", "dividende", "cotation", "valeurs", "points", "courtiers"};

// Sport.
constexpr std::array<sv, 9> kSptActors = {
    "Le XV de France", "Les Bleus", "Le PSG", "L’OM", "La skieuse française",
    "Le champion du monde", "L’équipe de France de handball", "Le cycliste breton",
    "La joueuse de tennis"};
constexpr std::array<sv, 8> kSptActions = {"remporte", "perd", "domine", "arrache", "décroche",
                                           "manque", "prépare", "retrouve"};
constexpr std::array<sv, 8> kSptObjects = {
    "la finale", "le match d’ouverture", "la Coupe du monde", "le titre",
    "une médaille d’or", "l’étape de montagne", "le Tournoi des six nations",
    "sa place en demi-finale"};
constexpr std::array<sv, 15> kSptWords = {
    "match", "entraîneur", "sélection", "championnat", "victoire", "défaite", "stade",
    "supporters", "but", "essai", "classement", "saison", "peloton", "tournoi", "football"};

// Culture.
constexpr std::array<sv, 8> kCulActors = {
    "Le festival de Cannes", "Le musée du Louvre", "La chanteuse", "Le romancier",
    "L’Opéra de Paris", "Le réalisateur", "La Comédie-Française", "Le prix Goncourt"};
constexpr std::array<sv, 7> kCulActions = {"dévoile", "présente", "récompense", "accueille",
                                           "célèbre", "programme", "restaure"};
constexpr std::array<sv, 8> kCulObjects = {
    "une exposition inédite", "son nouveau film", "un album posthume", "une pièce oubliée",
    "la saison prochaine", "un premier roman", "une collection de peintures",
    "une tournée d’adieux"};
constexpr std::array<sv, 15> kCulWords = {
    "cinéma", "musique", "théâtre", "exposition", "spectateurs", "artiste", "œuvre",
    "roman", "scène", "patrimoine", "concert", "tableau", "éditeur", "billetterie", "festival"};

// Sciences, environnement.
constexpr std::array<sv, 8> kSciActors = {
    "Le CNRS", "L’Agence spatiale européenne", "Des chercheurs grenoblois", "Météo-France",
    "Le Giec", "Des astronomes", "L’Ifremer", "Des géologues"};
constexpr std::array<sv, 8> kSciActions = {"découvre", "observe", "publie", "lance",
                                           "mesure", "confirme", "alerte sur", "cartographie"};
constexpr std::array<sv, 8> kSciObjects = {
    "une nouvelle exoplanète", "le recul des glaciers", "un satellite climatique",
    "la montée des océans", "un fossile de dinosaure", "la sécheresse des sols",
    "une comète", "la biodiversité marine"};
constexpr std::array<sv, 15> kSciWords = {
    "climat", "chercheurs", "laboratoire", "étude", "température", "espèces", "satellite",
    "océan", "carbone", "glacier", "télescope", "données", "réchauffement", "forêt",
    "biodiversité"};

// Santé.
constexpr std::array<sv, 8> kSanActors = {
    "L’Agence régionale de santé", "Santé publique France", "L’Inserm", "Les urgentistes",
    "L’OMS", "Le ministère de la Santé", "Les médecins généralistes", "L’hôpital"};
constexpr std::array<sv, 7> kSanActions = {"recommande", "signale", "lance", "étend", "alerte sur",
                                           "autorise", "évalue"};
constexpr std::array<sv, 8> kSanObjects = {
    "une campagne de vaccination", "une épidémie de grippe", "un nouveau traitement",
    "la pénurie de médicaments", "la fermeture de lits", "un essai clinique",
    "le dépistage précoce", "la santé mentale des jeunes"};
constexpr std::array<sv, 14> kSanWords = {
    "patients", "vaccin", "hôpital", "médecins", "épidémie", "soins", "urgences", "virus",
    "traitement", "infirmiers", "dépistage", "malades", "médicament", "santé"};

// clang-format on

template <std::size_t A, std::size_t B, std::size_t C, std::size_t D>
constexpr Topic topic(sv code, sv name, const std::array<sv, A>& actors,
                      const std::array<sv, B>& actions, const std::array<sv, C>& objects,
                      const std::array<sv, D>& keywords) {
  return {code, name, actors, actions, objects, keywords};
}

const std::array<Topic, 11> kTopics = {
    topic("medtop:11000000", "politique", kPolActors, kPolActions, kPolObjects, kPolWords),
    topic("medtop:14000000", "société", kSocActors, kSocActions, kSocObjects, kSocWords),
    topic("medtop:02000000", "justice", kSocActors, kSocActions, kSocObjects, kSocWords),
    topic("medtop:16000000", "relations internationales", kIntActors, kIntActions, kIntObjects,
          kIntWords),
    topic("medtop:04000000", "économie", kEcoActors, kEcoActions, kEcoObjects, kEcoWords),
    topic("subj:04016000", "entreprises", kEntActors, kEntActions, kEntObjects, kEntWords),
    topic("subj:04009000", "marchés financiers", kMktActors, kMktActions, kMktObjects, kMktWords),
    topic("medtop:15000000", "sport", kSptActors, kSptActions, kSptObjects, kSptWords),
    topic("medtop:01000000", "culture", kCulActors, kCulActions, kCulObjects, kCulWords),
    topic("medtop:13000000", "sciences", kSciActors, kSciActions, kSciObjects, kSciWords),
    topic("medtop:07000000", "santé", kSanActors, kSanActions, kSanObjects, kSanWords),
};

constexpr std::array<sv, 30> kPlaces = {
    "Paris",    "Lyon",       "Marseille", "Toulouse",    "Bordeaux", "Lille",
    "Nantes",   "Strasbourg", "Rennes",    "Montpellier", "Grenoble", "Dijon",
    "Brest",    "Rouen",      "Nice",      "Bruxelles",   "Genève",   "Berlin",
    "Madrid",   "Rome",       "Londres",   "Varsovie",    "Dakar",    "Abidjan",
    "Montréal", "Tunis",      "Alger",     "Rabat",       "Beyrouth", "Tokyo"};
constexpr std::array<sv, 30> kFamily = {
    "Martin",   "Bernard", "Dubois",  "Thomas",   "Robert",   "Richard", "Petit",  "Durand",
    "Leroy",    "Moreau",  "Simon",   "Laurent",  "Lefebvre", "Michel",  "Garcia", "David",
    "Bertrand", "Roux",    "Vincent", "Fournier", "Morel",    "Girard",  "André",  "Mercier",
    "Dupont",   "Lambert", "Bonnet",  "François", "Martinez", "Legrand"};
constexpr std::array<sv, 30> kGiven = {
    "Camille", "Léa",  "Hugo",   "Chloé", "Louis", "Manon", "Jules", "Inès",  "Gabriel", "Sarah",
    "Arthur",  "Jade", "Nathan", "Zoé",   "Paul",  "Alice", "Lucas", "Emma",  "Yanis",   "Louise",
    "Adam",    "Lina", "Théo",   "Anaïs", "Karim", "Fatou", "Mehdi", "Nadia", "Yves",    "Odile"};
constexpr std::array<sv, 5> kProviders = {"AFP", "Reuters", "AP", "dpa", "ANSA"};

constexpr std::array<sv, 12> kOpenings = {"Selon les premiers éléments,",
                                          "D’après une source proche du dossier,",
                                          "Dans un communiqué publié dans la matinée,",
                                          "Interrogé par la presse,",
                                          "Comme l’an dernier,",
                                          "À la surprise générale,",
                                          "Après plusieurs semaines de discussions,",
                                          "De son côté,",
                                          "Pour la première fois depuis dix ans,",
                                          "Sans attendre,",
                                          "Dans la soirée,",
                                          "Selon les chiffres publiés mardi,"};
constexpr std::array<sv, 10> kLinks = {"alors que",    "tandis que", "même si", "parce que",
                                       "au moment où", "bien que",   "puisque", "avant que",
                                       "depuis que",   "pendant que"};
constexpr std::array<sv, 10> kClosings = {"La décision est attendue dans les prochains jours.",
                                          "Aucun commentaire n’a été fait à ce stade.",
                                          "Une nouvelle réunion est prévue la semaine prochaine.",
                                          "Les détails doivent être précisés d’ici la fin du mois.",
                                          "Le dossier reste suivi de près par les observateurs.",
                                          "Plusieurs recours ont déjà été annoncés.",
                                          "La situation pourrait évoluer rapidement.",
                                          "Les résultats définitifs seront connus jeudi.",
                                          "Cette annonce intervient dans un contexte tendu.",
                                          "Un premier bilan sera dressé en fin d’année."};
constexpr std::array<sv, 20> kComments = {"Enfin une bonne nouvelle",
                                          "Je ne suis pas du tout d’accord avec cette analyse",
                                          "Il était temps",
                                          "Qui va payer tout cela",
                                          "Article très clair, merci",
                                          "On nous avait déjà promis la même chose il y a cinq ans",
                                          "Je reste sceptique",
                                          "C’est une honte",
                                          "Bravo à eux",
                                          "Quelqu’un a-t-il la source de ces chiffres",
                                          "Le titre est trompeur",
                                          "Tout cela était prévisible",
                                          "Les premiers concernés ne sont jamais consultés",
                                          "Attendons de voir la suite",
                                          "Excellente nouvelle pour la région",
                                          "Ce n’est que le début",
                                          "Je l’ai vécu de près, c’est exactement ça",
                                          "Encore une promesse",
                                          "Merci pour ce suivi",
                                          "Il faudrait en parler davantage"};

}  // namespace

std::span<const Topic> topics() {
  return kTopics;
}
std::span<const std::string_view> places() {
  return kPlaces;
}
std::span<const std::string_view> family_names() {
  return kFamily;
}
std::span<const std::string_view> given_names() {
  return kGiven;
}
std::span<const std::string_view> providers() {
  return kProviders;
}
std::span<const std::string_view> openings() {
  return kOpenings;
}
std::span<const std::string_view> links() {
  return kLinks;
}
std::span<const std::string_view> closings() {
  return kClosings;
}
std::span<const std::string_view> comment_phrases() {
  return kComments;
}

}  // namespace depeche::app::words
