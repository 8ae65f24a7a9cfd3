"""The wording of demo cases, per regietafel: titles, meldingen, questions and answers.

Titles never contain a name or BSN, as the product asks of every case title.
"""

TITLES = {
    "jeugd": (
        "Schoolverzuim en betrokkenheid bij overlast",
        "Zorgen over criminele uitbuiting van een jongere",
        "Aanhoudend spijbelen en conflicten thuis",
        "Jongere met wapenbezit en middelengebruik",
        "Jongere in beeld bij politie en jeugdbescherming",
        "Zorgen over online uitbuiting",
        "Herhaalde winkeldiefstal en schooluitval",
    ),
    "volwassenen": (
        "Overlast en verwaarlozing",
        "Verward gedrag en dreigende huisuitzetting",
        "Schulden, verslaving en overlast",
        "Herhaald geweld in de openbare ruimte",
        "Zorgmijding en vervuilde woning",
        "Bedreiging van hulpverleners",
        "Terugkerende woonoverlast en burenconflict",
    ),
    "huiselijk-geweld": (
        "Herhaald huiselijk geweld",
        "Zorgen over de veiligheid van de kinderen",
        "Escalerende scheiding met geweld",
        "Vermoeden van ouderenmishandeling",
        "Belaging door ex-partner",
    ),
    "nazorg": (
        "Terugkeer na detentie zonder woonadres",
        "Nazorg na detentie: inkomen en identiteitsbewijs",
        "Re-integratie na langdurige detentie",
        "Terugkeer na detentie met verslavingsproblematiek",
    ),
    "o3mp": (
        "Jongerengroep veroorzaakt overlast in de wijk",
        "Aanhoudende onrust in een straat",
        "Ontwrichtende situatie in een portiekflat",
        "Overlastgevende groep bij een winkelcentrum",
        "Ondoorgrondelijke situatie rond één adres",
    ),
}

DESCRIPTIONS = {
    "jeugd": (
        "De jongere verzuimt al maanden van school en wordt regelmatig aangetroffen bij een "
        "groep die overlast geeft. Ouders geven aan de grip kwijt te zijn. Leerplicht, "
        "politie en het jeugdteam zijn ieder afzonderlijk betrokken, zonder gezamenlijk plan."
    ),
    "volwassenen": (
        "Betrokkene veroorzaakt al langere tijd overlast in de buurt, heeft oplopende schulden "
        "en lijkt zorg te mijden. Er zijn meerdere meldingen bij politie en wijkteam; eerdere "
        "hulp is steeds afgebroken. De woning dreigt te worden ontruimd."
    ),
    "huiselijk-geweld": (
        "Na een nieuwe melding van huiselijk geweld in het gezin maakt Veilig Thuis zich "
        "zorgen over de veiligheid van de partner en de kinderen. Eerdere afspraken zijn niet "
        "nagekomen; er loopt een strafrechtelijk traject."
    ),
    "nazorg": (
        "Betrokkene komt binnenkort vrij na een detentieperiode en keert terug naar de regio. "
        "Er is nog geen woonadres, geen inkomen en geen geldig identiteitsbewijs. Eerdere "
        "terugkeer leidde snel tot nieuwe delicten."
    ),
    "o3mp": (
        "In de straat is al maanden onrust: intimidatie van bewoners, vernielingen en "
        "vermoedelijke drugshandel. Meerdere partners zijn betrokken bij afzonderlijke "
        "personen, maar niemand heeft zicht op het geheel."
    ),
}

QUESTIONS = {
    "jeugd": "Kan de ZVH een gezamenlijke aanpak rond deze jongere en het gezin organiseren?",
    "volwassenen": "Wie kan regie nemen op zorg, schulden en woonsituatie samen?",
    "huiselijk-geweld": "Hoe borgen we de veiligheid van partner en kinderen op korte termijn?",
    "nazorg": "Kunnen wonen, inkomen en ID vóór de invrijheidstelling geregeld worden?",
    "o3mp": "Hoe krijgen partners samen grip op de situatie in deze straat?",
}

PURPOSES = {
    "jeugd": "Een gezamenlijk plan van aanpak voor de jongere en het gezin, gericht op "
    "terugkeer naar school en het stoppen van strafbaar gedrag.",
    "volwassenen": "Eén plan van aanpak voor zorg, schulden en wonen, zodat overlast en "
    "verdere teloorgang stoppen.",
    "huiselijk-geweld": "Het geweld stoppen en de veiligheid van alle gezinsleden borgen.",
    "nazorg": "Een sluitende terugkeer na detentie: onderdak, inkomen, identiteitsbewijs "
    "en zorg vanaf de eerste dag.",
    "o3mp": "Een gebiedsgerichte aanpak die de onrust in de straat beëindigt.",
}

TRIAGE_QUESTIONS = {
    "jeugd": "Welke partners zijn al betrokken? Is er sprake van uitbuiting?",
    "volwassenen": "Welke zorg is eerder ingezet en waarom afgebroken? Wat is de schuldenlast?",
    "huiselijk-geweld": "Is er een risicotaxatie? Zijn er contactverboden?",
    "nazorg": "Wanneer is de invrijheidstelling? Welke bijzondere voorwaarden gelden?",
    "o3mp": "Wie zijn de kernfiguren? Welke bestuurlijke maatregelen zijn mogelijk?",
}

LIFE_DOMAINS = {
    "jeugd": ("werk", "gezin", "justitie", "netwerk", "verslaving"),
    "volwassenen": ("wonen", "financien", "psychisch", "verslaving", "inkomen"),
    "huiselijk-geweld": ("veiligheid", "gezin", "psychisch", "justitie"),
    "nazorg": ("wonen", "inkomen", "identiteit", "justitie", "werk"),
    "o3mp": ("wonen", "justitie", "netwerk", "psychisch", "zelfredzaamheid"),
}

REQUEST_QUESTION = (
    "Is betrokkene bij uw organisatie bekend? Zo ja: sinds wanneer, in welk kader, wat is "
    "de huidige inzet en wie is het aanspreekpunt?"
)

ANSWERS = (
    "Bekend sinds vorig jaar. Er loopt een traject; de contactpersoon is de behandelaar "
    "van het team. Betrokkene houdt zich wisselend aan afspraken.",
    "Niet bekend bij onze organisatie.",
    "Bekend; het contact is vorige maand door betrokkene verbroken. Wij zien graag een "
    "gezamenlijke aanpak.",
    "Bekend met meerdere registraties in het afgelopen jaar. Details worden op de "
    "regietafel toegelicht.",
)

TRIAGE_REASON_AGENDEREN = (
    "Problemen op meerdere leefgebieden, meerdere ketens betrokken en de reguliere "
    "samenwerking is vastgelopen: agenderen."
)

TRIAGE_REASONS_OTHER = {
    "advies": "Geen ZVH-casus: de melder krijgt advies over de aanpak in het eigen netwerk.",
    "doorverwijzen": "Past beter in het lokale veld; doorverwezen naar het sociaal team.",
    "zsm_advies": "Enkelvoudige strafzaak; ZSM-advies gegeven aan het OM.",
    "niet_in_behandeling": "Voldoet niet aan de criteria van het Landelijk Kader.",
}
