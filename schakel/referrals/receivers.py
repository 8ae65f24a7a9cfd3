"""How referrals hooks into cases without cases importing referrals (ReferralsConfig.ready())."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schakel.cases import signals as case_signals
from schakel.referrals.models import Referral

if TYPE_CHECKING:
    from schakel.cases.models import Case


def move_referrals(sender: Any, *, case: Case, into: Case, **kwargs: Any) -> None:
    """A merged case's meldingen go to the case it was merged into; each remembers the case
    it opened, so its melder keeps reading it there (cases.services.merge_case). Runs
    inside the merge transaction."""
    moved = Referral.objects.filter(case=case)
    moved.filter(merged_from__isnull=True).update(merged_from=case)
    moved.update(case=into)


def connect() -> None:
    # dispatch_uid: a second ready() must not connect twice.
    case_signals.case_merged.connect(move_referrals, dispatch_uid="referrals.move_referrals")
