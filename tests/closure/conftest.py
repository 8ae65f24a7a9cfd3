import pytest

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, CaseTransition, ParticipationReason
from schakel.closure.services import ChecklistInput
from tests.factories import OrganisationFactory, TableFactory, UserFactory, add_participant


def set_state(case, state, by):
    """Put a case in a state as the lifecycle would have, with the transition recorded."""
    CaseTransition.objects.create(
        case=case, from_state=case.state, to_state=state, by=by, reason="Testopzet"
    )
    Case.objects.filter(pk=case.pk).update(state=state)
    case.refresh_from_db()
    return case


@pytest.fixture
def tafel_case(case, table, procesregisseur, politie):
    """The melding of the police, placed on the table; the police sits at the table."""
    case.table = table
    case.procesregisseur = procesregisseur
    case.save(update_fields=["table", "procesregisseur"])
    add_participant(case, politie, reason=ParticipationReason.UITGENODIGD)
    return set_state(case, CaseState.GEAGENDEERD, procesregisseur)


@pytest.fixture
def other_region_procesregisseur(other_region):
    organisation = OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")
    return UserFactory(organisation=organisation, roles=[Role.PROCESREGISSEUR])


@pytest.fixture
def other_table_procesregisseur(region, zvh):
    """A procesregisseur of the same region who directs another table."""
    user = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    TableFactory(region=region, name="Jeugd").procesregisseurs.add(user)
    return user


@pytest.fixture
def bestuurder(region):
    gemeente = OrganisationFactory(region=region, name="Gemeente Dordrecht", domain="gemeente")
    return UserFactory(organisation=gemeente, roles=[Role.BESTUURDER])


def complete_checklist(regie_organisation, **overrides) -> ChecklistInput:
    values = {
        "risks_checked": True,
        "risks_note": "Geen acute risico's meer; toezicht reclassering loopt door.",
        "cooperation_checked": True,
        "cooperation_note": "Wijkteam en GGZ hebben vaste afspraken over overleg.",
        "regie_organisation": regie_organisation,
        "regie_contact": "Casusregisseur wijkteam (J. Jansen)",
        "consult_agreements": "Bij een nieuwe melding van overlast belt het wijkteam het ZVH.",
        "reescalation_agreements": "Bij terugval in middelengebruik opnieuw aan tafel.",
    }
    values.update(overrides)
    return ChecklistInput(**values)


def checklist_post(regie_organisation, *, actie="afschalen", **overrides):
    data = {
        "risks_checked": "on",
        "risks_note": "Geen acute risico's meer.",
        "cooperation_checked": "on",
        "cooperation_note": "De partners werken goed samen.",
        "regie_organisation": str(regie_organisation.pk) if regie_organisation else "",
        "regie_contact": "Casusregisseur wijkteam",
        "consult_agreements": "Bij een nieuwe melding belt het wijkteam het ZVH.",
        "reescalation_agreements": "Bij terugval opnieuw aan tafel.",
        "actie": actie,
        "version": "0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
