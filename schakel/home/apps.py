from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "schakel.home"
    label = "home"
