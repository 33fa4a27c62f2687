"""Refused changes said in the interview's language.

The session and the model refuse a change with an :class:`~egonet.errors.EgonetError` whose
message is English (the command line, the logs and the other engineers read it so).  The screens
show it in the interview's language: :data:`REFUSALS` maps each English message, its variable
parts as ``{placeholders}``, to its French and Dutch; the variable parts (ids, numbers, labels)
are carried over as they are.  A message not in the table is shown in English, as raised.
``tests/tui/test_refusals.py`` reads every message the session and the model can raise and checks
that it is here, in every language.
"""

from __future__ import annotations

import re
from functools import cache

from egonet.errors import EgonetError
from egonet.tui.refusals_plan import PLAN_REFUSALS

__all__ = ["REFUSALS", "refusal", "translate"]

REFUSALS: dict[str, dict[str, str]] = {
    # egonet/session/waves.py
    "patient {code} already has a baseline; start a follow-up instead": {
        "fr": "le patient {code} a déjà un entretien initial ; commencez plutôt un suivi",
        "nl": "patiënt {code} heeft al een eerste gesprek; start in de plaats een opvolging",
    },
    "patient {code} has no interview yet; start a baseline": {
        "fr": "le patient {code} n'a encore aucun entretien ; commencez par l'entretien initial",
        "nl": "patiënt {code} heeft nog geen gesprek; begin met een eerste gesprek",
    },
    "the {wave} interview is not completed; resume it or complete it first": {
        "fr": "l'entretien {wave} n'est pas terminé ; reprenez-le ou terminez-le d'abord",
        "nl": "het gesprek {wave} is niet afgerond; ga ermee verder of rond het eerst af",
    },
    "the protocol has no {language} version (it has {languages})": {
        "fr": "le protocole n'existe pas en {language} (il existe en {languages})",
        "nl": "het protocol bestaat niet in het {language} (wel in {languages})",
    },
    # egonet/session/session.py
    "the interview is completed; reopen it to change it": {
        "fr": "l'entretien est terminé ; rouvrez-le pour le modifier",
        "nl": "het gesprek is afgerond; heropen het om het te wijzigen",
    },
    "{generator} takes at most {limit} people": {
        "fr": "{generator} accepte au plus {limit} personnes",
        "nl": "{generator} neemt hoogstens {limit} personen",
    },
    "an alter from the previous wave is marked gone, not removed": {
        "fr": "une personne de la vague précédente est marquée partie, pas retirée",
        "nl": "een persoon van de vorige ronde wordt als weg aangeduid, niet verwijderd",
    },
    "two alters of the previous wave cannot be merged": {
        "fr": "deux personnes de la vague précédente ne peuvent pas être fusionnées",
        "nl": "twee personen van de vorige ronde kunnen niet samengevoegd worden",
    },
    "only an alter from the previous wave can be marked gone; remove it instead": {
        "fr": "seule une personne de la vague précédente peut être marquée partie ; retirez-la plutôt",
        "nl": "alleen een persoon van de vorige ronde kan als weg aangeduid worden; verwijder die in de plaats",
    },
    "{question} does not apply to this alter": {
        "fr": "{question} ne se pose pas pour cette personne",
        "nl": "{question} wordt voor deze persoon niet gevraagd",
    },
    "{question} does not apply": {
        "fr": "{question} ne se pose pas",
        "nl": "{question} wordt niet gevraagd",
    },
    "the protocol asks no tie strength": {
        "fr": "le protocole ne demande pas la force des liens",
        "nl": "het protocol vraagt niet hoe sterk de banden zijn",
    },
    "a group answer needs two people or more": {
        "fr": "une réponse de groupe demande deux personnes ou plus",
        "nl": "een groepsantwoord heeft twee personen of meer nodig",
    },
    "a group answer names people in the network only": {
        "fr": "une réponse de groupe ne nomme que des personnes du réseau",
        "nl": "een groepsantwoord noemt alleen personen uit het netwerk",
    },
    "{n} people from the previous wave are neither confirmed nor marked gone": {
        "fr": "{n} personne(s) de la vague précédente ni confirmée(s) ni marquée(s) partie(s)",
        "nl": "{n} persoon/personen van de vorige ronde niet bevestigd en niet als weg aangeduid",
    },
    # egonet/model/interview.py
    "an alter cannot be tied to itself": {
        "fr": "une personne ne peut pas être liée à elle-même",
        "nl": "een persoon kan geen band met zichzelf hebben",
    },
    "an alter needs a label (a first name or a nickname)": {
        "fr": "une personne a besoin d'un nom (un prénom ou un surnom)",
        "nl": "een persoon heeft een naam nodig (een voornaam of een bijnaam)",
    },
    "an alter label has at most {n} characters": {
        "fr": "un nom compte au plus {n} caractères",
        "nl": "een naam telt hoogstens {n} tekens",
    },
    "a patient code is 1-64 letters, digits, '.', '_' or '-' (a pseudonym, never a name)": {
        "fr": "un code patient compte 1 à 64 lettres, chiffres, '.', '_' ou '-' (un pseudonyme, jamais un nom)",
        "nl": "een patiëntcode bestaat uit 1-64 letters, cijfers, '.', '_' of '-' (een pseudoniem, nooit een naam)",
    },
    "a patient needs the service that follows them": {
        "fr": "un patient a besoin du service qui le suit",
        "nl": "een patiënt heeft de dienst nodig die hem of haar volgt",
    },
    "'*' is not a service name": {
        "fr": "'*' n'est pas un nom de service",
        "nl": "'*' is geen naam van een dienst",
    },
    "a wave index is 0 (baseline) or more": {
        "fr": "le numéro d'une vague vaut 0 (entretien initial) ou plus",
        "nl": "het nummer van een ronde is 0 (eerste gesprek) of meer",
    },
    "a wave needs a label": {
        "fr": "une vague a besoin d'un nom",
        "nl": "een ronde heeft een naam nodig",
    },
    "no such alter in this interview": {
        "fr": "cette personne n'est pas dans cet entretien",
        "nl": "deze persoon zit niet in dit gesprek",
    },
    "an alter with this id is already in the interview": {
        "fr": "une personne avec cet identifiant est déjà dans l'entretien",
        "nl": "een persoon met deze id zit al in het gesprek",
    },
    "an alter cannot be merged with itself": {
        "fr": "une personne ne peut pas être fusionnée avec elle-même",
        "nl": "een persoon kan niet met zichzelf samengevoegd worden",
    },
    "a group answer names two people or more, each once": {
        "fr": "une réponse de groupe nomme deux personnes ou plus, chacune une fois",
        "nl": "een groepsantwoord noemt twee personen of meer, elk één keer",
    },
    "a group answer's basis is relationship:<option>, generator:<id> or marked": {
        "fr": "la base d'une réponse de groupe est relationship:<option>, generator:<id> ou marked",
        "nl": "de basis van een groepsantwoord is relationship:<option>, generator:<id> of marked",
    },
    "a tie joins an alter to itself": {
        "fr": "un lien relie une personne à elle-même",
        "nl": "een band verbindt een persoon met zichzelf",
    },
    "a tie is filed under the wrong pair": {
        "fr": "un lien est rangé sous la mauvaise paire",
        "nl": "een band staat onder het verkeerde paar",
    },
    "a tie names an alter that is not in the interview": {
        "fr": "un lien nomme une personne absente de l'entretien",
        "nl": "een band noemt een persoon die niet in het gesprek zit",
    },
    "the tie census names an alter that is not in the interview": {
        "fr": "le relevé des liens nomme une personne absente de l'entretien",
        "nl": "de lijst van banden noemt een persoon die niet in het gesprek zit",
    },
    "a completed interview needs its completion time": {
        "fr": "un entretien terminé a besoin de son heure de fin",
        "nl": "een afgerond gesprek heeft het tijdstip van afronding nodig",
    },
    # egonet/model/protocol.py: Protocol lookups, and Question.problem (raised by Question.check)
    "protocol {protocol} {version} has no {kind} {key}": {
        "fr": "le protocole {protocol} {version} n'a pas de {kind} {key}",
        "nl": "protocol {protocol} {version} heeft geen {kind} {key}",
    },
    "{value} is not an option of {question} (allowed: {allowed})": {
        "fr": "{value} n'est pas une réponse possible à {question} (possibles : {allowed})",
        "nl": "{value} is geen mogelijk antwoord op {question} (mogelijk: {allowed})",
    },
    "{value} is not a number ({question})": {
        "fr": "{value} n'est pas un nombre ({question})",
        "nl": "{value} is geen getal ({question})",
    },
    "{value} is not a whole number ({question})": {
        "fr": "{value} n'est pas un nombre entier ({question})",
        "nl": "{value} is geen geheel getal ({question})",
    },
    "{value} is below the minimum {minimum} of {question}": {
        "fr": "{value} est sous le minimum {minimum} de {question}",
        "nl": "{value} ligt onder het minimum {minimum} van {question}",
    },
    "{value} is above the maximum {maximum} of {question}": {
        "fr": "{value} dépasse le maximum {maximum} de {question}",
        "nl": "{value} ligt boven het maximum {maximum} van {question}",
    },
    "{value} is not true or false ({question})": {
        "fr": "{value} n'est ni vrai ni faux ({question})",
        "nl": "{value} is niet waar of onwaar ({question})",
    },
    "{value} is not text ({question})": {
        "fr": "{value} n'est pas un texte ({question})",
        "nl": "{value} is geen tekst ({question})",
    },
    "text of {n} characters is longer than {limit} ({question})": {
        "fr": "un texte de {n} caractères dépasse {limit} ({question})",
        "nl": "een tekst van {n} tekens is langer dan {limit} ({question})",
    },
    **PLAN_REFUSALS,
}
"""English message (placeholders for its variable parts) → its French and Dutch."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    compiled = []
    for english, translations in REFUSALS.items():
        parts, end = [], 0
        for found in _PLACEHOLDER.finditer(english):
            parts += [re.escape(english[end : found.start()]), f"(?P<{found[1]}>.+?)"]
            end = found.end()
        parts.append(re.escape(english[end:]))
        compiled.append((re.compile("".join(parts), re.DOTALL), translations))
    return tuple(compiled)


def translate(message: str, language: str) -> str:
    """``message`` (an English message of the session or the model) in ``language``; as it is if
    the language is English or the message unknown."""
    for pattern, translations in _patterns():
        found = pattern.fullmatch(message)
        if found is not None:
            return translations[language].format(**found.groupdict()) if language in translations else message
    return message


def refusal(error: EgonetError, language: str) -> str:
    """What the screens say of a refused change: ``str(error)``, its message in ``language``."""
    message = translate(error.message, language)
    return f"{message} ({error.where})" if error.where else message
