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


# -- Plan van aanpak -------------------------------------------------------------------
# Texts never name a person: they speak of "betrokkene", "de jongere", "het gezin".

MAIN_GOALS = {
    "jeugd": (
        "De jongere gaat weer naar school en pleegt geen nieuwe strafbare feiten.",
        "De jongere is los van de overlastgevende groep en heeft een veilige plek thuis.",
        "Uitbuiting stopt en de jongere en de ouders werken mee aan passende hulp.",
    ),
    "volwassenen": (
        "Betrokkene woont stabiel, krijgt passende zorg en veroorzaakt geen overlast meer.",
        "De overlast stopt en betrokkene accepteert zorg voor verslaving en psychische klachten.",
        "Betrokkene behoudt de woning, de schulden zijn gestabiliseerd en er is dagbesteding.",
    ),
    "huiselijk-geweld": (
        "Het geweld stopt en alle gezinsleden zijn veilig, thuis en daarbuiten.",
        "De kinderen groeien veilig op; de ouders houden zich aan het veiligheidsplan.",
        "De belaging stopt en het slachtoffer voelt zich veilig in de eigen woning.",
    ),
    "nazorg": (
        "Betrokkene heeft bij vrijlating onderdak, inkomen, een ID-bewijs en zorg, "
        "en pleegt geen nieuwe delicten.",
        "Een veilige terugkeer in de wijk met dagbesteding en een steunend netwerk.",
    ),
    "o3mp": (
        "De onrust in de straat is beëindigd en bewoners voelen zich weer veilig.",
        "De kernfiguren zijn in beeld, de overlast is gestopt en kwetsbare bewoners krijgen zorg.",
    ),
}

# Per leefgebied: the analysis while it is a concern, once stable, and once in order.
DOMAIN_ANALYSES = {
    "wonen": (
        "Geen stabiele woonplek; dreigende ontruiming of verblijf in de opvang.",
        "Tijdelijke woonplek gevonden; begeleiding loopt.",
        "Vaste woonplek met begeleiding; huur wordt betaald.",
    ),
    "financien": (
        "Oplopende schulden, meerdere schuldeisers; geen overzicht.",
        "Schulden in kaart, budgetbeheer aangevraagd.",
        "Budgetbeheer loopt; geen nieuwe schulden.",
    ),
    "inkomen": (
        "Geen vast inkomen; uitkering gestopt of niet aangevraagd.",
        "Uitkering aangevraagd, voorschot verstrekt.",
        "Vast inkomen uit uitkering of werk.",
    ),
    "werk": (
        "Geen school, werk of dagbesteding; dagen zonder structuur.",
        "Start gemaakt met dagbesteding of school, wisselende aanwezigheid.",
        "Gaat structureel naar school, werk of dagbesteding.",
    ),
    "psychisch": (
        "Ernstige psychische klachten zonder passende behandeling.",
        "In behandeling; klachten wisselend maar hanteerbaar.",
        "Behandeling loopt goed; klachten stabiel.",
    ),
    "lichamelijk": (
        "Verwaarloosde lichamelijke gezondheid; mijdt de huisarts.",
        "Huisarts weer betrokken; controles ingepland.",
        "Geen bijzonderheden.",
    ),
    "verslaving": (
        "Dagelijks middelengebruik dat het functioneren beheerst.",
        "Gebruik afgenomen; behandeling gestart.",
        "Geen problematisch gebruik meer.",
    ),
    "justitie": (
        "Meerdere recente delicten; strafzaak loopt.",
        "Geen nieuwe delicten sinds de start van het plan; voorwaarden worden nageleefd.",
        "Strafzaak afgerond; geen nieuwe registraties.",
    ),
    "netwerk": (
        "Negatief netwerk; weinig steunende contacten.",
        "Contact met familie hersteld; afstand tot negatief netwerk.",
        "Steunend netwerk betrokken bij het plan.",
    ),
    "gezin": (
        "Ouders kunnen onvoldoende sturing en begrenzing bieden.",
        "Gezinsbegeleiding loopt; afspraken thuis worden beter nagekomen.",
        "Gezin functioneert zonder intensieve hulp.",
    ),
    "veiligheid": (
        "Structurele onveiligheid thuis; recente meldingen van geweld.",
        "Veiligheidsplan wordt nageleefd; geen nieuwe meldingen.",
        "Veiligheid thuis geborgd.",
    ),
    "identiteit": (
        "Geen geldig identiteitsbewijs.",
        "Identiteitsbewijs aangevraagd.",
        "Geldig identiteitsbewijs aanwezig.",
    ),
    "zelfredzaamheid": (
        "Vermoeden van een licht verstandelijke beperking; overvraagd door regels en post.",
        "Onderzoek gedaan; ondersteuning bij administratie gestart.",
        "Passende ondersteuning ingericht.",
    ),
}

# Per leefgebied: a measurable subdoel and how it is measured.
GOALS = {
    "wonen": ("Betrokkene heeft een vaste woonplek met begeleiding.", "Huurcontract of plaatsing"),
    "financien": (
        "De schulden zijn in beeld en er komen geen nieuwe bij.",
        "Budgetbeheer actief, geen nieuwe achterstanden",
    ),
    "inkomen": ("Betrokkene heeft een vast inkomen.", "Uitkering of loon ontvangen"),
    "werk": (
        "Betrokkene gaat structureel naar school, werk of dagbesteding.",
        "Aanwezigheid minstens 80% per maand",
    ),
    "psychisch": (
        "Betrokkene is in behandeling en komt afspraken na.",
        "Behandelcontacten volgens plan",
    ),
    "lichamelijk": ("De huisarts is weer betrokken.", "Ingeschreven en op controle geweest"),
    "verslaving": (
        "Het middelengebruik is afgenomen en betrokkene is in behandeling.",
        "Behandeling gestart, urinecontroles negatief",
    ),
    "justitie": (
        "Er zijn geen nieuwe strafbare feiten.",
        "Geen nieuwe registraties bij politie",
    ),
    "netwerk": (
        "Er is een steunend netwerk dat meedoet aan het plan.",
        "Minstens twee steunfiguren benoemd",
    ),
    "gezin": (
        "De ouders stellen grenzen en werken mee aan gezinsbegeleiding.",
        "Afspraken thuis worden nagekomen",
    ),
    "veiligheid": (
        "Er is een veiligheidsplan dat alle gezinsleden naleven.",
        "Geen nieuwe meldingen van geweld",
    ),
    "identiteit": ("Betrokkene heeft een geldig identiteitsbewijs.", "ID-bewijs opgehaald"),
    "zelfredzaamheid": (
        "Betrokkene krijgt passende ondersteuning bij de administratie.",
        "Ondersteuning minstens wekelijks",
    ),
}

# (lijn, kader, organisatie, interventie) per regietafel.
INTERVENTIONS = {
    "jeugd": (
        ("zorg", "drang", "jeugdbescherming", "Ondertoezichtstelling: de jeugdbeschermer ziet "
         "jongere en ouders wekelijks en bewaakt de afspraken."),
        ("onderwijs", "drang", "leerplicht", "Traject terug naar school via een "
         "plusvoorziening; leerplicht bewaakt de aanwezigheid."),
        ("straf", "dwang", "politie", "Persoonsgerichte aanpak: de wijkagent voert "
         "stopgesprekken en deelt signalen met de tafel."),
        ("zorg", "vrijwillig", "jeugdteam", "Gezinsbegeleiding door het jeugdteam, gericht op "
         "grenzen stellen en toezicht thuis."),
        ("straf", "dwang", "raad", "Advies over jeugdreclassering en bijzondere voorwaarden "
         "bij de strafzaak."),
        ("zorg", "vrijwillig", "wss", "Begeleiding bij de licht verstandelijke beperking en "
         "psycho-educatie voor de ouders."),
        ("bestuurlijk", "drang", "gemeente", "Gesprek van de burgemeester met jongere en ouders "
         "(waarschuwing in het kader van de groepsaanpak)."),
    ),
    "volwassenen": (
        ("zorg", "drang", "ggz", "Bemoeizorg en psychiatrische diagnostiek door het FACT-team."),
        ("zorg", "vrijwillig", "verslavingszorg", "Ambulante verslavingsbehandeling met "
         "motiverende gesprekken."),
        ("straf", "dwang", "reclassering", "Reclasseringstoezicht met meldplicht en "
         "behandelverplichting als bijzondere voorwaarden."),
        ("straf", "dwang", "om", "Strafzaak: het OM vordert een voorwaardelijke straf met "
         "bijzondere voorwaarden."),
        ("zorg", "vrijwillig", "legerdesheils", "Ambulante woonbegeleiding en dagbesteding."),
        ("zorg", "vrijwillig", "mee", "Cliëntondersteuning bij aanvragen voor uitkering en "
         "indicatie."),
        ("bestuurlijk", "dwang", "gemeente", "Gebiedsverbod door de burgemeester bij nieuwe "
         "overlast."),
        ("zorg", "drang", "ggd", "Team Toeleiding en Bemoeizorg zoekt betrokkene op en leidt "
         "toe naar zorg."),
    ),
    "huiselijk-geweld": (
        ("straf", "dwang", "om", "Strafrechtelijke afdoening met een contactverbod."),
        ("bestuurlijk", "dwang", "gemeente", "Tijdelijk huisverbod van tien dagen door de "
         "burgemeester."),
        ("zorg", "drang", "veiligthuis", "Veiligheidsplan opstellen en maandelijks toetsen met "
         "alle gezinsleden."),
        ("zorg", "drang", "forensisch", "Behandeling agressieregulatie voor de pleger."),
        ("straf", "dwang", "reclassering", "Toezicht op het contactverbod met elektronische "
         "monitoring."),
        ("zorg", "drang", "raad", "Raadsonderzoek naar de veiligheid en ontwikkeling van de "
         "kinderen."),
        ("zorg", "vrijwillig", "wijkteam", "Steun aan slachtoffer en kinderen door het "
         "sociaal wijkteam."),
        ("straf", "dwang", "politie", "Politie rijdt extra surveillance en handelt meldingen "
         "met voorrang af."),
    ),
    "nazorg": (
        ("zorg", "vrijwillig", "rio", "De re-integratieofficier spreekt betrokkene in de PI en "
         "begeleidt de eerste maanden na vrijlating."),
        ("straf", "dwang", "reclassering", "Toezicht bij de voorwaardelijke invrijheidstelling."),
        ("bestuurlijk", "vrijwillig", "sociale-dienst", "Uitkering aanvragen vóór vrijlating, "
         "zodat er inkomen is vanaf dag één."),
        ("bestuurlijk", "vrijwillig", "pi", "Identiteitsbewijs aanvragen tijdens detentie."),
        ("zorg", "vrijwillig", "mee", "Buddyzorg door MEE in de eerste maanden na vrijlating."),
        ("zorg", "drang", "verslavingszorg", "Verslavingsbehandeling die direct aansluit op de "
         "detentie."),
        ("zorg", "vrijwillig", "legerdesheils", "Tijdelijk onderdak in de maatschappelijke "
         "opvang, met begeleiding naar eigen woonruimte."),
    ),
    "o3mp": (
        ("bestuurlijk", "dwang", "gemeente", "Sluiting van de woning (artikel 13b Opiumwet) "
         "voorbereiden."),
        ("straf", "dwang", "politie", "Gerichte controles en aanpak van de kernfiguren."),
        ("zorg", "drang", "ggd", "Bemoeizorg voor kwetsbare bewoners rond het adres."),
        ("zorg", "vrijwillig", "wijkteam", "Buurtbemiddeling en wijkgerichte aanpak door het "
         "wijkteam."),
        ("straf", "dwang", "om", "Snelrecht bij nieuwe incidenten in de straat."),
        ("zorg", "drang", "ggz", "Psychiatrische beoordeling van een bewoner met verward gedrag."),
        ("zorg", "vrijwillig", "mee", "Ondersteuning van bewoners met een licht verstandelijke "
         "beperking."),
    ),
}  # fmt: skip

# Who usually holds casusregie (the ZVH keeps procesregie), per table.
CASUSREGISSEURS = {
    "jeugd": ("jeugdbescherming", "jeugdteam", "wss"),
    "volwassenen": ("reclassering", "ggd", "legerdesheils"),
    "huiselijk-geweld": ("veiligthuis", "reclassering"),
    "nazorg": ("reclassering", "rio"),
    "o3mp": ("politie", "ggd"),
}

NON_COMPLIANCE = {
    "jeugd": (
        "Bij nieuwe delicten of schoolverzuim vraagt de Raad een machtiging uithuisplaatsing "
        "aan en adviseert het OM over voorlopige hechtenis."
    ),
    "volwassenen": (
        "Bij niet-naleving meldt de reclassering dit binnen een week aan het OM; de GGZ toetst "
        "of een crisismaatregel of zorgmachtiging (Wvggz) nodig is."
    ),
    "huiselijk-geweld": (
        "Bij overtreding van het contactverbod houdt de politie betrokkene aan; de burgemeester "
        "legt opnieuw een huisverbod op en de Raad start een beschermingsonderzoek."
    ),
    "nazorg": (
        "Bij het niet nakomen van de voorwaarden meldt de reclassering dit aan het OM; "
        "de voorwaardelijke invrijheidstelling kan worden herroepen."
    ),
    "o3mp": (
        "Bij aanhoudende overlast zet de gemeente de bestuurlijke maatregelen door en "
        "vervolgt het OM met voorrang."
    ),
}

MONITORING = (
    "De casusregisseur rapporteert maandelijks aan de procesregisseur; partners melden "
    "incidenten binnen twee werkdagen.",
    "Tweewekelijks kort telefonisch overleg tussen casusregisseur en procesregisseur; "
    "evaluatie op de regietafel.",
    "Partners melden voortgang op hun eigen interventie in Schakel; de procesregisseur "
    "agendeert de casus bij stagnatie.",
)

REVISED_MONITORING = (
    "Rapportage door de casusregisseur elke vier weken; na drie stabiele maanden bespreken "
    "we afschalen.",
    "Voortgang op de interventies wordt elke twee weken gemeld; bij nieuwe incidenten "
    "direct agenderen.",
)

REPORTING_FREQUENCIES = ("Maandelijks", "Elke twee weken", "Elke zes weken")

ESCALATION_AGREEMENTS = (
    "Opschalen naar tactisch niveau als een partner geen passende plek of inzet kan "
    "leveren binnen vier weken. Afschalen zodra de casusregisseur de regie zelfstandig kan "
    "voeren en de risico's beheersbaar zijn.",
    "Bij een nieuw ernstig incident agendeert de procesregisseur de casus binnen een week. "
    "Afschalen na twee evaluaties zonder nieuwe incidenten.",
)

# -- Casusoverleg: BOB minutes ---------------------------------------------------------

BEELDVORMING = {
    "jeugd": (
        "Partners delen hun informatie. Schoolverzuim is de afgelopen maand toegenomen; "
        "politie ziet de jongere terug bij de groep rond het winkelcentrum. Ouders zijn "
        "bereid mee te werken maar geven aan geen grip te hebben.",
        "De jongere is opnieuw aangehouden. Jeugdbescherming ziet dat afspraken thuis niet "
        "worden nagekomen. Leerplicht meldt dat een plek op een plusvoorziening beschikbaar is.",
    ),
    "volwassenen": (
        "Betrokkene veroorzaakt nog steeds overlast; er zijn drie nieuwe meldingen. Zorg wordt "
        "afgehouden. De woonvoorziening wil betrokkene niet terugnemen zonder behandeling.",
        "Partners zien een wisselend beeld: contact met de bemoeizorg is er, maar afspraken "
        "worden niet nagekomen. De strafzaak staat over zes weken op zitting.",
    ),
    "huiselijk-geweld": (
        "Veilig Thuis deelt de recente meldingen; politie bevestigt twee incidenten met fysiek "
        "geweld. De kinderen geven op school aan dat het thuis onrustig is.",
        "Het contactverbod wordt volgens de reclassering nageleefd. Het slachtoffer voelt zich "
        "veiliger; er zijn zorgen over de financiële afhankelijkheid.",
    ),
    "nazorg": (
        "De PI meldt de datum van invrijheidstelling. Er is nog geen woonadres en geen "
        "ID-bewijs; de uitkering kan pas worden aangevraagd met een geldig ID.",
        "Betrokkene is vrij en verblijft in de opvang. De re-integratieofficier heeft "
        "wekelijks contact; de eerste meldplicht bij de reclassering is nagekomen.",
    ),
    "o3mp": (
        "De politie deelt een beeld van de kernfiguren en de incidenten van de afgelopen "
        "maanden. Bewoners durven geen melding meer te doen.",
        "De overlast is afgenomen sinds de gerichte controles; rond één adres blijft het "
        "onrustig. Een kwetsbare bewoner is in beeld bij de bemoeizorg.",
    ),
}

OORDEELVORMING = (
    "De tafel is het eens dat zonder gezamenlijke aanpak de risico's toenemen. Zorg en "
    "straf moeten op elkaar aansluiten; drang is nodig omdat vrijwillige hulp niet slaagt.",
    "Partners wegen de belangen: veiligheid van de omgeving gaat voor, maar zorg moet de "
    "kern van het plan zijn. De huidige inzet is onvoldoende samenhangend.",
    "De risico's zijn afgenomen, maar het beeld is nog kwetsbaar. Afschalen is nog te vroeg.",
)

DECISIONS = {
    "agreed": "Plan van aanpak vastgesteld (versie {version}). Casusregie bij {regie}. "
    "Volgende evaluatie op de regietafel over zes tot acht weken.",
    "evaluation": "Plan geëvalueerd en bijgesteld; versie {version} vastgesteld. Casusregie "
    "blijft bij {regie}.",
    "concept": "Concept-plan besproken. Nog niet vastgesteld: eerst ontbrekende informatie "
    "verzamelen. Opnieuw agenderen op het volgende overleg.",
    "reagreed": "Casus opnieuw opgeschaald op verzoek van de casusregisseur. Nieuw hoofddoel "
    "geformuleerd; versie {version} vastgesteld met casusregie bij {regie}.",
}

ACTIONS = (
    "Contact opnemen met betrokkene en de afspraken uit het plan toelichten.",
    "Terugkoppelen aan de procesregisseur of de intake is gelukt.",
    "Informatie over de strafzaak delen met de casusregisseur.",
    "Aanmelding doen bij de passende zorgaanbieder en de wachttijd navragen.",
    "Huisbezoek afleggen samen met de wijkagent.",
    "Stand van zaken rond de woonplek uitzoeken en terugmelden.",
    "Risicotaxatie actualiseren en delen met de tafel.",
    "Gesprek voeren met de ouders over de afspraken thuis.",
)

ACTION_RESULTS = (
    "Gedaan; betrokkene is akkoord met de afspraken.",
    "Afgerond, uitkomst besproken met de casusregisseur.",
    "Gedaan. Intake staat gepland.",
    "Uitgevoerd; geen bijzonderheden.",
)

INTERVENTION_UPDATES = {
    "lopend": (
        "Eerste gesprekken gevoerd, betrokkene komt de afspraken grotendeels na.",
        "Loopt volgens plan; één afspraak gemist, wel zelf afgebeld.",
        "Contact is moeizaam, maar er is voortgang. Volgende stap ingepland.",
    ),
    "afgerond": (
        "Interventie afgerond; doel bereikt. Overdracht aan de casusregisseur gedaan.",
        "Afgerond volgens plan.",
    ),
    "gestopt": ("Gestopt: betrokkene werkt niet mee. Besproken met de procesregisseur.",),
}

MEASUREMENT_NOTES = (
    "Eerste meting bij het vaststellen van het plan.",
    "Voortgang zichtbaar op de meeste doelen.",
    "Samenwerking verbeterd sinds de vorige evaluatie.",
    "Terugval op één doel; de rest stabiel.",
)

ESCALATION_QUESTIONS = (
    (
        "Er is al zes weken geen passende behandelplek beschikbaar. Kunnen de managers van de "
        "betrokken zorgpartners een plek met voorrang realiseren?",
        "Tactisch overleg ZVH (managers van de ketenpartners)",
        "Plek gevonden binnen vier weken; afspraak over voorrang vastgelegd.",
    ),
    (
        "Partners zijn het oneens over wie de kosten van de woonbegeleiding draagt. Wie neemt "
        "de financiering op zich?",
        "Tactisch overleg ZVH (managers van de ketenpartners)",
        "Gemeente en zorgverzekeraar delen de kosten voor een half jaar.",
    ),
)

# -- Afschalen, afsluiten, evaluatie ---------------------------------------------------

DE_ESCALATION = {
    "risks": "Risicotaxatie geactualiseerd: geen nieuwe incidenten in de afgelopen drie "
    "maanden; de maatregelen uit het plan lopen.",
    "cooperation": "Partners werken zonder tussenkomst van de tafel goed samen; de "
    "casusregisseur heeft overzicht en mandaat.",
    "consult": "De casusregisseur kan altijd de procesregisseur consulteren; over drie maanden "
    "een korte telefonische check.",
    "reescalation": "Bij een nieuw ernstig incident, terugval of stagnatie in de zorg meldt de "
    "casusregisseur de casus opnieuw aan bij het ZVH.",
}

CLOSURE_REASONS = {
    "behaald": (
        "Hoofddoel behaald: de situatie is stabiel en de regie ligt bij het lokale veld.",
        "De afspraken uit het plan zijn nagekomen en er zijn geen nieuwe incidenten.",
    ),
    "deels_behaald": (
        "Hoofddoel deels behaald: de veiligheid is op orde, maar wonen en inkomen vragen nog "
        "aandacht binnen de reguliere zorg.",
        "Deels behaald: de overlast is gestopt, de zorg is nog niet stabiel. Casusregie ligt "
        "bij de casusregisseur.",
    ),
    "niet_behaald": (
        "Hoofddoel niet behaald: betrokkene is naar een andere regio verhuisd; de casus is "
        "overgedragen aan het Zorg- en Veiligheidshuis daar.",
        "Niet behaald: betrokkene onttrekt zich aan alle zorg. Er is geen kader meer om "
        "verder in te zetten; signalen gaan via de politie.",
    ),
}

LEERPUNTEN = (
    "Het informele netwerk eerder betrekken: dat had de eerste maanden veel opgeleverd.",
    "Eén aanspreekpunt per partner aan tafel voorkomt dat afspraken blijven liggen.",
    "Sneller opschalen als een passende plek na vier weken niet in zicht is.",
    "De handelingsperspectieven bij niet-naleving vooraf concreet maken.",
)

VERBETERVOORSTELLEN = (
    "Wachtlijsten voor beschermd wonen blokkeren de uitstroom uit de opvang. Voorstel: een "
    "regionale voorrangsregeling voor ZVH-casussen.",
    "Er is geen financiering voor begeleiding over de grens van 18 jaar heen. Voorstel: een "
    "gezamenlijk budget van gemeenten en zorgverzekeraar voor de overgang 18-/18+.",
    "Het ontbreekt in de regio aan een intensieve behandelplek met beveiliging voor "
    "jongvolwassenen. Voorstel: dit agenderen bij de zorginkoop van de regio.",
    "Gegevensdeling met de huisarts is onduidelijk geregeld. Voorstel: het convenant "
    "aanvullen met een werkafspraak voor huisartsen.",
    "De uitkering kan pas na vrijlating worden aangevraagd. Voorstel: afspraak met de "
    "sociale dienst om aanvragen al tijdens detentie te behandelen.",
)

DETAINEE_ATTENDANCE = "Gedetineerde, neemt deel via beeldbellen vanuit de PI"
