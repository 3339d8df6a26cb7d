"""Smoke test of bench/run.py: the cheapest figures run end to end at tiny sizes.

Benchmarks are never timing assertions: these tests only check that each figure is produced,
in the one-line format the script prints, and that the synthetic corpus is what it claims.
"""

from __future__ import annotations

import re

import pytest

from bench import run as bench
from tests.support.postgres import PostgresCluster, postgres  # noqa: F401

LINE = re.compile(r"^[a-z0-9_]+: .+ \(goal .+\) (PASS|MISS)$")


def _produced(fig: bench.Figure) -> None:
    assert fig.measured
    assert LINE.match(fig.line()), fig.line()


def test_the_synthetic_corpus_varies_every_article() -> None:
    corpus = bench.synthetic_corpus(6, words=200)
    texts = bench.nlp_texts(corpus)
    assert len(set(texts)) == 6
    assert all(len(a.text.split()) >= 200 for a in corpus)
    assert len({a.outlet for a in corpus}) == 6


def test_polling_slow_feeds_on_many_hosts_produces_a_figure() -> None:
    _produced(bench.fig_parallel_poll(feeds=8, hosts=2, delay=0.05, reps=1))


def test_bulk_load_figure_checks_both_paths_write_the_same_rows() -> None:
    _produced(bench.fig_bulk_load(claims=300, baseline_claims=60, reps=1))


def test_flag_scale_figure_is_produced() -> None:
    pytest.importorskip("bench.flags_scale")
    _produced(bench.fig_flags_scale((2_000, 4_000), reps=1))


def test_the_script_prints_figure_lines_and_the_machine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert bench.main(["--quick", "--only", "4"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert LINE.match(out[0]), out
    assert out[-1].startswith("machine: ")


# -- bench/lake_workers.py: workers into a lake (issue 16) --------------------------------


@pytest.mark.slow
def test_lake_workers_figures_store_the_same_coverage_with_1_2_and_4_workers(
    postgres: PostgresCluster,  # noqa: F811  (the session's cluster: the lakes' catalogs)
) -> None:
    from bench import lake_workers

    corpus = bench.synthetic_corpus(24, words=300)
    configs = lake_workers.measure_workers(postgres, corpus, feeds_per_host=1)
    assert [c.workers for c in configs] == [1, 2, 4]
    first = configs[0]
    assert (first.articles, first.versions, first.extracted) == (24, 24, 24)
    assert first.claims > 0
    for c in configs:
        # Every configuration stored and extracted the same coverage, each id once. (Flags
        # are not compared: which near-duplicate article roots a story depends on the order
        # the shards stored them in, and flags pair claims of different stories.)
        assert (c.articles, c.versions, c.claims) == (
            first.articles, first.versions, first.claims,
        ), c.workers  # fmt: skip
        assert c.extracted == 24, c.workers
        assert c.duplicates == 0, c.workers
    four = configs[-1].tally
    # The shards' commits were counted in the worker processes; each took the write lock.
    assert four.commits > 0
    assert four.acquired["write"] >= four.commits
    _produced(lake_workers.fig_throughput(configs))
    _produced(lake_workers.fig_conflicts(configs[-1]))
    _produced(lake_workers.fig_commit(postgres, commits=5))
