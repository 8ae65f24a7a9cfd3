from django.apps import AppConfig


class ClosureConfig(AppConfig):
    name = "schakel.closure"
    label = "closure"

    def ready(self) -> None:
        from schakel.cases.services import register_regie_source
        from schakel.closure.models import DeEscalation

        def regie_handed_back(case):
            # At a completed afschaling the regie goes back to a partner (sync_regie_holders).
            return DeEscalation.objects.filter(case=case, completed_at__isnull=False).values_list(
                "regie_organisation_id", flat=True
            )

        register_regie_source("closure.regie_handed_back", regie_handed_back)
