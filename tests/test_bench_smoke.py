"""Smoke test of bench/run.py: the cheapest figures run end to end at tiny sizes.

Benchmarks are never timing assertions: these tests only check that each figure is produced,
in the one-line format the script prints, and that the synthetic corpus is what it claims.
"""

from __future__ import annotations

import re

import pytest

from bench import run as bench

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
