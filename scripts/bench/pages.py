"""The pages the benchmark drives, shared by the load run (locustfile.py) and the
in-process query count (queries.py), so both measure exactly the same requests.

A page is a small script against a *desk*: one simulated user signed in three times, as a
procesregisseur, as a partner professional (politie or ggz, by slot) and as the privacy
officer. Each request names what it measures; a request that does not end as the page
promises (a 200 for a page, a redirect away from the form for a write) counts as failed.
Writes fill in the form as the page shows it (hidden fields, revision, CSRF token
included) and change only what a user would type.
"""

from __future__ import annotations

import random
import secrets
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import NamedTuple, Protocol

BARE = "kaal"
LOGIN_PATH = "/inloggen/"
TWO_FACTOR_PATH = "/inloggen/verificatie/"


class Response(NamedTuple):
    status: int
    text: str
    location: str


class Requester(Protocol):
    """One signed-in browser: the load tool's session or Django's test client."""

    def request(
        self,
        method: str,
        path: str,
        *,
        name: str,
        data: Sequence[tuple[str, str]] | None,
        expect: Callable[[Response], bool],
    ) -> Response: ...


class _FormReader(HTMLParser):
    """The fields of every POST form on a page, with the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._first_option: tuple[str, str] | None = None
        self._selected = False
        self._textarea: int | None = None
        # Every select's non-empty choices, for the fields a user must choose.
        self.options: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form" and attributes.get("method", "").lower() == "post":
            self._form = []
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._form.append((name, attributes.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form.append((name, attributes.get("value", "")))
        elif tag == "select" and name:
            self._select, self._first_option, self._selected = name, None, False
        elif tag == "option" and self._select:
            option = (self._select, attributes.get("value", ""))
            if option[1]:
                self.options.setdefault(self._select, []).append(option[1])
            if self._first_option is None:
                self._first_option = option
            if "selected" in attributes:
                self._form.append(option)
                self._selected = True
        elif tag == "textarea" and name:
            self._form.append((name, ""))
            self._textarea = len(self._form) - 1

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            name, text = self._form[self._textarea]
            self._form[self._textarea] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._form is not None and self._select:
            # A single select without a selected option sends its first option.
            if not self._selected and self._first_option is not None:
                self._form.append(self._first_option)
            self._select = None
        elif tag == "textarea" and self._form is not None and self._textarea is not None:
            name, text = self._form[self._textarea]
            # A browser drops the one newline right after <textarea>.
            self._form[self._textarea] = (name, text.removeprefix("\n"))
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_values(html: str, field_name: str) -> list[tuple[str, str]]:
    """The values the first POST form with a field `field_name` sends as shown."""
    reader = _FormReader()
    reader.feed(html)
    for form in reader.forms:
        if any(name == field_name for name, _value in form):
            return list(form)
    raise LookupError(f"geen formulier met het veld {field_name!r}")


def select_options(html: str, field_name: str) -> list[str]:
    """The non-empty choices of the select `field_name` on a page."""
    reader = _FormReader()
    reader.feed(html)
    return reader.options.get(field_name, [])


def with_changes(values: list[tuple[str, str]], **changes: str) -> list[tuple[str, str]]:
    """The form's values with some fields set to one new value each."""
    kept = [(name, value) for name, value in values if name not in changes]
    return kept + list(changes.items())


def is_ok(response: Response) -> bool:
    return response.status == 200


def is_form_page(response: Response) -> bool:
    return response.status == 200 and "csrfmiddlewaretoken" in response.text


def redirected_away_from(path: str) -> Callable[[Response], bool]:
    """A write succeeded: Schakel redirects after saving, never back to the same form."""

    def check(response: Response) -> bool:
        return response.status in (302, 303) and not response.location.endswith(path)

    return check


def fictional_surname() -> str:
    """A name no generated person has, so a melding never stops at a duplicate check. Not
    from the desk's dice: a slot rolls the same dice in every phase of a run, and a working
    day takes the same steps each time, so it would report the same person again."""
    return "Bench" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


@dataclass
class Desk:
    """One simulated user: its sessions by role, its share of the targets, its dice."""

    slot: int
    plan: dict
    sessions: dict[str, Requester]
    rng: random.Random = field(default_factory=random.Random)
    exhausted: set[str] = field(default_factory=set)
    # Objects that can be used once, shared by all users of a load run (one process).
    pools: dict[tuple[str, str], list[int]] | None = None
    _cursor: dict[str, int] = field(default_factory=dict)

    @property
    def partner(self) -> str:
        # Slots 0 (the query count) and 1 (the single user) are both the first partner.
        partners = self.plan["partners"]
        return partners[self.slot // 2 % len(partners)]

    def targets(self, role: str) -> dict:
        return self.plan["targets"][self.partner if role == "partner" else role]

    def pick(self, role: str, kind: str) -> int | str:
        return self.rng.choice(self.targets(role)[kind])

    def next_own(self, role: str, kind: str) -> int | None:
        """The next of this slot's own objects to write to (cycles; None if it has none)."""
        own = self.targets(role)[kind][self.slot]
        if not own:
            self.exhausted.add(kind)
            return None
        position = self._cursor.get(kind, 0)
        self._cursor[kind] = position + 1
        return own[position % len(own)]

    def take_own(self, role: str, kind: str) -> int | None:
        """The next object that can be used once (None when all are used up): from the
        run's shared pool if there is one, otherwise from this slot's own share."""
        if self.pools is not None:
            pool = self.pools.get((self.partner if role == "partner" else role, kind), [])
            if not pool:
                self.exhausted.add(kind)
                return None
            return pool.pop()
        own = self.targets(role)[kind][self.slot]
        position = self._cursor.get(kind, 0)
        if position >= len(own):
            self.exhausted.add(kind)
            return None
        self._cursor[kind] = position + 1
        return own[position]

    def get(self, role: str, path: str, name: str, expect=is_ok) -> Response:
        return self.sessions[role].request("GET", path, name=name, data=None, expect=expect)

    def post(self, role: str, path: str, data, name: str, expect) -> Response:
        return self.sessions[role].request("POST", path, name=name, data=data, expect=expect)


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    run: Callable[[Desk], None]
    write: bool = False


def _bare(desk: Desk) -> None:
    desk.get("procesregisseur", "/bench/kaal/", BARE)


def _read(role: str, name: str, path: Callable[[Desk], str]) -> Page:
    return Page(name, role, lambda desk: desk.get(role, path(desk), name))


def _person_search(desk: Desk) -> None:
    name = "personen zoeken"
    form = desk.get("procesregisseur", "/personen/", f"{name} (formulier)", expect=is_form_page)
    surname = str(desk.pick("procesregisseur", "surnames"))
    data = with_changes(form_values(form.text, "last_name"), last_name=surname)
    desk.post("procesregisseur", "/personen/", data, name, expect=is_ok)


def _melding(desk: Desk) -> None:
    name = "melding indienen"
    path = "/meldingen/nieuw/"
    form = desk.get("procesregisseur", path, f"{name} (formulier)", expect=is_form_page)
    values = form_values(form.text, "title")
    shown = dict(values)
    data = with_changes(
        values,
        source=shown.get("source") or "veldaanmelding",
        municipality=desk.rng.choice(select_options(form.text, "municipality")),
        kind="persoon",
        urgency="normaal",
        title="Zorgen om bewoner (benchmark)",
        description="Herhaaldelijk overlast en verwaarlozing gemeld door buren.",
        question="Wie kan helpen?",
        **{
            "betrokkene-0-role": "hoofdpersoon",
            "betrokkene-0-first_names": "Fictief",
            "betrokkene-0-last_name": fictional_surname(),
            "betrokkene-0-gender": "onbekend",
        },
    )
    desk.post("procesregisseur", path, data, name, expect=redirected_away_from(path))


def _answer(desk: Desk) -> None:
    name = "verzoek beantwoorden"
    pk = desk.take_own("partner", "answers")
    if pk is None:
        return
    path = f"/informatieverzoeken/{pk}/"
    form = desk.get("partner", path, f"{name} (formulier)", expect=is_form_page)
    data = with_changes(
        form_values(form.text, "answer"),
        answer="Betrokkene is bij ons bekend; er loopt een traject (benchmark).",
    )
    # Success and refusal both redirect to the request; refusal only when already answered,
    # which the slot's own disjoint share rules out. The run's check counts answers in the
    # database afterwards.
    desk.post("partner", path, data, name, expect=lambda r: r.status in (302, 303))


def _plan_edit(desk: Desk) -> None:
    name = "plan wijzigen"
    pk = desk.next_own("procesregisseur", "plan_edits")
    if pk is None:
        return
    path = f"/casussen/{pk}/plan/algemeen/"
    form = desk.get("procesregisseur", path, f"{name} (formulier)", expect=is_form_page)
    data = with_changes(
        form_values(form.text, "monitoring"),
        monitoring=f"Wekelijks contact met de casusregisseur ({desk.rng.randrange(10**6)}).",
    )
    desk.post("procesregisseur", path, data, name, expect=redirected_away_from(path))


PAGES: list[Page] = [
    Page(BARE, "procesregisseur", _bare),
    _read("procesregisseur", "werklijst", lambda d: "/"),
    _read("partner", "werklijst (partner)", lambda d: "/"),
    _read("procesregisseur", "casuslijst", lambda d: "/casussen/"),
    _read("partner", "casuslijst (partner)", lambda d: "/casussen/"),
    _read(
        "procesregisseur",
        "casuslijst diep",
        lambda d: f"/casussen/?pagina={d.targets('procesregisseur')['deep_page']}",
    ),
    _read(
        "procesregisseur",
        "casuspagina",
        lambda d: f"/casussen/{d.pick('procesregisseur', 'cases')}/",
    ),
    _read("partner", "casuspagina (partner)", lambda d: f"/casussen/{d.pick('partner', 'cases')}/"),
    Page("personen zoeken", "procesregisseur", _person_search),
    _read(
        "procesregisseur",
        "overleg",
        lambda d: f"/overleggen/{d.pick('procesregisseur', 'meetings')}/",
    ),
    _read(
        "procesregisseur", "plan", lambda d: f"/casussen/{d.pick('procesregisseur', 'plans')}/plan/"
    ),
    _read("partner", "informatieverzoeken", lambda d: "/informatieverzoeken/"),
    _read("privacy", "toegangslog", lambda d: "/toegangslog/"),
    Page("melding indienen", "procesregisseur", _melding, write=True),
    Page("verzoek beantwoorden", "partner", _answer, write=True),
    Page("plan wijzigen", "procesregisseur", _plan_edit, write=True),
]
ROLES = ("procesregisseur", "partner", "privacy")

# A working day ("werkdag" phase, BENCH_MIX): every user goes from page to page at random,
# in these proportions, with think time in between, as a team of a Zorg- en
# Veiligheidshuis and its partners would. The weights are an estimate, not a measurement:
# the worklist and the case page are opened most, a deep page of the case list seldom, and
# about one page in nine is a write.
WORKDAY: dict[str, int] = {
    "werklijst": 14,
    "werklijst (partner)": 10,
    "casuslijst": 6,
    "casuslijst (partner)": 4,
    "casuslijst diep": 1,
    "casuspagina": 14,
    "casuspagina (partner)": 10,
    "personen zoeken": 4,
    "overleg": 5,
    "plan": 8,
    "informatieverzoeken": 6,
    "toegangslog": 2,
    "melding indienen": 3,
    "verzoek beantwoorden": 4,
    "plan wijzigen": 4,
}


TOTP_STEP = 30


def _totp_at(key_hex: str, now: float) -> int:
    from django_otp.oath import TOTP

    clock = TOTP(bytes.fromhex(key_hex), step=TOTP_STEP, t0=0, digits=6)
    clock.time = now
    return clock.token()


def sign_in(
    requester: Requester,
    username: str,
    account: dict[str, str],
    *,
    now: Callable[[], float],
    sleep: Callable[[float], None],
) -> bool:
    """The real sign-in: password, then the TOTP code of this moment.

    A code is accepted once per 30-second step (replay protection), so a code refused
    because this account already used it in this step is retried with the next step's.
    """
    page = requester.request("GET", LOGIN_PATH, name="inloggen", data=None, expect=is_form_page)
    data = with_changes(
        form_values(page.text, "username"), username=username, password=account["password"]
    )
    step = requester.request(
        "POST", LOGIN_PATH, name="inloggen", data=data, expect=lambda r: r.status == 302
    )
    if step.status != 302:
        return False
    for _attempt in range(3):
        page = requester.request(
            "GET", TWO_FACTOR_PATH, name="inloggen", data=None, expect=is_form_page
        )
        token = f"{_totp_at(account['totp_key'], now()):06d}"
        data = with_changes(form_values(page.text, "token"), token=token)
        done = requester.request(
            "POST", TWO_FACTOR_PATH, name="inloggen", data=data, expect=lambda r: True
        )
        if done.status == 302:
            return True
        sleep(TOTP_STEP - now() % TOTP_STEP + 0.5)
    return False
