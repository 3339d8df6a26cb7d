"""`claimwatch disputes [--all]`, `disputes mute ID [--undo]` and `claims reject ID --why TEXT
[--undo]` as a person runs them (a subprocess), on a real warehouse seeded with a dispute."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from claimwatch.warehouse.store import Warehouse
from tests.support.cli import claimwatch
from tests.support.disputes import T0, claim, detect, seed, six_against_one


@pytest.fixture
def db(tmp_path: Path) -> tuple[Warehouse, str]:
    wh = Warehouse(tmp_path / "cw.duckdb", busy_timeout=2.0)
    wh.migrate()
    six_against_one(wh)
    detect(wh, T0 + timedelta(days=1))
    return wh, str(wh.path)


def test_disputes_prints_one_block_with_positions_side_by_side(db: tuple[Warehouse, str]) -> None:
    wh, path = db
    out = claimwatch("disputes", "--db", path)
    assert out.returncode == 0, out.stderr
    [(dispute_id,)] = wh.query("SELECT dispute_id FROM disputes")[1]
    lines = out.stdout.splitlines()
    assert lines[0] == (
        "Actual total of orgs_with_access (How many organizations have, or would have, access "
        "to Mythos), for Mythos"
    )
    assert lines[1].split() == [dispute_id, "open,", "speaking", "of", "2026-11-20"]
    # Positions side by side: the six against the one.
    assert lines[2].split("|")[0].strip() == "120 (majority)"
    assert lines[2].split("|")[1].strip() == "200 (outlier)"
    assert lines[3].split("|")[0].strip() == "6 outlets, 6 stories"
    assert lines[4].split("|")[1].strip() == "Outlier"
    assert any(
        line.startswith('  200: "Officials said about 200 organizations')
        and "https://outlier.example/a, 2026-11-20" in line
        for line in lines
    )
    # Nothing resolved yet: --all shows the same one dispute.
    assert claimwatch("disputes", "--all", "--db", path).stdout == out.stdout
    # As the warehouse stood before detection: nothing.
    before = claimwatch("disputes", "--db", path, "--as-of", "2020-01-01")
    assert before.returncode == 0 and before.stdout == "no open disputes\n"


def test_mute_and_undo_are_facts_and_unknown_ids_fail_in_one_line(
    db: tuple[Warehouse, str],
) -> None:
    wh, path = db
    [(dispute_id,)] = wh.query("SELECT dispute_id FROM disputes")[1]
    out = claimwatch("disputes", "mute", dispute_id, "--why", "known typo", "--db", path,
                     env_extra={"USER": "ana"})  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"muted dispute {dispute_id} (known typo)\n"
    assert wh.query("SELECT muted FROM disputes")[1] == [(True,)]
    listed = claimwatch("disputes", "--db", path).stdout
    assert f"{dispute_id}  open muted" in listed
    again = claimwatch("disputes", "mute", dispute_id, "--db", path)
    assert again.returncode == 0 and "already muted" in again.stdout
    undo = claimwatch("disputes", "mute", dispute_id, "--undo", "--by", "bo", "--db", path)
    assert undo.returncode == 0 and undo.stdout == f"unmuted dispute {dispute_id}\n"
    _, rows = wh.query("SELECT who, why, undone_by, active FROM mutes")
    assert rows == [("ana", "known typo", "bo", False)]
    assert wh.query("SELECT muted FROM disputes")[1] == [(False,)]

    unknown = claimwatch("disputes", "mute", "dispute-nope", "--db", path)
    assert unknown.returncode == 1
    assert unknown.stderr == "error: no dispute 'dispute-nope'\n" and unknown.stdout == ""


def test_reject_takes_a_claim_out_and_undo_puts_it_back(db: tuple[Warehouse, str]) -> None:
    wh, path = db
    _, [(claim_id,)] = wh.query("SELECT claim_id FROM claims WHERE outlet = 'Outlier'")
    missing_why = claimwatch("claims", "reject", claim_id, "--db", path)
    assert missing_why.returncode == 2 and "--why" in missing_why.stderr
    out = claimwatch("claims", "reject", claim_id, "--why", "misread", "--by", "ana", "--db", path)
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"rejected claim {claim_id} (misread)\n"
    assert wh.query("SELECT count(*) FROM contradictions")[1] == [(0,)]
    detect(wh, T0 + timedelta(days=2))
    assert claimwatch("disputes", "--db", path).stdout == "no open disputes\n"
    resolved = claimwatch("disputes", "--all", "--db", path).stdout
    assert " resolved" in resolved and "resolved 2026-11-22" in resolved

    out = claimwatch("claims", "reject", claim_id, "--undo", "--db", path)
    assert out.returncode == 0 and out.stdout == f"restored claim {claim_id}\n"
    detect(wh, T0 + timedelta(days=3))
    assert wh.query("SELECT status FROM disputes")[1] == [("open",)]
    _, rows = wh.query("SELECT claim_id, who, why, active FROM rejections")
    assert rows == [(claim_id, "ana", "misread", False)]

    unknown = claimwatch("claims", "reject", "nope", "--why", "x", "--db", path)
    assert unknown.returncode == 1 and unknown.stderr == "error: no claim 'nope'\n"


def test_an_off_subject_count_never_shows(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "cw.duckdb", busy_timeout=2.0)
    wh.migrate()
    seed(wh, "https://a.example/x", "A", [claim(120)])
    seed(wh, "https://c.example/x", "C", [claim(35, subject="OpenAI")])
    detect(wh)
    out = claimwatch("disputes", "--all", "--db", str(wh.path))
    assert out.returncode == 0 and out.stdout == "no disputes\n"
