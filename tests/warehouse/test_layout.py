"""The warehouse package's shape: flows never hold a connection or run SQL of their own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_CONNECTION = re.compile(
    r"\.(execute|executemany|session|transaction)\(|import duckdb|queries import sql"
)


def test_flows_hold_no_connection_and_run_no_sql() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "flows").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _CONNECTION.search(line)
    ]
    assert offenders == []


# A write that changes or removes rows: DuckLake aborts it beside another writer, and enforces
# no key an upsert could rely on. Migrations may rewrite their own tables; nothing else may.
_MUTATION = re.compile(
    r"\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|\bON\s+CONFLICT\b|\bINSERT\s+OR\s+REPLACE\b"
    r"|\bTRUNCATE\b|\bMERGE\s+INTO\b",
    re.IGNORECASE,
)


def _statements(path: Path) -> list[tuple[int, str]]:
    """(line, text) of what may run as SQL: a .sql file without its comments; the string
    literals of a .py file other than docstrings."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".sql":  # comments may name what the statement avoids
        return [(1, re.sub(r"--[^\n]*", "", text))]
    tree = ast.parse(text)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _mutations(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        for first, text in _statements(path):
            for match in _MUTATION.finditer(text):
                line = first + text.count("\n", 0, match.start())
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    return found


def test_no_statement_outside_migrations_updates_deletes_or_upserts() -> None:
    warehouse = ROOT / "warehouse"
    paths = sorted((warehouse / "queries").glob("*.sql")) + sorted(warehouse.glob("*.py"))
    assert paths and _mutations(paths) == []


def test_the_scan_reads_python_strings_but_not_docstrings(tmp_path: Path) -> None:
    global ROOT
    sample = tmp_path / "m.py"
    sample.write_text('"""We never DELETE FROM a table."""\nQ = "UPDATE run SET status = 1"\n')
    saved, ROOT = ROOT, tmp_path
    try:
        assert _mutations([sample]) == ["m.py:2: UPDATE run SET"]
    finally:
        ROOT = saved


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    global ROOT
    sample = tmp_path / "q.sql"
    sample.write_text(
        "-- never UPDATE t SET here\nINSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;\n"
        "update feed set etag = null;\nDELETE FROM t;\nINSERT OR REPLACE INTO t VALUES (1);\n"
    )
    saved, ROOT = ROOT, tmp_path
    try:
        assert [f.split(": ", 1)[1].upper() for f in _mutations([sample])] == [
            "ON CONFLICT",
            "UPDATE FEED SET",
            "DELETE FROM",
            "INSERT OR REPLACE",
        ]
    finally:
        ROOT = saved
