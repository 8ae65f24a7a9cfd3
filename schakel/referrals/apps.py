from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "schakel.referrals"
    label = "referrals"

    def ready(self) -> None:
        # Importing the module registers the ZSM import with schakel.imports.
        import schakel.referrals.importers  # noqa: F401
        from schakel.referrals import receivers

        receivers.connect()
