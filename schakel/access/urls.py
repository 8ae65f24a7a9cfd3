from django.urls import path

from schakel.access import views

app_name = "access"

urlpatterns = [
    path("", views.access_log_view, name="log"),
    path("geweigerd/", views.refused_access_view, name="refused"),
    path("noodtoegang/", views.break_glass_review_list_view, name="break_glass_reviews"),
    path("noodtoegang/<int:pk>/", views.break_glass_review_view, name="break_glass_review"),
    path("ongebruikelijk/", views.unusual_access_view, name="unusual"),
]
