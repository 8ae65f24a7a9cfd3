from django.urls import path

from schakel.plans import views

app_name = "plans"

urlpatterns = [
    path("casussen/<int:case_pk>/plan/", views.not_built_yet_view, name="detail"),
    path("casussen/<int:case_pk>/plan/vaststellen/", views.not_built_yet_view, name="agree"),
]
