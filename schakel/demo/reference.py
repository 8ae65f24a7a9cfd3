"""The fixed shape of the demo region: municipalities, partners, regietafels and accounts.

Municipalities, towns and kinds of organisation are real; every person is generated.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from schakel.accounts.roles import Role
from schakel.organisations.models import Domain
from schakel.tables.models import DayPart, Frequency, Weekday

REGION_NAME = "Zuid-Holland Zuid"
REGION_CODE = "zhz"


@dataclass(frozen=True)
class MunicipalitySpec:
    cbs_code: str
    name: str
    # The woonplaatsen of the municipality, each with its four-digit postal code areas.
    towns: tuple[tuple[str, tuple[int, ...]], ...]
    # Rough share of the region's population, so Dordrecht gets the most cases.
    weight: int


MUNICIPALITIES = (
    MunicipalitySpec("GM0482", "Alblasserdam", (("Alblasserdam", (2951, 2952, 2953)),), 20),
    MunicipalitySpec("GM0505", "Dordrecht", (("Dordrecht", tuple(range(3311, 3320))),), 120),
    MunicipalitySpec(
        "GM0512",
        "Gorinchem",
        (("Gorinchem", (4201, 4202, 4203, 4204, 4205)), ("Dalem", (4209,))),
        38,
    ),
    MunicipalitySpec(
        "GM0523", "Hardinxveld-Giessendam", (("Hardinxveld-Giessendam", (3371, 3372, 3373)),), 18
    ),
    MunicipalitySpec(
        "GM0531", "Hendrik-Ido-Ambacht", (("Hendrik-Ido-Ambacht", (3341, 3342, 3343, 3344)),), 31
    ),
    MunicipalitySpec(
        "GM1963",
        "Hoeksche Waard",
        (
            ("Oud-Beijerland", (3261, 3262, 3263)),
            ("'s-Gravendeel", (3295,)),
            ("Puttershoek", (3297,)),
            ("Strijen", (3291, 3292)),
            ("Numansdorp", (3281, 3282)),
            ("Klaaswaal", (3286,)),
            ("Mijnsheerenland", (3274,)),
            ("Westmaas", (3273,)),
        ),
        90,
    ),
    MunicipalitySpec(
        "GM1978",
        "Molenlanden",
        (
            ("Giessenburg", (3381,)),
            ("Bleskensgraaf", (2971,)),
            ("Nieuw-Lekkerland", (2957,)),
            ("Groot-Ammers", (2964,)),
            ("Arkel", (4241,)),
            ("Hoornaar", (4223,)),
        ),
        45,
    ),
    MunicipalitySpec(
        "GM0590", "Papendrecht", (("Papendrecht", (3351, 3352, 3353, 3354, 3355)),), 32
    ),
    MunicipalitySpec("GM0610", "Sliedrecht", (("Sliedrecht", (3361, 3362, 3363, 3364)),), 26),
    MunicipalitySpec(
        "GM0642",
        "Zwijndrecht",
        (("Zwijndrecht", (3331, 3332, 3333, 3334, 3335)), ("Heerjansdam", (2995,))),
        45,
    ),
)

WGS_IN_FORCE = datetime.date(2025, 3, 1)


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    domain: str
    kind: str
    signed_on: datetime.date | None = WGS_IN_FORCE


ORGANISATIONS = (
    OrganisationSpec("zvh", "Zorg- en Veiligheidshuis Zuid-Holland Zuid", Domain.ZVH, "ZVH"),
    OrganisationSpec(
        "politie", "Politie eenheid Rotterdam, district Zuid-Holland-Zuid", Domain.STRAF, "politie"
    ),
    OrganisationSpec(
        "om", "Openbaar Ministerie, arrondissementsparket Rotterdam", Domain.STRAF, "OM"
    ),
    OrganisationSpec(
        "reclassering", "Reclassering Nederland, unit Dordrecht", Domain.STRAF, "reclassering"
    ),
    OrganisationSpec(
        "raad",
        "Raad voor de Kinderbescherming, vestiging Dordrecht",
        Domain.STRAF,
        "Raad voor de Kinderbescherming",
    ),
    OrganisationSpec(
        "pi", "Penitentiaire Inrichting Dordrecht", Domain.STRAF, "DJI / penitentiaire inrichting"
    ),
    OrganisationSpec("ggz", "GGZ Zuid-Holland Zuid", Domain.ZORG, "GGZ"),
    OrganisationSpec("ggd", "GGD Zuid-Holland Zuid", Domain.ZORG, "GGD"),
    OrganisationSpec("veiligthuis", "Veilig Thuis Zuid-Holland Zuid", Domain.ZORG, "Veilig Thuis"),
    OrganisationSpec(
        "jeugdbescherming", "Jeugdbescherming Zuid-Holland Zuid", Domain.ZORG, "jeugdbescherming"
    ),
    OrganisationSpec(
        "verslavingszorg", "Verslavingszorg Drechtsteden", Domain.ZORG, "verslavingszorg"
    ),
    OrganisationSpec("mee", "MEE Zuid-Holland Zuid", Domain.ZORG, "MEE"),
    OrganisationSpec(
        "wss",
        "William Schrikker Stichting, regio Zuid-Holland Zuid",
        Domain.ZORG,
        "gehandicaptenzorg",
    ),
    OrganisationSpec("wijkteam", "Sociaal wijkteam Dordrecht", Domain.GEMEENTE, "wijkteam"),
    OrganisationSpec(
        "wijkteam-zwijndrecht", "Sociaal team Zwijndrecht", Domain.GEMEENTE, "wijkteam"
    ),
    OrganisationSpec(
        "wijkteam-hoekschewaard", "Sociaal team Hoeksche Waard", Domain.GEMEENTE, "wijkteam"
    ),
    OrganisationSpec("wijkteam-gorinchem", "Sociaal team Gorinchem", Domain.GEMEENTE, "wijkteam"),
    OrganisationSpec("jeugdteam", "Jeugdteam Drechtsteden", Domain.GEMEENTE, "jeugdteam"),
    OrganisationSpec(
        "leerplicht",
        "Regionaal Bureau Leerlingzaken Zuid-Holland Zuid (leerplicht)",
        Domain.GEMEENTE,
        "leerplicht",
    ),
    OrganisationSpec(
        "rio",
        "Re-integratieofficier gemeente Dordrecht",
        Domain.GEMEENTE,
        "re-integratieofficier (RIO)",
    ),
    OrganisationSpec(
        "sociale-dienst",
        "Sociale dienst Zuid-Holland Zuid (werk en inkomen)",
        Domain.GEMEENTE,
        "sociale dienst",
    ),
    OrganisationSpec(
        "gemeente", "Gemeente Dordrecht, bestuursdienst", Domain.GEMEENTE, "gemeentebestuur"
    ),
    # Fictional institutions for case-specific work; no demo account of their own.
    OrganisationSpec(
        "jeugdzorgplus",
        "JeugdzorgPlus De Oude Maas (gesloten jeugdzorg)",
        Domain.ZORG,
        "gesloten jeugdzorg",
    ),
    OrganisationSpec(
        "forensisch",
        "Forensische polikliniek Drechtsteden",
        Domain.ZORG,
        "forensische zorg",
    ),
    OrganisationSpec(
        "legerdesheils", "Leger des Heils Zuid-Holland Zuid", Domain.OVERIG, "Leger des Heils"
    ),
    # Has not signed the convenant: may not receive case information.
    OrganisationSpec(
        "woningcorporatie",
        "Woningcorporatie Merwestroom",
        Domain.OVERIG,
        "woningcorporatie",
        signed_on=None,
    ),
)


@dataclass(frozen=True)
class TableSpec:
    key: str
    name: str
    target_group: str
    fixed_participants: tuple[str, ...]
    procesregisseurs: tuple[str, ...]
    frequency: str
    weekday: int
    day_part: str
    # For a two-weekly table: the sittings fall on anchor weeks counted from a year back.
    anchor_offset_weeks: int = 0
    information_window_hours: int = 48


TABLE_LOCATION = "Zorg- en Veiligheidshuis Zuid-Holland Zuid, Dordrecht (fictief adres)"

# The four tables of seed 002 with their real schedules and fixed partners, plus O3MP.
TABLES = (
    TableSpec(
        "jeugd",
        "Jeugd",
        "Jongeren van 12 tot 18 jaar (tot 23 jaar)",
        ("politie", "raad", "jeugdteam", "leerplicht", "jeugdbescherming", "wss"),
        ("regisseur-jeugd",),
        Frequency.WEEKLY,
        Weekday.THURSDAY,
        DayPart.AFTERNOON,
    ),
    TableSpec(
        "volwassenen",
        "Volwassenen",
        "(Jong)volwassenen vanaf 18 jaar: veelplegers, HIC-plegers, ernstige overlastgevers",
        ("om", "politie", "reclassering", "ggd"),
        ("procesregisseur",),
        Frequency.BIWEEKLY,
        Weekday.TUESDAY,
        DayPart.MORNING,
    ),
    TableSpec(
        "huiselijk-geweld",
        "Huiselijk Geweld",
        "Slachtoffers, plegers en systeemleden van geweld in afhankelijkheidsrelaties",
        ("politie", "om", "reclassering", "veiligthuis", "raad"),
        ("procesregisseur",),
        Frequency.WEEKLY,
        Weekday.MONDAY,
        DayPart.AFTERNOON,
    ),
    TableSpec(
        "nazorg",
        "Nazorg en Re-integratie",
        "(Ex-)gedetineerden met een hoog veiligheidsrisico die terugkeren in de regio",
        ("pi", "reclassering", "politie", "ggd", "mee", "rio", "sociale-dienst"),
        ("regisseur-jeugd",),
        Frequency.BIWEEKLY,
        Weekday.WEDNESDAY,
        DayPart.MORNING,
        anchor_offset_weeks=1,
    ),
    TableSpec(
        "o3mp",
        "O3MP",
        "Ondoorgrondelijke, ongrijpbare en ontwrichtende personen, systemen en gebieden",
        ("politie", "om", "ggz", "ggd", "wijkteam", "mee", "verslavingszorg"),
        ("procesregisseur",),
        Frequency.BIWEEKLY,
        Weekday.FRIDAY,
        DayPart.MORNING,
    ),
)

# "Overig noodzakelijke partners op basis van inhoud van de casus" (seed 002), per table:
# invited for one case only, never a fixed participant.
CASE_PARTNERS = {
    "jeugd": ("veiligthuis", "forensisch", "ggz", "wijkteam", "jeugdzorgplus"),
    "volwassenen": ("ggz", "verslavingszorg", "legerdesheils", "mee", "forensisch", "wijkteam"),
    "huiselijk-geweld": ("jeugdbescherming", "wijkteam", "jeugdteam", "ggz", "forensisch"),
    "nazorg": ("legerdesheils", "verslavingszorg", "ggz", "wijkteam"),
    "o3mp": ("legerdesheils", "reclassering", "jeugdteam", "gemeente"),
}


@dataclass(frozen=True)
class UserSpec:
    username: str
    organisation: str
    roles: tuple[str, ...]
    job_title: str


# The readable accounts of the demo, in the order demo_login_help lists them.
USERS = (
    UserSpec("procesregisseur", "zvh", (Role.PROCESREGISSEUR,), "Procesregisseur"),
    UserSpec("regisseur-jeugd", "zvh", (Role.PROCESREGISSEUR,), "Procesregisseur jeugd en nazorg"),
    UserSpec("informatiemakelaar", "zvh", (Role.INFORMATIEMAKELAAR,), "Informatiemakelaar"),
    UserSpec("politie", "politie", (Role.KETENPARTNER,), "Wijkagent"),
    UserSpec("om", "om", (Role.KETENPARTNER,), "Officier van justitie"),
    UserSpec("reclassering", "reclassering", (Role.KETENPARTNER,), "Reclasseringswerker"),
    UserSpec("raad", "raad", (Role.KETENPARTNER,), "Raadsonderzoeker"),
    UserSpec("pi", "pi", (Role.KETENPARTNER,), "Casemanager"),
    UserSpec("ggz", "ggz", (Role.KETENPARTNER,), "Sociaal psychiatrisch verpleegkundige"),
    UserSpec("ggd", "ggd", (Role.KETENPARTNER,), "Verpleegkundige bemoeizorg"),
    UserSpec("veiligthuis", "veiligthuis", (Role.KETENPARTNER,), "Medewerker onderzoek"),
    UserSpec("jeugdbescherming", "jeugdbescherming", (Role.KETENPARTNER,), "Jeugdbeschermer"),
    UserSpec("verslavingszorg", "verslavingszorg", (Role.KETENPARTNER,), "Behandelaar"),
    UserSpec("mee", "mee", (Role.KETENPARTNER,), "Cliëntondersteuner"),
    UserSpec("wss", "wss", (Role.KETENPARTNER,), "Gezinsvoogd"),
    UserSpec("wijkteam", "wijkteam", (Role.KETENPARTNER,), "Wijkteammedewerker"),
    UserSpec("wijkteam-zwijndrecht", "wijkteam-zwijndrecht", (Role.KETENPARTNER,), "Wijkcoach"),
    UserSpec("wijkteam-hoekschewaard", "wijkteam-hoekschewaard", (Role.KETENPARTNER,), "Wijkcoach"),
    UserSpec("wijkteam-gorinchem", "wijkteam-gorinchem", (Role.KETENPARTNER,), "Wijkcoach"),
    UserSpec("jeugdteam", "jeugdteam", (Role.KETENPARTNER,), "Jeugdprofessional"),
    UserSpec("leerplicht", "leerplicht", (Role.KETENPARTNER,), "Leerplichtambtenaar"),
    UserSpec("rio", "rio", (Role.KETENPARTNER,), "Re-integratieofficier"),
    UserSpec("rio-drechtsteden", "rio", (Role.KETENPARTNER,), "Re-integratieofficier"),
    UserSpec("sociale-dienst", "sociale-dienst", (Role.KETENPARTNER,), "Klantmanager"),
    UserSpec("legerdesheils", "legerdesheils", (Role.KETENPARTNER,), "Ambulant begeleider"),
    UserSpec("woningcorporatie", "woningcorporatie", (Role.KETENPARTNER,), "Woonconsulent"),
    UserSpec("manager", "zvh", (Role.MANAGER,), "Manager ZVH"),
    UserSpec("beheerder", "zvh", (Role.BEHEERDER,), "Functioneel beheerder"),
    UserSpec("privacy", "zvh", (Role.PRIVACY_OFFICER,), "Functionaris gegevensbescherming"),
    UserSpec("bestuurder", "gemeente", (Role.BESTUURDER,), "Burgemeester (fictief)"),
)
