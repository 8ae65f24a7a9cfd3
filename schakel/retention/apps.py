from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "schakel.retention"
    label = "retention"
    verbose_name = "Bewaartermijnen"
