from django.urls import path

from schakel.core import views

app_name = "core"

urlpatterns = [
    path("gezondheid/", views.health, name="health"),
]
