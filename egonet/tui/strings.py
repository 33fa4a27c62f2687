"""Every string of the interview screens, in English, French and Dutch.

The protocol brings its own texts (questions, options, name generators) in each language;
these are the screens' own words, and the words they share with the reports (wave names,
statuses, "you") are in :data:`egonet.model.language.VOCABULARY`.  ``t(language, key, **values)``
reads both and fills ``{placeholders}``.  A test checks that every key exists in every language
with the same placeholders, and that no key is in both tables.
"""

from __future__ import annotations

from egonet.model.language import DEFAULT_LANGUAGE, LANGUAGES, VOCABULARY, localise, wave_name

__all__ = ["LANGUAGES", "STRINGS", "t", "wave_name"]

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {
        "en": "Egonet · support network interviews",
        "fr": "Egonet · entretiens sur le réseau de soutien",
        "nl": "Egonet · gesprekken over het steunnetwerk",
    },
    "yes": {"en": "Yes", "fr": "Oui", "nl": "Ja"},
    "no": {"en": "No", "fr": "Non", "nl": "Nee"},
    "unknown": {"en": "not said yet", "fr": "pas encore dit", "nl": "nog niet gezegd"},
    "saved_at": {"en": "saved {time}", "fr": "enregistré {time}", "nl": "bewaard {time}"},
    # start screen
    "col_patient": {"en": "Patient", "fr": "Patient", "nl": "Patiënt"},
    "col_service": {"en": "Service", "fr": "Service", "nl": "Dienst"},
    "col_waves": {"en": "Waves", "fr": "Vagues", "nl": "Golven"},
    "col_latest": {"en": "Latest", "fr": "Dernière", "nl": "Laatste"},
    "col_status": {"en": "Status", "fr": "État", "nl": "Stand"},
    "col_people": {"en": "People", "fr": "Personnes", "nl": "Personen"},
    "start_help": {
        "en": "Choose a patient: Enter continues their latest interview, f starts a follow-up.",
        "fr": "Choisissez un patient : Entrée reprend son dernier entretien, f commence un suivi.",
        "nl": "Kies een patiënt: Enter gaat verder met het laatste gesprek, f start een opvolging.",
    },
    "start_empty": {
        "en": "No patient yet on this computer. Press n to start with a new patient.",
        "fr": "Aucun patient sur cet ordinateur. Appuyez sur n pour commencer avec un nouveau patient.",
        "nl": "Nog geen patiënten op deze computer. Druk op n om met een nieuwe patiënt te beginnen.",
    },
    "keys_start": {
        "en": "Enter continue · f follow-up · n new patient · F2 language · Ctrl+Q quit",
        "fr": "Entrée reprendre · f suivi · n nouveau patient · F2 langue · Ctrl+Q quitter",
        "nl": "Enter verder · f opvolging · n nieuwe patiënt · F2 taal · Ctrl+Q stoppen",
    },
    "new_patient_title": {
        "en": "Code of the new patient (a pseudonym, never a name)",
        "fr": "Code du nouveau patient (un pseudonyme, jamais un nom)",
        "nl": "Code van de nieuwe patiënt (een pseudoniem, nooit een naam)",
    },
    "follow_up_title": {"en": "Start a follow-up?", "fr": "Commencer un suivi ?", "nl": "Een opvolging starten?"},
    "follow_up_message": {
        "en": "Patient {code} has {n} completed interview(s). The follow-up starts from the people of the latest.",
        "fr": "Le patient {code} a {n} entretien(s) terminé(s). Le suivi part des personnes du dernier.",
        "nl": "Patiënt {code} heeft {n} afgeronde gesprek(ken). De opvolging vertrekt van de personen van het laatste.",
    },
    "finish_first": {
        "en": "The {wave} interview is not completed: continue it with Enter first.",
        "fr": "L'entretien {wave} n'est pas terminé : reprenez-le d'abord avec Entrée.",
        "nl": "Het gesprek {wave} is niet afgerond: ga er eerst mee verder met Enter.",
    },
    # steps
    "step_confirm": {"en": "Still there?", "fr": "Toujours là ?", "nl": "Nog er?"},
    "step_alters": {"en": "About them", "fr": "Les personnes", "nl": "Over hen"},
    "step_ties": {"en": "Who knows who", "fr": "Qui connaît qui", "nl": "Wie kent wie"},
    "step_ego": {"en": "About you", "fr": "Vous", "nl": "Over jou"},
    "step_review": {"en": "Review", "fr": "Bilan", "nl": "Overzicht"},
    "step_last_plan": {"en": "Last plan", "fr": "Plan précédent", "nl": "Vorig plan"},
    "step_plan": {"en": "Plan", "fr": "Plan", "nl": "Plan"},
    "keys_screen": {
        "en": "Ctrl+N/P next/previous step · F4 steps · F2 language · F3 map · Ctrl+Q quit",
        "fr": "Ctrl+N/P étape suiv./préc. · F4 étapes · F2 langue · F3 carte · Ctrl+Q quitter",
        "nl": "Ctrl+N/P volgende/vorige stap · F4 stappen · F2 taal · F3 kaart · Ctrl+Q stop",
    },
    # follow-up: still there?
    "confirm_prompt": {
        "en": "These people were in the network last time. Are they still there?",
        "fr": "Ces personnes faisaient partie du réseau la dernière fois. Sont-elles toujours là ?",
        "nl": "Deze mensen zaten de vorige keer in het netwerk. Zijn ze er nog?",
    },
    "confirm_progress": {
        "en": "{done} of {total} people checked",
        "fr": "{done} personnes vérifiées sur {total}",
        "nl": "{done} van {total} personen nagekeken",
    },
    "presence_pending": {"en": "to check", "fr": "à vérifier", "nl": "na te kijken"},
    "presence_present": {"en": "still there", "fr": "toujours là", "nl": "nog er"},
    "presence_gone": {"en": "gone", "fr": "parti(e)", "nl": "weg"},
    "keys_confirm": {
        "en": "y / Space still there · g gone · ↑↓ move",
        "fr": "y / Espace toujours là · g parti · ↑↓ se déplacer",
        "nl": "y / Spatie nog er · g weg · ↑↓ verplaatsen",
    },
    # naming
    "type_name": {
        "en": "Type a name (or a nickname) and press Enter",
        "fr": "Tapez un prénom (ou un surnom) puis Entrée",
        "nl": "Typ een naam (of bijnaam) en druk op Enter",
    },
    "named_here": {"en": "Named here: {n}", "fr": "Nommés ici : {n}", "nl": "Hier genoemd: {n}"},
    "also": {"en": "also", "fr": "aussi", "nl": "ook"},
    "suggestion_hint": {
        "en": "↓↑ choose someone already named, Enter adds them here",
        "fr": "↓↑ choisir une personne déjà nommée, Entrée l'ajoute ici",
        "nl": "↓↑ kies iemand die al genoemd is, Enter voegt die hier toe",
    },
    "already_here": {
        "en": "{name} is already named here",
        "fr": "{name} est déjà nommé(e) ici",
        "nl": "{name} is hier al genoemd",
    },
    "likely_duplicate": {
        "en": "⚠ {a} and {b} may be one person: m merges them",
        "fr": "⚠ {a} et {b} sont peut-être une seule personne : m les fusionne",
        "nl": "⚠ {a} en {b} zijn misschien één persoon: m voegt ze samen",
    },
    "rename_title": {"en": "New name for {name}", "fr": "Nouveau nom pour {name}", "nl": "Nieuwe naam voor {name}"},
    "removed": {"en": "{name} removed here", "fr": "{name} retiré(e) ici", "nl": "{name} hier verwijderd"},
    "remove_title": {"en": "Remove this person?", "fr": "Retirer cette personne ?", "nl": "Deze persoon verwijderen?"},
    "remove_message": {
        "en": "{name} is named nowhere else: their answers and ties will be removed too.",
        "fr": "{name} n'est nommé(e) nulle part ailleurs : ses réponses et liens seront aussi retirés.",
        "nl": "{name} is nergens anders genoemd: de antwoorden en banden worden ook verwijderd.",
    },
    "completed_read_only": {
        "en": "This interview is completed: reopen it at the Review step (o) to change it.",
        "fr": "Cet entretien est terminé : rouvrez-le à l'étape Bilan (o) pour le modifier.",
        "nl": "Dit gesprek is afgerond: heropen het bij de stap Overzicht (o) om te wijzigen.",
    },
    "merge_title": {
        "en": "{name} is the same person as…",
        "fr": "{name} est la même personne que…",
        "nl": "{name} is dezelfde persoon als…",
    },
    "merged": {"en": "Merged into {name}", "fr": "Fusionné avec {name}", "nl": "Samengevoegd met {name}"},
    "keys_naming": {
        "en": "Enter add · ↓↑ suggestions · Tab list: r rename · Del remove · m merge",
        "fr": "Entrée ajouter · ↓↑ choix · Tab liste : r renommer · Suppr retirer · m fusion",
        "nl": "Enter erbij · ↓↑ suggesties · Tab lijst: r hernoemen · Del weg · m samenvoegen",
    },
    # answers
    "alters_prompt": {
        "en": "About each person: a digit chooses an option, Enter shows them all.",
        "fr": "Pour chaque personne : un chiffre choisit une réponse, Entrée les montre toutes.",
        "nl": "Over elke persoon: een cijfer kiest een antwoord, Enter toont ze allemaal.",
    },
    "ego_prompt": {
        "en": "About you: a digit chooses an option, Enter shows them all or lets you type.",
        "fr": "Vous concernant : un chiffre choisit une réponse, Entrée les montre toutes ou permet d'écrire.",
        "nl": "Over jou: een cijfer kiest een antwoord, Enter toont ze allemaal of laat je typen.",
    },
    "person": {"en": "Person", "fr": "Personne", "nl": "Persoon"},
    "question": {"en": "Question", "fr": "Question", "nl": "Vraag"},
    "answer": {"en": "Answer", "fr": "Réponse", "nl": "Antwoord"},
    "no_people": {
        "en": "Nobody named yet: name people at the earlier steps first.",
        "fr": "Personne n'est encore nommé : nommez d'abord des personnes aux étapes précédentes.",
        "nl": "Nog niemand genoemd: noem eerst mensen bij de vorige stappen.",
    },
    "not_asked": {
        "en": "— not asked for this person",
        "fr": "— ne se pose pas pour cette personne",
        "nl": "— wordt voor deze persoon niet gevraagd",
    },
    "type_answer": {
        "en": "Enter to type the answer",
        "fr": "Entrée pour écrire la réponse",
        "nl": "Enter om het antwoord te typen",
    },
    "not_a_number": {
        "en": "{value} is not a number",
        "fr": "{value} n'est pas un nombre",
        "nl": "{value} is geen getal",
    },
    "keys_alters": {
        "en": "1-9 answer · Enter options · 0/Del clear · = same as last time · * for all",
        "fr": "1-9 répondre · Entrée choix · 0/Suppr effacer · = comme avant · * pour tous",
        "nl": "1-9 antwoord · Enter keuzes · 0/Del wissen · = als vorige keer · * voor allen",
    },
    "keys_ego": {
        "en": "1-9 answer · Enter all options or type · 0/Del clear · ↑↓ move",
        "fr": "1-9 répondre · Entrée réponses ou texte · 0/Suppr effacer · ↑↓ bouger",
        "nl": "1-9 antwoorden · Enter antwoorden of tekst · 0/Del wissen · ↑↓ bewegen",
    },
    # ties
    "ties_prompt": {
        "en": "Which of these people does {name} know?",
        "fr": "Parmi ces personnes, lesquelles {name} connaît-il/elle ?",
        "nl": "Welke van deze mensen kent {name}?",
    },
    "ties_progress": {
        "en": "Pairs asked: {done} of {total}",
        "fr": "Paires demandées : {done} sur {total}",
        "nl": "Paren gevraagd: {done} van {total}",
    },
    "ties_done": {
        "en": "Every pair has been asked: {n} pairs know each other.",
        "fr": "Toutes les paires ont été demandées : {n} paires se connaissent.",
        "nl": "Alle paren zijn gevraagd: {n} paren kennen elkaar.",
    },
    "ties_edit_title": {
        "en": "Whose list do you want to correct?",
        "fr": "Quelle liste voulez-vous corriger ?",
        "nl": "Wiens lijst wil je verbeteren?",
    },
    "ties_space": {
        "en": "Space: they know each other (or not)",
        "fr": "Espace : ils se connaissent (ou pas)",
        "nl": "Spatie: ze kennen elkaar (of niet)",
    },
    "ties_enter": {
        "en": "Enter: this list is done, next person",
        "fr": "Entrée : cette liste est faite, personne suivante",
        "nl": "Enter: deze lijst is klaar, volgende persoon",
    },
    "keys_ties": {
        "en": "Space know each other · 1-9 how well · Enter next · g a group · e correct",
        "fr": "Espace se connaissent · 1-9 degré · Entrée suivant · g groupe · e corriger",
        "nl": "Spatie kennen elkaar · 1-9 hoe goed · Enter volgende · g groep · e verbeteren",
    },
    # tie census
    "ties_last_time": {"en": "last time", "fr": "avant", "nl": "vorige keer"},
    "ties_from_group": {"en": "group", "fr": "groupe", "nl": "groep"},
    "ties_enter_confirm": {
        "en": "Enter: confirms as ticked, next person",
        "fr": "Entrée : confirme tel que coché, suivant",
        "nl": "Enter: bevestigt zoals aangevinkt, volgende",
    },
    "ties_group_key": {"en": "g: a group", "fr": "g : un groupe", "nl": "g: een groep"},
    "ties_all_asked": {
        "en": "Every pair asked · e edit a list · Ctrl+N next step",
        "fr": "Toutes les paires demandées · e corriger une liste · Ctrl+N étape suivante",
        "nl": "Alle paren gevraagd · e lijst verbeteren · Ctrl+N volgende stap",
    },
    "ties_group_title": {
        "en": "Who all know each other?",
        "fr": "Qui se connaissent tous ?",
        "nl": "Wie kennen elkaar allemaal?",
    },
    "ties_group_choice": {
        "en": "{group} · {n} people, {pairs} pairs to ask",
        "fr": "{group} · {n} personnes, {pairs} paires à demander",
        "nl": "{group} · {n} personen, {pairs} paren te vragen",
    },
    "ties_group_generator": {"en": "Named for: {name}", "fr": "Nommés pour : {name}", "nl": "Genoemd bij: {name}"},
    "ties_group_marked": {
        "en": "The people I mark",
        "fr": "Les personnes que je marque",
        "nl": "De mensen die ik aanduid",
    },
    "ties_group_none": {
        "en": "Every pair is asked already: e corrects a list.",
        "fr": "Toutes les paires sont déjà demandées : e corrige une liste.",
        "nl": "Alle paren zijn al gevraagd: e verbetert een lijst.",
    },
    "ties_mark_title": {
        "en": "Mark the people who all know each other",
        "fr": "Marquez les personnes qui se connaissent toutes",
        "nl": "Duid de mensen aan die elkaar allemaal kennen",
    },
    "ties_mark_hint": {
        "en": "↑↓ move · Space marks · Enter done · Esc cancels",
        "fr": "↑↓ se déplacer · Espace marque · Entrée fini · Échap annule",
        "nl": "↑↓ verplaatsen · Spatie duidt aan · Enter klaar · Esc annuleert",
    },
    "ties_group_answered": {
        "en": "{pairs} pairs: they all know each other. Untick the exceptions.",
        "fr": "{pairs} paires : ils se connaissent tous. Décochez les exceptions.",
        "nl": "{pairs} paren: ze kennen elkaar allemaal. Vink de uitzonderingen uit.",
    },
    "ties_group_prompt": {
        "en": "{group}: does {name} know all of these?",
        "fr": "{group} : {name} connaît-il/elle toutes ces personnes ?",
        "nl": "{group}: kent {name} al deze mensen?",
    },
    "ties_group_progress": {
        "en": "Group: {done} of {total} lists · pairs asked: {asked} of {pairs}",
        "fr": "Groupe : {done} listes sur {total} · paires demandées : {asked} sur {pairs}",
        "nl": "Groep: {done} van {total} lijsten · paren gevraagd: {asked} van {pairs}",
    },
    "ties_group_enter": {
        "en": "Enter: next in the group · Esc: the rest of the group is right",
        "fr": "Entrée : suivant du groupe · Échap : le reste du groupe est juste",
        "nl": "Enter: volgende in de groep · Esc: de rest van de groep klopt",
    },
    # map
    "map_title": {
        "en": "{n} people · {ties} ties between them",
        "fr": "{n} personnes · {ties} liens entre elles",
        "nl": "{n} personen · {ties} banden onderling",
    },
    # review
    "review_open": {
        "en": "Look at the network together. When it is right, c completes the interview.",
        "fr": "Regardez le réseau ensemble. Quand il est juste, c termine l'entretien.",
        "nl": "Bekijk het netwerk samen. Als het klopt, rondt c het gesprek af.",
    },
    "review_completed": {
        "en": "This interview is completed. o reopens it for changes.",
        "fr": "Cet entretien est terminé. o le rouvre pour le modifier.",
        "nl": "Dit gesprek is afgerond. o opent het opnieuw om te wijzigen.",
    },
    "figure": {"en": "Figure", "fr": "Mesure", "nl": "Maat"},
    "now": {"en": "Now", "fr": "Maintenant", "nl": "Nu"},
    "measure_n_alters": {"en": "People", "fr": "Personnes", "nl": "Personen"},
    "measure_n_informal": {"en": "Lay people", "fr": "Proches", "nl": "Naasten"},
    "measure_n_formal": {"en": "Professionals", "fr": "Professionnels", "nl": "Hulpverleners"},
    "measure_n_ties": {"en": "Ties", "fr": "Liens", "nl": "Banden"},
    "measure_density": {"en": "Density", "fr": "Densité", "nl": "Dichtheid"},
    "measure_n_components": {"en": "Separate groups", "fr": "Groupes séparés", "nl": "Aparte groepen"},
    "measure_effective_size": {"en": "Effective size", "fr": "Taille effective", "nl": "Effectieve grootte"},
    "measure_constraint": {"en": "Constraint", "fr": "Contrainte", "nl": "Beperking"},
    "changes_summary": {
        "en": "Since the {wave}: {kept} still there, {gained} new, {lost} gone.",
        "fr": "Depuis {wave} : {kept} toujours là, {gained} nouveaux, {lost} partis.",
        "nl": "Sinds {wave}: {kept} nog er, {gained} nieuw, {lost} weg.",
    },
    "changes_gained": {"en": "New: {names}", "fr": "Nouveaux : {names}", "nl": "Nieuw: {names}"},
    "review_last_plan": {
        "en": "Last plan, and what moved:",
        "fr": "Le dernier plan, et ce qui a bougé :",
        "nl": "Het vorige plan, en wat er veranderde:",
    },
    "changes_lost": {"en": "Gone: {names}", "fr": "Partis : {names}", "nl": "Weg: {names}"},
    "complete_title": {
        "en": "Complete the interview?",
        "fr": "Terminer l'entretien ?",
        "nl": "Het gesprek afronden?",
    },
    "answer_now": {"en": "Answer: {value}", "fr": "Réponse : {value}", "nl": "Antwoord: {value}"},
    "answer_now_same": {
        "en": "Answer: {value} (same as last time)",
        "fr": "Réponse : {value} (comme la dernière fois)",
        "nl": "Antwoord: {value} (zoals de vorige keer)",
    },
    "answer_before": {
        "en": "Last time: {value} · = same as last time for {name} · * for everyone",
        "fr": "La dernière fois : {value} · = pareil pour {name} · * pour tous",
        "nl": "Vorige keer: {value} · = hetzelfde voor {name} · * voor iedereen",
    },
    "nothing_before": {
        "en": "Nothing from last time to keep here.",
        "fr": "Rien de la dernière fois à garder ici.",
        "nl": "Niets van de vorige keer om hier te houden.",
    },
    "complete_open_title": {
        "en": "Still unanswered:",
        "fr": "Encore sans réponse :",
        "nl": "Nog niet beantwoord:",
    },
    "open_alters": {
        "en": "{n} of {total} answers",
        "fr": "{n} réponses sur {total}",
        "nl": "{n} van {total} antwoorden",
    },
    "open_ties": {
        "en": "{n} of {total} pairs not asked (who knows whom stays unknown)",
        "fr": "{n} paires sur {total} non posées (qui connaît qui reste inconnu)",
        "nl": "{n} van {total} paren niet gevraagd (wie wie kent blijft onbekend)",
    },
    "open_ego": {
        "en": "{n} of {total} questions",
        "fr": "{n} questions sur {total}",
        "nl": "{n} van {total} vragen",
    },
    "complete_open_anyway": {
        "en": "Complete anyway? What is left open is recorded with the interview.",
        "fr": "Terminer quand même ? Ce qui reste ouvert est noté avec l'entretien.",
        "nl": "Toch afronden? Wat open blijft, wordt bij het gesprek bewaard.",
    },
    "reopen_title": {
        "en": "Reopen the interview?",
        "fr": "Rouvrir l'entretien ?",
        "nl": "Het gesprek heropenen?",
    },
    "reopen_message": {
        "en": "It becomes an interview in progress again, to change; complete it again afterwards.",
        "fr": "Il redevient un entretien en cours, modifiable ; terminez-le à nouveau ensuite.",
        "nl": "Het wordt weer een lopend gesprek dat je kunt wijzigen; rond het daarna opnieuw af.",
    },
    "complete_message": {
        "en": "Everything is saved. A completed interview can be reopened later.",
        "fr": "Tout est enregistré. Un entretien terminé peut être rouvert plus tard.",
        "nl": "Alles is bewaard. Een afgerond gesprek kan later opnieuw geopend worden.",
    },
    "completed_saved": {
        "en": "Interview completed and saved.",
        "fr": "Entretien terminé et enregistré.",
        "nl": "Gesprek afgerond en bewaard.",
    },
    "already_completed": {
        "en": "The interview is already completed.",
        "fr": "L'entretien est déjà terminé.",
        "nl": "Het gesprek is al afgerond.",
    },
    "keys_review": {
        "en": "c complete · o reopen · ↑↓ scroll (the map is below the figures)",
        "fr": "c terminer · o rouvrir · ↑↓ défiler (la carte est sous les mesures)",
        "nl": "c afronden · o heropenen · ↑↓ scrollen (de kaart staat onder de maten)",
    },
    # dialogs
    "dialog_text_hint": {
        "en": "Enter keeps it · Esc cancels",
        "fr": "Entrée valide · Échap annule",
        "nl": "Enter bewaart · Esc annuleert",
    },
    "dialog_pick_hint": {
        "en": "↑↓ move · Enter or a digit chooses · Esc cancels",
        "fr": "↑↓ se déplacer · Entrée ou un chiffre choisit · Échap annule",
        "nl": "↑↓ verplaatsen · Enter of een cijfer kiest · Esc annuleert",
    },
    "dialog_confirm_hint": {
        "en": "y / Enter yes · n / Esc no",
        "fr": "y / Entrée oui · n / Échap non",
        "nl": "y / Enter ja · n / Esc nee",
    },
    # review and patient list
    "keys_start_search": {
        "en": "/ search a code · Esc clears the search · Home/End first/last patient",
        "fr": "/ chercher un code · Échap efface la recherche · Début/Fin premier/dernier",
        "nl": "/ code zoeken · Esc wist de zoekopdracht · Home/End eerste/laatste patiënt",
    },
    "search_placeholder": {
        "en": "Patient code contains… (Enter to the list · Esc clears)",
        "fr": "Le code patient contient… (Entrée vers la liste · Échap efface)",
        "nl": "Patiëntcode bevat… (Enter naar de lijst · Esc wist)",
    },
    "search_none": {
        "en": "No patient code contains “{text}”. Esc clears the search.",
        "fr": "Aucun code patient ne contient « {text} ». Échap efface la recherche.",
        "nl": "Geen patiëntcode bevat “{text}”. Esc wist de zoekopdracht.",
    },
    # the support plan (widgets/plan*.py) and the last plan's review (widgets/last_plan.py)
    "open_last_plan": {
        "en": "{n} of {total} goals of last time not reviewed",
        "fr": "{n} objectifs sur {total} de la dernière fois non revus",
        "nl": "{n} van {total} doelen van de vorige keer niet besproken",
    },
    "keys_plan": {
        "en": "1-9/a new goal · Enter/e edit · Del remove · Tab ideas: Enter take",
        "fr": "1-9/a nouvel objectif · Entrée/e modifier · Suppr retirer · Tab idées",
        "nl": "1-9/a nieuw doel · Enter/e wijzigen · Del weg · Tab ideeën: Enter nemen",
    },
    "keys_last_plan": {
        "en": "d done · p partly · n not done · r not relevant · t note · c carry on",
        "fr": "d fait · p en partie · n pas fait · r sans objet · t note · c reprendre",
        "nl": "d gedaan · p deels · n niet gedaan · r niet meer nodig · t notitie · c verder",
    },
    "plan_prompt": {
        "en": "A few concrete goals, agreed with the map in view.",
        "fr": "Quelques objectifs concrets, convenus carte en vue.",
        "nl": "Enkele concrete doelen, afgesproken met de kaart.",
    },
    "plan_empty": {
        "en": "No goal yet. A digit starts a goal of that kind:",
        "fr": "Pas encore d'objectif. Un chiffre commence un objectif de ce type :",
        "nl": "Nog geen doel. Een cijfer start een doel van die soort:",
    },
    "plan_kind_title": {
        "en": "A new goal: which kind?",
        "fr": "Un nouvel objectif : de quel type ?",
        "nl": "Een nieuw doel: welke soort?",
    },
    "plan_removed": {"en": "Goal removed", "fr": "Objectif retiré", "nl": "Doel verwijderd"},
    "remove_goal_title": {
        "en": "Remove this goal?",
        "fr": "Retirer cet objectif ?",
        "nl": "Dit doel verwijderen?",
    },
    "goal_line": {"en": "{kind}: {named}", "fr": "{kind} : {named}", "nl": "{kind}: {named}"},
    "goal_other": {"en": "{name} (new)", "fr": "{name} (nouveau)", "nl": "{name} (nieuw)"},
    "goal_nobody": {"en": "nobody named", "fr": "personne de nommé", "nl": "niemand genoemd"},
    "goal_by": {"en": "by {actor}", "fr": "par {actor}", "nl": "door {actor}"},
    "goal_again": {"en": "look again {date}", "fr": "revoir le {date}", "nl": "opnieuw bekijken {date}"},
    "goal_carried": {
        "en": "carried from last time",
        "fr": "repris de la dernière fois",
        "nl": "overgenomen van de vorige keer",
    },
    "actor_patient": {"en": "the patient", "fr": "le patient", "nl": "de patiënt"},
    "actor_clinician": {"en": "the clinician", "fr": "le clinicien", "nl": "de hulpverlener"},
    "actor_someone_else": {"en": "someone else", "fr": "quelqu'un d'autre", "nl": "iemand anders"},
    "map_highlight": {
        "en": "the goal's people",
        "fr": "les personnes de l'objectif",
        "nl": "de personen van het doel",
    },
    # the form of a goal (widgets/plan_form.py)
    "form_new": {"en": "New goal: {kind}", "fr": "Nouvel objectif : {kind}", "nl": "Nieuw doel: {kind}"},
    "form_edit": {"en": "Goal: {kind}", "fr": "Objectif : {kind}", "nl": "Doel: {kind}"},
    "form_people": {"en": "People", "fr": "Personnes", "nl": "Personen"},
    "form_people_placeholder": {
        "en": "a name, Enter adds it",
        "fr": "un prénom, Entrée l'ajoute",
        "nl": "een naam, Enter voegt toe",
    },
    "form_chosen": {"en": "Named: {names}", "fr": "Nommés : {names}", "nl": "Genoemd: {names}"},
    "form_people_hint": {
        "en": "↓↑ someone in the network · Enter adds · Backspace on empty takes the last off",
        "fr": "↓↑ une personne du réseau · Entrée ajoute · Retour arrière à vide retire la dernière",
        "nl": "↓↑ iemand uit het netwerk · Enter voegt toe · Backspace in leeg vak haalt de laatste weg",
    },
    "form_support": {"en": "Support", "fr": "Soutien", "nl": "Steun"},
    "form_service": {"en": "Service", "fr": "Service", "nl": "Dienst"},
    "form_interest": {"en": "Would like", "fr": "Aimerait", "nl": "Zou graag"},
    "form_resource": {"en": "Where", "fr": "Où", "nl": "Waar"},
    "ideas_title": {
        "en": "Ideas from the network: {n}",
        "fr": "Idées tirées du réseau : {n}",
        "nl": "Ideeën uit het netwerk: {n}",
    },
    "form_actor": {"en": "Who acts", "fr": "Qui agit", "nl": "Wie doet het"},
    "form_date": {"en": "Look again", "fr": "Revoir le", "nl": "Opnieuw op"},
    "form_date_placeholder": {
        "en": "YYYY-MM-DD, or +2w, +3m",
        "fr": "AAAA-MM-JJ, ou +2w, +3m",
        "nl": "JJJJ-MM-DD, of +2w, +3m",
    },
    "form_note": {"en": "Note", "fr": "Note", "nl": "Notitie"},
    "form_note_placeholder": {
        "en": "optional, a few words",
        "fr": "facultatif, quelques mots",
        "nl": "niet verplicht, enkele woorden",
    },
    "form_none": {"en": "none", "fr": "aucun", "nl": "geen"},
    "form_hint": {
        "en": "Tab next · ←→ or a digit chooses (0 none) · Enter saves · Esc cancels",
        "fr": "Tab suivant · ←→ ou un chiffre choisit (0 aucun) · Entrée enregistre · Échap annule",
        "nl": "Tab volgende · ←→ of een cijfer kiest (0 geen) · Enter bewaart · Esc annuleert",
    },
    "form_bad_date": {
        "en": "“{text}” is not a date: write YYYY-MM-DD, or +10d, +2w, +3m, +1y",
        "fr": "« {text} » n'est pas une date : écrivez AAAA-MM-JJ, ou +10d, +2w, +3m, +1y",
        "nl": "“{text}” is geen datum: schrijf JJJJ-MM-DD, of +10d, +2w, +3m, +1y",
    },
    # the last plan's review
    "last_plan_prompt": {
        "en": "Last time's plan: how did each goal go?",
        "fr": "Le plan de la dernière fois : où en est chaque objectif ?",
        "nl": "Het plan van de vorige keer: hoe ging elk doel?",
    },
    "last_plan_progress": {
        "en": "{done} of {total} goals reviewed",
        "fr": "{done} objectifs revus sur {total}",
        "nl": "{done} van {total} doelen besproken",
    },
    "outcome_none": {"en": "to review", "fr": "à revoir", "nl": "te bespreken"},
    "outcome_done": {"en": "done", "fr": "fait", "nl": "gedaan"},
    "outcome_partly": {"en": "partly", "fr": "en partie", "nl": "deels"},
    "outcome_not_done": {"en": "not done", "fr": "pas fait", "nl": "niet gedaan"},
    "outcome_not_relevant": {"en": "no longer relevant", "fr": "sans objet", "nl": "niet meer nodig"},
    "last_plan_carried": {
        "en": "→ carried into the new plan",
        "fr": "→ repris dans le nouveau plan",
        "nl": "→ overgenomen in het nieuwe plan",
    },
    "last_plan_note_title": {
        "en": "A note on how it went",
        "fr": "Une note sur la façon dont cela s'est passé",
        "nl": "Een notitie over hoe het ging",
    },
    "last_plan_note_first": {
        "en": "Say how it went first (d, p, n or r), then the note",
        "fr": "Dites d'abord où il en est (d, p, n ou r), puis la note",
        "nl": "Zeg eerst hoe het ging (d, p, n of r), dan de notitie",
    },
    "last_plan_review_note": {"en": "Note: {note}", "fr": "Note : {note}", "nl": "Notitie: {note}"},
}


def t(language: str, key: str, **values: object) -> str:
    """The string ``key`` (the screens' or a shared word) in ``language`` (English if the language
    is unknown), placeholders filled."""
    text = localise(STRINGS[key] if key in STRINGS else VOCABULARY[key], language, DEFAULT_LANGUAGE)
    return text.format(**values) if values else text
