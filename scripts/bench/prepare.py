"""Bench accounts and the pages they open, for `make bench` (scripts/bench/run.sh).

Runs against the benchmark's own database, under production settings (no demo mode: the
published demo TOTP key is refused there, as in production). For every slot (one simulated
user at the desk) it makes one account per role the benchmark signs in with, a fictional
colleague of a demo user: the same organisation, roles and directed regietafels, so it sees
exactly what that demo user sees. Each account gets its own confirmed TOTP device with a
random key, and all share one random password of this run; both go into the plan file
only, which lives in the (git-ignored) results folder.

The pages each account opens are chosen through the access policy (what that user may
see, direct, edit or answer), so no request is refused for want of need-to-know. The
writes take disjoint objects per slot: two simulated users never edit the same plan or
answer the same request.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")

# The demo users the bench accounts are colleagues of (the part they play is the name).
STAFF = ("procesregisseur", "privacy")
# Partner professionals: the two of these organisations with the most open information
# requests (the benchmark answers them), alternating between slots.
PARTNER_CANDIDATES = ("politie", "ggz", "reclassering", "veiligthuis", "wijkteam", "om")
# How many ids of each kind to pick (random, fixed seed): enough to spread reads over
# the data, so the benchmark does not read one hot case from cache.
SAMPLE = 200
# The most objects written to per kind in one run (plans edited, requests answered).
WRITE_SAMPLE = 3000
# Open requests each bench partner should have to answer in a run (ask_enough_to_answer).
ANSWERS_WANTED = 1000


def bench_username(slot: int, part: str) -> str:
    return f"bench-{slot:02d}-{part}"


def choose_partners() -> tuple[str, ...]:
    from django.db.models import Count, Q

    from schakel.accounts.models import User
    from schakel.inquiries.models import RequestStatus

    open_requests = (
        User.objects.filter(username__in=PARTNER_CANDIDATES)
        .annotate(
            open=Count(
                "organisation__information_requests",
                filter=Q(organisation__information_requests__status=RequestStatus.OPEN),
            )
        )
        .order_by("-open", "username")
        .values_list("username", flat=True)
    )
    return tuple(open_requests[:2])


def make_accounts(slots: int, password: str, parts: tuple[str, ...]) -> dict[str, dict[str, str]]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp.util import random_hex

    from schakel.accounts.models import RoleAssignment, User

    hashed = make_password(password)  # once: the hasher is slow on purpose
    accounts: dict[str, dict[str, str]] = {}
    with transaction.atomic():
        for part in parts:
            template = User.objects.get(username=part)
            roles = list(template.role_assignments.all())
            tables = list(template.directed_tables.all())
            for slot in range(slots + 1):
                username = bench_username(slot, part)
                user = User.objects.create(
                    username=username,
                    first_name="Bench",
                    last_name=f"Collega {slot:02d}",
                    email=f"{username}@bench.zhz.example",
                    organisation_id=template.organisation_id,
                    job_title=template.job_title,
                    password=hashed,
                )
                RoleAssignment.objects.bulk_create(
                    RoleAssignment(user=user, role=r.role, granted_by_id=r.granted_by_id)
                    for r in roles
                )
                user.directed_tables.set(tables)
                key = random_hex(20)
                TOTPDevice.objects.create(
                    user=user, name="Bench-authenticator", key=key, confirmed=True
                )
                accounts[username] = {"password": password, "totp_key": key}
    return accounts


def sample(rng: random.Random, ids: list[int], size: int = SAMPLE) -> list[int]:
    return sorted(rng.sample(ids, min(size, len(ids))))


def split(ids: list[int], slots: int) -> list[list[int]]:
    """Disjoint shares per slot (slot 0 is the in-process query count)."""
    return [ids[slot :: slots + 1] for slot in range(slots + 1)]


def ask_enough_to_answer(partners: tuple[str, ...], seed: int) -> None:
    """Requests for the partners to answer, asked by the bench procesregisseur through
    Schakel's own service on running cases of the region. A region has about a hundred
    open requests per partner at any time; sixteen users answering for a whole run use
    more than that, and a run with none left would measure no answers at all."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils import timezone

    from schakel.access import policy
    from schakel.accounts.models import User
    from schakel.cases.lifecycle import OPEN_STATES
    from schakel.inquiries.models import InformationRequest, LegalGround, RequestStatus
    from schakel.inquiries.services import request_information

    rng = random.Random(f"{seed}-vragen")
    regisseur = User.objects.get(username=bench_username(0, "procesregisseur"))
    cases = list(
        policy.visible_cases(regisseur)
        .filter(state__in=OPEN_STATES)
        .prefetch_related("case_persons__person")
        .order_by("pk")
    )
    rng.shuffle(cases)
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    for partner in partners:
        organisation = User.objects.get(username=bench_username(0, partner)).organisation
        missing = (
            ANSWERS_WANTED
            - InformationRequest.objects.filter(
                organisation=organisation, status=RequestStatus.OPEN
            ).count()
        )
        for case in cases:
            if missing <= 0:
                break
            persons = [link.person for link in case.case_persons.all()][:1]
            try:
                request_information(
                    actor=regisseur,
                    case=case,
                    organisation=organisation,
                    persons=persons,
                    question="Wat is bij u bekend over betrokkene (benchmark)?",
                    purpose="Beeldvorming voor het weegoverleg.",
                    legal_ground=LegalGround.WGS,
                    deadline=deadline,
                )
            except (PermissionDenied, ValidationError):
                continue  # not this case for this partner (refused as in Schakel itself)
            missing -= 1


def choose_targets(slots: int, seed: int, partners: tuple[str, ...]) -> dict:
    from schakel.access import policy
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.cases.views import CASES_PER_PAGE
    from schakel.inquiries.models import InformationRequest, RequestStatus
    from schakel.persons.models import Person

    rng = random.Random(seed)
    regisseur = User.objects.get(username=bench_username(0, "procesregisseur"))
    cases = policy.visible_cases(regisseur)
    case_ids = list(cases.values_list("pk", flat=True))
    plan_cases = list(cases.filter(plan__isnull=False).values_list("pk", flat=True))
    # Checked with the policy one by one, so drawn first: at a million cases the
    # candidates are many.
    candidates = list(
        cases.filter(plan__isnull=False, state__in=policy.PLAN_EDITABLE_STATES).values_list(
            "pk", flat=True
        )
    )
    editable = [
        case.pk
        for case in Case.objects.filter(pk__in=sample(rng, candidates, WRITE_SAMPLE))
        if policy.may_edit_plan(user=regisseur, case=case)
    ]
    rng.shuffle(editable)
    meetings = list(
        policy.visible_meetings(regisseur)
        .filter(items__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    surnames = sorted(
        set(
            Person.objects.filter(pk__in=policy.visible_persons(regisseur).values("pk"))
            .order_by("?")
            .values_list("last_name", flat=True)[:SAMPLE]
        )
    )
    pages = max(1, -(-len(case_ids) // CASES_PER_PAGE))
    targets: dict = {
        "procesregisseur": {
            "cases": sample(rng, case_ids),
            "plans": sample(rng, plan_cases),
            "meetings": sample(rng, meetings),
            "surnames": surnames,
            "deep_page": max(1, pages * 3 // 4),
            "pages": pages,
            "plan_edits": split(editable, slots),
        }
    }
    for partner in partners:
        user = User.objects.get(username=bench_username(0, partner))
        requests = policy.visible_information_requests(user)
        open_ids = list(requests.filter(status=RequestStatus.OPEN).values_list("pk", flat=True))
        answerable = [
            request.pk
            for request in InformationRequest.objects.filter(
                pk__in=sample(rng, open_ids, WRITE_SAMPLE)
            )
            if policy.may_answer(user=user, information_request=request)
        ]
        rng.shuffle(answerable)
        targets[partner] = {
            "cases": sample(rng, list(policy.visible_cases(user).values_list("pk", flat=True))),
            "requests": sample(rng, list(requests.values_list("pk", flat=True))),
            "answers": split(answerable, slots),
        }
    return targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slots", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()

    import django

    django.setup()
    password = secrets.token_urlsafe(18)
    partners = choose_partners()
    accounts = make_accounts(arguments.slots, password, STAFF + partners)
    ask_enough_to_answer(partners, arguments.seed)
    targets = choose_targets(arguments.slots, arguments.seed, partners)
    from schakel.plans.models import Plan

    edited = [pk for share in targets["procesregisseur"]["plan_edits"] for pk in share]
    plan = {
        "slots": arguments.slots,
        # To count the plan edits that really happened afterwards (report.py check).
        "plan_revisions": {
            str(case_id): revision
            for case_id, revision in Plan.objects.filter(case_id__in=edited).values_list(
                "case_id", "revision"
            )
        },
        "partners": partners,
        "accounts": accounts,
        "targets": targets,
    }
    arguments.out.write_text(json.dumps(plan, indent=1))
    summary = targets["procesregisseur"]
    print(
        f"Schakel-bench: {len(accounts)} bench-accounts; procesregisseur ziet "
        f"{summary['pages']} pagina's casussen, {sum(map(len, summary['plan_edits']))} "
        "bewerkbare plannen; open verzoeken: "
        + ", ".join(f"{p} {sum(map(len, targets[p]['answers']))}" for p in partners)
    )


if __name__ == "__main__":
    main()
