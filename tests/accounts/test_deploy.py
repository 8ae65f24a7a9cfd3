"""The production settings pass Django's deployment checks (run as a real process)."""

from tests.accounts.helpers import production_env, run_manage, settings_report


def test_deploy_check_passes_in_production_settings():
    result = run_manage(production_env(), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_host_prefixed_and_secure():
    report = settings_report(production_env())

    assert report["debug"] is False
    assert report["demo_mode"] is False
    assert report["session_cookie_name"].startswith("__Host-")
    assert report["csrf_cookie_name"].startswith("__Host-")
    assert report["session_cookie_secure"] is True
    assert report["csrf_cookie_secure"] is True
    assert report["session_cookie_httponly"] is True
    # A __Host- cookie is only accepted by browsers with Path=/ and no Domain.
    assert report["session_cookie_path"] == report["csrf_cookie_path"] == "/"
    assert report["session_cookie_domain"] is None
    assert report["csrf_cookie_domain"] is None
    assert report["session_cookie_age"] == 15 * 60


def test_idle_timeout_comes_from_the_environment():
    report = settings_report(production_env(SCHAKEL_SESSION_IDLE_MINUTES="5"))

    assert report["session_cookie_age"] == 5 * 60
