"""Connects the domain apps' signals to the messages in schakel.notifications.events.

The domain apps send a signal where something happens and know nothing of messages;
notifications sits above them and listens (connected in NotificationsConfig.ready()).
Signals are sent inside the write's transaction and notify() delivers e-mail only on
commit, so a rolled-back write still sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.dispatch import Signal

from schakel.cases import signals as case_signals
from schakel.followup import signals as followup_signals
from schakel.inquiries import signals as inquiry_signals
from schakel.meetings import signals as meeting_signals
from schakel.notifications import events, services
from schakel.plans import signals as plan_signals
from schakel.retention import signals as retention_signals
from schakel.triage import signals as triage_signals


def _information_requested(sender: Any, *, information_request: Any, **kwargs: Any) -> None:
    events.information_requested(information_request=information_request)


def _information_answered(sender: Any, *, information_request: Any, **kwargs: Any) -> None:
    events.information_answered(information_request=information_request)


def _triage_decided(sender: Any, *, decision: Any, **kwargs: Any) -> None:
    events.triage_decided(decision=decision)


def _invitations_changed(sender: Any, *, meeting: Any, **kwargs: Any) -> None:
    events.meeting_invitations(meeting=meeting)


def _meeting_cancelled(sender: Any, *, meeting: Any, **kwargs: Any) -> None:
    events.meeting_cancelled(meeting=meeting)


def _plan_agreed(sender: Any, *, version: Any, **kwargs: Any) -> None:
    events.plan_agreed(version=version)


def _regie_holders_changed(sender: Any, *, case: Any, before: set[int], **kwargs: Any) -> None:
    events.regie_handed_over(case=case, before=before)


def _action_overdue(sender: Any, *, action: Any, **kwargs: Any) -> None:
    events.action_overdue(action=action)


def _escalation_addressed(sender: Any, *, escalation: Any, **kwargs: Any) -> None:
    events.escalation_addressed(escalation=escalation)


def _escalation_answered(sender: Any, *, escalation: Any, **kwargs: Any) -> None:
    events.escalation_answered(escalation=escalation)


def _removing_case_data(
    sender: Any, *, cases: list[Any], dry_run: bool, **kwargs: Any
) -> dict[str, int]:
    return {"notifications": services.remove_messages_about(cases=cases, dry_run=dry_run)}


def connect() -> None:
    # dispatch_uid: connecting twice (a second ready()) must not send two messages.
    pairs: list[tuple[Signal, Callable[..., object]]] = [
        (inquiry_signals.information_requested, _information_requested),
        (inquiry_signals.information_answered, _information_answered),
        (triage_signals.triage_decided, _triage_decided),
        (meeting_signals.invitations_changed, _invitations_changed),
        (meeting_signals.meeting_cancelled, _meeting_cancelled),
        (plan_signals.plan_agreed, _plan_agreed),
        (case_signals.regie_holders_changed, _regie_holders_changed),
        (followup_signals.action_overdue, _action_overdue),
        (followup_signals.escalation_addressed, _escalation_addressed),
        (followup_signals.escalation_answered, _escalation_answered),
        (retention_signals.removing_case_data, _removing_case_data),
    ]
    for signal, receiver in pairs:
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")
