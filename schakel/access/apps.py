from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "schakel.access"
    label = "access"
