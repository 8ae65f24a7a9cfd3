from schakel.access.policy import visible_cases


def test_participant_sees_case_outsider_does_not(case, partner_user, outsider, procesregisseur):
    assert list(visible_cases(partner_user)) == [case]
    assert list(visible_cases(procesregisseur)) == [case]
    assert list(visible_cases(outsider)) == []
