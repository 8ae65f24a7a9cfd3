from django.urls import path

from schakel.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("<int:pk>/", views.case_detail_view, name="detail"),
    path("<int:pk>/samenvoegen/", views.case_merge_view, name="merge"),
]
