"""Pages of the rights requests: the privacy officer's (/privacy/verzoeken/) and the
partners' tasks (/privacy/taken/). Thin: the policy decides who sees what, the services
write, and every page that shows personal data logs its read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    get_visible_rights_request,
    get_visible_rights_task,
    may_answer_rights_task,
    require_role,
)
from schakel.access.rules import RIGHTS_REQUEST_ROLES, RIGHTS_TASK_ROLES
from schakel.core.concurrency import save_versioned
from schakel.core.paging import page_of
from schakel.core.writes import perform, submit
from schakel.rights import inzage, selectors, services
from schakel.rights.forms import (
    CloseForm,
    ExtendForm,
    LinkForm,
    OverdueFilterForm,
    PersonSearchForm,
    RightsRequestForm,
    TaskAnswerForm,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from schakel.persons.models import Person
    from schakel.rights.models import RightsRequest

PAGE_SIZE = 50


def _officer_request(request: HttpRequest, pk: int) -> RightsRequest:
    """403 for a role that never handles requests, 404 for a request of another region."""
    require_role(request.user, *RIGHTS_REQUEST_ROLES)
    return get_visible_rights_request(request.user, pk)


def _log_read(
    request: HttpRequest,
    rights_request: RightsRequest,
    detail: str,
    *,
    action: str = AccessAction.READ,
    persons: Iterable[Person] | None = None,
    obj: object | None = None,
) -> None:
    """The read of a page of this request, for the linked persons unless `persons` says."""
    record_access(
        actor=request.user,
        action=action,
        persons=selectors.linked_persons(rights_request) if persons is None else persons,
        obj=obj or rights_request,
        purpose=services.purpose_of(rights_request),
        detail=detail,
    )


def _detail_url(rights_request: RightsRequest) -> str:
    return reverse("rights:detail", args=[rights_request.pk])


# --- The privacy officer ------------------------------------------------------------------


@login_required
def request_list_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *RIGHTS_REQUEST_ROLES)
    filter_form = OverdueFilterForm(request.GET or None)
    overdue_only = filter_form.is_valid() and filter_form.cleaned_data["overdue"]
    paging = page_of(
        request, selectors.request_list(user=request.user, overdue_only=overdue_only), PAGE_SIZE
    )
    shown = list(paging.page.object_list)
    if shown:
        linked = selectors.persons_by_request(shown)
        record_access(
            actor=request.user,
            action=AccessAction.READ,
            persons=[person for rights_request in shown for person in linked[rights_request.pk]],
            detail=_("Lijst rechtenverzoeken: %(refs)s")
            % {"refs": ", ".join(r.reference for r in shown)},
        )
    return render(
        request,
        "rights/request_list.html",
        {
            "page": paging.page,
            "paging": paging,
            "filter_form": filter_form,
            "overdue_only": overdue_only,
        },
    )


@login_required
def request_create_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *RIGHTS_REQUEST_ROLES)
    form = RightsRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.register_request(actor=request.user, **form.cleaned_data),
            success=lambda rights_request: messages.success(
                request,
                _("Verzoek %(reference)s is geregistreerd. Koppel nu de persoon.")
                % {"reference": rights_request.reference},
            ),
            redirect_to=lambda rights_request: reverse("rights:link", args=[rights_request.pk]),
        )
        if done:
            return done
    return render(request, "rights/request_form.html", {"form": form})


@login_required
def request_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    rights_request = _officer_request(request, pk)
    persons = selectors.linked_persons(rights_request)
    _log_read(request, rights_request, _("Verzoek"), persons=persons)
    return render(
        request,
        "rights/request_detail.html",
        {
            "rights_request": rights_request,
            "persons": persons,
            "tasks": list(rights_request.tasks.select_related("organisation", "answered_by")),
            "events": list(rights_request.events.select_related("actor")),
        },
    )


@login_required
def link_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Candidates for the details as given, a search of the region, and the link (POST)."""
    rights_request = _officer_request(request, pk)
    link_form = LinkForm(
        request.POST if request.method == "POST" else None, region_id=rights_request.region_id
    )
    if request.method == "POST" and link_form.is_valid():
        done = submit(
            request,
            link_form,
            lambda: services.link_person(
                actor=request.user,
                rights_request=rights_request,
                person=link_form.cleaned_data["person"],
            ),
            success=_("De persoon is aan het verzoek gekoppeld."),
            redirect_to=reverse("rights:tasks", args=[rights_request.pk]),
        )
        if done:
            return done
    search_form = PersonSearchForm(request.GET if "zoeken" in request.GET else None)
    searched = search_form.is_bound and search_form.is_valid()
    if searched:
        found = selectors.candidates(rights_request=rights_request, **search_form.cleaned_data)
    else:
        found = selectors.candidates_as_given(rights_request)
    linked = selectors.linked_persons(rights_request)
    _log_read(
        request,
        rights_request,
        _("Personen zoeken om te koppelen"),
        action=AccessAction.SEARCH,
        persons=[*linked, *(candidate.person for candidate in found)],
    )
    return render(
        request,
        "rights/link.html",
        {
            "rights_request": rights_request,
            "link_form": link_form,
            "search_form": search_form,
            "searched": searched,
            "candidates": found,
            "linked": linked,
        },
    )


@login_required
def tasks_view(request: HttpRequest, pk: int) -> HttpResponse:
    """What Schakel holds on the linked persons and who holds it; POST asks the partners."""
    rights_request = _officer_request(request, pk)
    if request.method == "POST":
        return perform(
            request,
            lambda: services.create_tasks(actor=request.user, rights_request=rights_request),
            success=lambda created: messages.success(
                request,
                _("%(count)d taken aangemaakt of bijgewerkt.") % {"count": len(created)}
                if created
                else _("Alle partners hebben al een taak met de actuele gegevens."),
            ),
            redirect_to=_detail_url(rights_request),
            refused_to=reverse("rights:tasks", args=[rights_request.pk]),
        )
    found = selectors.findings(rights_request)
    _log_read(request, rights_request, _("Overzicht van gegevens bij partners"))
    return render(
        request,
        "rights/tasks.html",
        {
            "rights_request": rights_request,
            "findings": found,
            "planned": [
                (found.organisations.get(organisation_id, ""), rows)
                for organisation_id, rows in found.holdings.items()
                if organisation_id != request.user.organisation_id
            ],
            "tasks": list(rights_request.tasks.select_related("organisation")),
        },
    )


def _versioned_step(
    request: HttpRequest,
    rights_request: RightsRequest,
    *,
    form_class,
    save,
    template: str,
    success: str,
    detail: str,
    **form_kwargs,
) -> HttpResponse:
    """The extend and close pages: a version-checked form on the request."""
    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            make_form=lambda **kwargs: form_class(**form_kwargs, **kwargs),
            save=save,
        )
        if saved:
            messages.success(request, success)
            return redirect(_detail_url(rights_request))
    else:
        form = form_class(initial={"version": rights_request.version}, **form_kwargs)
    _log_read(request, rights_request, detail)
    return render(
        request,
        template,
        {"rights_request": rights_request, "form": form, "conflict": conflict},
    )


@login_required
def extend_view(request: HttpRequest, pk: int) -> HttpResponse:
    rights_request = _officer_request(request, pk)

    def save(form):
        version, data = form.split_version()
        services.extend_deadline(
            actor=request.user,
            rights_request=rights_request,
            reason=data["reason"],
            expected_version=version,
        )

    return _versioned_step(
        request,
        rights_request,
        form_class=ExtendForm,
        save=save,
        template="rights/extend.html",
        detail=_("Termijn verlengen"),
        success=_("De termijn is met twee maanden verlengd."),
    )


@login_required
def close_view(request: HttpRequest, pk: int) -> HttpResponse:
    rights_request = _officer_request(request, pk)

    def save(form):
        version, data = form.split_version()
        services.close_request(
            actor=request.user,
            rights_request=rights_request,
            decision=data["decision"],
            reason=data["reason"],
            expected_version=version,
        )

    return _versioned_step(
        request,
        rights_request,
        form_class=CloseForm,
        save=save,
        template="rights/close.html",
        detail=_("Verzoek afhandelen"),
        success=_("Het verzoek is afgehandeld."),
        kind=rights_request.kind,
    )


def _document(request: HttpRequest, pk: int, person_pk: int) -> inzage.InzageDocument:
    rights_request = _officer_request(request, pk)
    person = selectors.get_linked_person(rights_request=rights_request, person_pk=person_pk)
    if person is None:
        raise Http404(_("Deze persoon is niet aan dit verzoek gekoppeld."))
    return inzage.build_document(rights_request=rights_request, person=person)


@login_required
def inzage_view(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    document = _document(request, pk, person_pk)
    _log_read(
        request,
        document.rights_request,
        _("Inzagedocument bekeken"),
        persons=[document.person],
    )
    return render(request, "rights/inzage.html", {"document": document})


@login_required
def inzage_pdf_view(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    document = _document(request, pk, person_pk)
    pdf = inzage.render_pdf(document)
    _log_read(
        request,
        document.rights_request,
        _("Inzagedocument als PDF"),
        action=AccessAction.EXPORT,
        persons=[document.person],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="inzage-{document.rights_request.reference}-{document.person.pk}.pdf"'
    )
    return response


# --- The partner's tasks ------------------------------------------------------------------


@login_required
def task_list_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *RIGHTS_TASK_ROLES)
    paging = page_of(request, selectors.task_list(user=request.user), PAGE_SIZE)
    shown = list(paging.page.object_list)
    if shown:
        linked = selectors.persons_by_request([task.request for task in shown])
        record_access(
            actor=request.user,
            action=AccessAction.READ,
            persons=[person for task in shown for person in linked[task.request_id]],
            detail=_("Lijst taken bij rechtenverzoeken: %(refs)s")
            % {"refs": ", ".join(task.request.reference for task in shown)},
        )
    return render(request, "rights/task_list.html", {"page": paging.page, "paging": paging})


@login_required
def task_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The task of the partner's own organisation; its contact answers here (POST)."""
    require_role(request.user, *RIGHTS_TASK_ROLES)
    task = get_visible_rights_task(request.user, pk)
    rights_request = task.request
    conflict = None
    may_answer = may_answer_rights_task(user=request.user, task=task)
    form = None
    if may_answer:
        if request.method == "POST":

            def save(form):
                version, data = form.split_version()
                services.answer_task(
                    actor=request.user, task=task, answer=data["answer"], expected_version=version
                )

            form, conflict, saved = save_versioned(
                request, make_form=lambda **kwargs: TaskAnswerForm(**kwargs), save=save
            )
            if saved:
                messages.success(request, _("Uw antwoord is vastgelegd. Dank u wel."))
                return redirect("rights:task_detail", pk=task.pk)
        else:
            form = TaskAnswerForm(initial={"version": task.version})
    elif request.method == "POST":
        messages.error(request, _("Deze taak is al beantwoord."))
        return redirect("rights:task_detail", pk=task.pk)
    persons = selectors.linked_persons(rights_request)
    _log_read(request, rights_request, _("Taak bij verzoek"), persons=persons, obj=task)
    return render(
        request,
        "rights/task_detail.html",
        {
            "task": task,
            "rights_request": rights_request,
            "persons": persons,
            "form": form,
            "conflict": conflict,
        },
    )
