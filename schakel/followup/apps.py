from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "schakel.followup"
    label = "followup"
