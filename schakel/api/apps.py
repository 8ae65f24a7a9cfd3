from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "schakel.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Registers the OpenAPI description of the client-credentials scheme.
        from schakel.api import schema  # noqa: F401
