from django.apps import AppConfig


class NazorgConfig(AppConfig):
    name = "schakel.nazorg"
    label = "nazorg"
