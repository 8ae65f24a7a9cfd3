from django.urls import path

from schakel.transfers import views

app_name = "transfers"

urlpatterns = [
    path("overdrachten/", views.transfer_list_view, name="list"),
    path("overdrachten/<int:pk>/", views.detail_view, name="detail"),
    path("overdrachten/<int:pk>/intrekken/", views.withdraw_view, name="withdraw"),
    path("casussen/<int:case_pk>/overdragen/", views.propose_view, name="propose"),
]
