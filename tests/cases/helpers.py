"""Helpers shared by the cases tests."""

from django.urls import reverse

from schakel.cases.sections import SECTIONS


def detail_url(case):
    return reverse("cases:detail", args=[case.pk])


LIST_URL = reverse("cases:list")


def url(case, section=""):
    if section:
        return reverse("cases:section", args=[case.pk, section])
    return reverse("cases:detail", args=[case.pk])


SLUGS = [section.slug for section in SECTIONS if section.slug]
