from django.urls import path

from schakel.persons import views

app_name = "persons"

# The person page (persons:detail) and the registration into a case (persons:create) are
# built in schakel.cases and join this namespace in schakel/urls.py.

urlpatterns = [
    path("", views.search_view, name="search"),
    path("<int:pk>/samenvoegen/", views.merge_view, name="merge"),
]
