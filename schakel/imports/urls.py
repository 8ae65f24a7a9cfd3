from django.urls import path

from schakel.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.job_list_view, name="list"),
    path("nieuw/", views.job_create_view, name="create"),
    path("<int:pk>/", views.job_detail_view, name="detail"),
    path("<int:pk>/voortgang/", views.job_progress_view, name="progress"),
    path("<int:pk>/foutrapport.csv", views.job_report_csv_view, name="report_csv"),
]
