"""The person pages built here (see person_views). They join the "persons" namespace in
schakel/urls.py, so persons:detail and persons:create keep their names and paths while
persons does not import cases."""

from django.urls import path

from schakel.cases import person_views

urlpatterns = [
    path("nieuw/", person_views.person_create_view, name="create"),
    path("<int:pk>/", person_views.person_detail_view, name="detail"),
]
