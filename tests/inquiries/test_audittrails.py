"""What the access log holds after an information request and its answer: each under the
purpose of the request, for the persons it names."""

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.inquiries import services


def test_request_and_answer_are_logged_by_whoever_acted(ask, case, ggz, ggz_user, procesregisseur):
    person = case.case_persons.get().person
    request = ask(case, ggz)
    services.answer_request(actor=ggz_user, information_request=request, answer="Niet bekend.")

    entries = AccessLogEntry.objects.filter(object_type="InformationRequest").order_by("pk")
    assert [(e.action, e.user_id, e.organisation_id, e.person_id) for e in entries] == [
        (AccessAction.CREATE, procesregisseur.pk, procesregisseur.organisation_id, person.pk),
        (AccessAction.CHANGE, ggz_user.pk, ggz.pk, person.pk),
    ]
    assert {e.purpose for e in entries} == {request.purpose}
