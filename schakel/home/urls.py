from django.urls import path

from schakel.home import views

app_name = "home"

urlpatterns = [
    path("", views.worklist_view, name="worklist"),
    path("toegankelijkheid", views.accessibility_view, name="accessibility"),
    path("privacy", views.privacy_view, name="privacy"),
]
