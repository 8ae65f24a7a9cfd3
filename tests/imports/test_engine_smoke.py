from schakel.imports.models import ImportStatus
from schakel.referrals.models import Referral
from tests.imports.helpers import csv_text, good_row, import_now, problems


def test_smoke(zsm_region, informatiemakelaar):
    job = import_now(informatiemakelaar, csv_text([good_row(1), good_row(2, bsn="123")]))
    print(job.status, job.failure_reason, problems(job))
    assert job.status == ImportStatus.DONE
    assert Referral.objects.count() == 1
