from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "schakel.core"
    label = "core"

    def ready(self) -> None:
        from schakel.core.choice_labels import use_choice_label_tables
        from schakel.core.translations import keep_constant_translations

        use_choice_label_tables()
        keep_constant_translations()
