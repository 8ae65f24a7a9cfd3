from django import template

from schakel.reports.tables import Cell

register = template.Library()


@register.filter
def shown(cell: Cell, limit: int) -> str:
    """A figure as the table shows it: the number, or the words that hide it."""
    return cell.shown(limit)
