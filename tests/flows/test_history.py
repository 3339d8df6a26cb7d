"""`claimwatch history URL`: an article's versions with their classes and a word diff between
consecutive ones, found by any name the warehouse knows; `article_history` for Python."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from claimwatch.extractors.records import ArticleObservation
from claimwatch.extractors.text_norm import content_hash
from claimwatch.flows.history import (
    UnknownArticle,
    article_history,
    history_lines,
    print_history,
)
from claimwatch.warehouse.store import Warehouse
from tests.support.cli import claimwatch

URL = "https://harbor.example/2026/11/mythos-access"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
BODY = (
    "About 50 organizations now have access to Mythos, officials said on Monday. The company "
    "declined to say when more would be admitted, and the White House did not comment."
)
VERSIONS = [
    ("Mythos access stays narrow", BODY),
    ("Mythos access stays narrow", BODY.replace("About 50", "About 40")),
    (
        "Mythos access stays narrow, officials say",
        BODY.replace("About 50", "About 40")
        + "\n\nCorrection: An earlier version of this article misstated the number of "
        "organizations with access.",
    ),
]


def _obs(title: str, text: str, at: datetime) -> ArticleObservation:
    return ArticleObservation(
        url=URL, outlet="Harbor Ledger", feed_url="https://harbor.example/rss", title=title,
        text=text, content_hash=content_hash(title, text), on_topic=True, published_at=T0,
        updated_at=None, fetched_at=at, aliases=("guid:https://harbor.example/rss:hl-4711",),
    )  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "cw.duckdb"
    wh = Warehouse(path)
    wh.migrate()
    wh.start_run("r1", "mythos", T0)
    for n, (title, text) in enumerate(VERSIONS):
        wh.load_observations("r1", [_obs(title, text, T0 + timedelta(hours=n))])
    return path


def test_history_lists_versions_with_classes_and_a_word_diff(db: Path) -> None:
    done = claimwatch("history", "--db", str(db), URL)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith(f"Harbor Ledger: {URL} (3 versions)\n")
    assert "version 1  2026-11-20 09:00 UTC  first version" in out
    # A number changed without a word of notice: no text class until extraction says numbers.
    assert "version 2  2026-11-20 10:00 UTC  edited" in out
    assert "text: About [-50-] {+40+} organizations now have access" in out
    assert "version 3  2026-11-20 11:00 UTC  correction (also update, headline)" in out
    assert "headline: Mythos access stays [-narrow-] {+narrow, officials say+}" in out
    assert "{+Correction: An earlier version of this article misstated" in out
    assert "\x1b[" not in out  # not a terminal: markers, no colour


def test_history_finds_an_article_by_any_of_its_names(db: Path) -> None:
    tracked = "HTTPS://Harbor.example/2026/11/mythos-access?utm_source=rss&utm_medium=feed"
    for name in (tracked, "guid:https://harbor.example/rss:hl-4711"):
        found = article_history(db, name)
        assert found.url == URL and [v.version for v in found.versions] == [1, 2, 3]
    done = claimwatch("history", "--db", str(db), tracked)
    assert done.returncode == 0 and f"{URL} (3 versions)" in done.stdout


def test_an_unknown_url_is_one_line_and_exit_1(db: Path) -> None:
    done = claimwatch("history", "--db", str(db), "https://harbor.example/never-seen")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: no article 'https://harbor.example/never-seen' in {db}"
    ]
    with pytest.raises(UnknownArticle):
        article_history(db, "https://harbor.example/2026/11/mythos-access", topic="other")


def test_as_of_shows_the_history_as_it_stood(db: Path) -> None:
    wh = Warehouse(db)
    _, rows = wh.query("SELECT recorded_at FROM article_version_fact ORDER BY version")
    between = rows[1][0] + (rows[2][0] - rows[1][0]) / 2
    found = article_history(wh, URL, as_of=between)
    assert [v.version for v in found.versions] == [1, 2]
    done = claimwatch("history", "--db", str(db), "--as-of", between.isoformat(), URL)
    assert done.returncode == 0 and "(2 versions)" in done.stdout


def test_the_python_reader_returns_plain_records(db: Path) -> None:
    found = article_history(db, URL, topic="mythos")
    first, second, third = found.versions
    assert (first.classes, first.primary, first.text_diff) == ((), None, ())
    assert [(s.op, s.text) for s in second.text_diff if s.op != "equal"] == [
        ("delete", "50"),
        ("insert", "40"),
    ]
    assert third.classes == ("correction", "update", "headline")
    assert third.primary == "correction" and third.title_diff


def test_on_a_terminal_changes_are_coloured_instead_of_marked(db: Path) -> None:
    found = article_history(db, URL)
    stream = io.StringIO()
    print_history(found, stream, color=True)
    coloured = stream.getvalue()
    assert "\x1b[" in coloured and "[-" not in coloured and "{+" not in coloured
    plain = io.StringIO()
    print_history(found, plain, color=False)
    assert plain.getvalue().splitlines() == history_lines(found)
