from django.urls import path

from schakel.access import views

app_name = "access"

urlpatterns = [
    path("", views.access_log_view, name="log"),
    path("geweigerd/", views.refused_access_view, name="refused"),
]
