"""How long flag detection takes over many claims.

    .venv/bin/python bench/flags_scale.py [N ...]     (default: 100000 1000000)

For each N, builds a temporary warehouse holding N synthetic claims in 1,000 measures (generated
with DuckDB's range(), not through the loaders), then times `detect_flags` twice: the first run
flags everything, the second (nothing new) shows the cost of a routine rerun.

Shape of the data: 50 outlets; articles of 2 versions with 2 claims each; per measure, values
scattered +-5 % around a centre c with "about" intervals (+-10 %), so most claims agree (actual
levels about c, proposed totals about 1.6c, deltas about 0.6c); 1 in
20,000 is an outlier (3x), 1 in 100 changes by 8 % between versions (drift), 1 in 10 is a
delta and 1 in 5 is proposed; one article in 50 holds a delta and a total that imply a
derived level.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimwatch.warehouse.flags import FlagCounts, detect_flags  # noqa: E402
from claimwatch.warehouse.store import Warehouse  # noqa: E402

MEASURES = 1000
CLAIMS_PER_VERSION = 2
VERSIONS = 2

# The benchmark builds its data in bulk SQL; the warehouse's own SQL stays in warehouse/.
GENERATE = """
INSERT INTO article_fact (article_id, url, outlet, first_seen_at, on_topic, story_id, recorded_at)
SELECT 'a' || i, 'https://outlet' || (i // 500 % 50) || '.example/' || i,
       'Outlet ' || (i // 500 % 50),
       TIMESTAMPTZ '2026-11-01 00:00:00+00' + INTERVAL (i % 100000) SECOND, true, 'a' || i,
       TIMESTAMPTZ '2026-11-02 00:00:00+00'
FROM range($articles) t(i);

INSERT INTO article_version_fact (article_id, version, fetched_at, content_hash, title, text,
                                  recorded_at, version_id)
SELECT 'a' || i, v, TIMESTAMPTZ '2026-11-01 00:00:00+00' + INTERVAL (i % 100000 + v * 3600) SECOND,
       md5(i || '/' || v), 'title', 'text', TIMESTAMPTZ '2026-11-02 00:00:00+00',
       'v' || i || '-' || v
FROM range($articles) t(i), range(1, 3) s(v);

INSERT INTO extraction_fact (extraction_id, article_id, version, extractor_version, extracted_at,
                             recorded_at)
SELECT 'e' || i || '-' || v, 'a' || i, v, 'bench', TIMESTAMPTZ '2026-11-02 00:00:00+00',
       TIMESTAMPTZ '2026-11-02 00:00:00+00'
FROM range($articles) t(i), range(1, 3) s(v);

INSERT INTO claim_fact (claim_id, extraction_id, article_id, version, measure, value, low, high,
                        qualifier, kind, modality, negated, quantity, sentence, start_char,
                        recorded_at)
WITH base AS (
    SELECT i, v, k,
           CASE WHEN i % 50 = 0 THEN i % $measures ELSE (i * 2 + k) % $measures END AS mi,
           hash(i, k) % 1000 / 1000.0 AS r1,
           hash(k, i, 7) % 100000 AS r2
    FROM range($articles) t(i), range(1, 3) s(v), range(2) u(k)
),
valued AS (
    SELECT *,
           CASE WHEN i % 50 = 0 AND k = 0 THEN 'delta'
                WHEN i % 50 = 0 AND k = 1 THEN 'level'
                WHEN r2 % 10 = 0 THEN 'delta' ELSE 'level' END AS kind,
           CASE WHEN i % 50 = 0 OR r2 % 5 = 1 THEN 'proposed' ELSE 'actual' END AS modality
    FROM base
),
priced AS (
    SELECT *,
           -- one world: about c now, 0.6c more proposed, about 1.6c in total if so
           (100 + mi) * (0.95 + r1 / 10)
             * CASE WHEN kind = 'delta' THEN 0.6 WHEN modality = 'proposed' THEN 1.6 ELSE 1 END
             * CASE WHEN r2 % 20000 = 3 THEN 3 ELSE 1 END
             * CASE WHEN v = 2 AND r2 % 100 = 5 THEN 1.08 ELSE 1 END AS value
    FROM valued
)
SELECT 'e' || i || '-' || v || '-' || k, 'e' || i || '-' || v, 'a' || i, v, 'm' || mi,
       round(value), round(value) * 0.9, round(value) * 1.1, 'approx', kind, modality, false,
       'count', 'About ' || round(value) || ' organizations have access.', k * 80,
       TIMESTAMPTZ '2026-11-02 00:00:00+00'
FROM priced;
"""


def build(path: Path, claims: int) -> None:
    wh = Warehouse(path)
    wh.migrate()
    articles = claims // (CLAIMS_PER_VERSION * VERSIONS)
    with wh.transaction() as con:
        script = GENERATE.replace("$articles", str(articles)).replace("$measures", str(MEASURES))
        for statement in script.split(";"):
            if statement.strip():
                con.execute(statement)


def _timed(wh: Warehouse, at: datetime) -> tuple[FlagCounts, float, float]:
    """detect_flags with its wall time and this process's CPU time (other load shows as the
    difference on a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    counts = detect_flags(wh, at)
    return counts, time.perf_counter() - wall, time.process_time() - cpu


def run(claims: int) -> None:
    with tempfile.TemporaryDirectory(prefix="claimwatch-bench-") as tmp:
        path = Path(tmp) / "bench.duckdb"
        t = time.perf_counter()
        build(path, claims)
        built = time.perf_counter() - t
        wh = Warehouse(path)
        first, first_s, first_cpu = _timed(wh, datetime(2026, 11, 3, tzinfo=UTC))
        again, again_s, again_cpu = _timed(wh, datetime(2026, 11, 4, tzinfo=UTC))
        con = duckdb.connect(str(path), read_only=True)
        [(n,)] = con.execute("SELECT count(*) FROM claim").fetchall()
        [(derived,)] = con.execute("SELECT count(*) FROM derived_levels").fetchall()
        con.close()
        print(
            f"{n:>9,} claims ({MEASURES} measures, {derived:,} derived levels; built in "
            f"{built:.1f} s): detect_flags {first_s:.2f} s (cpu {first_cpu:.2f} s) -> "
            f"{first.new_cross_outlet:,} cross_outlet, {first.new_drift:,} drift, "
            f"{first.new_derived:,} derived; rerun {again_s:.2f} s (cpu {again_cpu:.2f} s) -> "
            f"{again.total} new; load average {os.getloadavg()[0]:.1f}"
        )


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [100_000, 1_000_000]
    for n in sizes:
        run(n)


if __name__ == "__main__":
    main(sys.argv[1:])
