from django.urls import path

from schakel.followup import views

app_name = "followup"

urlpatterns = [
    path("casussen/<int:case_pk>/acties/nieuw/", views.not_built_yet_view, name="action_create"),
    path(
        "casussen/<int:case_pk>/stappenmeter/nieuw/",
        views.not_built_yet_view,
        name="measurement_create",
    ),
]
