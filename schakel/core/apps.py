from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "schakel.core"
    label = "core"

    def ready(self) -> None:
        from schakel.core.choice_labels import use_choice_label_tables

        use_choice_label_tables()
