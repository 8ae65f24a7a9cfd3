from django.urls import path

from schakel.referrals import views

app_name = "referrals"

urlpatterns = [
    path("nieuw/", views.referral_create_view, name="create"),
    path("hermelding/<int:pk>/", views.rereport_view, name="rereport"),
]
