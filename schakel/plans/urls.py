from django.urls import path

from schakel.plans import views

app_name = "plans"

PLAN = "casussen/<int:case_pk>/plan/"

urlpatterns = [
    path(PLAN, views.plan_detail_view, name="detail"),
    path(f"{PLAN}vaststellen/", views.agree_view, name="agree"),
    path(f"{PLAN}algemeen/", views.general_edit_view, name="edit_general"),
    path(f"{PLAN}analyse/", views.analyses_edit_view, name="edit_analyses"),
    path(f"{PLAN}subdoelen/nieuw/", views.goal_edit_view, name="goal_create"),
    path(f"{PLAN}subdoelen/<int:goal_pk>/", views.goal_edit_view, name="goal_edit"),
    path(f"{PLAN}subdoelen/<int:goal_pk>/verwijderen/", views.goal_remove_view, name="goal_remove"),
    path(f"{PLAN}interventies/nieuw/", views.intervention_edit_view, name="intervention_create"),
    path(
        f"{PLAN}interventies/<int:intervention_pk>/",
        views.intervention_edit_view,
        name="intervention_edit",
    ),
    path(
        f"{PLAN}interventies/<int:intervention_pk>/verwijderen/",
        views.intervention_remove_view,
        name="intervention_remove",
    ),
    path(
        f"{PLAN}interventies/<int:intervention_pk>/voortgang/",
        views.progress_view,
        name="progress",
    ),
    path(f"{PLAN}versies/", views.versions_view, name="versions"),
    path(f"{PLAN}versies/vergelijken/", views.compare_view, name="compare"),
    path(f"{PLAN}versies/<int:number>/", views.version_view, name="version"),
    path(f"{PLAN}versies/<int:number>/pdf/", views.version_pdf_view, name="version_pdf"),
]
