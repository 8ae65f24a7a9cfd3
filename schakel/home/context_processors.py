from django.http import HttpRequest
from django.utils.translation import gettext as _

from schakel.access import rules
from schakel.core.reversing import reverse_ids
from schakel.notifications.selectors import unread_count


def reverse(name: str) -> str:
    """The menu's addresses, reversed once per name (schakel.core.reversing): reversing
    twenty of them took 0.5 ms of every page."""
    return reverse_ids(name, (), None)


def navigation(request: HttpRequest) -> dict:
    """The main menu: only the screens the user's roles can use, by the same rules
    (schakel.access.rules) the views enforce."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"nav_items": []}
    items = [(_("Werklijst"), reverse("home:worklist"))]
    if rules.works_in_cases(user):
        items.append((_("Casussen"), reverse("cases:list")))
    if rules.may_report(user):
        items.append((_("Nieuwe melding"), reverse("referrals:create")))
    if rules.may_import(user):
        items.append((_("Importeren"), reverse("imports:list")))
    if rules.works_in_cases(user):
        items.append((_("Informatieverzoeken"), reverse("inquiries:list")))
    if rules.takes_part_in_meetings(user):
        items.append((_("Overleggen"), reverse("meetings:list")))
        items.append((_("Acties"), reverse("followup:action_list")))
    if rules.works_in_nazorg(user):
        items.append((_("Nazorg"), reverse("nazorg:worklist")))
    if rules.may_transfer_cases(user):
        items.append((_("Overdrachten"), reverse("transfers:list")))
    if rules.may_configure(user):
        items.append((_("Regietafels"), reverse("meetings:tables")))
    if rules.works_in_cases(user):
        items.append((_("Personen zoeken"), reverse("persons:search")))
    if rules.may_break_glass(user):
        items.append((_("Noodtoegang"), reverse("break_glass:request")))
    if rules.may_configure(user):
        items.append((_("Beheer"), reverse("organisations:index")))
    if rules.may_read_reports(user):
        items.append((_("Rapportages"), reverse("reports:index")))
    if rules.may_read_improvements(user):
        items.append((_("Verbetervoorstellen"), reverse("closure:improvements")))
    if rules.may_read_access_log(user):
        items.append((_("Toegangslog"), reverse("access:log")))
        items.append((_("Geweigerde toegang"), reverse("access:refused")))
        items.append((_("Noodtoegang beoordelen"), reverse("access:break_glass_reviews")))
        items.append((_("Ongebruikelijke toegang"), reverse("access:unusual")))
    if rules.may_handle_rights_requests(user):
        items.append((_("Rechtenverzoeken"), reverse("rights:list")))
    if rules.may_handle_person_rights(user):
        items.append((_("Correctie en beperking"), reverse("privacy_persons:search")))
    if rules.may_read_retention(user):
        items.append((_("Bewaartermijnen"), reverse("retention:index")))
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
