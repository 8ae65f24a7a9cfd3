from django.urls import path

from schakel.triage import views

app_name = "triage"

urlpatterns = [
    path("casus/<int:case_pk>/starten/", views.start_triage_view, name="start"),
    path("casus/<int:case_pk>/besluit/", views.decide_view, name="decide"),
]
