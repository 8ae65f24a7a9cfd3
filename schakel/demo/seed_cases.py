"""Three named demo cases modelled on the examples in seed 002 (ZVH Zuid-Holland Zuid).

Every personal detail is invented: names come from the demo name lists, dates are
counted back from the day the demo is generated, and places are towns of the region.
Titles say what the case is, so a demo user can find them; they hold no names.
"""

from __future__ import annotations

from dataclasses import dataclass

from schakel.cases.lifecycle import CaseState as S
from schakel.cases.models import CaseKind, PersonRole
from schakel.followup.models import EscalationLevel, EscalationStatus
from schakel.persons.models import Gender
from schakel.plans.models import InterventionStatus as IS
from schakel.referrals.models import ReferralSource


@dataclass(frozen=True)
class SeedPerson:
    first_names: str
    name_prefix: str
    last_name: str
    gender: str
    age_years: int
    extra_days: int
    role: str


@dataclass(frozen=True)
class SeedIntervention:
    line: str
    kader: str
    organisation: str
    description: str
    # Status in each agreed version ("" while not yet in the plan), then the status now.
    statuses: tuple[str, ...]
    goal: int | None = None  # index into SeedCase.goals


@dataclass(frozen=True)
class SeedEscalation:
    level: str
    question: str
    addressee: str
    raised_days_ago: int
    status: str
    outcome: str = ""
    resolved_days_ago: int | None = None
    # Put to a demo user in Schakel, who reads only the question and this briefing.
    addressed_to: str = ""
    briefing: str = ""


@dataclass(frozen=True)
class SeedCase:
    key: str
    title: str
    table_key: str
    kind: str
    source: str
    reporter: str
    municipality: str
    town: str
    street: str  # "" for no fixed address
    people: tuple[SeedPerson, ...]
    path: tuple[str, ...]
    days_ago: tuple[int, ...]  # per step of path; in_uitvoering steps move to a sitting
    domain_codes: tuple[str, ...]
    description: str
    question: str
    purpose: str
    questions: str
    main_goals: tuple[str, ...]  # per agreed version
    goals: tuple[tuple[str, str, str], ...]  # (leefgebied, subdoel, meetbaar als)
    interventions: tuple[SeedIntervention, ...]
    evaluation_versions_days_ago: tuple[int, ...]  # agreed at an evaluation, not a re-agenda
    casusregisseur: str
    casusregisseur_name: str
    invitees: tuple[str, ...]
    beeldvorming: tuple[str, ...]  # per agreed version
    escalations: tuple[SeedEscalation, ...] = ()
    overdue_actions: tuple[tuple[str, str, int], ...] = ()  # (organisation, action, days overdue)
    next_evaluation_in_days: int | None = None
    closure: tuple[str, str] | None = None  # (outcome, reason)
    evaluation: tuple[bool, str, str] | None = None  # (chain worked well, leerpunten, voorstellen)
    remote_attendee: str = ""  # an organisation joining remotely for this case


YOUNG_WOMAN = SeedCase(
    key="jonge-vrouw",
    title="Voorbeeld Jeugd: jonge vrouw (18) in gesloten jeugdzorg, bestuurlijk opgeschaald",
    table_key="jeugd",
    kind=CaseKind.PERSOON,
    source=ReferralSource.VELDAANMELDING,
    reporter="politie",
    municipality="Zwijndrecht",
    town="Zwijndrecht",
    street="Merelstraat 14",
    people=(
        SeedPerson("Jasmijn", "", "Hoogendoorn", Gender.VROUW, 18, 110, PersonRole.HOOFDPERSOON),
    ),
    path=(S.AANGEMELD, S.IN_UITVRAAG, S.IN_TRIAGE, S.GEAGENDEERD, S.IN_UITVOERING),
    days_ago=(152, 151, 143, 140, 136),
    domain_codes=("psychisch", "justitie", "wonen", "zelfredzaamheid", "veiligheid"),
    description=(
        "De jonge vrouw verblijft in de gesloten jeugdzorg. Vandaag heeft voor de zesde keer "
        "een steekincident plaatsgevonden; van dit en een eerder incident is aangifte gedaan. "
        "Tijdens de periodes van verzet ligt de behandeling volledig stil. Er is onderliggende "
        "problematiek (autismespectrumstoornis, stemmingswisselingen, suïcidaliteit). De "
        "machtiging gesloten jeugdzorg loopt over vier maanden af."
    ),
    question=(
        "Kan de ZVH regie voeren op een passende behandelplek en een veilig perspectief na "
        "afloop van de machtiging?"
    ),
    purpose=(
        "Een gezamenlijk perspectief voor behandeling en wonen na de gesloten jeugdzorg, met "
        "aandacht voor de veiligheid van de jonge vrouw en haar omgeving."
    ),
    questions=(
        "Welke behandelplekken zijn onderzocht? Wat is de stand van de strafzaken? Wie is "
        "betrokken na het 18e jaar?"
    ),
    main_goals=(
        "De jonge vrouw krijgt intensieve behandeling en woont daarna veilig in een beschermd "
        "wonen-voorziening.",
        "De jonge vrouw krijgt een behandeling en woonplek met voldoende bescherming; een "
        "forensisch kader wordt onderzocht.",
        "De jonge vrouw krijgt een behandeling en woonplek met voldoende bescherming; een "
        "forensisch kader wordt onderzocht.",
    ),
    goals=(
        (
            "psychisch",
            "Er is een intensieve behandelplek die de problematiek aankan.",
            "Plaatsing gerealiseerd",
        ),
        ("wonen", "Na de behandeling is er een beschermde woonplek.", "Indicatie en plek"),
        ("justitie", "Geen nieuwe geweldsincidenten.", "Geen nieuwe aangiften"),
    ),
    interventions=(
        SeedIntervention(
            "zorg",
            "vrijwillig",
            "jeugdzorgplus",
            "Verblijf en behandeling in de gesloten jeugdzorg zolang de machtiging loopt.",
            (IS.LOPEND, IS.LOPEND, IS.LOPEND, IS.LOPEND),
            0,
        ),
        SeedIntervention(
            "straf",
            "dwang",
            "politie",
            "Afhandeling van de aangiften en verhoor; advies aan het OM over de strafzaak.",
            (IS.LOPEND, IS.AFGEROND, IS.AFGEROND, IS.AFGEROND),
            2,
        ),
        SeedIntervention(
            "zorg",
            "vrijwillig",
            "jeugdteam",
            "Het jeugdteam blijft betrokken bij de overgang van 18- naar 18+.",
            (IS.GEPLAND, IS.LOPEND, IS.LOPEND, IS.LOPEND),
            1,
        ),
        SeedIntervention(
            "bestuurlijk",
            "vrijwillig",
            "gemeente",
            "Bestuurlijke opschaling: de gemeente zoekt met zorgaanbieders een "
            "intensieve behandelplek en bekostiging.",
            ("", IS.LOPEND, IS.LOPEND, IS.LOPEND),
            0,
        ),
        SeedIntervention(
            "zorg",
            "drang",
            "forensisch",
            "Onderzoek naar een forensisch kader en een behandelplek met beveiliging.",
            ("", "", IS.GEPLAND, IS.LOPEND),
            0,
        ),
    ),
    evaluation_versions_days_ago=(62, 21),
    casusregisseur="jeugdbescherming",
    casusregisseur_name="Lotte de Graaf",
    invitees=("jeugdzorgplus", "ggz"),
    beeldvorming=(
        "De instelling deelt dat de behandeling bij elk incident stilvalt. Politie licht de "
        "aangiften toe. Het jeugdteam kent de jonge vrouw al ruim voor haar 18e.",
        "Na de tactische opschaling is nog geen behandelplek gevonden; drie aanbieders hebben "
        "afgewezen. De machtiging loopt over zes weken af.",
        "Het gewenste scenario (intensieve behandeling, daarna beschermd wonen) biedt volgens "
        "alle partners onvoldoende bescherming.",
    ),
    escalations=(
        SeedEscalation(
            EscalationLevel.TACTISCH,
            "Geen enkele aanbieder in de regio neemt de jonge vrouw op voor intensieve "
            "behandeling. Kunnen de managers van jeugdbescherming, GGZ en gemeente een plek "
            "met voorrang realiseren?",
            "Tactisch overleg ZVH (managers van de ketenpartners)",
            95,
            EscalationStatus.AFGEROND,
            "Geen plek binnen de regio te realiseren; besloten op te schalen naar "
            "bestuurlijk niveau.",
            66,
        ),
        SeedEscalation(
            EscalationLevel.STRATEGISCH,
            "Bestuurlijke opschaling: intensieve behandeling gevolgd door beschermd wonen "
            "biedt onvoldoende bescherming. Wie besluit over een forensisch kader en de "
            "bekostiging over de grens van 18 jaar heen?",
            "Stuurgroep Zorg- en Veiligheidshuis (wethouder zorg en burgemeester)",
            60,
            EscalationStatus.LOPEND,
            addressed_to="bestuurder",
            briefing=(
                "Een jonge vrouw van 18 verlaat binnenkort de gesloten jeugdzorg. Partners en "
                "managers vinden in de regio geen passende plek; de tafel vreest voor haar "
                "veiligheid en die van haar omgeving. Gevraagd wordt een besluit over het kader "
                "en de bekostiging na haar achttiende."
            ),
        ),
    ),
    overdue_actions=(
        ("politie", "Stand van de strafzaken (twee aangiften) opvragen en delen met de tafel.", 9),
    ),
    next_evaluation_in_days=5,
)


HOMELESS_MAN = SeedCase(
    key="dakloze-man",
    title="Voorbeeld Volwassenen: dakloze man (45) met alcoholproblematiek",
    table_key="volwassenen",
    kind=CaseKind.PERSOON,
    source=ReferralSource.ZSM,
    reporter="om",
    municipality="Dordrecht",
    town="Dordrecht",
    street="",
    people=(SeedPerson("Ruud", "", "Kraaijeveld", Gender.MAN, 45, 200, PersonRole.HOOFDPERSOON),),
    path=(S.AANGEMELD, S.IN_UITVRAAG, S.IN_TRIAGE, S.GEAGENDEERD, S.IN_UITVOERING),
    days_ago=(205, 204, 196, 192, 186),
    domain_codes=("wonen", "verslaving", "psychisch", "justitie", "zelfredzaamheid"),
    description=(
        "Verdachte van bedreiging binnen de woonvoorziening. Voorafgaand aan de aanhouding "
        "waanbeelden en suïcidaal gedrag. Betrokkene is geschorst bij de woonvoorziening en "
        "leeft op straat. Structureel alcoholgebruik. Geen justitieel kader meer; eerder "
        "toezicht door de reclassering. Er loopt een aanvraag voor ophoging van de Wlz-indicatie."
    ),
    question="Kan er een passende woonplek met zorg komen, ondanks de wachtlijsten?",
    purpose=(
        "Eén plan voor een passende woonplek, behandeling van de verslaving en psychische "
        "klachten, en het voorkomen van nieuwe incidenten."
    ),
    questions="Welke woonvoorzieningen zijn benaderd? Hoe staat de Wlz-aanvraag ervoor?",
    main_goals=(
        "Betrokkene heeft een passende woonplek met zorg en er zijn geen nieuwe incidenten.",
        "Betrokkene heeft een passende woonplek met zorg en er zijn geen nieuwe incidenten.",
        "Betrokkene woont in een Wlz-voorziening met passende zorg en drinkt minder.",
    ),
    goals=(
        ("wonen", "Betrokkene heeft een passende woonplek.", "Plaatsing gerealiseerd"),
        ("verslaving", "Het alcoholgebruik is afgenomen.", "Behandeling gestart"),
        ("psychisch", "Er is een psychiatrische diagnose en behandeling.", "Diagnose gesteld"),
        ("zelfredzaamheid", "De Wlz-indicatie is opgehoogd.", "Besluit CIZ"),
    ),
    interventions=(
        SeedIntervention(
            "zorg",
            "vrijwillig",
            "legerdesheils",
            "Nachtopvang en ambulante begeleiding; zoeken naar een woonplek.",
            (IS.LOPEND, IS.LOPEND, IS.LOPEND, IS.LOPEND),
            0,
        ),
        SeedIntervention(
            "zorg",
            "drang",
            "ggz",
            "Bemoeizorg en psychiatrische diagnostiek (waanbeelden, suïcidaliteit).",
            (IS.GEPLAND, IS.LOPEND, IS.LOPEND, IS.LOPEND),
            2,
        ),
        SeedIntervention(
            "zorg",
            "vrijwillig",
            "mee",
            "Cliëntondersteuning bij de aanvraag voor ophoging van de Wlz-indicatie.",
            (IS.LOPEND, IS.LOPEND, IS.AFGEROND, IS.AFGEROND),
            3,
        ),
        SeedIntervention(
            "zorg",
            "vrijwillig",
            "verslavingszorg",
            "Alcoholbehandeling, te beginnen met motiverende gesprekken in de opvang.",
            ("", IS.GEPLAND, IS.LOPEND, IS.LOPEND),
            1,
        ),
        SeedIntervention(
            "straf",
            "drang",
            "reclassering",
            "Strafzaak bedreiging: advies voor een voorwaardelijk sepot met "
            "behandelverplichting en reclasseringscontact.",
            ("", "", IS.LOPEND, IS.LOPEND),
            1,
        ),
    ),
    evaluation_versions_days_ago=(118, 40),
    casusregisseur="legerdesheils",
    casusregisseur_name="Dennis Brouwer",
    invitees=("ggz", "legerdesheils", "mee", "verslavingszorg"),
    beeldvorming=(
        "Politie en OM lichten de aanhouding toe. Het Leger des Heils ziet betrokkene "
        "dagelijks in de nachtopvang. Er zijn geen vrije plekken in de woonvoorzieningen.",
        "De Wlz-aanvraag loopt nog. Betrokkene drinkt dagelijks; er waren twee kleine "
        "incidenten in de nachtopvang.",
        "De indicatie is opgehoogd; een plek komt over ongeveer twee maanden vrij. Betrokkene "
        "staat open voor behandeling van het alcoholgebruik.",
    ),
    overdue_actions=(
        ("ggz", "Psychiatrisch onderzoek inplannen en de uitkomst delen met de tafel.", 12),
        ("ggz", "Afstemmen met de verslavingszorg over een gecombineerde behandeling.", 4),
        ("politie", "Meldingen rond de nachtopvang van de afgelopen maand terugkoppelen.", 6),
    ),
    next_evaluation_in_days=12,
)


CLOSED_FAMILY = SeedCase(
    key="gesloten-gezin",
    title="Voorbeeld Huiselijk Geweld: gesloten gezinssysteem, aangemeld door Veilig Thuis",
    table_key="huiselijk-geweld",
    kind=CaseKind.SYSTEEM,
    source=ReferralSource.VEILIG_THUIS,
    reporter="veiligthuis",
    municipality="Hardinxveld-Giessendam",
    town="Hardinxveld-Giessendam",
    street="Dijkstraat 87",
    people=(
        SeedPerson("Henk", "van der", "Wal", Gender.MAN, 58, 40, PersonRole.HOOFDPERSOON),
        SeedPerson("Wilma", "van der", "Wal", Gender.VROUW, 55, 300, PersonRole.PARTNER),
        SeedPerson("Gijs", "van der", "Wal", Gender.MAN, 27, 12, PersonRole.KIND),
        SeedPerson("Marloes", "van der", "Wal", Gender.VROUW, 25, 180, PersonRole.KIND),
        SeedPerson("Teun", "van der", "Wal", Gender.MAN, 23, 90, PersonRole.KIND),
        SeedPerson("Roos", "van der", "Wal", Gender.VROUW, 20, 222, PersonRole.KIND),
        SeedPerson("Fenna", "van der", "Wal", Gender.VROUW, 16, 33, PersonRole.KIND),
    ),
    path=(
        S.AANGEMELD,
        S.IN_UITVRAAG,
        S.IN_TRIAGE,
        S.GEAGENDEERD,
        S.IN_UITVOERING,
        S.AFGESCHAALD,
        S.IN_UITVOERING,
        S.AFGESLOTEN,
    ),  # fmt: skip
    days_ago=(340, 339, 333, 330, 326, 250, 160, 24),
    domain_codes=("veiligheid", "gezin", "psychisch", "lichamelijk", "wonen"),
    description=(
        "Veilig Thuis meldt een zeer complex gezinssysteem: vader, moeder en vijf grotendeels "
        "meerderjarige kinderen. Het systeem is gesloten en zorgmijdend; hulpverlening, "
        "huisarts en Veilig Thuis worden niet binnengelaten. Bij de politie zijn meerdere "
        "meldingen van huiselijk geweld bekend. Er zijn zorgen over de lichamelijke en "
        "psychische conditie van een meerderjarig kind en een minderjarige heeft suïcidale "
        "uitspraken gedaan."
    ),
    question="Hoe krijgen we zicht op de veiligheid van alle gezinsleden en zorg binnen?",
    purpose="De veiligheid van alle gezinsleden borgen en passende (gedwongen) zorg inzetten.",
    questions="Welke meldingen zijn bekend? Wie heeft nog contact met het gezin?",
    main_goals=(
        "De veiligheid van alle gezinsleden is geborgd en iedere persoon krijgt passende zorg.",
        "De volwassen kinderen gaan een zelfstandig leven leiden.",
        "De volwassen kinderen gaan een zelfstandig leven leiden.",
    ),
    goals=(
        ("veiligheid", "Er zijn geen nieuwe meldingen van geweld.", "Meldingen politie en VT"),
        (
            "psychisch",
            "Ieder gezinslid met zorgen is in beeld bij passende zorg.",
            "Zorg per persoon gestart",
        ),
        ("wonen", "De volwassen kinderen wonen zelfstandig of begeleid.", "Woonplek per kind"),
    ),
    interventions=(
        SeedIntervention(
            "zorg",
            "dwang",
            "ggz",
            "Beoordeling en zo nodig verplichte zorg (Wvggz) voor het meerderjarige "
            "kind met zorgwekkende conditie.",
            (IS.LOPEND, IS.AFGEROND, IS.AFGEROND, IS.AFGEROND),
            1,
        ),
        SeedIntervention(
            "zorg",
            "drang",
            "veiligthuis",
            "Veiligheidsplan met alle gezinsleden; Veilig Thuis toetst maandelijks.",
            (IS.LOPEND, IS.LOPEND, IS.AFGEROND, IS.AFGEROND),
            0,
        ),
        SeedIntervention(
            "zorg",
            "drang",
            "jeugdbescherming",
            "Hulp en veiligheid voor de minderjarige na de suïcidale uitspraken.",
            (IS.LOPEND, IS.LOPEND, IS.AFGEROND, IS.AFGEROND),
            1,
        ),
        SeedIntervention(
            "straf",
            "dwang",
            "politie",
            "Meldingen van huiselijk geweld met voorrang afhandelen en delen.",
            (IS.LOPEND, IS.AFGEROND, IS.AFGEROND, IS.AFGEROND),
            0,
        ),
        SeedIntervention(
            "zorg",
            "vrijwillig",
            "wijkteam",
            "Begeleiding van de volwassen kinderen naar zelfstandig wonen, samen "
            "met huisarts en kerk.",
            ("", IS.LOPEND, IS.LOPEND, IS.AFGEROND),
            2,
        ),
    ),
    evaluation_versions_days_ago=(80,),
    casusregisseur="ggz",
    casusregisseur_name="Esther Smits",
    invitees=("ggz", "jeugdbescherming", "wijkteam"),
    beeldvorming=(
        "Veilig Thuis en politie delen de meldingen: structurele onveiligheid met fysiek en "
        "verbaal geweld. Niemand komt binnen. Gezamenlijke conclusie: ingrijpen is nodig.",
        "Her-melding door de casusregisseur: grote zorgen over de dynamiek in het gezin. Met "
        "alle betrokkenen, ook de kerk en de huisarts, is de situatie geanalyseerd.",
        "Twee volwassen kinderen wonen inmiddels begeleid zelfstandig; de rust in het gezin "
        "is teruggekeerd.",
    ),
    closure=(
        "deels_behaald",
        "Hoofddoel grotendeels behaald: de volwassen kinderen leiden een zelfstandiger leven "
        "met passende zorg en begeleiding. Casusregie ligt bij de betrokken zorginstantie; de "
        "casus is succesvol afgesloten.",
    ),
    evaluation=(
        False,
        "Het informele netwerk (kerk, huisarts) had eerder aan tafel moeten komen. Na de eerste "
        "afschaling ontbrak een vast moment om de dynamiek in het gezin te toetsen.",
        "Gedwongen zorg voor meerdere gezinsleden tegelijk vraagt één bestuurlijk aanspreekpunt "
        "bij de gemeente. Voorstel: financiering voor systeemgerichte begeleiding van "
        "jongvolwassenen die in een gesloten gezin opgroeien.",
    ),
)

SEED_CASES = (YOUNG_WOMAN, HOMELESS_MAN, CLOSED_FAMILY)
SEED_TITLES = tuple(seed.title for seed in SEED_CASES)
