from django.urls import path

from schakel.meetings import table_views, views

app_name = "meetings"

urlpatterns = [
    path("overleggen/", views.list_view, name="list"),
    path("overleggen/nieuw/", views.create_view, name="create"),
    path("overleggen/<int:pk>/", views.detail_view, name="detail"),
    path("overleggen/<int:pk>/wijzigen/", views.move_view, name="move"),
    path("overleggen/<int:pk>/annuleren/", views.cancel_view, name="cancel"),
    path("overleggen/<int:pk>/gehouden/", views.held_view, name="held"),
    path("overleggen/<int:pk>/agenda-opbouwen/", views.build_agenda_view, name="build_agenda"),
    path("overleggen/<int:pk>/casus-toevoegen/", views.add_case_view, name="add_case"),
    path("overleggen/<int:pk>/aanwezigheid/", views.attendance_view, name="attendance"),
    path(
        "overleggen/<int:pk>/aanwezigheid/<int:attendance_pk>/verwijderen/",
        views.attendance_remove_view,
        name="attendance_remove",
    ),
    path("overleggen/<int:pk>/agenda/afdrukken/", views.print_agenda_view, name="print_agenda"),
    path("overleggen/<int:pk>/verslag/afdrukken/", views.print_minutes_view, name="print_minutes"),
    path("overleggen/<int:pk>/punten/<int:item_pk>/", views.item_view, name="item"),
    path("overleggen/<int:pk>/punten/<int:item_pk>/uitnodigen/", views.invite_view, name="invite"),
    path("overleggen/<int:pk>/punten/<int:item_pk>/verslag/", views.minutes_view, name="minutes"),
    path(
        "overleggen/<int:pk>/punten/<int:item_pk>/verwijderen/",
        views.item_remove_view,
        name="item_remove",
    ),
    path(
        "overleggen/<int:pk>/punten/<int:item_pk>/omhoog/",
        views.item_move_view,
        {"direction": "omhoog"},
        name="item_up",
    ),
    path(
        "overleggen/<int:pk>/punten/<int:item_pk>/omlaag/",
        views.item_move_view,
        {"direction": "omlaag"},
        name="item_down",
    ),
    path("regietafels/", table_views.list_view, name="tables"),
    path("regietafels/agenda/<str:token>.ics", table_views.calendar_view, name="table_calendar"),
    path("regietafels/<int:pk>/", table_views.detail_view, name="table"),
    path("regietafels/<int:pk>/wijzigen/", table_views.edit_view, name="table_edit"),
]
