"""Only case readers receive anything about a case; a message shows nothing once its
recipient can no longer open the case."""

from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.cases.models import CaseParticipant
from schakel.notifications.models import Notification
from schakel.notifications.services import notify
from tests.factories import UserFactory, add_participant


def test_a_message_about_a_case_goes_only_to_its_readers(case, partner_user, politie, ggz_user):
    bestuurder = UserFactory(organisation=politie, roles=[Role.BESTUURDER])
    sent = notify(
        users=[partner_user, bestuurder, ggz_user],
        text=f"Casus {case.reference}: uitnodiging",
        link=reverse("cases:detail", args=[case.pk]),
        case=case,
    )
    assert sent == 1
    assert set(Notification.objects.values_list("user_id", flat=True)) == {partner_user.pk}


def test_berichten_hide_a_message_of_a_case_the_user_can_no_longer_open(
    case, ggz, ggz_user, signed_in
):
    """Defect 4: Berichten showed action texts of cases that give the reader 403/404."""
    add_participant(case, ggz, reason="uitgenodigd")
    text = f"Casus {case.reference}: actie is over de uiterlijke datum"
    notify(users=[ggz_user], text=text, link=f"/casussen/{case.pk}/", case=case)
    client = signed_in(ggz_user)
    assert text in client.get(reverse("notifications:list")).content.decode()

    CaseParticipant.objects.filter(case=case, organisation=ggz).delete()
    body = client.get(reverse("notifications:list")).content.decode()
    assert text not in body
    assert f"/casussen/{case.pk}/" not in body
    assert "niet (meer) kunt inzien" in body
