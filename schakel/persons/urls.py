from django.urls import path

from schakel.persons import views

app_name = "persons"

urlpatterns = [
    path("", views.search_view, name="search"),
    path("nieuw/", views.create_view, name="create"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/samenvoegen/", views.merge_view, name="merge"),
]
