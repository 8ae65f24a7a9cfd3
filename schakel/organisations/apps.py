from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "schakel.organisations"
    label = "organisations"
