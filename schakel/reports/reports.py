"""The three reports and what each shows, built from schakel.reports.figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.reports import figures
from schakel.reports.charts import Chart, bar_chart, value_chart
from schakel.reports.figures import Scope
from schakel.reports.tables import (
    Cell,
    FigureTable,
    ReportTable,
    figure_or_reason,
    suppress,
    threshold,
)

REPORTS = {
    "productie": gettext_lazy("Productie"),
    "doorlooptijden": gettext_lazy("Doorlooptijden"),
    "trends": gettext_lazy("Trends"),
    "rendement": gettext_lazy("Rendementsanalyse"),
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
        _outflow(scope, limit),
    ]


def _outflow(scope: Scope, limit: int) -> Section:
    section = _counted(figures.detainee_outflow(scope), limit, column=-1)
    section.note = _(
        "Detentiemeldingen naar het jaar van invrijheidstelling: de laatst bekende datum, "
        "die bij vervroeging of uitstel wordt bijgewerkt. De grafiek toont het gekozen jaar. "
        "Meldingen van verwijderde casussen tellen niet mee."
    )
    return section


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


def _average(value: float | None, *persons: Cell, limit: int) -> str:
    """An average per person, shown only when every number of persons it rests on is shown
    (a hidden count would otherwise be computed back from the averages)."""
    if value is None or not all(cell.value for cell in persons):
        return "—"
    hidden = [cell for cell in persons if cell.hidden]
    if any(cell.value < limit for cell in hidden):
        return _("minder dan %(limit)d personen") % {"limit": limit}
    if hidden:
        return _("afgeschermd")
    return f"{value:.2f}".replace(".", ",")


RENDEMENT_METHOD = gettext_lazy(
    "Met plan van aanpak: de hoofdpersonen van de casussen waarvan het eerste plan van aanpak "
    "in het gekozen jaar is vastgesteld; hun peildatum is de dag van vaststelling. "
    "Controlegroep: personen uit de regio met een politie-incident in het gekozen jaar die "
    "nooit zijn besproken (nooit betrokken bij een casus op een regietafel of met een plan "
    "van aanpak); hun peildatum is de dag na hun eerste incident in dat jaar, zodat dat "
    "incident net als de aanleiding van een melding vóór de peildatum valt. Kiest u een "
    "gemeente, dan telt de groep met plan de casussen van die gemeente en de controlegroep "
    "de personen die er wonen (van wie de gemeente onbekend is, tellen dan niet mee). Kiest "
    "u een regietafel, dan telt de groep met plan alleen de casussen van die tafel, maar "
    "blijft de controlegroep iedereen uit de regio (of gemeente) die nooit is besproken: "
    "wie nooit is besproken, zat aan geen enkele tafel; de leeftijdsgroepen maken de "
    "vergelijking met de doelgroep van een tafel eerlijk. Vóór telt van "
    "dezelfde kalenderdag een jaar eerder tot en met de dag vóór de peildatum; na telt vanaf "
    "de peildatum tot en met de dag vóór dezelfde kalenderdag een jaar later. De leeftijd is "
    "die op de peildatum. Casussen die na hun bewaartermijn zijn verwijderd tellen niet mee: "
    "hun statistiek bewaart geen personen en dus geen incidenten. Een gemiddelde dat op "
    "minder dan %(limit)d personen rust, wordt niet getoond."
)


def rendement_sections(scope: Scope, limit: int) -> list[Section]:
    results = figures.rendement(scope)
    by_age = [r for r in results if r.age_group != figures.ALL_AGES]
    # The numbers of persons per age group, with the totals: suppressed together, so that
    # a hidden group can not be computed back from "alle leeftijden" and the other groups.
    persons = ReportTable(
        title=_("Personen in de rendementsanalyse per leeftijdsgroep"),
        row_label=_("Leeftijd op de peildatum"),
        columns=[_("Met plan van aanpak"), _("Controlegroep")],
        rows=[(r.label, [r.plan.persons, r.control.persons]) for r in by_age],
        unit=_("personen"),
    )
    suppress(persons, limit)
    cells = {
        r.age_group: (plan, control)
        for r, (plan, control) in zip(by_age, persons.cells, strict=True)
    }
    cells[figures.ALL_AGES] = (persons.column_totals[0], persons.column_totals[1])
    longest = max(
        (
            value
            for r in results
            for group, cell in zip((r.plan, r.control), cells[r.age_group], strict=True)
            if not cell.hidden
            for value in (group.average_before, group.average_after)
            if value is not None
        ),
        default=0.0,
    )
    sections = [
        Section(table=persons, note=str(RENDEMENT_METHOD) % {"limit": limit}),
    ]
    for result in results:
        plan_cell, control_cell = cells[result.age_group]
        if not plan_cell.value and not control_cell.value and result.age_group == "?":
            continue  # nobody without a known birth date: no table for them
        sections.append(_rendement_section(result, plan_cell, control_cell, limit, longest))
    return sections


def _rendement_section(
    result: figures.Rendement, plan_cell: Cell, control_cell: Cell, limit: int, longest: float
) -> Section:
    rows = []
    bars: list[tuple[str, float | None, str]] = []
    for name, group, cell in (
        (_("Met plan van aanpak"), result.plan, plan_cell),
        (_("Controlegroep"), result.control, control_cell),
    ):
        shown = [
            _average(value, cell, limit=limit)
            for value in (group.average_before, group.average_after, group.change)
        ]
        rows.append([name, cell.shown(limit), *shown])
        for moment, value, text in (
            (_("vóór"), group.average_before, shown[0]),
            (_("na"), group.average_after, shown[1]),
        ):
            drawn = value if cell.value and not cell.hidden else None
            bars.append((f"{name} {moment}", drawn, text))
    difference = _average(result.difference_of_differences, plan_cell, control_cell, limit=limit)
    rows.append([_("Verschil van de verschillen"), "—", "—", "—", difference])
    table = FigureTable(
        title=_("Politie-incidenten vóór en na de peildatum: %(group)s") % {"group": result.label},
        header=[
            _("Groep"),
            _("Personen"),
            _("Gemiddeld per persoon in 12 maanden vóór"),
            _("Gemiddeld per persoon in 12 maanden na"),
            _("Verschil per persoon (na − vóór)"),
        ],
        rows=rows,
    )
    # A chart when the group has anyone in it; a hidden figure shows as its words only.
    anyone = bool(plan_cell.value or control_cell.value)
    chart = value_chart(table.title, bars, longest) if anyone else None
    return Section(
        table=table,
        chart=chart,
        note=_(
            "Het verschil van de verschillen is het verschil (na − vóór) van de groep met plan "
            "van aanpak min dat van de controlegroep: onder nul kwam de groep met plan na de "
            "start relatief minder met de politie in aanraking."
        ),
    )


BUILDERS = {
    "productie": production,
    "doorlooptijden": lead_time_sections,
    "trends": trend_sections,
    "rendement": rendement_sections,
}


def build(key: str, scope: Scope) -> Report:
    limit = threshold()
    return Report(key=key, title=str(REPORTS[key]), sections=BUILDERS[key](scope, limit))
