from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.core.concurrency import save_versioned
from schakel.core.paging import page_of
from schakel.notifications import selectors, services
from schakel.notifications.forms import PreferencesForm

PAGE_SIZE = 50


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    """The user's own messages; messages hold case references, no personal data."""
    paging = page_of(request, selectors.notifications_for(user=request.user), PAGE_SIZE)
    page = paging.page
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "paging": paging,
            "has_unread": any(n.read_at is None for n in page.object_list),
        },
    )


@require_POST
@login_required
def mark_read_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.mark_read(user=request.user, notification_pk=pk):
        raise Http404(_("Dit bericht bestaat niet."))
    target = request.POST.get("volgende", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read_view(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Alle berichten zijn als gelezen gemarkeerd."))
    return redirect("notifications:list")


@login_required
def preferences_view(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own e-mail choices; there is no way to name another user."""
    user = request.user

    def make_form(data=None):
        stored = selectors.preferences_of(user=user)
        return PreferencesForm(
            data=data, initial={"version": services.settings_of(user).version, **stored}
        )

    conflict = None
    if request.method == "POST":

        def save(form):
            version, choices = form.split_version()
            services.save_preferences(user=user, choices=choices, expected_version=version)

        form, conflict, saved = save_versioned(
            request,
            make_form=make_form,
            save=save,
            current_values=lambda current: selectors.preferences_of(user=user),
        )
        if saved:
            messages.success(request, _("Uw keuzes voor berichten per e-mail zijn opgeslagen."))
            return redirect("notifications:preferences")
    else:
        form = make_form()
    return render(request, "notifications/preferences.html", {"form": form, "conflict": conflict})
