from django.urls import path

from schakel.core import views

app_name = "core"

urlpatterns = [
    path("", views.worklist_view, name="worklist"),
    path("toegankelijkheid", views.accessibility_view, name="accessibility"),
    path("privacy", views.privacy_view, name="privacy"),
]
