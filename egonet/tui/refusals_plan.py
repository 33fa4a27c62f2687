"""The support plan's refusals in French and Dutch (the model's goals, the session's plan
use-cases, the plan's conformance and a protocol's goal kinds): part of
:data:`egonet.tui.refusals.REFUSALS`, kept apart so that each module stays short."""

from __future__ import annotations

__all__ = ["PLAN_REFUSALS"]

PLAN_REFUSALS: dict[str, dict[str, str]] = {
    # egonet/model/plan.py
    "a goal's note has at most {n} characters": {
        "fr": "la note d'un objectif compte au plus {n} caractères",
        "nl": "de notitie bij een doel telt hoogstens {n} tekens",
    },
    "a goal names each person once": {
        "fr": "un objectif nomme chaque personne une seule fois",
        "nl": "een doel noemt elke persoon één keer",
    },
    "a review's note has at most {n} characters": {
        "fr": "la note d'un bilan d'objectif compte au plus {n} caractères",
        "nl": "de notitie bij de bespreking van een doel telt hoogstens {n} tekens",
    },
    "no such goal in this plan": {
        "fr": "cet objectif n'est pas dans ce plan",
        "nl": "dit doel staat niet in dit plan",
    },
    "two goals of the plan have the same id": {
        "fr": "deux objectifs du plan ont le même identifiant",
        "nl": "twee doelen van het plan hebben dezelfde id",
    },
    "a goal names someone who is not in this interview": {
        "fr": "un objectif nomme une personne absente de cet entretien",
        "nl": "een doel noemt iemand die niet in dit gesprek zit",
    },
    "a goal of the previous wave is reviewed twice": {
        "fr": "un objectif de la vague précédente est revu deux fois",
        "nl": "een doel van de vorige ronde wordt twee keer besproken",
    },
    "a prompt is marked taken by a goal that is not in the plan": {
        "fr": "une idée est marquée reprise par un objectif absent du plan",
        "nl": "een idee is als overgenomen aangeduid door een doel dat niet in het plan staat",
    },
    "a prompt names someone who is not in this interview": {
        "fr": "une idée nomme une personne absente de cet entretien",
        "nl": "een idee noemt iemand die niet in dit gesprek zit",
    },
    "a person outside the network is named in 1-{n} characters": {
        "fr": "une personne hors du réseau est nommée en 1 à {n} caractères",
        "nl": "een persoon buiten het netwerk wordt genoemd in 1-{n} tekens",
    },
    # egonet/session/planning.py
    "a goal has no field {fields} to change": {
        "fr": "un objectif n'a pas de champ {fields} à modifier",
        "nl": "een doel heeft geen veld {fields} om te wijzigen",
    },
    "not a goal of the previous wave": {
        "fr": "ce n'est pas un objectif de la vague précédente",
        "nl": "dit is geen doel van de vorige ronde",
    },
    "this goal is already carried into the plan": {
        "fr": "cet objectif est déjà repris dans le plan",
        "nl": "dit doel is al overgenomen in het plan",
    },
    # egonet/model/conformance.py: plan_problems and review_problems (raised by the session)
    "goal {goal}: {kind} is not a goal kind of the protocol": {
        "fr": "objectif {goal} : {kind} n'est pas un type d'objectif du protocole",
        "nl": "doel {goal}: {kind} is geen soort doel van het protocol",
    },
    "goal {goal}: a {kind} goal names no people": {
        "fr": "objectif {goal} : un objectif {kind} ne nomme pas de personnes",
        "nl": "doel {goal}: een doel {kind} noemt geen personen",
    },
    "goal {goal}: a {kind} goal names no support": {
        "fr": "objectif {goal} : un objectif {kind} ne nomme pas de type de soutien",
        "nl": "doel {goal}: een doel {kind} noemt geen soort steun",
    },
    "goal {goal}: a {kind} goal names no service": {
        "fr": "objectif {goal} : un objectif {kind} ne nomme pas de service",
        "nl": "doel {goal}: een doel {kind} noemt geen dienst",
    },
    "goal {goal}: a {kind} goal names no resource": {
        "fr": "objectif {goal} : un objectif {kind} ne nomme pas de ressource locale",
        "nl": "doel {goal}: een doel {kind} noemt geen lokaal aanbod",
    },
    "goal {goal}: {support} is not a name generator of the protocol": {
        "fr": "objectif {goal} : {support} n'est pas une question du protocole pour nommer des personnes",
        "nl": "doel {goal}: {support} is geen vraag van het protocol om personen te noemen",
    },
    "goal {goal}: {service} is not an option of the protocol's setting question": {
        "fr": "objectif {goal} : {service} n'est pas une réponse possible à la question du lieu de travail",
        "nl": "doel {goal}: {service} is geen mogelijk antwoord op de vraag naar de werkplek",
    },
    "review of goal {goal}: not a goal of the previous wave": {
        "fr": "bilan de l'objectif {goal} : ce n'est pas un objectif de la vague précédente",
        "nl": "bespreking van doel {goal}: dit is geen doel van de vorige ronde",
    },
    "goal {goal}: carried from {earlier}, not a goal of the previous wave": {
        "fr": "objectif {goal} : repris de {earlier}, qui n'est pas un objectif de la vague précédente",
        "nl": "doel {goal}: overgenomen van {earlier}, dat geen doel van de vorige ronde is",
    },
    # egonet/wire/protocol.py: the goal kinds of a protocol file (egonet validate)
    "is missing (what a goal may name: {targets}; [] for none)": {
        "fr": "manque (ce qu'un objectif peut nommer : {targets} ; [] pour rien)",
        "nl": "ontbreekt (wat een doel mag noemen: {targets}; [] voor niets)",
    },
    "{value} is not one of {allowed}": {
        "fr": "{value} n'est pas l'un de {allowed}",
        "nl": "{value} is niet een van {allowed}",
    },
    "{value} is listed twice": {
        "fr": "{value} figure deux fois",
        "nl": "{value} staat er twee keer",
    },
    "{expect} looks at the goal's {target}: add it to 'targets'": {
        "fr": "{expect} regarde le champ {target} de l'objectif : ajoutez-le à 'targets'",
        "nl": "{expect} kijkt naar het veld {target} van het doel: voeg het toe aan 'targets'",
    },
    "a goal kind that names a resource lists the kinds it offers, and only then": {
        "fr": "un type d'objectif qui nomme une ressource liste les types qu'il propose, et seulement alors",
        "nl": "een soort doel die een aanbod noemt, somt de soorten op die ze biedt, en alleen dan",
    },
    "{actor} is not who acts on a goal": {
        "fr": "{actor} n'est pas quelqu'un qui peut agir pour un objectif",
        "nl": "{actor} is niet wie voor een doel handelt",
    },
    "a goal's {field} is an id (lowercase letters, digits, '_')": {
        "fr": "le champ {field} d'un objectif est un identifiant (minuscules, chiffres, '_')",
        "nl": "het veld {field} van een doel is een id (kleine letters, cijfers, '_')",
    },
    "a goal's date to look again is a date": {
        "fr": "la date à laquelle revoir un objectif est une date",
        "nl": "de datum om een doel opnieuw te bekijken is een datum",
    },
    "a goal's note is text": {
        "fr": "la note d'un objectif est un texte",
        "nl": "de notitie bij een doel is tekst",
    },
    "a goal's resource is the id of a resource of the directory": {
        "fr": "la ressource d'un objectif est l'identifiant d'une ressource du répertoire",
        "nl": "het aanbod van een doel is de id van een aanbod uit de lijst",
    },
    "the next wave reviewed this goal or carried it on: it cannot be removed": {
        "fr": "la vague suivante a revu cet objectif ou l'a repris : il ne peut pas être supprimé",
        "nl": "de volgende ronde besprak dit doel of nam het over: het kan niet verwijderd worden",
    },
    "goal {goal}: {prompt} is not a prompt of Egonet": {
        "fr": "objectif {goal} : {prompt} n'est pas une suggestion d'Egonet",
        "nl": "doel {goal}: {prompt} is geen suggestie van Egonet",
    },
    "prompt {prompt}: not a prompt of Egonet": {
        "fr": "suggestion {prompt} : ce n'est pas une suggestion d'Egonet",
        "nl": "suggestie {prompt}: dit is geen suggestie van Egonet",
    },
    "prompt {prompt}: {support} is not a name generator of the protocol": {
        "fr": "suggestion {prompt} : {support} n'est pas une question du protocole pour nommer des personnes",
        "nl": "suggestie {prompt}: {support} is geen vraag van het protocol om personen te noemen",
    },
    "goal {goal}: {resource} is not in the service's directory of local resources": {
        "fr": "objectif {goal} : {resource} n'est pas dans le répertoire des ressources locales du service",
        "nl": "doel {goal}: {resource} staat niet in de lijst van lokaal aanbod van de dienst",
    },
    "goal {goal}: a {kind} goal does not point to a resource of kind {resource_kind}": {
        "fr": "objectif {goal} : un objectif {kind} ne vise pas une ressource du type {resource_kind}",
        "nl": "doel {goal}: een doel {kind} verwijst niet naar een aanbod van de soort {resource_kind}",
    },
}
"""English message (placeholders for its variable parts) → its French and Dutch."""
