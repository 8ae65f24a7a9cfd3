"""Schakel: the case system of a Zorg- en Veiligheidshuis.

App layering (developer note). Dependencies point one way, from the top down; the
table that enforces it is tests/core/test_app_dependencies.py.

    home           the worklist, the navigation, the case page composed of the sections
                   of the apps below, the demo commands
    demo           the demo data generator
    notifications  listens to the domain apps' signals; nothing below imports it
    reports        aggregate figures of a region, never a person: the live cases plus the
                   anonymous statistics that retention keeps of removed ones
    retention      the bewaartermijnen: removes what every app below holds on a case
    rights         rights requests of data subjects (AVG, one contact point under the WGS):
                   reads every domain app to find what is held on a person
    transfers      a case handed to another region (reads and ends what the case has there)
    nazorg         detentiemeldingen and their quickscan: a melding of source
                   detentiemelding, put on a table through triage
    closure → followup → plans → meetings → triage → inquiries → referrals → cases
                   the domain, each app importing only the ones to its right
    incidents      police incidents on persons, imported for the rendementsanalyse
    persons, tables
    imports        the CSV import engine, its jobs and row reports; it knows no domain:
                   each kind of import is an Importer written by the domain app that
                   owns what the rows become (referrals: ZSM meldingen; nazorg:
                   detentiemeldingen; incidents: police incidents), registered in
                   that app's AppConfig.ready() with schakel.imports.registry; each
                   names the roles that may import it
    organisations, accounts
    access         the policy: the one place that decides need-to-know. It sits low so
                   every app may ask it, and it is the one allowed exception: it may read
                   every domain model
    core           the kernel (forms, concurrency, writes, paging, fields): no app

How a lower app lets a higher one act without importing it:

- Signals, defined in the app that owns the event (schakel/<app>/signals.py) and sent
  inside the write's transaction, so a rolled-back write has no effect; the higher app
  connects its receivers in its AppConfig.ready() (schakel/<app>/receivers.py).
  notifications turns them into messages; plans creates a tabled case's plan on
  triage_decided; referrals moves the meldingen of a merged case on case_merged; cases
  and inquiries move their person links on person_merged.
- A registry: the kinds of bulk import are registered with schakel.imports.registry by
  the domain apps (referrals registers ZSM meldingen, nazorg detentiemeldingen, incidents
  police incidents); the engine, the upload pages, the policy and the `importeren`
  command find them there. What an imported person's BSN, gender and municipality are
  is read one way for every kind, in schakel.persons.importing.
- A registry: who holds the regie on a case is known by plans and closure, which
  register their sources with cases.services.register_regie_source.
- Composition at the top: the case page (/casussen/<id>/) is built in schakel.home and
  joins the "cases" URL namespace in schakel/urls.py; the person page with its cases and
  the registration of a betrokkene into a case (/personen/<id>/, /personen/nieuw/) are
  built in cases and join the "persons" namespace; the regietafel pages show meetings
  and are routed by meetings.
- The caller links: persons.services.create_person registers a person only; the cases
  and referrals services that call it link the new person into their case themselves.

No app imports against the layers. accounts names organisations.Organisation only in
annotations under TYPE_CHECKING: its User already points to it with a foreign key, and the
test allows exactly that (an annotation-only import of a model one's own models relate to).
"""
