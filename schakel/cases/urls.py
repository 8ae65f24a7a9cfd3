from django.urls import path

from schakel.cases import views

app_name = "cases"

# The case page itself (cases:detail, cases:section) is composed in schakel.home and
# joins this namespace in schakel/urls.py.
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("<int:pk>/samenvoegen/", views.case_merge_view, name="merge"),
]
