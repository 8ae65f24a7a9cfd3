from django.urls import path

from schakel.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index_view, name="index"),
    path("<slug:key>/", views.report_view, name="report"),
]
