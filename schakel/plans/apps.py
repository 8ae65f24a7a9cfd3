from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "schakel.plans"
    label = "plans"

    def ready(self) -> None:
        from schakel.cases.services import register_regie_source
        from schakel.plans.models import Plan

        def casusregisseurs(case):
            # The plan's casusregisseur holds the regie (sync_regie_holders).
            return Plan.objects.filter(case=case).values_list(
                "casusregisseur_organisation_id", flat=True
            )

        register_regie_source("plans.casusregisseur", casusregisseurs)
