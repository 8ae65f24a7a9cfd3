from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "schakel.plans"
    label = "plans"
