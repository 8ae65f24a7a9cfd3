from django.apps import AppConfig


class TablesConfig(AppConfig):
    name = "schakel.tables"
    label = "tables"
