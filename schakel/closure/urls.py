from django.urls import path

from schakel.closure import views

app_name = "closure"

urlpatterns = [
    path("casussen/<int:case_pk>/afschalen/", views.de_escalation_view, name="de_escalate"),
    path("casussen/<int:case_pk>/afsluiten/", views.close_view, name="close"),
    path("casussen/<int:case_pk>/evaluatie/", views.evaluation_view, name="evaluation"),
    path("verbetervoorstellen/", views.improvements_view, name="improvements"),
    path("verbetervoorstellen/export/", views.improvements_export_view, name="improvements_export"),
]
