"""Alert digests against a real SMTP server (aiosmtpd on 127.0.0.1) and a real warehouse.

Polls are simulated the way a cycle stores them: article pages go through the real main-text
extractor and relevance rule, then `Warehouse.load_observations`; claims are stored with
`Warehouse.store_extractions`; flags and disputes come from the flag stage's functions
(`warehouse.flags.detect_flags`, `warehouse.disputes.detect_disputes`).
"""

from __future__ import annotations

import email
import email.policy
import html
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from claimwatch.extractors.main_text import page_text
from claimwatch.extractors.near_dup import signature
from claimwatch.extractors.records import ArticleObservation, Claim, Extraction
from claimwatch.extractors.relevance import is_on_topic
from claimwatch.extractors.text_norm import content_hash, normalize_text
from claimwatch.flows.alerts import MAX_ITEMS, compose, deliver_alerts, render_preview, send
from claimwatch.flows.settings import Settings, SmtpSettings
from claimwatch.flows.topic_files import load_topic
from claimwatch.warehouse.disputes import detect_disputes
from claimwatch.warehouse.flags import detect_flags
from claimwatch.warehouse.outbox import Development, Digest, pending_digest, preview_digest
from claimwatch.warehouse.store import Warehouse

TOPIC = load_topic("mythos", require_feeds=False)
T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PASSWORD = "pw-Zq8!never-print-me"


# -- a real SMTP server -------------------------------------------------------------------


@dataclass
class Recorder:
    """An aiosmtpd handler: records accepted messages; `mode` makes it refuse or hang up."""

    mode: str = "accept"  # accept | refuse (451) | drop (closes the connection after DATA)
    accepted: list[EmailMessage] = field(default_factory=list)
    attempts: list[str] = field(default_factory=list)  # Message-IDs of every DATA received

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd hook
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.attempts.append(str(msg["Message-ID"]))
        if self.mode == "refuse":
            return "451 4.3.0 Try again later"
        if self.mode == "drop":
            server.transport.abort()  # no reply at all: the client cannot know it arrived
            return "250 OK"  # written to an aborted transport: never reaches the client
        self.accepted.append(msg)
        return "250 OK"


def _free_port() -> int:
    # aiosmtpd's Controller connects to its own port to start, so it cannot bind port 0.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def recorder() -> Iterator[tuple[Recorder, int]]:
    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def smtp_at(port: int, **kw: object) -> SmtpSettings:
    base: dict[str, object] = dict(
        host="127.0.0.1",
        port=port,
        user=None,
        password=None,
        starttls=False,
        sender="claimwatch@alerts.example",
        recipients=("reader@example.com",),
    )
    base.update(kw)
    return SmtpSettings(**base)  # type: ignore[arg-type]


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    w = Warehouse(tmp_path / "cw.duckdb", busy_timeout=5.0)
    w.migrate()
    return w


# -- simulated polls --------------------------------------------------------------------------


def page(title: str, paragraphs: list[str], *, banner: str = "We use cookies.") -> bytes:
    """An article page with boilerplate around the story: banner, navigation, related links."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{html.escape(title)}</title></head><body>
<div id="cookie-banner" class="cookie-consent"><p>{html.escape(banner)}</p>
<button>Accept all cookies</button></div>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/tech">Tech</a></li></ul></nav>
<main><article><h1>{html.escape(title)}</h1><div class="story-body">{body}</div></article></main>
<aside class="related"><h3>Related</h3><ul><li><a href="/x">{html.escape(banner)} story</a></li>
</ul></aside><footer>Copyright The Outlet</footer></body></html>""".encode()


def story_text(subject: str, count_sentence: str) -> list[str]:
    return [
        f"{subject} according to people familiar with the talks who spoke on Tuesday about "
        "the dispute over how the company decides which outside groups may use its model.",
        count_sentence,
        f"Officials said the review of {subject.lower()} would take weeks, and the company said "
        "it had briefed federal partners throughout the process and expected a conclusion soon.",
        "Lawmakers asked for a briefing before the recess, and neither department responded to "
        f"requests for comment about {subject.lower()} on Tuesday evening or Wednesday morning.",
    ]


@dataclass(frozen=True)
class Item:
    url: str
    outlet: str
    body: bytes
    claims: tuple[Claim, ...] = ()


def count_claim(value: float, sentence: str, *, qualifier: str = "approx") -> Claim:
    low, high = (value * 0.9, value * 1.1) if qualifier == "approx" else (value, value)
    return Claim(
        value=value, low=low, high=high, qualifier=qualifier, kind="level", modality="actual",
        negated=False, measure="orgs_with_access", quantity="count", noun="organization",
        subject="Anthropic", attribution=None, value_text=f"about {value:g}", sentence=sentence,
        start_char=0, end_char=8, sentence_start=0, sentence_end=len(sentence),
    )  # fmt: skip


def poll(wh: Warehouse, at: datetime, items: list[Item]) -> list[str]:
    """Store what a poll saw, extract claims of new versions, detect flags and disputes;
    returns outcomes."""
    observations = []
    for item in items:
        read = page_text(item.body, item.url, "text/html")
        title = normalize_text(read.title or "")
        observations.append(
            ArticleObservation(
                url=item.url,
                outlet=item.outlet,
                feed_url="http://127.0.0.1/feed.xml",
                title=title,
                text=read.text,
                content_hash=content_hash(title, read.text),
                on_topic=is_on_topic(TOPIC.relevance, title, read.text),
                published_at=at,
                updated_at=None,
                fetched_at=at,
                signature=signature(read.text),
            )
        )
    run_id = f"run-{at:%H%M}"
    wh.start_run(run_id, TOPIC.name, at)
    outcomes = wh.load_observations(run_id, observations)
    extracted = [
        (o.article_id, o.version, Extraction(entities=(), claims=item.claims))
        for o, item in zip(outcomes, items, strict=True)
        if o.outcome != "unchanged" and o.on_topic
    ]
    wh.store_extractions("test-1", extracted)
    detect_flags(wh, at)
    detect_disputes(wh, at, TOPIC.name)
    return [o.outcome for o in outcomes]


S50 = "The company currently grants access to about 50 organizations, the people said."
S40 = "Only about 40 organizations have access to Mythos today, officials said."
S55 = "The company currently grants access to about 55 organizations, the people said."

HARBOR = Item(
    "https://harbor.example/mythos-access",
    "Harbor Ledger",
    page("White House presses Anthropic on Mythos access", story_text("Anthropic's Mythos", S50)),
    (count_claim(50, S50),),
)
METRO = Item(
    "https://metro.example/anthropic-mythos-review",
    "Metro Daily",
    page(
        "Mythos model review widens",
        story_text("The White House review of the Mythos AI model", "Talks continue this week."),
    ),
)
LAKESIDE = Item(
    "https://lakeside.example/claude-mythos-next",
    "Lakeside Times",
    page(
        "What comes next for Anthropic's Mythos",
        story_text("Anthropic's plans for Claude and Mythos", "A decision may come soon."),
    ),
)
BREWERY = Item(
    "https://brewpub.example/mythos-ipa",
    "Brew News",
    page(
        "Mythos brewery releases a hazy IPA",
        story_text("The Mythos brewery and its craft beer", "The IPA sells out fast."),
    ),
)


def settings_for(wh: Warehouse, smtp: SmtpSettings | None) -> Settings:
    return Settings(db_path=wh.path, smtp=smtp)


def alerts(wh: Warehouse) -> list[tuple[object, ...]]:
    return wh.query(
        "SELECT kind, subject, sent_at IS NOT NULL, attempts, last_error FROM alerts "
        "ORDER BY created_at, alert_id"
    )[1]


def parts(msg: EmailMessage) -> tuple[str, str]:
    text = msg.get_body(preferencelist=("plain",))
    rich = msg.get_body(preferencelist=("html",))
    assert isinstance(text, EmailMessage) and isinstance(rich, EmailMessage)
    return str(text.get_content()), str(rich.get_content())


# -- tests ----------------------------------------------------------------------------------------


def test_second_poll_sends_one_digest_naming_only_the_new_story(
    wh: Warehouse, recorder: tuple[Recorder, int]
) -> None:
    server, port = recorder
    settings = settings_for(wh, smtp_at(port))

    assert poll(wh, T0, [HARBOR, METRO]) == ["new", "new"]
    first = deliver_alerts(wh, TOPIC, settings, T0)
    assert first.status == "sent" and len(server.accepted) == 1
    baseline = server.accepted[0]
    assert baseline["Subject"] == "Mythos access: baseline, 2 stories, 1 claim value"

    # Poll 2: one new on-topic story, one off-topic story, a boilerplate-only change, and a
    # syndicated copy of a known story at another outlet.
    banner_changed = replace(HARBOR, body=HARBOR.body.replace(b"We use cookies.", b"Cookies!"))
    assert banner_changed.body != HARBOR.body
    copy = Item("https://wire.example/copy", "Wire Copy", HARBOR.body.replace(b"cookies", b"ads"))
    t1 = T0 + timedelta(hours=1)
    outcomes = poll(wh, t1, [banner_changed, METRO, LAKESIDE, BREWERY, copy])
    assert outcomes == ["unchanged", "unchanged", "new", "new", "new"]
    second = deliver_alerts(wh, TOPIC, settings, t1)
    assert second.status == "sent", second.message
    assert len(server.accepted) == 2
    msg = server.accepted[1]
    assert msg["Subject"] == "Mythos access: 1 new story"
    text, rich = parts(msg)
    for body in (text, rich):
        assert "What comes next for Anthropic" in body and LAKESIDE.url in body
        for old in ("White House presses", "Mythos model review", "brewery", HARBOR.url, copy.url):
            assert old not in body
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["List-Id"] == "<mythos.claimwatch>"
    assert msg["Date"] and msg["Message-ID"] != baseline["Message-ID"]

    # Poll 3: nothing changed, nothing sent.
    t2 = t1 + timedelta(hours=1)
    assert set(poll(wh, t2, [HARBOR, METRO, LAKESIDE, BREWERY])) == {"unchanged"}
    third = deliver_alerts(wh, TOPIC, settings, t2)
    assert (third.status, third.recorded, len(server.accepted)) == ("nothing_new", 0, 2)
    assert [(k, sent, n) for k, _s, sent, n, _e in alerts(wh)] == [
        ("baseline", True, 1),
        ("digest", True, 1),
    ]


def test_refused_digest_is_resent_once_with_the_same_message_id(
    wh: Warehouse, recorder: tuple[Recorder, int]
) -> None:
    server, port = recorder
    settings = settings_for(wh, smtp_at(port))
    poll(wh, T0, [HARBOR])

    server.mode = "refuse"
    failed = deliver_alerts(wh, TOPIC, settings, T0)
    assert failed.status == "failed" and failed.error and "451" in failed.error
    assert failed.pending == 2 and server.accepted == []
    [(_kind, _subject, sent, attempts, error)] = alerts(wh)
    assert (sent, attempts) == (False, 1) and "451" in str(error)
    kept = pending_digest(wh, TOPIC.name)
    assert kept is not None and kept.message is not None  # the bytes a retry will resend
    assert "White House presses" in render_preview(kept)

    # While the server refuses, a new story arrives; nothing is lost and nothing doubled.
    t1 = T0 + timedelta(hours=1)
    poll(wh, t1, [HARBOR, METRO])
    server.mode = "accept"
    later = deliver_alerts(wh, TOPIC, settings, t1)
    assert later.status == "sent", later.message
    refused_id, retry_id, fresh_id = server.attempts
    assert retry_id == refused_id and fresh_id != refused_id
    assert [m["Message-ID"] for m in server.accepted] == [refused_id, fresh_id]
    retried, fresh = server.accepted
    assert retried["Subject"].startswith("Mythos access: baseline")
    assert "White House presses" in parts(retried)[0]
    assert fresh["Subject"] == "Mythos access: 1 new story"
    assert "Mythos model review widens" in parts(fresh)[0]
    assert "White House presses" not in parts(fresh)[0]

    again = deliver_alerts(wh, TOPIC, settings, t1 + timedelta(hours=1))
    assert again.status == "nothing_new" and len(server.accepted) == 2
    assert [(sent, n) for _k, _s, sent, n, _e in alerts(wh)] == [(True, 2), (True, 1)]


def test_timeout_and_hang_up_after_data_keep_the_digest_for_later(
    wh: Warehouse, recorder: tuple[Recorder, int]
) -> None:
    server, port = recorder
    poll(wh, T0, [HARBOR])

    with socket.socket() as silent:  # accepts connections (backlog) but never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        silent_port = silent.getsockname()[1]
        settings = settings_for(wh, smtp_at(silent_port))
        timed_out = deliver_alerts(wh, TOPIC, settings, T0, timeout=0.5)
    assert timed_out.status == "failed"
    assert timed_out.error == f"127.0.0.1:{silent_port} did not answer within 0.5 s"

    server.mode = "drop"
    settings = settings_for(wh, smtp_at(port))
    dropped = deliver_alerts(wh, TOPIC, settings, T0 + timedelta(minutes=5))
    assert dropped.status == "failed"
    assert dropped.error and "closed the connection before accepting" in dropped.error
    assert len(server.attempts) == 1 and server.accepted == []

    server.mode = "accept"
    ok = deliver_alerts(wh, TOPIC, settings, T0 + timedelta(minutes=10))
    assert ok.status == "sent" and len(server.accepted) == 1
    assert server.accepted[0]["Message-ID"] == server.attempts[0]
    assert deliver_alerts(wh, TOPIC, settings, T0 + timedelta(minutes=15)).status == "nothing_new"
    [(_kind, _subject, sent, attempts, error)] = alerts(wh)
    assert (sent, attempts) == (True, 3) and "closed the connection" in str(error)


def test_hostile_title_and_sentence_arrive_escaped(
    wh: Warehouse, recorder: tuple[Recorder, int]
) -> None:
    server, port = recorder
    title = 'Mythos <script>alert("x")</script> <b>Anthropic</b> & co'
    sentence = 'About 50 organizations <img src=x onerror="alert(1)"> have access to Mythos.'
    hostile = Item(
        "https://harbor.example/hostile",
        "Harbor <i>Ledger</i>",
        page(title, story_text("Anthropic's Mythos", sentence)),
        (count_claim(50, sentence),),
    )
    poll(wh, T0, [hostile])
    assert deliver_alerts(wh, TOPIC, settings_for(wh, smtp_at(port)), T0).status == "sent"
    text, rich = parts(server.accepted[0])
    assert title in text  # plain text carries it as it is
    for raw in ("<script", "<b>Anthropic", "<img", "<i>Ledger"):
        assert raw not in rich
    assert html.escape(title) in rich and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in rich


def test_compose_links_only_http_urls_and_escapes_every_field() -> None:
    nasty = '"><script>x</script>'
    dev = Development(
        key="flag:1", kind="contradiction", title=nasty, url="javascript:alert(1)",
        outlet=nasty, measure=nasty, detail=nasty, a_url="javascript:alert(1)", a_outlet=nasty,
        a_value=nasty, a_sentence=nasty, b_url="https://ok.example/b", b_outlet=nasty,
        b_value=nasty, b_sentence=nasty, observed_at=T0,
    )  # fmt: skip
    digest = Digest("d1", "mythos", T0, False, (dev,))
    msg = compose(digest, "Mythos access", Settings())
    _text, rich = parts(msg)
    assert "<script" not in rich and "javascript:" not in rich
    assert 'href="https://ok.example/b"' in rich
    assert msg["Message-ID"] == compose(digest, "Mythos access", Settings())["Message-ID"]


def test_new_dispute_and_changed_number_show_both_sentences(
    wh: Warehouse, recorder: tuple[Recorder, int]
) -> None:
    server, port = recorder
    settings = settings_for(wh, smtp_at(port))
    poll(wh, T0, [HARBOR])
    deliver_alerts(wh, TOPIC, settings, T0)

    t1 = T0 + timedelta(hours=1)
    forty = replace(
        METRO,
        body=page("Mythos model review widens", story_text("The Mythos AI model review", S40)),
        claims=(count_claim(40, S40),),
    )
    poll(wh, t1, [HARBOR, forty])
    outcome = deliver_alerts(wh, TOPIC, settings, t1)
    assert outcome.status == "sent", outcome.message
    msg = server.accepted[-1]
    # one dispute, not a pairwise contradiction
    assert msg["Subject"] == "Mythos access: 1 dispute opened, 1 new story, 1 new claim value"
    text, rich = parts(msg)
    assert S50 in text and S40 in text
    # side by side: the two positions are two cells of one table row
    row = rich.split("<tr>")[1].split("</tr>")[0]
    assert row.count("<td") == 2 and S50 in row and S40 in row
    assert HARBOR.url in row and METRO.url in row

    # A revision of the Harbor story changes its number: a changed number (quoted before and
    # after, so its drift flag is not listed again), a new value, and the dispute changes
    # (55 still disagrees with Metro's 40).
    t2 = t1 + timedelta(hours=1)
    revised = replace(
        HARBOR,
        body=page(
            "White House presses Anthropic on Mythos access", story_text("Anthropic's Mythos", S55)
        ),
        claims=(count_claim(55, S55),),
    )
    assert poll(wh, t2, [revised, forty]) == ["changed", "unchanged"]
    assert deliver_alerts(wh, TOPIC, settings, t2).status == "sent"
    msg = server.accepted[-1]
    assert msg["Subject"] == (
        "Mythos access: 1 dispute changed, 1 changed number, 1 new claim value"
    )
    text, _rich = parts(msg)
    assert "one outlet says about 55; one says about 40." in text
    assert "changed a number in version 2" in text
    assert f'before: "{S50}"' in text and f'after:  "{S55}"' in text


def test_without_smtp_host_developments_are_stored_not_sent(
    wh: Warehouse, recorder: tuple[Recorder, int]
) -> None:
    server, port = recorder
    poll(wh, T0, [HARBOR, METRO])
    outcome = deliver_alerts(wh, TOPIC, settings_for(wh, None), T0)
    assert outcome.status == "not_configured"
    assert "not configured" in outcome.message and outcome.pending == 3
    assert wh.query("SELECT count(*) FROM developments WHERE digest_id IS NULL")[1] == [(3,)]
    assert alerts(wh) == [] and server.attempts == []

    # `claimwatch demo` shows what it would send without recording a digest.
    preview = preview_digest(wh, TOPIC.name, now=T0)
    assert preview is not None
    shown = render_preview(preview, TOPIC.alert_subject)
    assert "baseline, 2 stories, 1 claim value" in shown and "Mythos model review" in shown
    assert alerts(wh) == []

    # Once configured, the stored developments go out as one baseline digest.
    sent = deliver_alerts(wh, TOPIC, settings_for(wh, smtp_at(port)), T0 + timedelta(hours=1))
    assert sent.status == "sent" and len(server.accepted) == 1
    digest = pending_digest(wh, TOPIC.name)
    assert digest is None


def test_baseline_lists_a_bounded_number_of_items() -> None:
    unused = "measure detail a_url a_outlet a_value a_sentence b_url b_outlet b_value b_sentence"
    devs = tuple(
        Development(
            key=f"story:{i}",
            kind="story",
            title=f"Story {i}",
            url=f"https://x.example/{i}",
            outlet="X",
            observed_at=T0,
            **dict.fromkeys(unused.split()),
        )
        for i in range(MAX_ITEMS + 7)
    )
    digest = Digest("d1", "mythos", T0, True, devs)
    text = render_preview(digest, "Mythos access")
    assert f"Story {MAX_ITEMS - 1} (X)" in text and f"Story {MAX_ITEMS} (X)" not in text
    assert "and 7 more" in text


def test_password_never_appears_in_errors_or_logs(
    wh: Warehouse, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    logins: list[tuple[bytes, bytes]] = []
    allow = {"ok": False}

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=allow["ok"], handled=False)

    handler = Recorder()
    # auth_require_tls=False: loopback tests have no certificate. aiosmtpd warns only when AUTH
    # is also *required*, which it is not here.
    controller = Controller(
        handler, hostname="127.0.0.1", port=_free_port(), authenticator=authenticator,
        auth_require_tls=False,
    )  # fmt: skip
    controller.start()
    caplog.set_level(logging.DEBUG)
    try:
        poll(wh, T0, [HARBOR])
        smtp = smtp_at(controller.port, user="alerts", password=PASSWORD)
        settings = settings_for(wh, smtp)
        refused = deliver_alerts(wh, TOPIC, settings, T0)
        assert refused.status == "failed" and refused.error
        assert "login as 'alerts'" in refused.error and "535" in refused.error

        allow["ok"] = True
        accepted = deliver_alerts(wh, TOPIC, settings, T0 + timedelta(minutes=1))
        assert accepted.status == "sent" and len(handler.accepted) == 1
        assert logins[-1] == (b"alerts", PASSWORD.encode())  # the login did happen

        with pytest.raises(Exception) as starttls:
            send(b"Subject: x\r\n\r\nx\r\n", replace(smtp, starttls=True), timeout=5)
        assert "STARTTLS" in str(starttls.value)
    finally:
        controller.stop()
    out = capsys.readouterr()
    everything = " ".join(
        [
            repr(settings), repr(smtp), str(refused), str(accepted), str(starttls.value),
            repr(starttls.value), caplog.text, out.out, out.err, str(alerts(wh)),
        ]
    )  # fmt: skip
    assert PASSWORD not in everything
    assert starttls.value.__cause__ is None and starttls.value.__suppress_context__
