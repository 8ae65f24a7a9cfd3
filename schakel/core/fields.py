"""Small typed readers of model field definitions."""

from django.db import models


def max_length(model: type[models.Model], field_name: str) -> int:
    """The max_length of a text field, so a service checks the same limit as the column."""
    field = model._meta.get_field(field_name)
    length = field.max_length if isinstance(field, models.Field) else None
    if length is None:
        raise TypeError(f"{model.__name__}.{field_name} has no max_length")
    return length
