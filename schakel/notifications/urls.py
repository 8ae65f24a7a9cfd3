from django.urls import path

from schakel.notifications import views

app_name = "notifications"

urlpatterns = [
    path("berichten/", views.list_view, name="list"),
]
