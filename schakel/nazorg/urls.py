from django.urls import path

from schakel.nazorg import views

app_name = "nazorg"

urlpatterns = [
    path("", views.worklist_view, name="worklist"),
    path("nieuw/", views.create_view, name="create"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/quickscan/", views.quickscan_view, name="quickscan"),
    path("<int:pk>/re-integratieofficier/", views.officer_view, name="officer"),
    path("<int:pk>/invrijheidstelling/", views.release_date_view, name="release_date"),
    path("<int:pk>/agenderen/", views.table_view, name="table"),
    path("<int:pk>/afsluiten/", views.close_view, name="close"),
]
