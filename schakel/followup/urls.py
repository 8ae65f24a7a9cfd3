from django.urls import path

from schakel.followup import views

app_name = "followup"

urlpatterns = [
    path("acties/", views.action_list_view, name="action_list"),
    path("acties/<int:pk>/", views.action_detail_view, name="action_detail"),
    path("acties/<int:pk>/gereed/", views.action_complete_view, name="action_complete"),
    path("acties/<int:pk>/vervallen/", views.action_cancel_view, name="action_cancel"),
    path("casussen/<int:case_pk>/acties/nieuw/", views.action_create_view, name="action_create"),
    path(
        "casussen/<int:case_pk>/stappenmeter/nieuw/",
        views.measurement_create_view,
        name="measurement_create",
    ),
    path(
        "casussen/<int:case_pk>/opschalingen/nieuw/",
        views.escalation_create_view,
        name="escalation_create",
    ),
    path("opschalingen/<int:pk>/", views.escalation_answer_view, name="escalation_answer"),
    path(
        "opschalingen/<int:pk>/afronden/",
        views.escalation_resolve_view,
        name="escalation_resolve",
    ),
]
