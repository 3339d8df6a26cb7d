"""Named SQL: every statement the warehouse runs lives here as NAME.sql."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def sql(name: str) -> str:
    """The text of warehouse/queries/<name>.sql (cached; files ship with the package)."""
    return files("claimwatch.warehouse.queries").joinpath(f"{name}.sql").read_text(encoding="utf-8")
