from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "schakel.referrals"
    label = "referrals"

    def ready(self) -> None:
        from schakel.referrals import receivers

        receivers.connect()
