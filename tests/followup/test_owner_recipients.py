"""Choosing an action owner shows which organisations have nobody to receive the task."""

from django.urls import reverse

from schakel.accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, add_participant


def test_action_owner_without_case_workers_is_marked(
    table_case, procesregisseur, partner_user, region, signed_in
):
    gemeente = OrganisationFactory(region=region, name="Gemeente Zwijndrecht", kind="Gemeente")
    UserFactory(organisation=gemeente, roles=[Role.BESTUURDER])
    add_participant(table_case, gemeente, reason="interventie")
    page = signed_in(procesregisseur).get(reverse("followup:action_create", args=[table_case.pk]))
    body = page.content.decode()
    assert "Gemeente Zwijndrecht (geen medewerker voor casussen)" in body
    # The police has a ketenpartner in this world: its option is left as it is.
    assert "Politie Dordrecht (geen medewerker" not in body
