"""Input of the beheer screen for the region's retention periods. Writes go through
schakel.retention.services.set_retention_policy."""

from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import SchakelModelForm
from schakel.retention.models import (
    MAX_ACCESS_LOG_YEARS,
    MAX_CASE_MONTHS,
    MIN_ACCESS_LOG_YEARS,
    MIN_CASE_MONTHS,
    RetentionPolicy,
)


class RetentionPolicyForm(VersionedFormMixin, SchakelModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["case_months", "access_log_years"]
        error_messages = {
            "case_months": {
                "min_value": _("Kies ten minste %(limit_value)s maand."),
                "max_value": _("Kies ten hoogste %(limit_value)s maanden."),
                "invalid": _("Vul een aantal maanden in, als heel getal."),
            },
            "access_log_years": {
                "min_value": _("Kies ten minste %(limit_value)s jaar."),
                "max_value": _("Kies ten hoogste %(limit_value)s jaar."),
                "invalid": _("Vul een aantal jaren in, als heel getal."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser helps, the server decides (the model validators and the service).
        self.fields["case_months"].widget.attrs.update(min=MIN_CASE_MONTHS, max=MAX_CASE_MONTHS)
        self.fields["access_log_years"].widget.attrs.update(
            min=MIN_ACCESS_LOG_YEARS, max=MAX_ACCESS_LOG_YEARS
        )
