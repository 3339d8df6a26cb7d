"""Topic files as a user writes them: `claimwatch topics`, `topics check`, and the errors and
warnings `run` gives for a topic or a --feed it cannot use. Real subprocesses of the CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from claimwatch.flows.topic_files import load_topic
from tests.support.cli import claimwatch

FEED = "[[feeds]]\nurl = 'http://127.0.0.1:9/feed.xml'\noutlet = 'Local'\n"
MEASURE = "[[measures]]\nname = 'orgs'\nnouns = ['organization']\n"

# Every key a topic file could use before unknown keys became errors, plus `subject`.
EVERY_KEY = """
name = "every-key"
title = "Every key"
alert_subject = "Every"

[[feeds]]
url = "https://news.google.com/rss/search?q=Mythos"
outlet = "Google News"
kind = "google_news"

[relevance]
all_of = [["Mythos"], ["Anthropic", "White House"]]
none_of = ["video game"]

[[entities]]
name = "Anthropic"
label = "ORG"
aliases = ["Anthropic PBC"]

[[measures]]
name = "orgs_with_access"
description = "How many organizations have access"
nouns = ["organization", "enterprise"]
context = ["access"]
subject = "Mythos"
"""


def errors(proc: subprocess.CompletedProcess[str]) -> list[str]:
    """The error lines; `run` may print status lines before them."""
    return [line for line in proc.stderr.splitlines() if line.startswith("error:")]


def _write(tmp_path: Path, text: str, name: str = "topic.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_topics_lists_the_bundled_topics() -> None:
    proc = claimwatch("topics")
    assert proc.returncode == 0, proc.stderr
    header, *rows = proc.stdout.splitlines()
    assert header.split() == ["topic", "feeds", "measures", "title"]
    mythos = load_topic("mythos", require_feeds=False)
    assert [r.split(maxsplit=3) for r in rows] == [
        ["mythos", str(len(mythos.feeds)), str(len(mythos.measures)), mythos.title]
    ]
    assert proc.stderr == ""


ENTITY = "[[entities]]\nname = 'Anthropic'\nlabel = 'ORG'\n"
TOP_KEYS = (
    "name, title, alert_subject, feeds, relevance, entities, measures, revisit, as_of_window_hours"
)
MISTAKES = [
    (FEED + MEASURE + "[relevence]\nall_of = [['Mythos']]\n", "'relevence'", "'relevance'"),
    (FEED + "[[measure]]\nname = 'orgs'\n", "'measure'", "'measures'"),
    ("titel = 'x'\n" + FEED + MEASURE, "'titel'", "'title'"),
    (FEED + "outlt = 'x'\n" + MEASURE, "'outlt' in feeds[0]", "'outlet'"),
    (FEED + MEASURE + "[relevance]\nall_off = []\n", "'all_off' in relevance", "'all_of'"),
    (FEED + MEASURE + ENTITY + "alias = ['A']\n", "'alias' in entities[0]", "'aliases'"),
    (FEED + "[[measures]]\nname = 'orgs'\nnoun = ['org']\n", "'noun' in measures[0]", "'nouns'"),
    (FEED + MEASURE + "subjet = 'Mythos'\n", "'subjet' in measures[0]", "'subject'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "error"),
    [(text, f"unknown key {key} (did you mean {near}?)") for text, key, near in MISTAKES]
    + [
        ("colour = 'red'\n" + FEED, f"unknown key 'colour' (known keys: {TOP_KEYS})"),
        (FEED + "[measures]\nname = 'orgs'\n", "measures must be an array of tables, written [["
         "measures]]"),
        (FEED + MEASURE + "subject = ''\n", "measures[0].subject must be a non-empty string "
         "when given"),
    ],
)  # fmt: skip
def test_check_names_an_unknown_key_the_nearest_known_one_and_the_file(
    tmp_path: Path, text: str, error: str
) -> None:
    path = _write(tmp_path, text)
    proc = claimwatch("topics", "check", str(path))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == f"error: topic {path}: {error}\n"


def test_every_key_valid_before_stays_valid_and_subject_is_stored(tmp_path: Path) -> None:
    path = _write(tmp_path, EVERY_KEY)
    proc = claimwatch("topics", "check", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        f"ok: {path}: topic every-key: 1 feed, 1 measure (orgs_with_access), 1 entity, "
        "relevance: 2 term groups, 1 exclusion\n"
    )
    assert proc.stderr == ""
    (measure,) = load_topic(str(path)).measures
    assert measure.subject == "Mythos"
    # Optional: a measure without it has none.
    without = _write(tmp_path, EVERY_KEY.replace('subject = "Mythos"\n', ""), "no-subject.toml")
    assert load_topic(str(without)).measures[0].subject is None


def test_check_accepts_the_bundled_topic() -> None:
    proc = claimwatch("topics", "check", "mythos")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: mythos: topic mythos: 8 feeds, 1 measure")
    assert proc.stderr == ""


def test_a_topic_of_only_feeds_passes_with_warnings(tmp_path: Path) -> None:
    path = _write(tmp_path, "name = 'bare'\n" + FEED)
    proc = claimwatch("topics", "check", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        f"ok: {path}: topic bare: 1 feed, 0 measures, 0 entities, "
        "no relevance rule (every article is on topic)\n"
    )
    assert proc.stderr == (
        "warning: topic bare has no measures: every number will be stored as 'other'\n"
    )


def test_check_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    proc = claimwatch("topics", "check", str(path))
    assert proc.returncode == 1
    assert proc.stderr == f"error: cannot read topic file {path}: No such file or directory\n"


def test_check_without_a_path_is_bad_usage() -> None:
    proc = claimwatch("topics", "check")
    assert proc.returncode == 2
    assert "Missing argument" in proc.stderr and "Traceback" not in proc.stderr


def test_run_warns_about_a_topic_without_measures(tmp_path: Path) -> None:
    path = _write(tmp_path, "name = 'bare'\n" + FEED)
    # A database in a missing directory stops the run right after the topic is read.
    db = tmp_path / "missing" / "cw.duckdb"
    proc = claimwatch("run", "--topic", str(path), "--db", str(db), "--no-alerts")
    assert proc.returncode == 1
    said = [line for line in proc.stderr.splitlines() if line.startswith(("warning:", "error:"))]
    assert said[0] == "warning: topic bare has no measures: every number will be stored as 'other'"
    assert said[1].startswith("error: ") and len(said) == 2


def test_run_rejects_a_misspelled_section(tmp_path: Path) -> None:
    path = _write(tmp_path, FEED + MEASURE + "[relevence]\nall_of = [['Mythos']]\n")
    proc = claimwatch("run", "--topic", str(path), "--db", str(tmp_path / "cw.duckdb"))
    assert proc.returncode == 1
    assert errors(proc) == [
        f"error: topic {path}: unknown key 'relevence' (did you mean 'relevance'?)"
    ]
    assert not (tmp_path / "cw.duckdb").exists()


@pytest.mark.parametrize(
    ("url", "shown"),
    [("not-a-url", "not-a-url"), ("ftp://example.org/feed", "ftp://example.org/feed"), ("", "''")],
)
def test_a_bad_feed_option_names_the_option(tmp_path: Path, url: str, shown: str) -> None:
    db = tmp_path / "cw.duckdb"
    proc = claimwatch("run", "--db", str(db), "--feed", url, "--no-alerts")
    assert proc.returncode == 1
    assert errors(proc) == [f"error: --feed {shown}: must be an http(s) URL"]
    assert "feeds[0]" not in proc.stderr and "Traceback" not in proc.stderr
    assert not db.exists()
