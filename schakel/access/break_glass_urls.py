"""The procesregisseur's noodtoegang pages. The privacy officer's review of them lives
with the access log (schakel/access/urls.py)."""

from django.urls import path

from schakel.access import views

app_name = "break_glass"

urlpatterns = [
    path("", views.break_glass_request_view, name="request"),
    path("<int:pk>/beeindigen/", views.break_glass_end_view, name="end"),
]
