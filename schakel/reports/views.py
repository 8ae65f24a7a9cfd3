from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from schakel.access.policy import require_role
from schakel.access.rules import REPORT_ROLES
from schakel.reports import exports
from schakel.reports.figures import Scope, years
from schakel.reports.forms import ReportFilterForm
from schakel.reports.reports import REPORTS, build
from schakel.reports.tables import threshold

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv", exports.as_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        exports.as_xlsx,
    ),
}


def _region_id(request: HttpRequest) -> int:
    """Reports cover the reader's own region only: aggregates, never a person or a case."""
    require_role(request.user, *REPORT_ROLES)
    region_id = request.user.region_id
    if region_id is None:
        raise Http404(_("U hoort bij geen regio."))
    return region_id


@login_required
def report_index_view(request: HttpRequest) -> HttpResponse:
    _region_id(request)
    return render(request, "reports/index.html", {"reports": REPORTS, "limit": threshold()})


@login_required
def report_view(request: HttpRequest, key: str) -> HttpResponse:
    region_id = _region_id(request)
    if key not in REPORTS:
        raise Http404(_("Deze rapportage bestaat niet."))
    data = request.GET.copy()
    data.setdefault("jaar", str(years(region_id)[0]))
    form = ReportFilterForm(data, region_id=region_id)
    report = None
    if form.is_valid():
        table = form.cleaned_data["tafel"]
        municipality = form.cleaned_data["gemeente"]
        scope = Scope(
            region_id=region_id,
            year=int(form.cleaned_data["jaar"]),
            table_id=table.pk if table else None,
            municipality_id=municipality.pk if municipality else None,
        )
        report = build(key, scope)
        export = request.GET.get("formaat")
        if export in FORMATS:
            content_type, extension, write = FORMATS[export]
            response = HttpResponse(write(report.tables), content_type=content_type)
            response["Content-Disposition"] = (
                f'attachment; filename="schakel-{key}-{scope.year}.{extension}"'
            )
            return response
    query = request.GET.copy()
    query.pop("formaat", None)
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "report": report,
            "reports": REPORTS,
            "key": key,
            "query": query.urlencode(),
            "limit": threshold(),
        },
    )
