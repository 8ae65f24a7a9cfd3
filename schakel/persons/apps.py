from django.apps import AppConfig


class PersonsConfig(AppConfig):
    name = "schakel.persons"
    label = "persons"
