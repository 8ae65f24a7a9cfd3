from django.apps import AppConfig


class ClosureConfig(AppConfig):
    name = "schakel.closure"
    label = "closure"

    def ready(self) -> None:
        from schakel.closure import receivers

        receivers.connect()
