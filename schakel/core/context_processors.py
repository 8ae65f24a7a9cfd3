from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role
from schakel.notifications.selectors import unread_count


def navigation(request: HttpRequest) -> dict:
    """The main menu: only the screens the user's roles can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"nav_items": []}
    items = [(_("Werklijst"), reverse("core:worklist"))]
    if user.has_role(Role.PROCESREGISSEUR, Role.KETENPARTNER, Role.INFORMATIEMAKELAAR):
        items.append((_("Casussen"), reverse("cases:list")))
        items.append((_("Nieuwe melding"), reverse("referrals:create")))
        items.append((_("Informatieverzoeken"), reverse("inquiries:list")))
    if user.has_role(Role.PROCESREGISSEUR, Role.KETENPARTNER):
        items.append((_("Overleggen"), reverse("meetings:list")))
        items.append((_("Acties"), reverse("followup:action_list")))
    if user.has_role(Role.BEHEERDER, Role.MANAGER):
        items.append((_("Regietafels"), reverse("meetings:tables")))
    if user.has_role(Role.PROCESREGISSEUR, Role.INFORMATIEMAKELAAR, Role.KETENPARTNER):
        items.append((_("Personen zoeken"), reverse("persons:search")))
    if user.has_role(Role.BEHEERDER, Role.MANAGER):
        items.append((_("Beheer"), reverse("organisations:index")))
    if user.has_role(Role.MANAGER, Role.BESTUURDER):
        items.append((_("Verbetervoorstellen"), reverse("closure:improvements")))
    if user.has_role(Role.PRIVACY_OFFICER):
        items.append((_("Toegangslog"), reverse("access:log")))
        items.append((_("Geweigerde toegang"), reverse("access:refused")))
    messages_url = reverse("notifications:list")
    items.append((_("Berichten"), messages_url))
    items.append((_("Mijn account"), reverse("accounts:sessions")))
    # The longest matching address is the current one: /toegangslog/geweigerd/ is not
    # also the access log itself.
    current = max(
        (
            url
            for _label, url in items
            if request.path == url or (url != "/" and request.path.startswith(url))
        ),
        key=len,
        default=None,
    )
    unread = unread_count(user=user)
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "current": url == current,
                "badge": unread if url == messages_url else 0,
            }
            for label, url in items
        ]
    }
