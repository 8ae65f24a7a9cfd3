from django.urls import path

from schakel.closure import views

app_name = "closure"

urlpatterns = [
    path("verbetervoorstellen/", views.improvements_view, name="improvements"),
]
