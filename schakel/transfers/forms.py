from django.utils.translation import gettext_lazy as _

from schakel.core.forms import SafeModelChoiceField, SchakelForm, text_field
from schakel.organisations.models import Municipality
from schakel.transfers.models import CaseTransfer


class ProposeTransferForm(SchakelForm):
    to_municipality = SafeModelChoiceField(
        label=_("Nieuwe woongemeente"),
        queryset=Municipality.objects.none(),
        empty_label=_("Kies …"),
        help_text=_("De gemeente waar de betrokkene nu woont; de casus gaat naar haar regio."),
        error_messages={
            "required": _("Kies de gemeente waar de betrokkene nu woont."),
            "invalid_choice": _("Kies een gemeente van een andere regio uit de lijst."),
        },
    )
    reason = text_field(
        CaseTransfer,
        "reason",
        rows=4,
        help_text=_(
            "Waarom de casus naar de andere regio gaat, en wat de ontvanger moet weten om te "
            "beslissen. Geen namen of BSN."
        ),
    )

    def __init__(self, *args, region_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_municipality"]
        field.queryset = (  # type: ignore[attr-defined]
            Municipality.objects.exclude(region_id=region_id)
            .select_related("region")
            .order_by("name")
        )
        field.label_from_instance = lambda m: f"{m.name} ({m.region})"  # type: ignore[attr-defined]


class DecisionForm(SchakelForm):
    decision_note = text_field(
        CaseTransfer,
        "decision_note",
        rows=3,
        required=False,
        help_text=_("Verplicht bij weigeren."),
    )
