"""The codebook's words for the goal tables of an export (:mod:`egonet.exports.goals`): each
variable's type and description, and the labels of the values Egonet itself defines, in
English, French and Dutch (the codebook's other languages fall back to English)."""

from __future__ import annotations

__all__ = ["GOAL_VARIABLES", "VALUE_LABELS"]

Texts = dict[str, str]
GOAL_VARIABLES: dict[str, list[tuple[str, str, Texts]]] = {
    "goals": [
        (
            "egoID",
            "string",
            {
                "en": "the interview whose plan sets the goal (egos.egoID)",
                "fr": "l'entretien dont le plan fixe l'objectif (egos.egoID)",
                "nl": "het interview waarvan het plan het doel stelt (egos.egoID)",
            },
        ),
        (
            "goalID",
            "string",
            {
                "en": "the goal's pseudonym (HMAC of its id under the project secret)",
                "fr": "le pseudonyme de l'objectif (HMAC de son identifiant sous le secret du projet)",
                "nl": "het pseudoniem van het doel (HMAC van zijn id onder het projectgeheim)",
            },
        ),
        (
            "wave",
            "integer",
            {
                "en": "the wave of the plan: 0 the baseline, 1 the first follow-up, ...",
                "fr": "la vague du plan : 0 le départ, 1 le premier suivi, ...",
                "nl": "de golf van het plan: 0 de start, 1 de eerste opvolging, ...",
            },
        ),
        (
            "kind",
            "categorical",
            {
                "en": "the kind of goal (the protocol's goal kinds)",
                "fr": "le type d'objectif (les types d'objectif du protocole)",
                "nl": "de soort doel (de soorten doelen van het protocol)",
            },
        ),
        (
            "n_people",
            "integer",
            {
                "en": "people of the network the goal names (their rows: goal_people)",
                "fr": "personnes du réseau que l'objectif nomme (leurs lignes : goal_people)",
                "nl": "personen uit het netwerk die het doel noemt (hun rijen: goal_people)",
            },
        ),
        (
            "n_others",
            "integer",
            {
                "en": "people outside the network the goal names (a count: their names are not exported)",
                "fr": "personnes hors du réseau que l'objectif nomme (un nombre : leurs noms ne sont pas exportés)",
                "nl": "personen buiten het netwerk die het doel noemt (een aantal: hun namen worden niet geëxporteerd)",
            },
        ),
        (
            "support",
            "categorical",
            {
                "en": "the kind of support the goal is about (a name generator)",
                "fr": "le type de soutien visé par l'objectif (un générateur de noms)",
                "nl": "de soort steun waarover het doel gaat (een namengenerator)",
            },
        ),
        (
            "service",
            "categorical",
            {
                "en": "the kind of service to link with (an option of the setting question)",
                "fr": "le type de service à contacter (une option de la question sur le cadre)",
                "nl": "de soort dienst om contact mee te leggen (een optie van de vraag naar de setting)",
            },
        ),
        (
            "resource_kind",
            "categorical",
            {
                "en": "the kind of local resource named (empty: none, or the directory is not known)",
                "fr": "le type de ressource locale nommée (vide : aucune, ou répertoire inconnu)",
                "nl": "de soort lokale voorziening die het doel noemt (leeg: geen, of lijst niet bekend)",
            },
        ),
        (
            "actor",
            "categorical",
            {"en": "who will act on the goal", "fr": "qui agira pour l'objectif", "nl": "wie aan het doel zal werken"},
        ),
        (
            "review_on",
            "string",
            {
                "en": "when to look at the goal again, coarsened, generalised and suppressed as egos.date",
                "fr": "quand revoir l'objectif, arrondi, généralisé et supprimé comme egos.date",
                "nl": "wanneer het doel opnieuw te bekijken, afgerond, veralgemeend en weggelaten zoals egos.date",
            },
        ),
        (
            "suggestion",
            "string",
            {
                "en": "the prompt computed from the network the goal was taken from, if any",
                "fr": "la suggestion calculée à partir du réseau dont l'objectif est issu, le cas échéant",
                "nl": "de suggestie berekend uit het netwerk waaruit het doel kwam, indien van toepassing",
            },
        ),
        (
            "carried_from",
            "string",
            {
                "en": "the previous wave's goal this one continues (goals.goalID)",
                "fr": "l'objectif de la vague précédente que celui-ci poursuit (goals.goalID)",
                "nl": "het doel van de vorige golf dat dit doel voortzet (goals.goalID)",
            },
        ),
        (
            "outcome",
            "categorical",
            {
                "en": "how the goal went, as reviewed at the next wave (empty: not reviewed)",
                "fr": "le résultat de l'objectif, revu à la vague suivante (vide : pas revu)",
                "nl": "hoe het doel verliep, besproken bij de volgende golf (leeg: niet besproken)",
            },
        ),
        (
            "outcome_wave",
            "integer",
            {
                "en": "the wave whose plan reviewed the goal",
                "fr": "la vague dont le plan a revu l'objectif",
                "nl": "de golf waarvan het plan het doel besprak",
            },
        ),
    ],
    "goal_people": [
        (
            "egoID",
            "string",
            {"en": "the interview (egos.egoID)", "fr": "l'entretien (egos.egoID)", "nl": "het interview (egos.egoID)"},
        ),
        (
            "goalID",
            "string",
            {"en": "the goal (goals.goalID)", "fr": "l'objectif (goals.goalID)", "nl": "het doel (goals.goalID)"},
        ),
        (
            "alterID",
            "string",
            {
                "en": "a person the goal names (alters.alterID: the same in every wave of the patient)",
                "fr": "une personne que l'objectif nomme (alters.alterID : le même à chaque vague du patient)",
                "nl": "een persoon die het doel noemt (alters.alterID: dezelfde in elke golf van de patiënt)",
            },
        ),
        (
            "in_wave",
            "boolean",
            {
                "en": "the person is in this wave's network (a row of alters with this egoID)",
                "fr": "la personne est dans le réseau de cette vague (une ligne d'alters avec cet egoID)",
                "nl": "de persoon zit in het netwerk van deze golf (een rij van alters met dit egoID)",
            },
        ),
    ],
}
"""Each goal table's variables: name, codebook type, description in English, French and Dutch."""

VALUE_LABELS: dict[str, dict[str, Texts]] = {
    "actor": {
        "patient": {"en": "the patient", "fr": "le patient", "nl": "de patiënt"},
        "clinician": {"en": "the clinician", "fr": "le clinicien", "nl": "de hulpverlener"},
        "someone_else": {"en": "someone else", "fr": "quelqu'un d'autre", "nl": "iemand anders"},
    },
    "outcome": {
        "done": {"en": "done", "fr": "fait", "nl": "gedaan"},
        "partly": {"en": "partly", "fr": "en partie", "nl": "deels"},
        "not_done": {"en": "not done", "fr": "pas fait", "nl": "niet gedaan"},
        "not_relevant": {"en": "no longer relevant", "fr": "sans objet", "nl": "niet meer nodig"},
    },
    "resource_kind": {
        "generic_social": {
            "en": "generic social service",
            "fr": "service social généraliste",
            "nl": "algemene sociale dienst",
        },
        "peer_support": {"en": "peer-support group", "fr": "groupe d'entraide", "nl": "lotgenotengroep"},
        "activity": {"en": "activity", "fr": "activité", "nl": "activiteit"},
        "association": {"en": "association", "fr": "association", "nl": "vereniging"},
        "mental_health": {
            "en": "mental-health service",
            "fr": "service de santé mentale",
            "nl": "dienst geestelijke gezondheidszorg",
        },
    },
}
"""Labels of the goal columns whose values Egonet itself defines (the others' come from the protocol)."""
