from django.urls import path

from schakel.inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("", views.request_list_view, name="list"),
    path("<int:pk>/", views.request_detail_view, name="detail"),
    path("<int:pk>/intrekken/", views.request_withdraw_view, name="withdraw"),
    path("casus/<int:case_pk>/nieuw/", views.request_create_view, name="create"),
]
