"""The kinds of import, registered by the domain apps that own what the rows become.

The imports app sits low in the layers and imports no domain app: a domain app (referrals
for ZSM meldingen, nazorg for detentiemeldingen, incidents for police incidents) writes an
Importer and registers it here from its AppConfig.ready(). Each importer names the roles
that may use it (Importer.roles): the upload page offers, and the policy shows the
reports of, only the kinds a user may import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.imports.engine import Importer

_IMPORTERS: dict[str, type[Importer[Any]]] = {}


def register(importer: type[Importer[Any]]) -> type[Importer[Any]]:
    """Register an importer under its kind; usable as a class decorator."""
    existing = _IMPORTERS.get(importer.kind)
    if existing is not None and existing is not importer:
        raise ValueError(f"Import kind {importer.kind!r} is registered twice")
    _IMPORTERS[importer.kind] = importer
    return importer


def importer_for(kind: str) -> type[Importer[Any]] | None:
    return _IMPORTERS.get(kind)


def importers(user: User | None = None) -> list[type[Importer[Any]]]:
    """Every kind, or with a user only the kinds that user may import (Importer.may_use)."""
    return sorted(
        (importer for importer in _IMPORTERS.values() if user is None or importer.may_use(user)),
        key=lambda importer: str(importer.label),
    )


def kind_choices(user: User | None = None) -> list[tuple[str, str]]:
    return [(importer.kind, str(importer.label)) for importer in importers(user)]


def label_of(kind: str) -> str:
    importer = _IMPORTERS.get(kind)
    return str(importer.label) if importer is not None else kind
