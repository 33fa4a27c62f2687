"""A small directory of local resources for each demo service, so that demo goals can name one.

Every name, address and number here is made up (they only sound like Belgian places).  The
directories are written in the service directory's CSV format
(``id,kind,name,support,interests,languages,contact,description``, lists separated by ``;``,
read by :mod:`egonet.wire.resources`): :func:`demo_directory` gives that text, to save in the
store as a service would; :func:`demo_directories` the same resources as model objects, for the
generator.
"""

from __future__ import annotations

import csv
import io
from functools import cache

from egonet.errors import UsageError
from egonet.model import Directory, Resource

__all__ = ["DIRECTORY_COLUMNS", "demo_directories", "demo_directory"]

DIRECTORY_COLUMNS = ("id", "kind", "name", "support", "interests", "languages", "contact", "description")

_ROWS = {
    "Mobile team Brussels-East": """
cpas-etterbeek,generic_social,CPAS d'Etterbeek,practical;informational,,fr;nl,02 555 01 10,Money and housing help
entre-pairs,peer_support,Groupe Entre Pairs,emotional;companionship,talking,fr,Tuesdays 14:00,Run by peers
foot-ensemble,activity,Foot Ensemble Woluwe,companionship,sport;football,fr;nl,Thursdays 18:30,Inclusive football
atelier-voix,activity,Atelier Voix Libres,companionship;emotional,music;singing,fr,0470 55 02 20,A choir for adults
potager-linthout,association,Potager du Linthout,companionship;practical,gardening,fr;nl,02 555 01 20,A garden
ssm-montgomery,mental_health,SSM Montgomery,professional_care;emotional,,fr;nl;en,02 555 01 30,Consultations and groups
maison-medicale-jourdan,generic_social,Maison médicale du Jourdan,professional_care,,fr;en,02 555 01 40,General practice
""",
    "CSM Namur": """
cpas-namur,generic_social,CPAS de Namur,practical;informational,,fr,081 55 02 10,Money and housing help
club-passerelle,peer_support,Club La Passerelle,emotional;companionship,talking;games,fr,Weekdays 13:00,Drop-in club
marcheurs-meuse,activity,Les Marcheurs de la Meuse,companionship,walking;nature,fr,Saturdays 10:00,Walks of 5-8 km
cuisine-partagee,association,La Cuisine Partagée,companionship;practical,cooking,fr,081 55 02 30,Cook and eat together
lecture-salzinnes,activity,Club de lecture de Salzinnes,companionship,reading,fr,081 55 02 40,A reading club
hopital-jour-ressort,mental_health,Hôpital de jour Le Ressort,professional_care,,fr,081 55 02 50,Day-hospital programme
""",
    "CGG Leuven": """
ocmw-leuven,generic_social,OCMW Leuven,practical;informational,,nl;en,016 55 03 10,Money and housing help
herstelgroep-brug,peer_support,Herstelgroep De Brug,emotional;companionship,talking,nl,Wednesdays 19:00,Led by peers
loopclub-kessel-lo,activity,Loopclub Samen Sterk,companionship,sport;running,nl,Sundays 9:30,Start to run
repair-cafe-heverlee,association,Repair Café Heverlee,companionship;practical,crafts,nl;en,016 55 03 30,Repair together
koor-anker,activity,Koor Het Anker,companionship;emotional,music;singing,nl,0470 55 03 20,A choir open to all
inloophuis-kade,association,Inloophuis De Kade,companionship;emotional,talking;games,nl;fr,016 55 03 40,Coffee together
cgg-groepen,mental_health,CGG groepsaanbod,professional_care;emotional,,nl,016 55 03 50,Therapy groups
""",
    "Psychiatric hospital Liège": """
cpas-outremeuse,generic_social,CPAS de Liège Outremeuse,practical;informational,,fr,04 555 04 10,Money and housing help
groupe-espoir,peer_support,Groupe d'entraide Espoir,emotional,talking,fr,Thursdays 18:00,Self-help group
atelier-peinture,activity,Atelier peinture d'Outremeuse,companionship,art;painting,fr,04 555 04 20,Painting afternoons
petanque-chiroux,activity,Pétanque des Chiroux,companionship,sport;games,fr,Saturdays 14:00,Friendly pétanque
liege-solidaire,association,Liège Solidaire,companionship;practical,volunteering,fr;en,04 555 04 40,Helping out
centre-jour-envol,mental_health,Centre de jour L'Envol,professional_care;companionship,,fr,04 555 04 50,Day centre
ais-meuse,generic_social,Agence immobilière sociale Meuse,practical,,fr,04 555 04 60,Social rental housing
""",
    "Housing First Antwerp": """
ocmw-antwerpen,generic_social,OCMW Antwerpen Noord,practical;informational,,nl;en;fr,03 555 05 10,Money and housing help
lotgenoten-noord,peer_support,Lotgenotengroep Noord,emotional;companionship,talking,nl,Mondays 19:30,A peer group
zaalvoetbal-dam,activity,Zaalvoetbal Dam United,companionship,sport;football,nl;en,Wednesdays 20:00,Indoor football
moestuin-seefhoek,association,Buurtmoestuin Seefhoek,companionship;practical,gardening;nature,nl,0470 55 05 30,A garden
atelier-stapelhuis,activity,Open Atelier Het Stapelhuis,companionship,art;crafts,nl,03 555 05 40,Studio with guidance
vrijwilligerspunt,association,Vrijwilligerspunt Antwerpen,companionship,volunteering,nl;en,03 555 05 50,Volunteering
cgg-vagga,mental_health,CGG Vagga,professional_care,,nl;en,03 555 05 60,Outpatient care and groups
""",
}


def demo_directory(service: str) -> str:
    """The directory of the demo service ``service`` as the CSV text a service would write."""
    if service not in _ROWS:
        raise UsageError(f"{service!r} is not a demo service")
    return ",".join(DIRECTORY_COLUMNS) + "\n" + _ROWS[service].lstrip("\n")


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part for part in cell.split(";") if part)


@cache
def demo_directories() -> dict[str, Directory]:
    """Every demo service's directory, by service name (read back from :func:`demo_directory`)."""
    directories = {}
    for service in _ROWS:
        rows = csv.DictReader(io.StringIO(demo_directory(service)))
        resources = tuple(
            Resource(
                r["id"],
                r["name"],
                r["kind"],
                _split(r["support"]),
                _split(r["interests"]),
                _split(r["languages"]),
                r["contact"],
                r["description"],
            )
            for r in rows
        )
        directories[service] = Directory(service, resources)
    return directories
