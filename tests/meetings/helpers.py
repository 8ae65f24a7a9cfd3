"""Helpers shared by the meetings tests."""

from django.urls import reverse


def detail(meeting):
    return reverse("meetings:detail", args=[meeting.pk])
