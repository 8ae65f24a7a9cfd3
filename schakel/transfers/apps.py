from django.apps import AppConfig


class TransfersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schakel.transfers"
    verbose_name = "Overdracht andere regio"
