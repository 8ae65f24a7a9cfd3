"""The three reports and what each shows, built from schakel.reports.figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.reports import figures
from schakel.reports.charts import Chart, bar_chart
from schakel.reports.figures import Scope
from schakel.reports.tables import FigureTable, ReportTable, figure_or_reason, suppress, threshold

REPORTS = {
    "productie": gettext_lazy("Productie"),
    "doorlooptijden": gettext_lazy("Doorlooptijden"),
    "trends": gettext_lazy("Trends"),
}


@dataclass
class Section:
    table: ReportTable | FigureTable
    chart: Chart | None = None
    note: str = ""


@dataclass
class Report:
    key: str
    title: str
    sections: list[Section] = field(default_factory=list)

    @property
    def tables(self) -> list[ReportTable | FigureTable]:
        return [section.table for section in self.sections]


def _counted(
    table: ReportTable, limit: int, *, chart: bool = True, column: int | None = None
) -> Section:
    suppress(table, limit)
    return Section(table=table, chart=bar_chart(table, column=column) if chart else None)


def production(scope: Scope, limit: int) -> list[Section]:
    return [
        _counted(figures.referrals_by_source(scope), limit),
        _counted(figures.triage_outcomes(scope), limit),
        _counted(figures.plans_and_cases(scope), limit, column=0),
        _counted(figures.closures_by_result(scope), limit),
        _counted(figures.cases_by_municipality(scope), limit),
    ]


def lead_time_sections(scope: Scope, limit: int) -> list[Section]:
    rows = [
        [
            step.label,
            str(step.count)
            if not 0 < step.count < limit
            else _("minder dan %(limit)d") % {"limit": limit},
            figure_or_reason(step.median, step.count, limit),
            figure_or_reason(step.p90, step.count, limit),
        ]
        for step in figures.lead_times(scope)
    ]
    table = FigureTable(
        title=_("Doorlooptijden in dagen"),
        header=[_("Stap"), _("Aantal casussen"), _("Mediaan"), _("90e percentiel")],
        rows=rows,
    )
    return [
        Section(
            table=table,
            note=_(
                "Per stap de casussen waarvan die stap in het gekozen jaar is gezet. De helft "
                "van de casussen was sneller dan de mediaan, negen op de tien sneller dan het "
                "90e percentiel."
            ),
        )
    ]


def trend_sections(scope: Scope, limit: int) -> list[Section]:
    attainment = figures.goal_attainment(scope)
    stappenmeter = FigureTable(
        title=_("Stappenmeter: gemiddelde score per kwartaal (1–5)"),
        header=[_("Kwartaal"), _("Metingen"), _("Hoofddoel"), _("Samenwerking")],
        rows=[
            [
                _("Kwartaal %(n)d") % {"n": row.quarter},
                str(row.count)
                if not 0 < row.count < limit
                else _("minder dan %(limit)d") % {"limit": limit},
                figure_or_reason(row.main_goal, row.count, limit, decimals=1),
                figure_or_reason(row.cooperation, row.count, limit, decimals=1),
            ]
            for row in attainment
        ],
    )
    youth = figures.youth_suspects_by_gender(scope)
    suppress(youth, limit)
    girls, total = youth.cells[0][0], youth.grand_total
    share = (
        _("%(share)d%% van de jeugdige verdachten is een meisje of jonge vrouw.")
        % {"share": round(100 * girls.value / total.value)}
        if total is not None and total.value and not girls.hidden and not total.hidden
        else _("Het aandeel meisjes wordt niet getoond: het rust op te weinig personen.")
    )
    return [
        _counted(figures.recurring_life_domains(scope), limit, column=0),
        _counted(figures.age_and_gender(scope), limit),
        Section(table=youth, chart=bar_chart(youth), note=share),
        Section(table=stappenmeter),
    ]


BUILDERS = {
    "productie": production,
    "doorlooptijden": lead_time_sections,
    "trends": trend_sections,
}


def build(key: str, scope: Scope) -> Report:
    limit = threshold()
    return Report(key=key, title=str(REPORTS[key]), sections=BUILDERS[key](scope, limit))
