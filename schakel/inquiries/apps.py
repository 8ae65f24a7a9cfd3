from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "schakel.inquiries"
    label = "inquiries"

    def ready(self) -> None:
        from schakel.inquiries import receivers

        receivers.connect()
