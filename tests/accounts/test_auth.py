"""Who may use the account pages: only the signed-in user, for their own sessions."""

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from schakel.accounts.models import SecurityEvent, SecurityEventKind, UserSession
from tests.accounts.helpers import sign_in_for_real
from tests.factories import verified_device


def test_user_cannot_end_someone_elses_session(client, member, manager):
    sign_in_for_real(client, member, verified_device(member))
    other = sign_in_for_real(Client(), manager, verified_device(manager))
    other_key = other.session.session_key
    other_session = UserSession.objects.get(session_key=other_key)

    response = client.post(reverse("accounts:end_session", args=[other_session.pk]), follow=True)

    assert "Deze sessie bestaat niet (meer)." in response.text
    assert Session.objects.filter(session_key=other_key).exists()
    assert UserSession.objects.filter(pk=other_session.pk).exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_ENDED).exists()


def test_logout_is_post_only(client, member):
    sign_in_for_real(client, member, verified_device(member))

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert client.get(reverse("home:worklist")).status_code == 200

    response = client.post(reverse("accounts:logout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "U bent uitgelogd." in response.text
    assert "_auth_user_id" not in client.session
    assert not UserSession.objects.filter(user=member).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGOUT, user=member).exists()
    assert client.get(reverse("home:worklist")).status_code == 302
