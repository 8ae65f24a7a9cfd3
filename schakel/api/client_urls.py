from django.urls import path

from schakel.api import client_views

app_name = "api_clients"

urlpatterns = [
    path("", client_views.client_list_view, name="list"),
    path("nieuw/", client_views.client_create_view, name="create"),
    path("<int:pk>/intrekken/", client_views.client_revoke_view, name="revoke"),
]
