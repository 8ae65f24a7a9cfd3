from django.apps import AppConfig


class NazorgConfig(AppConfig):
    name = "schakel.nazorg"
    label = "nazorg"

    def ready(self) -> None:
        # Importing the module registers the detentiemeldingen import with schakel.imports.
        import schakel.nazorg.importers  # noqa: F401
