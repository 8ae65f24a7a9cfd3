from django.urls import path

from schakel.meetings import views

app_name = "meetings"

urlpatterns = [
    path("overleggen/", views.list_view, name="list"),
]
