from django.urls import path

from schakel.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("organisaties/", views.organisation_list_view, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create_view, name="organisation_create"),
    path("organisaties/<int:pk>/", views.organisation_edit_view, name="organisation_edit"),
    path("gemeenten/", views.municipality_list_view, name="municipality_list"),
    path("gemeenten/nieuw/", views.municipality_create_view, name="municipality_create"),
    path("gemeenten/<int:pk>/", views.municipality_edit_view, name="municipality_edit"),
    path("gebruikers/", views.user_list_view, name="user_list"),
    path("gebruikers/nieuw/", views.user_create_view, name="user_create"),
    path("gebruikers/<int:pk>/", views.user_edit_view, name="user_edit"),
    path(
        "gebruikers/<int:pk>/tweestapsverificatie-herstellen/",
        views.user_reset_2fa_view,
        name="user_reset_2fa",
    ),
    path("gebruikers/<int:pk>/deactiveren/", views.user_deactivate_view, name="user_deactivate"),
    path("gebruikers/<int:pk>/activeren/", views.user_activate_view, name="user_activate"),
    path("inlogdiensten/", views.identity_provider_list_view, name="identity_provider_list"),
    path(
        "inlogdiensten/nieuw/",
        views.identity_provider_create_view,
        name="identity_provider_create",
    ),
    path(
        "inlogdiensten/<int:pk>/",
        views.identity_provider_edit_view,
        name="identity_provider_edit",
    ),
    path("roltoekenningen/", views.role_grant_list_view, name="role_grant_list"),
    path(
        "roltoekenningen/<int:pk>/goedkeuren/",
        views.role_grant_approve_view,
        name="role_grant_approve",
    ),
    path(
        "roltoekenningen/<int:pk>/afwijzen/",
        views.role_grant_reject_view,
        name="role_grant_reject",
    ),
]
