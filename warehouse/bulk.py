"""Bulk loads: rows go through temporary newline-delimited JSON files that DuckDB reads in one
INSERT per table (row-by-row `executemany` costs ~1-8 ms a row on DuckDB 1.5; multi-row VALUES
and list parameters with unnest are no better; pandas/pyarrow are not installed). JSON keeps
NULL, empty strings, newlines and NaN exact, unlike CSV.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path


def jsonl(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Write rows as JSON objects, one a line, for a bulk insert's read_json; returns the path."""
    with path.open("w", encoding="utf-8") as f:
        if len(columns) == 1:  # keys for a lookup: no dict a row
            head = "{" + json.dumps(columns[0]) + ": "
            f.writelines(f"{head}{json.dumps(row[0], default=_exact)}}}\n" for row in rows)
            return str(path)
        for row in rows:
            # Decimals (claim values and bounds) as strings: DuckDB reads them into DECIMAL
            # columns exactly, where a JSON number would pass through a binary float.
            f.write(json.dumps(dict(zip(columns, row, strict=True)), default=_exact))
            f.write("\n")
    return str(path)


def _exact(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):  # read into TIMESTAMPTZ columns
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} as JSON")
