from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "schakel.referrals"
    label = "referrals"
