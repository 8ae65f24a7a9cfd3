from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "schakel.imports"
    label = "imports"
