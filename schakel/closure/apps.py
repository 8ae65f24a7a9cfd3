from django.apps import AppConfig


class ClosureConfig(AppConfig):
    name = "schakel.closure"
    label = "closure"
