from django.urls import path

from schakel.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("termijnen/", views.policy_edit_view, name="policy_edit"),
]
