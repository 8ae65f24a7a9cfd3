from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "schakel.incidents"
    label = "incidents"

    def ready(self) -> None:
        # Importing the module registers the police-incident import with schakel.imports.
        import schakel.incidents.importers  # noqa: F401
        from schakel.incidents import receivers

        receivers.connect()
