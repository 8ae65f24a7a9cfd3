from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "schakel.plans"
    label = "plans"

    def ready(self) -> None:
        from schakel.plans import receivers

        receivers.connect()
