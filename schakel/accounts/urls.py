from django.urls import path

from schakel.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/verificatie/", views.two_factor_view, name="two_factor"),
    # Where an organisation's identity provider sends the browser back; registered there.
    path("inloggen/organisatie/terug/", views.oidc_callback_view, name="oidc_callback"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("account/sessies/", views.sessions_view, name="sessions"),
    path("account/sessies/<int:pk>/beeindigen/", views.end_session_view, name="end_session"),
    path("account/wachtwoord/", views.password_change_view, name="password_change"),
]
