from django.urls import path

from schakel.rights import views

app_name = "rights"

urlpatterns = [
    path("verzoeken/", views.request_list_view, name="list"),
    path("verzoeken/nieuw/", views.request_create_view, name="create"),
    path("verzoeken/<int:pk>/", views.request_detail_view, name="detail"),
    path("verzoeken/<int:pk>/koppelen/", views.link_view, name="link"),
    path("verzoeken/<int:pk>/taken/", views.tasks_view, name="tasks"),
    path("verzoeken/<int:pk>/verlengen/", views.extend_view, name="extend"),
    path("verzoeken/<int:pk>/afhandelen/", views.close_view, name="close"),
    path("verzoeken/<int:pk>/inzage/<int:person_pk>/", views.inzage_view, name="inzage"),
    path(
        "verzoeken/<int:pk>/inzage/<int:person_pk>/pdf/", views.inzage_pdf_view, name="inzage_pdf"
    ),
    path("taken/", views.task_list_view, name="task_list"),
    path("taken/<int:pk>/", views.task_detail_view, name="task_detail"),
]
