from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "schakel.incidents"
    label = "incidents"

    def ready(self) -> None:
        from schakel.incidents import receivers

        receivers.connect()
