"""A form sent twice writes once: the one-time submission token (schakel.core.submissions).

Through real requests: the token is taken from the page the user opened, the form is
posted, and posted again with the same token as a browser does after a dropped connection.
"""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.cases.models import Case
from schakel.core.models import Submission
from schakel.core.submissions import (
    KEEP_SUBMISSIONS,
    TOKEN_FIELD,
    AlreadySubmitted,
    forget_old_submissions,
    new_token,
    write_once,
)
from schakel.inquiries.models import InformationRequest
from schakel.plans.models import Plan
from tests.factories import UserFactory
from tests.helpers import referral_post, sign_in
from tests.plans.helpers import general_data, plan_url
from tests.referrals.helpers import CREATE_URL

ALREADY_SENT = "Dit formulier was al verstuurd. U ziet het resultaat ervan."


def token_on(page: str | bytes) -> str:
    """The submission token of the (first) form on the page, as a browser would send it."""
    page = page.decode() if isinstance(page, bytes) else page
    match = re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', page)
    assert match, "the form carries no submission token"
    return match.group(1)


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_every_post_form_carries_a_fresh_token(signed_in, partner_user, municipality):
    client = signed_in(partner_user)
    first = token_on(client.get(CREATE_URL).content.decode())
    second = token_on(client.get(CREATE_URL).content.decode())
    assert first != second


def test_melding_sent_twice_becomes_one_case(signed_in, partner_user, municipality):
    client = signed_in(partner_user)
    data = {**referral_post(municipality), TOKEN_FIELD: token_on(client.get(CREATE_URL).content)}

    first = client.post(CREATE_URL, data)
    case = Case.objects.get()
    assert first.status_code == 302
    assert first["Location"] == reverse("cases:detail", args=[case.pk])

    again = client.post(CREATE_URL, data)  # the retry after a dropped connection
    assert Case.objects.count() == 1
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert ALREADY_SENT in said(again)
    assert Submission.objects.get().result_url == first["Location"]

    # A new form (a fresh token) is a new melding.
    fresh = {**data, TOKEN_FIELD: token_on(client.get(CREATE_URL).content)}
    client.post(CREATE_URL, fresh)
    assert Case.objects.count() == 2


def test_refused_melding_keeps_its_token_usable(signed_in, partner_user, municipality):
    client = signed_in(partner_user)
    token = token_on(client.get(CREATE_URL).content)
    refused = client.post(CREATE_URL, {**referral_post(municipality, title=""), TOKEN_FIELD: token})
    assert refused.status_code == 200 and not Case.objects.exists()
    assert not Submission.objects.exists()
    corrected = client.post(CREATE_URL, {**referral_post(municipality), TOKEN_FIELD: token})
    assert corrected.status_code == 302 and Case.objects.count() == 1


def test_answer_sent_twice_is_stored_once(case, ask, ggz, ggz_user, signed_in):
    request = ask(case, ggz)
    url = reverse("inquiries:detail", args=[request.pk])
    client = signed_in(ggz_user)
    data = {
        "answer": "Bekend bij de FACT-behandeling.",
        TOKEN_FIELD: token_on(client.get(url).content),
    }

    first = client.post(url, data)
    assert first.status_code == 302
    answered = InformationRequest.objects.get(pk=request.pk)
    assert answered.answer == "Bekend bij de FACT-behandeling."

    again = client.post(url, {**data, "answer": "Een tweede antwoord"})
    assert again["Location"] == first["Location"]
    assert ALREADY_SENT in said(again)
    assert InformationRequest.objects.get(pk=request.pk).answer == answered.answer
    assert InformationRequest.objects.get(pk=request.pk).answered_at == answered.answered_at


def test_plan_edit_sent_twice_is_saved_once(plan, procesregisseur, signed_in):
    url = plan_url(plan.case, "edit_general")
    client = signed_in(procesregisseur)
    data = {
        **general_data(plan, main_goal="Rust in huis"),
        TOKEN_FIELD: token_on(client.get(url).content),
    }

    first = client.post(url, data)
    assert first.status_code == 302
    assert Plan.objects.get(pk=plan.pk).revision == 1

    again = client.post(url, data)
    assert again["Location"] == first["Location"]
    assert ALREADY_SENT in said(again)
    # Not saved again, and no edit conflict shown for one's own first save.
    assert Plan.objects.get(pk=plan.pk).revision == 1


def test_token_of_another_user_reveals_nothing(signed_in, partner_user, municipality, politie):
    client = signed_in(partner_user)
    token = token_on(client.get(CREATE_URL).content)
    first = client.post(CREATE_URL, {**referral_post(municipality), TOKEN_FIELD: token})
    assert first.status_code == 302

    colleague = UserFactory(organisation=politie, roles=[Role.KETENPARTNER])
    other = sign_in(Client(), colleague)
    response = other.post(
        CREATE_URL, {**referral_post(municipality, title="Eigen melding"), TOKEN_FIELD: token}
    )
    # Their own melding, not a look at the first one's result.
    assert Case.objects.count() == 2
    assert ALREADY_SENT not in said(response)
    assert response["Location"] != first["Location"]
    assert Submission.objects.filter(token=token).count() == 2


def test_post_without_token_works_as_before(signed_in, partner_user, municipality):
    client = signed_in(partner_user)
    client.post(CREATE_URL, referral_post(municipality))
    client.post(CREATE_URL, referral_post(municipality))
    assert Case.objects.count() == 2
    assert not Submission.objects.exists()


def test_malformed_token_is_ignored(signed_in, partner_user, municipality):
    client = signed_in(partner_user)
    data = {**referral_post(municipality), TOKEN_FIELD: "<script>"}
    assert client.post(CREATE_URL, data).status_code == 302
    assert client.post(CREATE_URL, data).status_code == 302
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_twin_that_lost_the_race_does_not_write(partner_user):
    """A second POST that reaches the write while the first holds the token (a double
    click): the unique row stops it and it writes nothing."""
    token = new_token()
    Submission.objects.create(user=partner_user, token=token, result_url="/casussen/1/")
    request = RequestFactory().post("/", {TOKEN_FIELD: token})
    request.user = partner_user
    ran = []
    with pytest.raises(AlreadySubmitted) as raised:
        write_once(request, lambda: ran.append(1))
    assert raised.value.result_url == "/casussen/1/"
    assert not ran


@pytest.mark.django_db
def test_old_tokens_are_forgotten(partner_user):
    old = Submission.objects.create(user=partner_user, token=new_token())
    Submission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - KEEP_SUBMISSIONS - datetime.timedelta(minutes=1)
    )
    recent = Submission.objects.create(user=partner_user, token=new_token())
    assert forget_old_submissions() == 1
    assert list(Submission.objects.all()) == [recent]
