from django.urls import path

from schakel.notifications import views

app_name = "notifications"

urlpatterns = [
    path("berichten/", views.list_view, name="list"),
    path("berichten/<int:pk>/gelezen/", views.mark_read_view, name="mark_read"),
    path("berichten/alles-gelezen/", views.mark_all_read_view, name="mark_all_read"),
    path("berichten/instellingen/", views.preferences_view, name="preferences"),
]
