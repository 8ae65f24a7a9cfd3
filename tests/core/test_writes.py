"""The one write path of the views: a service's refusal on the form, success announced."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from schakel.core.concurrency import save_versioned
from schakel.core.writes import perform, place_errors, submit


class NoteForm(forms.Form):
    title = forms.CharField()
    start_time = forms.TimeField(required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def posted_form() -> NoteForm:
    form = NoteForm(data={"title": "Overleg", "version": "3"})
    assert form.is_valid()
    return form


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def shown(request) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(request)]


def refuse(error):
    def action(*_form):
        raise error

    return action


# --- place_errors ---------------------------------------------------------------------------


def test_a_plain_refusal_goes_above_the_form():
    form = posted_form()
    place_errors(form, ValidationError("Deze casus is al afgesloten."))
    assert form.non_field_errors() == ["Deze casus is al afgesloten."]
    assert "title" not in form.errors


def test_a_list_of_messages_goes_above_the_form():
    form = posted_form()
    place_errors(form, ValidationError(["Eerste bezwaar.", "Tweede bezwaar."]))
    assert form.non_field_errors() == ["Eerste bezwaar.", "Tweede bezwaar."]


def test_a_field_message_goes_on_its_field_and_the_rest_above_the_form():
    form = posted_form()
    place_errors(
        form,
        ValidationError(
            {
                "title": "Vul een kortere titel in.",
                "municipality": "Kies een gemeente van uw regio.",
                NON_FIELD_ERRORS: "Het overleg is al geannuleerd.",
            }
        ),
    )
    assert form.errors["title"] == ["Vul een kortere titel in."]
    assert sorted(form.non_field_errors()) == [
        "Het overleg is al geannuleerd.",
        "Kies een gemeente van uw regio.",
    ]
    assert not form.is_valid()


def test_a_message_for_a_hidden_field_is_shown_above_the_form():
    form = posted_form()
    place_errors(form, ValidationError({"version": "Open de pagina opnieuw."}))
    assert form.non_field_errors() == ["Open de pagina opnieuw."]
    assert "version" not in form.errors


def test_the_service_name_of_a_value_maps_onto_the_form_field():
    form = posted_form()
    place_errors(
        form,
        ValidationError({"starts_at": "Het begin ligt in het verleden."}),
        field_names={"starts_at": "start_time"},
    )
    assert form.errors["start_time"] == ["Het begin ligt in het verleden."]
    assert not form.non_field_errors()


def test_message_parameters_are_filled_in():
    form = posted_form()
    place_errors(
        form,
        ValidationError(
            {"title": ValidationError("Ten hoogste %(max)s tekens.", params={"max": 80})}
        ),
    )
    assert form.errors["title"] == ["Ten hoogste 80 tekens."]


# --- submit ---------------------------------------------------------------------------------


def test_submit_announces_success_and_redirects(request_):
    form = posted_form()
    response = submit(
        request_, form, lambda: None, success="Het overleg is opgeslagen.", redirect_to="/klaar/"
    )
    assert response.status_code == 302
    assert response.url == "/klaar/"
    assert shown(request_) == [("success", "Het overleg is opgeslagen.")]
    assert not form.errors


def test_submit_passes_the_result_to_the_message_and_the_target(request_):
    def announce(result):
        from django.contrib import messages

        messages.success(request_, f"Casus {result} is geregistreerd.")
        messages.warning(request_, "Let op: nog geen ontvangers.")

    response = submit(
        request_,
        posted_form(),
        lambda: 42,
        success=announce,
        redirect_to=lambda result: f"/casussen/{result}/",
    )
    assert response.url == "/casussen/42/"
    assert shown(request_) == [
        ("success", "Casus 42 is geregistreerd."),
        ("warning", "Let op: nog geen ontvangers."),
    ]


def test_submit_puts_a_refusal_on_the_form_and_says_nothing_else(request_):
    form = posted_form()
    response = submit(
        request_,
        form,
        refuse(ValidationError({"title": "Deze titel bestaat al."})),
        success="Opgeslagen.",
        redirect_to="/klaar/",
    )
    assert response is None
    assert form.errors["title"] == ["Deze titel bestaat al."]
    assert shown(request_) == []


@pytest.mark.parametrize("error", [PermissionDenied("Geen toegang."), Http404("Weg.")])
def test_submit_lets_a_refusal_of_access_through(request_, error):
    form = posted_form()
    with pytest.raises(type(error)):
        submit(request_, form, refuse(error), success="Opgeslagen.", redirect_to="/klaar/")
    assert not form.errors
    assert shown(request_) == []


# --- perform --------------------------------------------------------------------------------


def test_perform_announces_success_and_redirects(request_):
    response = perform(
        request_, lambda: None, success="Het verzoek is ingetrokken.", redirect_to="/verzoek/"
    )
    assert response.url == "/verzoek/"
    assert shown(request_) == [("success", "Het verzoek is ingetrokken.")]


def test_perform_without_a_success_message_says_nothing(request_):
    perform(request_, lambda: None, success=None, redirect_to="/overleg/")
    assert shown(request_) == []


def test_perform_shows_a_refusal_as_one_error_message(request_):
    response = perform(
        request_,
        refuse(ValidationError({"state": "Eerste.", NON_FIELD_ERRORS: ["Tweede."]})),
        success="Gelukt.",
        redirect_to="/overleg/",
    )
    assert response.url == "/overleg/"
    assert shown(request_) == [("error", "Eerste. Tweede.")]


def test_perform_may_send_a_refusal_elsewhere(request_):
    response = perform(
        request_,
        refuse(ValidationError("Niet meer mogelijk.")),
        success="Gelukt.",
        redirect_to="/gesloten-casus/",
        refused_to="/nieuwe-casus/",
    )
    assert response.url == "/nieuwe-casus/"


def test_perform_lets_a_refusal_of_access_through(request_):
    with pytest.raises(PermissionDenied):
        perform(request_, refuse(PermissionDenied()), success="Gelukt.", redirect_to="/")


# --- save_versioned places a refusal the same way ---------------------------------------------


def test_an_edit_form_shows_a_refusal_for_a_field_it_does_not_have_above_the_form():
    request = RequestFactory().post("/", {"title": "Overleg", "start_time": "", "version": "3"})

    form, conflict, saved = save_versioned(
        request,
        make_form=NoteForm,
        save=refuse(
            ValidationError(
                {"starts_at": "Het begin ligt in het verleden.", "table": "Kies een regietafel."}
            )
        ),
        field_names={"starts_at": "start_time"},
    )

    assert (saved, conflict) == (False, None)
    assert form.errors["start_time"] == ["Het begin ligt in het verleden."]
    assert form.non_field_errors() == ["Kies een regietafel."]
