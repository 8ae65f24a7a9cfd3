from django.urls import path

from schakel.referrals import views

app_name = "referrals"

urlpatterns = [
    path("nieuw/", views.referral_create_view, name="create"),
    path("hermelding/<int:pk>/", views.rereport_view, name="rereport"),
    path(
        "<int:pk>/hermelding-van/<int:closed_pk>/koppelen/",
        views.rereport_attach_view,
        name="rereport_attach",
    ),
    path(
        "<int:pk>/hermelding-van/<int:closed_pk>/apart-houden/",
        views.rereport_keep_apart_view,
        name="rereport_keep_apart",
    ),
]
