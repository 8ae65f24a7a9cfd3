from django.urls import path

from schakel.meetings import views

app_name = "meetings"

urlpatterns = [
    path("overleggen/<int:pk>/", views.not_built_yet_view, name="detail"),
    path("overleggen/", views.list_view, name="list"),
]
