"""Finding a person who is already known: by BSN, or by name and date of birth.

Duplicates are the enemy (PRODUCT.md section 3). A name is typed by many hands: with
or without accents, "Janssen" or "Jansen", "van Dijk" in the prefix field or in the
last name, "Meijer", "Meyer" or "Meier", "Mohammed" or "Muhammed". `name_key` folds
those spellings onto one key; `find_duplicates` fetches the few persons of a region
that share the BSN or the date of birth (indexed) and compares their keys in Python.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from schakel.persons.bsn import normalise_bsn
from schakel.persons.models import Person
from schakel.persons.restriction import shown

# Separates the last-name part of a key from the first-name part. The last name comes
# first so that a search on the last name alone is an indexed prefix query.
KEY_SEPARATOR = "|"

# Person.name_key's max_length: folding can lengthen a name ("x" becomes "ks").
NAME_KEY_LENGTH = 200

# Similarity of two last-name keys (difflib ratio) above which two persons with the same
# date of birth and the same first initial are shown as a possible duplicate.
SIMILAR_LAST_NAME_RATIO = 0.85

# Tussenvoegsels and their foreign relatives. They are dropped wherever they were typed:
# in the prefix field or as part of the last name ("Van der Berg", "El Amrani").
NAME_PARTICLES = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "t",
        "te",
        "ter",
        "ten",
        "in",
        "op",
        "aan",
        "uit",
        "uijt",
        "onder",
        "over",
        "voor",
        "bij",
        "s",
        "d",
        "l",
        "la",
        "le",
        "les",
        "du",
        "des",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "del",
        "della",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "el",
        "al",
        "ul",
        "bin",
        "ben",
        "ibn",
    }
)

# Letters that Unicode does not decompose into an ASCII base letter.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "œ": "oe",
        "Œ": "oe",
        "ĳ": "ij",
        "Ĳ": "ij",
    }
)

# Spelling variants that sound alike, folded in this order on one lower-case word.
_SOUND_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"sch$", "s"),  # Bosch / Bos
        (r"^sch(?=[lmnw])", "s"),  # Schmidt / Smit, Schneider / Snijder
        (r"^chr", "kr"),  # Christiaan / Kristiaan
        (r"ph", "f"),  # Philip / Filip
        (r"th", "t"),  # Matthijs / Mattijs
        (r"ck", "k"),  # Hendrickx / Hendrikx
        (r"qu", "kw"),
        (r"q", "k"),
        (r"x", "ks"),
        (r"c(?=[eiy])", "s"),  # Cecilia / Sesilia
        (r"c", "k"),  # Carel / Karel, Claes / Klaas, Van Marc / Van Mark
        (r"tz", "ts"),  # Schultz / Schulz
        (r"z", "s"),  # Zwart / Swart, Yilmaz / Yilmas
        (r"uij|uy", "ui"),  # Buijs / Buys / Buis
        (r"eij|ij|ei|ey", "y"),  # Meijer / Meyer / Meier / Mijer
        (r"j", "y"),  # Joesoef / Yusuf, Jildiz / Yildiz
        (r"yi", "y"),  # Yilmaz / Ijlmaz
        (r"oe|ou", "u"),  # Joesoef / Yusuf, Mohammed / Muhammed
        (r"ae", "a"),  # Maes / Maas
        (r"dt$|d$", "t"),  # Brandt / Brand / Brant
        (r"(.)\1+", r"\1"),  # Janssen / Jansen, Mohammed / Mohamed
    )
)

# Tussenvoegsels typed glued to the last name ("Vandenberg", "Debruin"), as they read
# after folding; only used to compare two keys, never to cut a name on its own.
_GLUED_PARTICLES = frozenset(
    {
        "van",
        "vande",
        "vanden",
        "vander",
        "vant",
        "vanhet",
        "de",
        "der",
        "den",
        "te",
        "ter",
        "ten",
        "int",
        "opde",
        "opden",
        "uitde",
        "uitden",
        "el",
        "al",
        "ben",
        "bin",
        "ibn",
        "abu",
    }
)

_VOWELS_AFTER_FIRST_LETTER = re.compile(r"(?<=.)[aeiouy]")


def _words(text: str) -> list[str]:
    """Lower-case ASCII words of a name: no accents, hyphens and apostrophes split words."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z]+", " ", text).split()


def _fold(word: str) -> str:
    for pattern, replacement in _SOUND_RULES:
        word = pattern.sub(replacement, word)
    return word


def last_name_key(name_prefix: str, last_name: str) -> str:
    """The spelling-tolerant key of a last name, without its tussenvoegsels."""
    words = _words(f"{name_prefix} {last_name}")
    core = [w for w in words if w not in NAME_PARTICLES] or words
    return "".join(_fold(w) for w in core)


def first_name_key(first_names: str) -> str:
    """The first given name only, reduced to its sounding skeleton.

    Vowels after the first letter are dropped, so Mohammed, Muhammad, Mohamed and Mehmet
    share one key: first names are compared loosely because the date of birth and the
    last name already narrow the candidates down to a handful.
    """
    words = _words(first_names)
    if not words:
        return ""
    folded = _fold(words[0])
    return re.sub(r"(.)\1+", r"\1", _VOWELS_AFTER_FIRST_LETTER.sub("", folded))


def name_key(first_names: str, name_prefix: str, last_name: str) -> str:
    """A spelling-tolerant key of a full name: "<last name key>|<first name key>"."""
    key = f"{last_name_key(name_prefix, last_name)}{KEY_SEPARATOR}{first_name_key(first_names)}"
    return key[:NAME_KEY_LENGTH]


def split_key(key: str) -> tuple[str, str]:
    last, _sep, first = key.partition(KEY_SEPARATOR)
    return last, first


def names_look_alike(key_a: str, key_b: str) -> bool:
    """Equal keys, or similar last names with the same first initial."""
    if key_a == key_b:
        return True
    last_a, first_a = split_key(key_a)
    last_b, first_b = split_key(key_b)
    if not last_a or not last_b:
        return False
    # An unknown first name does not count against a match.
    if first_a and first_b and first_a[:1] != first_b[:1]:
        return False
    return last_names_look_alike(last_a, last_b)


def last_names_look_alike(key_a: str, key_b: str) -> bool:
    """Two last-name keys that differ only a little, or only by a glued tussenvoegsel."""
    if key_a == key_b:
        return True
    shorter, longer = sorted((key_a, key_b), key=len)
    if shorter and longer.endswith(shorter) and longer[: -len(shorter)] in _GLUED_PARTICLES:
        return True
    return difflib.SequenceMatcher(a=key_a, b=key_b).ratio() >= SIMILAR_LAST_NAME_RATIO


@dataclass(frozen=True)
class DuplicateCandidate:
    person: Person
    reason: str


def _candidate_condition(bsn: str, key: str, birth_date: datetime.date | None) -> Q:
    condition = Q()
    if bsn:
        condition |= Q(bsn=bsn)
    if key:
        if birth_date is not None:
            condition |= Q(birth_date=birth_date) | Q(birth_date__isnull=True, name_key=key)
        else:
            condition |= Q(name_key=key)
    return condition


def _why_alike(person: Person, bsn: str, key: str, birth_date: datetime.date | None) -> str | None:
    """Why `person` may be the one described, or None."""
    if bsn and person.bsn == bsn:
        return _("zelfde BSN")
    if not key or (bsn and person.bsn):
        # Two different valid BSNs are two different persons, however alike the names.
        return None
    if birth_date is None or person.birth_date is None:
        if person.name_key == key:
            return _("zelfde naam, geboortedatum niet bekend")
        return None
    if person.birth_date == birth_date:
        if person.name_key == key:
            return _("zelfde naam en zelfde geboortedatum")
        if names_look_alike(person.name_key, key):
            return _("vergelijkbare naam en zelfde geboortedatum")
    return None


def find_duplicates(
    *,
    region,
    bsn: str = "",
    first_names: str = "",
    name_prefix: str = "",
    last_name: str = "",
    birth_date: datetime.date | None = None,
    exclude_pk: int | None = None,
) -> list[DuplicateCandidate]:
    """Persons of the region who may be the person described, with the reason why.

    One indexed query fetches everyone with the same BSN, the same date of birth, or
    (when either date of birth is unknown) exactly the same name key; the names are then
    compared in Python on that small set. Merged-away records are never candidates; a
    record under restriction is one, masked (persons.restriction), so that the user learns
    it exists without seeing it.
    """
    bsn = normalise_bsn(bsn or "")
    key = name_key(first_names, name_prefix, last_name) if last_name.strip() else ""
    condition = _candidate_condition(bsn, key, birth_date)
    if not condition:
        return []
    people = Person.objects.filter(condition, region=region, merged_into__isnull=True)
    if exclude_pk:
        people = people.exclude(pk=exclude_pk)
    people = people.select_related("municipality").order_by("last_name", "first_names", "pk")
    return [
        DuplicateCandidate(shown(person), reason)
        for person in people
        if (reason := _why_alike(person, bsn, key, birth_date)) is not None
    ]


def duplicates_of_registered(
    *, region, persons: list[Person], exclude_pks: set[int]
) -> dict[int, list[DuplicateCandidate]]:
    """find_duplicates for several registered persons at once, in one query."""
    described = {
        person.pk: (normalise_bsn(person.bsn or ""), person.name_key, person.birth_date)
        for person in persons
    }
    # The union of each person's _candidate_condition, written as a few IN lists: the same
    # rows, compiled once instead of once per person.
    bsns = {bsn for bsn, _key, _birth_date in described.values() if bsn}
    dated_keys = {key for _bsn, key, birth_date in described.values() if key and birth_date}
    undated_keys = {key for _bsn, key, birth_date in described.values() if key and not birth_date}
    birth_dates = {birth_date for _bsn, key, birth_date in described.values() if key and birth_date}
    condition = Q()
    if bsns:
        condition |= Q(bsn__in=sorted(bsns))
    if dated_keys:
        condition |= Q(birth_date__in=sorted(birth_dates)) | Q(
            birth_date__isnull=True, name_key__in=sorted(dated_keys)
        )
    if undated_keys:
        condition |= Q(name_key__in=sorted(undated_keys))
    found: dict[int, list[DuplicateCandidate]] = {pk: [] for pk in described}
    if not condition:
        return found
    people = (
        Person.objects.filter(condition, region=region, merged_into__isnull=True)
        .exclude(pk__in=exclude_pks)
        .order_by("last_name", "first_names", "pk")
    )
    # Each candidate is compared only with the described persons it can be alike to (same
    # BSN, same date of birth, or the same name where a date of birth is missing): the
    # same answers as comparing every pair, without the pairs that cannot match, which
    # grow with the region's persons.
    order = {pk: position for position, pk in enumerate(described)}
    by_bsn: dict[str, list[int]] = defaultdict(list)
    by_birth_date: dict[datetime.date, list[int]] = defaultdict(list)
    by_key: dict[str, list[int]] = defaultdict(list)
    undated_by_key: dict[str, list[int]] = defaultdict(list)
    for pk, (bsn, key, birth_date) in described.items():
        if bsn:
            by_bsn[bsn].append(pk)
        if key:
            by_key[key].append(pk)
            if birth_date is None:
                undated_by_key[key].append(pk)
            else:
                by_birth_date[birth_date].append(pk)
    for candidate in people:
        pairs = {*by_bsn.get(normalise_bsn(candidate.bsn or ""), ())}
        if candidate.birth_date is None:
            pairs.update(by_key.get(candidate.name_key, ()))
        else:
            pairs.update(by_birth_date.get(candidate.birth_date, ()))
            pairs.update(undated_by_key.get(candidate.name_key, ()))
        for pk in sorted(pairs, key=order.__getitem__):
            bsn, key, birth_date = described[pk]
            if (reason := _why_alike(candidate, bsn, key, birth_date)) is not None:
                found[pk].append(DuplicateCandidate(shown(candidate), reason))
    return found
