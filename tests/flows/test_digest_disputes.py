"""The digest leads with disputes, corrections and counts that moved: a real warehouse (DuckDB in
tmp_path), polls stored, flagged and put into disputes as a cycle does
(tests/flows/test_alerts.py), digests sent to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from claimwatch.flows.alerts import deliver_alerts
from claimwatch.warehouse.disputes import detect_disputes, record_verdict
from claimwatch.warehouse.revisits import RevisitRecord
from claimwatch.warehouse.store import Warehouse
from tests.flows import test_alerts
from tests.flows.test_alerts import (
    HARBOR,
    LAKESIDE,
    METRO,
    S40,
    S50,
    TOPIC,
    Item,
    Recorder,
    count_claim,
    page,
    parts,
    poll,
    settings_for,
    smtp_at,
    story_text,
)

# the real SMTP server and the warehouse in tmp_path, as the alert tests have them
recorder = test_alerts.recorder
wh = test_alerts.wh

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)

FORTY_METRO = replace(
    METRO,
    body=page("Mythos model review widens", story_text("The Mythos AI model review", S40)),
    claims=(count_claim(40, S40),),
)
S40_LAKE = "Roughly 40 organizations can use Mythos now, according to a company filing."
FORTY_LAKESIDE = replace(
    LAKESIDE,
    body=page(
        "What comes next for Anthropic's Mythos",
        story_text("Anthropic's plans for Claude and Mythos", S40_LAKE),
    ),
    claims=(count_claim(40, S40_LAKE),),
)
S40_FIXED = "The company currently grants access to about 40 organizations, the people said."
NOTE = (
    "Correction: An earlier version of this article misstated the number of organizations "
    "with access."
)
HARBOR_CORRECTED = replace(
    HARBOR,
    body=page(
        "White House presses Anthropic on Mythos access",
        [*story_text("Anthropic's Mythos", S40_FIXED), NOTE],
    ),
    claims=(count_claim(40, S40_FIXED),),
)


def words(msg: EmailMessage) -> tuple[str, str]:
    """The text part, and the HTML part's text without tags (entities kept escaped)."""
    text, rich = parts(msg)
    return text, re.sub(r"<[^>]+>", " ", rich)


def disputes_section(text: str) -> str:
    start = text.index("Disputes between outlets")
    rest = text[start:]
    ends = [rest.find(h) for h in ("\nCorrections", "\nNew stories", "\nCounts that", "\n--")]
    return rest[: min(e for e in ends if e > 0)]


def test_a_dispute_opening_gaining_an_outlet_and_resolving_is_told_in_three_digests(
    wh: Warehouse, recorder: tuple[Recorder, int]
) -> None:
    server, port = recorder
    settings = settings_for(wh, smtp_at(port))

    # Harbor says about 50, Metro about 40: a dispute opens.
    poll(wh, T0, [HARBOR, FORTY_METRO])
    assert deliver_alerts(wh, TOPIC, settings, T0).status == "sent"
    first = server.accepted[-1]
    assert "1 dispute opened" in first["Subject"]
    text, rich = words(first)
    assert text.index("Disputes between outlets") < text.index("New stories")
    section = disputes_section(text)
    assert "Organizations with access: one outlet says about 50; one says about 40." in section
    assert "Dispute opened." in section
    for sentence, url in ((S50, HARBOR.url), (S40, METRO.url)):
        assert sentence in section and url in section
        assert sentence in rich
    assert "2026-11-20" in section  # each position's date
    assert "new contradiction" not in first["Subject"]  # one line per dispute, not per pair

    # Lakeside also says about 40: it joins that position, in the same dispute.
    t1 = T0 + HOUR
    poll(wh, t1, [HARBOR, FORTY_METRO, FORTY_LAKESIDE])
    assert deliver_alerts(wh, TOPIC, settings, t1).status == "sent"
    second = server.accepted[-1]
    assert "1 dispute changed" in second["Subject"], second["Subject"]
    text, _rich = words(second)
    section = disputes_section(text)
    assert "Lakeside Times joined those saying about 40." in section
    assert "two outlets say about 40" in section and "one outlet says about 50" in section
    assert "Dispute opened." not in section

    # Harbor corrects its figure to 40: the dispute resolves, and the correction is quoted.
    t2 = t1 + HOUR
    assert poll(wh, t2, [HARBOR_CORRECTED, FORTY_METRO, FORTY_LAKESIDE])[0] == "changed"
    assert deliver_alerts(wh, TOPIC, settings, t2).status == "sent"
    third = server.accepted[-1]
    assert "1 dispute resolved" in third["Subject"] and "1 correction" in third["Subject"]
    text, rich = words(third)
    section = disputes_section(text)
    assert "until now one outlet said about 50; two outlets said about 40." in section
    assert (
        "Resolved by version 2 of Harbor Ledger's article (correction): the claims no longer "
        "disagree." in section
    )
    # the correction is quoted once, not again as a drift flag of the same version
    assert "Numbers that changed within a story" not in text and "drift" not in third["Subject"]
    corrections = text[text.index("Corrections") :]
    assert "corrected in version 2" in corrections
    assert f'before: "{S50}"' in corrections and f'after:  "{S40_FIXED}"' in corrections
    assert f'added:  "{NOTE}"' in corrections
    assert S50 in rich and S40_FIXED in rich and "before" in rich

    # Nothing new: nothing announced twice.
    t3 = t2 + HOUR
    poll(wh, t3, [HARBOR_CORRECTED, FORTY_METRO, FORTY_LAKESIDE])
    assert deliver_alerts(wh, TOPIC, settings, t3).status == "nothing_new"
    assert len(server.accepted) == 3


def test_a_muted_dispute_is_not_announced(wh: Warehouse, recorder: tuple[Recorder, int]) -> None:
    server, port = recorder
    settings = settings_for(wh, smtp_at(port))
    poll(wh, T0, [HARBOR, FORTY_METRO])
    _, [(dispute_id,)] = wh.query("SELECT dispute_id FROM disputes")
    record_verdict(
        wh, "dispute", str(dispute_id), "mute", who="ana", why="known", topic=TOPIC.name, at=T0
    )
    assert deliver_alerts(wh, TOPIC, settings, T0).status == "sent"
    text, rich = words(server.accepted[-1])
    assert "dispute" not in server.accepted[-1]["Subject"]
    assert "Disputes between outlets" not in text and "Dispute opened" not in rich
    assert "New stories" in text  # the rest of the digest still goes out

    # An outlet joining the muted dispute stays quiet too.
    t1 = T0 + HOUR
    poll(wh, t1, [HARBOR, FORTY_METRO, FORTY_LAKESIDE])
    deliver_alerts(wh, TOPIC, settings, t1)
    text, _rich = words(server.accepted[-1])
    assert "Disputes between outlets" not in text and "joined" not in text


MONDAY = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)
WEDNESDAY = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
S30 = "About 30 organizations have access to Mythos so far, the company said."
S55_METRO = "About 55 organizations now have access to Mythos, the White House said."
S55_LAKE = "Some 55 organizations can now use Mythos, a spokesperson said."
S30_STALE = "About 30 organizations have access to Mythos, officials said on Wednesday."


def test_a_count_rising_day_by_day_is_announced_as_moved_not_as_a_dispute(
    wh: Warehouse, recorder: tuple[Recorder, int]
) -> None:
    server, port = recorder
    settings = settings_for(wh, smtp_at(port))
    harbor = replace(
        HARBOR,
        body=page("White House presses Anthropic", story_text("Anthropic's Mythos", S30)),
        claims=(count_claim(30, S30),),
    )
    poll(wh, MONDAY, [harbor])
    deliver_alerts(wh, TOPIC, settings, MONDAY)

    metro = replace(
        METRO,
        body=page("Mythos model review widens", story_text("The Mythos AI model", S55_METRO)),
        claims=(count_claim(55, S55_METRO),),
    )
    lakeside = replace(
        LAKESIDE,
        body=page("What next for Mythos", story_text("Anthropic's plans for Mythos", S55_LAKE)),
        claims=(count_claim(55, S55_LAKE),),
    )
    poll(wh, WEDNESDAY, [harbor, metro, lakeside])
    assert deliver_alerts(wh, TOPIC, settings, WEDNESDAY).status == "sent"
    msg = server.accepted[-1]
    assert "1 count moved" in msg["Subject"] and "dispute" not in msg["Subject"]
    text, rich = words(msg)
    assert "Organizations with access: now about 55, up from about 30 on Monday" in text
    assert "Organizations with access: now about 55, up from about 30 on Monday" in rich
    assert text.count("up from") == 1  # one line per measure
    assert "Disputes between outlets" not in text and "still says" not in text
    assert wh.query("SELECT count(*) FROM disputes")[1] == [(0,)]

    # Later on Wednesday an outlet gives Monday's figure as today's: a same-day outlier (a
    # dispute), and the moved line names it.
    stale = Item(
        "https://river.example/mythos",
        "River Post",
        page("Mythos access, explained", story_text("The Mythos access fight", S30_STALE)),
        (count_claim(30, S30_STALE),),
    )
    later = WEDNESDAY + 3 * HOUR
    poll(wh, later, [harbor, metro, lakeside, stale])
    deliver_alerts(wh, TOPIC, settings, later)
    text, _rich = words(server.accepted[-1])
    assert "River Post still says about 30 as the current figure" in text
    assert "1 dispute opened" in server.accepted[-1]["Subject"]


def test_a_page_taken_down_is_announced_with_its_time_and_its_dispute_resolves(
    wh: Warehouse, recorder: tuple[Recorder, int]
) -> None:
    server, port = recorder
    settings = settings_for(wh, smtp_at(port))
    poll(wh, T0, [HARBOR, FORTY_METRO])
    deliver_alerts(wh, TOPIC, settings, T0)

    # A revisit finds Harbor's page gone (410): its claims leave the comparison.
    gone_at = T0 + 2 * HOUR
    _, [(article_id,)] = wh.query(f"SELECT article_id FROM articles WHERE url = '{HARBOR.url}'")
    wh.start_run("run-revisit", TOPIC.name, gone_at)
    wh.record_revisits(
        "run-revisit",
        [RevisitRecord(str(article_id), HARBOR.url, gone_at, "withdrawn", 410, check="withdrawn")],
        topic=TOPIC.name,
    )
    detect_disputes(wh, gone_at, TOPIC.name)
    assert deliver_alerts(wh, TOPIC, settings, gone_at).status == "sent"
    msg = server.accepted[-1]
    assert "1 page taken down" in msg["Subject"] and "1 dispute resolved" in msg["Subject"]
    text, rich = words(msg)
    assert (
        "White House presses Anthropic on Mythos access (Harbor Ledger): taken down "
        "2026-11-20 14:00 UTC" in text
    )
    assert "taken down 2026-11-20 14:00 UTC" in rich
    assert f'href="{HARBOR.url}"' in parts(msg)[1]
    assert "Resolved: the claims no longer disagree." in text
    # announced once
    assert deliver_alerts(wh, TOPIC, settings, gone_at + HOUR).status == "nothing_new"
