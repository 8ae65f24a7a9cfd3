from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "schakel.cases"
    label = "cases"

    def ready(self) -> None:
        from schakel.cases import receivers

        receivers.connect()
