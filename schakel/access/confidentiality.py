"""Marking an item vertrouwelijk: the one check and the one write every service uses.

The services that write an answer, minutes, an analysis or a progress report call
``marking_errors`` with their other checks (so every refusal comes back at once, before
anything is written) and ``apply_marking`` inside their transaction. Who may then read
the content is schakel.access.policy.may_read_confidential.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import confidential_choices, is_procesregie

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.core.confidentiality import Confidential, Marking
    from schakel.persons.models import Person


def marking_errors(
    *, actor: User, case: Case, marking: Marking, prefix: str = ""
) -> dict[str, list[str]]:
    """Why this marking cannot be saved, per form field (empty: it can)."""
    errors: dict[str, list[str]] = {}
    if not marking.is_confidential:
        if marking.organisations:
            errors[f"{prefix}confidential_for"] = [
                _(
                    "U koos organisaties die het mogen lezen, maar vinkte ‘Vertrouwelijk’ niet "
                    "aan. Vink het aan, of haal de organisaties weg."
                )
            ]
        return errors
    if actor.organisation_id is None:
        errors[f"{prefix}is_confidential"] = [
            _(
                "Alleen wie voor een organisatie werkt kan iets vertrouwelijk maken: die "
                "organisatie leest het altijd en is het aanspreekpunt."
            )
        ]
        return errors
    allowed = set(confidential_choices(case).values_list("pk", flat=True))
    allowed.add(actor.organisation_id)
    strangers = [o for o in marking.organisations if o.pk not in allowed]
    if strangers:
        errors[f"{prefix}confidential_for"] = [
            _(
                "%(organisations)s kan niet worden gekozen: kies alleen organisaties die bij "
                "deze casus betrokken zijn en het convenant ondertekenden."
            )
            % {"organisations": ", ".join(sorted(str(o) for o in strangers))}
        ]
    return errors


def _describe(item: Confidential) -> str:
    if not item.is_confidential:
        return ""
    names = sorted(str(o) for o in item.confidential_for.all())
    text = _("Vertrouwelijk voor: %(organisations)s") % {"organisations": ", ".join(names)}
    if item.confidential_for_procesregie:
        text += _(" en de procesregie van het ZVH")
    return text


def apply_marking(
    *,
    item: Confidential,
    actor: User,
    case: Case,
    marking: Marking,
    persons: Iterable[Person] = (),
) -> bool:
    """Store the marking on a saved item (checked by marking_errors first); log a change of
    it as a CHANGE in the access log. Returns whether the marking changed."""
    before = _describe(item) if item.is_confidential else ""
    if marking.is_confidential:
        assert actor.organisation_id is not None  # refused by marking_errors otherwise
        item.is_confidential = True
        # Procesregie that writes reads its own text; a partner chooses.
        item.confidential_for_procesregie = marking.for_procesregie or is_procesregie(actor)
        item.confidential_organisation_id = actor.organisation_id
        item.confidential_contact = actor
        organisation_ids = {o.pk for o in marking.organisations} | {actor.organisation_id}
    else:
        item.is_confidential = False
        item.confidential_for_procesregie = True
        item.confidential_organisation_id = None
        item.confidential_contact = None
        organisation_ids = set()
    item.save(
        update_fields=[
            "is_confidential",
            "confidential_for_procesregie",
            "confidential_organisation",
            "confidential_contact",
        ]
    )
    item.confidential_for.set(organisation_ids)
    after = _describe(item)
    if before == after:
        return False
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        case=case,
        persons=persons,
        obj=item,
        detail=after or _("Markering vertrouwelijk opgeheven"),
    )
    return True
