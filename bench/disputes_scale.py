"""How long building disputes takes over many claims.

    .venv/bin/python bench/disputes_scale.py [N ...]              (default: 100000 1000000)
    .venv/bin/python bench/disputes_scale.py --warehouse [N ...]  (default: 1000000)

For each N, generates N synthetic comparable claims in memory (not timed), then times
`build_disputes` (extractors/disputes.py, pure Python) three times and prints the median (wall
and CPU seconds) with the samples.

With --warehouse (issue 15: building disputes costs at most 1.5x the pairwise flags on the same
claims), builds a warehouse of N claims with bench/flags_scale.py's generator, then on that one
file times `detect_flags` and `detect_disputes` (the flag stage's two steps: snapshot, load,
build, compare with the stored disputes, append) back to back, and prints both and their ratio;
then each again with nothing new (the routine rerun).

Shape of the data, close to bench/flags_scale.py: 1,000 measures, one subject each; 50 outlets;
articles of 2 claims; 1 in 10 claims a delta, 1 in 5 proposed (in 3 proposals per measure); 1
in 10 articles a syndicated copy of another outlet's story. Values scatter +-5 % around a centre
c per measure with "about" intervals (+-10 %): actual levels grow 2 % a day over 30 days of
publication (so time slices matter), proposed totals are about 1.6c, deltas 0.6c. 1 in 2,000
claims is an outlier (3x), 1 in 50 is wide ("more than"), 1 in 50 is a derived level; 1 in 10
actual claims names a day ("on Monday": the day before publication), the others speak of their
publication instant.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimwatch.extractors.disputes import Dispute, DisputeClaim, build_disputes  # noqa: E402
from claimwatch.extractors.timeref import AsOf  # noqa: E402

MEASURES = 1000
OUTLETS = 50
DAYS = 30
REPEATS = 3
START = datetime(2026, 11, 1, tzinfo=UTC)


def generate(n: int, seed: int = 15) -> list[DisputeClaim]:
    rng = random.Random(seed)
    decimals: dict[int, Decimal] = {}

    def dec(v: int) -> Decimal:
        d = decimals.get(v)
        if d is None:
            d = decimals[v] = Decimal(v)
        return d

    outlets = [f"Outlet {i}" for i in range(OUTLETS)]
    measures = [f"m{i}" for i in range(MEASURES)]
    proposals = ("p0", "p1", "p2")
    claims: list[DisputeClaim] = []
    stories: list[str] = []
    for i in range(n // 2):  # articles
        outlet = outlets[i % OUTLETS]
        if stories and rng.random() < 0.1:
            story = stories[rng.randrange(len(stories))]  # a syndicated copy
        else:
            story = f"s{i}"
            stories.append(story)
        published = START + timedelta(seconds=rng.randrange(DAYS * 86400))
        day_index = (published - START).days
        mi = rng.randrange(MEASURES)
        for k in range(2):
            r = rng.random()
            kind = "delta" if r < 0.1 else "level"
            modality = "proposed" if 0.1 <= r < 0.3 else "actual"
            centre = float(100 + mi)
            if kind == "delta":
                centre *= 0.6
            elif modality == "proposed":
                centre *= 1.6
            else:
                centre *= 1 + 0.02 * day_index
            value = round(centre * rng.uniform(0.95, 1.05) * (3 if rng.random() < 0.0005 else 1))
            v = dec(value)
            shape = rng.random()
            derived = kind == "level" and shape < 0.02
            if 0.02 <= shape < 0.04:
                low, high = v, None  # more than v
            else:
                low, high = dec(value * 9 // 10), dec(-(-value * 11 // 10))
            as_of = None
            if modality == "actual" and rng.random() < 0.1:
                d = datetime.combine(published.date(), datetime.min.time(), UTC)
                as_of = AsOf(d - timedelta(days=1), d, "on Monday", "day")
            cid = f"c{i}-{k}"
            claims.append(
                DisputeClaim(
                    claim_id=cid,
                    outlet=outlet,
                    story_id=story,
                    url=f"https://outlet{i % OUTLETS}.example/{i}",
                    measure=measures[mi],
                    kind=kind,
                    modality=modality,
                    subject="Subject",
                    value=v,
                    low=low,
                    high=high,
                    published_at=published,
                    as_of=as_of,
                    derived=derived,
                    proposal=proposals[i % 3] if modality == "proposed" else None,
                )
            )
    return claims


def run(n: int) -> None:
    t = time.perf_counter()
    claims = generate(n)
    made = time.perf_counter() - t
    walls: list[float] = []
    cpus: list[float] = []
    disputes: tuple[Dispute, ...] = ()
    for _ in range(REPEATS):
        wall, cpu = time.perf_counter(), time.process_time()
        disputes = build_disputes(claims)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    positions = sum(len(d.positions) for d in disputes)
    print(
        f"{len(claims):>9,} claims ({MEASURES} measures; generated in {made:.1f} s): "
        f"build_disputes median {statistics.median(walls):.2f} s "
        f"(cpu {statistics.median(cpus):.2f} s; samples "
        + ", ".join(f"{w:.2f}" for w in walls)
        + f") -> {len(disputes):,} disputes, {positions:,} positions; "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def run_warehouse(n: int) -> None:
    """detect_flags and detect_disputes on one warehouse of n claims, back to back."""
    import tempfile

    sys.path.insert(0, str(ROOT / "bench"))
    import flags_scale

    from claimwatch.warehouse.disputes import detect_disputes
    from claimwatch.warehouse.flags import detect_flags
    from claimwatch.warehouse.store import Warehouse

    def timed(step, at: datetime) -> tuple[object, float, float]:  # type: ignore[no-untyped-def]
        wall, cpu = time.perf_counter(), time.process_time()
        out = step(wh, at)
        return out, time.perf_counter() - wall, time.process_time() - cpu

    with tempfile.TemporaryDirectory(prefix="claimwatch-bench-") as tmp:
        path = Path(tmp) / "bench.duckdb"
        t = time.perf_counter()
        flags_scale.build(path, n)
        built = time.perf_counter() - t
        wh = Warehouse(path)
        first = datetime(2026, 11, 3, tzinfo=UTC)
        flags, flags_s, flags_cpu = timed(detect_flags, first)
        disputes, disputes_s, disputes_cpu = timed(detect_disputes, first)
        later = first + timedelta(days=1)
        _, flags_again, _ = timed(detect_flags, later)
        again, disputes_again, _ = timed(detect_disputes, later)
        ratio = disputes_s / flags_s
        print(
            f"{n:>9,} claims (built in {built:.1f} s): detect_flags {flags_s:.2f} s "
            f"(cpu {flags_cpu:.2f} s; {flags.total:,} flags), detect_disputes "  # type: ignore[attr-defined]
            f"{disputes_s:.2f} s (cpu {disputes_cpu:.2f} s; {disputes.opened:,} opened): "  # type: ignore[attr-defined]
            f"ratio {ratio:.2f} (goal <= 1.5) {'PASS' if ratio <= 1.5 else 'MISS'}; reruns with "
            f"nothing new {flags_again:.2f} s / {disputes_again:.2f} s "
            f"({again.snapshots} snapshots); load average {os.getloadavg()[0]:.1f}",  # type: ignore[attr-defined]
            flush=True,
        )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--warehouse"]:
        for n in [int(a) for a in argv[1:]] or [1_000_000]:
            run_warehouse(n)
        return
    for n in [int(a) for a in argv] or [100_000, 1_000_000]:
        run(n)


if __name__ == "__main__":
    main(sys.argv[1:])
