from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "schakel.inquiries"
    label = "inquiries"
