from django.urls import path

from schakel.persons import privacy_views as views

app_name = "privacy_persons"

# The privacy officer's pages for correction and restriction (AVG articles 16 and 18).
urlpatterns = [
    path("", views.search_view, name="search"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/corrigeren/", views.correct_view, name="correct"),
    path("<int:pk>/beperken/", views.restrict_view, name="restrict"),
    path("<int:pk>/opheffen/", views.lift_view, name="lift"),
]
