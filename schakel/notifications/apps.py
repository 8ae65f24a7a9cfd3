from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "schakel.notifications"
    label = "notifications"

    def ready(self) -> None:
        from schakel.notifications import receivers

        receivers.connect()
