"""Alert emails: one digest per run about what is new, sent at most once, never lost.

`deliver_alerts` is what a cycle calls after flagging: it records the run's developments in the
warehouse outbox, then sends the pending digest (first any digest a previous run could not
send, with the same bytes and Message-ID, then this run's). A digest is marked sent only after
the SMTP server accepted it; any failure leaves it pending with the error for the next run.

Every article-derived string is plain text from the warehouse; the HTML part escapes all of it
and carries links only to http(s) URLs. The SMTP password is never logged or put in an error.
"""

from __future__ import annotations

import email
import email.policy
import html
import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TypeAlias

from claimwatch.extractors.topic import Topic
from claimwatch.flows.settings import Settings, SmtpSettings
from claimwatch.warehouse.news import (
    DisputeNews,
    MovedCount,
    PositionNews,
    count_words,
    day_words,
    dispute_news,
    figure_words,
    headline,
    in_order,
    measure_labels,
    moved_news,
    position_words,
    positions_sentence,
)
from claimwatch.warehouse.outbox import (
    Development,
    Digest,
    attach_message,
    mark_failed,
    mark_sent,
    pending_digest,
    record_developments,
    undigested_count,
)
from claimwatch.warehouse.store import Warehouse

MAX_ITEMS = 25  # per section: a baseline digest of a busy topic stays readable
MAX_SENTENCE = 600  # characters of a quoted sentence

# (kind, heading, singular noun for the subject, plural noun), in the digest's order: what
# outlets disagree on first, then how the count moved, what outlets corrected or changed, pages
# taken down, then new stories and the rest. Disputes count per change (see _dispute_counts).
_SECTIONS = (
    ("dispute", "Disputes between outlets", "dispute", "disputes"),
    ("moved", "Counts that moved", "count moved", "counts moved"),
    ("correction", "Corrections", "correction", "corrections"),
    ("numbers", "Numbers changed in a new version", "changed number", "changed numbers"),
    ("revision", "Revisions that change a claim", "revision", "revisions"),
    ("withdrawn", "Pages taken down", "page taken down", "pages taken down"),
    ("story", "New stories", "new story", "new stories"),
    ("contradiction", "Contradictions between outlets", "new contradiction", "new contradictions"),
    ("drift", "Numbers that changed within a story", "new drift", "new drifts"),
    ("claim_value", "Claim values not seen before", "new claim value", "new claim values"),
)
_BASELINE_NOUNS = {
    "moved": ("count moved", "counts moved"),
    "correction": ("correction", "corrections"),
    "numbers": ("changed number", "changed numbers"),
    "withdrawn": ("page taken down", "pages taken down"),
    "story": ("story", "stories"),
    "contradiction": ("contradiction", "contradictions"),
    "drift": ("drift", "drifts"),
    "revision": ("revision", "revisions"),
    "claim_value": ("claim value", "claim values"),
}
# A dispute's changes as the subject line counts them: an outlet joining or leaving a position
# is the dispute changing.
_DISPUTE_VERBS = {
    "opened": "opened",
    "joined": "changed",
    "left": "changed",
    "changed": "changed",
    "resolved": "resolved",
    "reopened": "reopened",
}


class AlertSendError(Exception):
    """The SMTP server did not accept the message; the text says why, without credentials."""


@dataclass(frozen=True, slots=True)
class AlertOutcome:
    status: str  # sent | nothing_new | not_configured | disabled | failed
    recorded: int  # developments recorded by this run
    sent: tuple[str, ...]  # subjects of the digests the server accepted in this run
    pending: int  # developments stored but not yet accepted by a server
    error: str | None
    message: str  # one line for the run's summary


# -- the cycle's entry point ----------------------------------------------------------------


def deliver_alerts(
    wh: Warehouse,
    topic: Topic,
    settings: Settings,
    run_started_at: datetime,
    *,
    timeout: float = 30,
) -> AlertOutcome:
    """Record this run's developments and send what is pending. Never raises for SMTP trouble:
    the outcome says what happened and the outbox keeps whatever was not accepted."""
    recorded = record_developments(wh, topic.name, run_started_at)
    smtp = settings.smtp
    if smtp is None or not settings.alerts:
        waiting = undigested_count(wh, topic.name)
        status = "not_configured" if smtp is None else "disabled"
        why = (
            "alerts are not configured (CLAIMWATCH_SMTP_HOST is not set)"
            if smtp is None
            else "alerts are turned off for this run"
        )
        return AlertOutcome(
            status=status,
            recorded=recorded,
            sent=(),
            pending=waiting,
            error=None,
            message=f"{why}: {recorded} new developments stored, {waiting} waiting to be sent",
        )

    sent: list[str] = []
    # At most two digests: one a previous run could not send, then this run's news.
    for _ in range(2):
        digest = pending_digest(wh, topic.name, now=run_started_at)
        if digest is None:
            break
        subject, message = _message_for(wh, digest, topic, settings)
        try:
            send(message, smtp, timeout=timeout)
        except AlertSendError as exc:
            error = str(exc)
            mark_failed(wh, digest.digest_id, error)
            waiting = len(digest.developments) + undigested_count(wh, topic.name)
            return AlertOutcome(
                status="failed",
                recorded=recorded,
                sent=tuple(sent),
                pending=waiting,
                error=error,
                message=f"alert email not sent, will retry next run: {error}",
            )
        mark_sent(wh, digest.digest_id)
        sent.append(subject)
    if not sent:
        return AlertOutcome(
            status="nothing_new",
            recorded=recorded,
            sent=(),
            pending=0,
            error=None,
            message="no new developments to send",
        )
    return AlertOutcome(
        status="sent",
        recorded=recorded,
        sent=tuple(sent),
        pending=0,
        error=None,
        message=f"alert email sent: {'; '.join(sent)}",
    )


def _message_for(
    wh: Warehouse, digest: Digest, topic: Topic, settings: Settings
) -> tuple[str, EmailMessage | bytes]:
    """The digest's stored message (a retry), else a new one, stored before the first attempt."""
    if digest.message is not None:
        return digest.subject or "", digest.message
    title = topic.alert_subject or topic.title or topic.name
    message = compose(digest, title, settings, labels=measure_labels(topic))
    attach_message(
        wh,
        digest.digest_id,
        str(message["Subject"]),
        str(message["Message-ID"]),
        message.as_bytes(policy=email.policy.SMTP),
    )
    return str(message["Subject"]), message


# -- composing ------------------------------------------------------------------------------


def subject_for(digest: Digest, topic_title: str) -> str:
    """What is new, e.g. "Mythos access: 1 dispute opened, 2 new stories"."""
    parts = []
    for kind, _heading, one, many in _SECTIONS:
        if kind == "dispute":
            for verb, n in _dispute_counts(digest):
                parts.append(f"{n} {'dispute' if n == 1 else 'disputes'} {verb}")
            continue
        n = sum(1 for d in _visible(digest) if d.kind == kind)
        if n:
            if digest.baseline:
                one, many = _BASELINE_NOUNS[kind]
            parts.append(f"{n} {one if n == 1 else many}")
    what = ", ".join(parts) or "no developments"
    title = _one_line(topic_title) or digest.topic
    return f"{title}: baseline, {what}" if digest.baseline else f"{title}: {what}"


def _dispute_counts(digest: Digest) -> list[tuple[str, int]]:
    """(verb, disputes) in the order opened, changed, resolved, reopened: each dispute counted
    once per verb however many of its changes the digest holds."""
    seen: dict[str, set[str]] = {v: set() for v in ("opened", "changed", "resolved", "reopened")}
    for d in digest.developments:
        if d.kind == "dispute" and d.payload:
            news = dispute_news(d.payload)
            seen[_DISPUTE_VERBS.get(news.change, "changed")].add(news.dispute_id)
    seen["changed"] -= seen["opened"]  # a dispute that opened is news enough
    return [(verb, len(ids)) for verb, ids in seen.items() if ids]


def _visible(digest: Digest) -> list[Development]:
    """The developments the digest lists: of the counts that moved, one line per measure (the
    latest), however many runs it gathers."""
    latest: dict[str, Development] = {}
    for d in digest.developments:
        if d.kind == "moved":
            key = d.measure or ""
            if key not in latest or (d.payload or {}).get("now", {}).get("day", "") >= (
                latest[key].payload or {}
            ).get("now", {}).get("day", ""):
                latest[key] = d
    # A version that corrected or changed a number is quoted with its sentences; the drift
    # flags of the same version would say it again.
    quoted = {(d.url, d.b_value) for d in digest.developments if d.kind in _QUOTED}
    return [
        d
        for d in digest.developments
        if (d.kind != "moved" or latest.get(d.measure or "") is d)
        and not (d.kind == "drift" and (d.b_url, _to_version(d.detail)) in quoted)
    ]


_QUOTED = ("correction", "numbers")


def _to_version(detail: str | None) -> str | None:
    """'version 1 to version 2' (a drift's detail) -> 'version 2'."""
    return detail.rpartition(" to ")[2] if detail and " to " in detail else None


def compose(
    digest: Digest,
    topic_title: str,
    settings: Settings,
    *,
    labels: Mapping[str, str] | None = None,
) -> EmailMessage:
    """The digest as an email with text and HTML parts. Deterministic for a digest: the same
    Message-ID and Date every time. `labels` name the topic's measures in words."""
    smtp = settings.smtp
    sender = smtp.sender if smtp else "claimwatch@localhost"
    message = EmailMessage()
    message["Subject"] = subject_for(digest, topic_title)
    message["From"] = sender
    message["To"] = ", ".join(smtp.recipients) if smtp else sender
    message["Date"] = format_datetime(digest.created_at.astimezone(UTC))
    message["Message-ID"] = message_id_for(digest, sender)
    message["Auto-Submitted"] = "auto-generated"
    message["List-Id"] = f"<{_token(digest.topic)}.claimwatch>"
    message["X-Claimwatch-Digest"] = digest.digest_id
    message.set_content(_text(digest, topic_title, labels), cte="quoted-printable")
    message.add_alternative(
        _html(digest, topic_title, labels), subtype="html", cte="quoted-printable"
    )
    return message


def message_id_for(digest: Digest, sender: str) -> str:
    domain = _token(sender.rpartition("@")[2]) or "claimwatch.invalid"
    return f"<claimwatch.{_token(digest.topic)}.{_token(digest.digest_id)}@{domain}>"


def render_preview(
    digest: Digest, topic_title: str | None = None, labels: Mapping[str, str] | None = None
) -> str:
    """The text part of the digest as it would be (or was) sent; it starts with the subject."""
    if digest.message is not None:
        parsed = email.message_from_bytes(digest.message, policy=email.policy.default)
        if isinstance(parsed, EmailMessage):
            body = parsed.get_body(preferencelist=("plain",))
            if isinstance(body, EmailMessage):
                return str(body.get_content())
    return _text(digest, topic_title or digest.topic, labels)


# A listed item: a development, or every change of one dispute the digest holds. An explicit
# alias, as mypy sees the claimwatch.* imports as Any and a bare union of them as a variable.
_Item: TypeAlias = Development | tuple[DisputeNews, ...]


def _sections(digest: Digest) -> list[tuple[str, list[_Item], int]]:
    """(heading, listed items, how many more) per non-empty section."""
    out: list[tuple[str, list[_Item], int]] = []
    shown = _visible(digest)
    for kind, heading, _one, _many in _SECTIONS:
        found = [d for d in shown if d.kind == kind]
        items: list[_Item] = list(_per_dispute(found)) if kind == "dispute" else list(found)
        if items:
            out.append((heading, items[:MAX_ITEMS], max(0, len(items) - MAX_ITEMS)))
    return out


def _per_dispute(found: Sequence[Development]) -> list[tuple[DisputeNews, ...]]:
    """The changes of each dispute together, disputes in the order they first changed."""
    groups: dict[str, list[DisputeNews]] = {}
    for d in found:
        if d.payload:
            news = dispute_news(d.payload)
            groups.setdefault(news.dispute_id, []).append(news)
    return [tuple(changes) for changes in groups.values()]


def _text(digest: Digest, topic_title: str, labels: Mapping[str, str] | None = None) -> str:
    lines = [subject_for(digest, topic_title), ""]
    if digest.baseline:
        lines += ["claimwatch is now watching this story. What it knows so far:", ""]
    for heading, items, more in _sections(digest):
        lines += [f"{heading} ({len(items) + more})", ""]
        for d in items:
            if isinstance(d, tuple):
                lines += _text_dispute(d, labels or {})
            elif d.kind == "moved" and d.payload:
                lines += _text_moved(moved_news(d.payload), labels or {})
            elif d.kind in ("correction", "numbers") and d.payload:
                lines += _text_version(d)
            else:
                lines += _text_item(d)
            lines.append("")
        if more:
            lines += [f"... and {more} more", ""]
    lines += ["--", f"claimwatch digest {digest.digest_id} for topic {digest.topic}"]
    return "\n".join(lines) + "\n"


# -- disputes, counts that moved, changed versions: the words ---------------------------------


def _lede(c: DisputeNews) -> str:
    """Who says what now; for a resolved dispute, who said what until it resolved."""
    if c.change == "resolved":
        return "until now " + positions_sentence(c.positions, past=True)
    return positions_sentence(c.positions)


def _position_marks(p: PositionNews) -> str:
    marks = [m for m, on in (("majority", p.majority), ("outlier", p.outlier)) if on]
    return f" ({', '.join(marks)})" if marks else ""


def _outlets_marked(p: PositionNews) -> str:
    """Outlets of a position; one whose articles also hold another position is marked."""
    return ", ".join(
        f"{_clean(o)} (inconsistent: also in another position)"
        if o in p.inconsistent_outlets
        else _clean(o)
        for o in p.outlets
    )


def _change_line(c: DisputeNews) -> str:
    """What happened, in words (the positions follow, so they are not repeated here)."""
    if c.change == "opened":
        return "Dispute opened."
    if c.change == "reopened":
        return "Dispute reopened: the outlets disagree again."
    if c.change == "resolved":
        if c.resolved_by is None:
            return "Resolved: the claims no longer disagree."
        return (
            f"Resolved by {c.resolved_by.words()}: the claims no longer disagree. "
            f"{_link(c.resolved_by.url)}"
        )
    held = next((p for p in c.positions if c.outlet and c.outlet in p.outlets), None)
    if c.change == "joined" and held is not None:
        return f"{_clean(c.outlet)} joined those saying {position_words(held)}."
    if c.change in ("joined", "left") and c.detail:
        return _clean(c.detail).rstrip(".") + "."
    return "The positions changed."


def _when_day(at: datetime | None) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d") if at else "date unknown"


def _text_dispute(changes: tuple[DisputeNews, ...], labels: Mapping[str, str]) -> list[str]:
    last = changes[-1]  # the positions as the latest change left them
    out = [f"* {headline(last.measure, last.kind, last.modality, labels)}: "
           f"{_lede(last)}."]  # fmt: skip
    out += [f"  {_change_line(c)}" for c in changes]
    for p in in_order(last.positions):
        out.append(f"  - {position_words(p)}{_position_marks(p)}: {_outlets_marked(p)}")
        if p.sentence:
            out.append(f'    "{_clean(p.sentence, MAX_SENTENCE)}"')
        out.append(f"    {_link(p.url)} ({_when_day(p.published_at)})")
    return out


def _moved_line(m: MovedCount, labels: Mapping[str, str]) -> str:
    """ "Organizations with access: now about 55, up from about 30 on Monday"."""
    direction = "up" if m.now.value > m.before.value else "down"
    return (
        f"{headline(m.measure, 'level', 'actual', labels)}: now "
        f"{figure_words(m.now.value, m.now.qualifier)}, {direction} from "
        f"{figure_words(m.before.value, m.before.qualifier)} "
        f"{day_words(m.before.day, m.now.day)}"
    )


def _stale_line(m: MovedCount) -> str | None:
    if not m.stale:
        return None
    named = "; ".join(
        f"{_clean(s.outlet) or 'an outlet'} still says {figure_words(s.value, s.qualifier)}"
        for s in m.stale
    )
    return f"{named} as the current figure"


def _text_moved(m: MovedCount, labels: Mapping[str, str]) -> list[str]:
    n = len(m.now.outlets)
    out = [
        f"* {_moved_line(m, labels)} ({count_words(n)} {'outlet' if n == 1 else 'outlets'}: "
        f"{', '.join(_clean(o) for o in m.now.outlets)})",
        f'  "{_clean(m.now.sentence, MAX_SENTENCE)}"',
        f"  {_link(m.now.url)}",
    ]
    stale = _stale_line(m)
    if stale:
        out.insert(1, f"  {stale}:")
        out[2:2] = [f'    "{_clean(s.sentence, MAX_SENTENCE)}" {_link(s.url)}' for s in m.stale]
    return out


def _version_change(d: Development) -> str:
    what = "corrected" if d.kind == "correction" else "changed a number"
    return f"{what} in version {(d.b_value or '').removeprefix('version ')}"


def _version_head(d: Development) -> str:
    return f"{_clean(d.title) or '(untitled)'} ({_clean(d.outlet)}): {_version_change(d)}"


def _sentence_changes(d: Development) -> list[tuple[str | None, str | None]]:
    return [(c.get("before"), c.get("after")) for c in (d.payload or {}).get("changes", ())]


def _text_version(d: Development) -> list[str]:
    out = [f"* {_version_head(d)}"]
    for before, after in _sentence_changes(d):
        if before is not None:
            out.append(f'  before: "{_clean(before, MAX_SENTENCE)}"')
        if after is not None:
            label = "after: " if before is not None else "added: "
            out.append(f'  {label} "{_clean(after, MAX_SENTENCE)}"')
    out.append(f"  {_link(d.url)}")
    return out


def _taken_down(d: Development) -> str:
    at = d.observed_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if d.observed_at else ""
    return f"taken down {at}".strip()


def _text_item(d: Development) -> list[str]:
    if d.kind == "withdrawn":
        head = f"* {_clean(d.title) or '(untitled)'} ({_clean(d.outlet)}): {_taken_down(d)}"
        return [head, f"  {_link(d.url)}"]
    if d.kind == "story":
        out = [f"* {_clean(d.title) or '(untitled)'} ({_clean(d.outlet)})", f"  {_link(d.url)}"]
        if d.detail:
            out.append(f"  {_clean(d.detail)}")
        return out
    if d.kind in ("contradiction", "drift", "revision"):
        head = (
            f"* {_clean(d.title)} ({_clean(d.outlet)}): {_clean(d.detail)}"
            if d.kind == "revision"
            else f"* {_clean(d.measure)}: {_clean(d.a_value)} vs {_clean(d.b_value)}{_aside(d)}"
        )
        return [
            head,
            f'  {_side_label(d, "a")}: "{_clean(d.a_sentence, MAX_SENTENCE) or "(no claim)"}"',
            f"    {_link(d.a_url)}",
            f'  {_side_label(d, "b")}: "{_clean(d.b_sentence, MAX_SENTENCE) or "(no claim)"}"',
            f"    {_link(d.b_url)}",
        ]
    return [
        f"* {_clean(d.measure)}: {_clean(d.a_value)} ({_clean(d.detail)}), {_clean(d.outlet)}",
        f'  "{_clean(d.a_sentence, MAX_SENTENCE)}"',
        f"  {_link(d.url)}",
    ]


def _aside(d: Development) -> str:
    return f" ({_clean(d.detail)})" if d.detail else ""


def _side_label(d: Development, side: str) -> str:
    outlet, value = (d.a_outlet, d.a_value) if side == "a" else (d.b_outlet, d.b_value)
    if d.kind == "revision":
        return f"{_clean(value)}"  # "version 1", "version 2"
    return f"{_clean(outlet)}"


def _html(digest: Digest, topic_title: str, labels: Mapping[str, str] | None = None) -> str:
    e = _esc
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>',
        f"<h2>{e(subject_for(digest, topic_title))}</h2>",
    ]
    if digest.baseline:
        parts.append("<p>claimwatch is now watching this story. What it knows so far:</p>")
    for heading, items, more in _sections(digest):
        parts.append(f"<h3>{e(heading)} ({len(items) + more})</h3>")
        for d in items:
            if isinstance(d, tuple):
                parts.append(_html_dispute(d, labels or {}))
            elif d.kind == "moved" and d.payload:
                parts.append(_html_moved(moved_news(d.payload), labels or {}))
            elif d.kind in ("correction", "numbers") and d.payload:
                parts.append(_html_version(d))
            else:
                parts.append(_html_item(d))
        if more:
            parts.append(f"<p>&hellip; and {more} more</p>")
    parts.append(
        f'<hr><p style="color:#666">claimwatch digest {e(digest.digest_id)} for topic '
        f"{e(digest.topic)}</p></body></html>"
    )
    return "\n".join(parts) + "\n"


_CELL = "vertical-align:top;border:1px solid #ccc;padding:6px"


def _html_dispute(changes: tuple[DisputeNews, ...], labels: Mapping[str, str]) -> str:
    """The positions side by side: one column each, figure, outlets, strongest sentence."""
    e = _esc
    last = changes[-1]
    head = headline(last.measure, last.kind, last.modality, labels)
    lines = "".join(f"<br>{e(_change_line(c))}" for c in changes)
    width = f"width:{100 // max(1, len(last.positions))}%"
    cells = "".join(
        f'<td style="{_CELL};{width}"><b>{e(position_words(p))}</b> {e(_position_marks(p))}<br>'
        f"<small>{e(_outlets_marked(p))}</small><br>"
        f"<q>{e(_clean(p.sentence, MAX_SENTENCE))}</q><br>"
        f"<small>{_anchor(p.url, 'article')} &middot; {e(_when_day(p.published_at))}</small></td>"
        for p in in_order(last.positions)
    )
    return (
        f"<p><b>{e(head)}</b>: {e(_lede(last))}.{lines}</p>"
        f'<table style="border-collapse:collapse;width:100%"><tr>{cells}</tr></table>'
    )


def _html_moved(m: MovedCount, labels: Mapping[str, str]) -> str:
    e = _esc
    stale = _stale_line(m)
    quotes = "".join(
        f"<br><small>{e(s.outlet)}: <q>{e(_clean(s.sentence, MAX_SENTENCE))}</q> "
        f"({_anchor(s.url, 'article')})</small>"
        for s in m.stale
    )
    return (
        f"<p><b>{e(_moved_line(m, labels))}</b> &mdash; {e(', '.join(m.now.outlets))}<br>"
        f"<q>{e(_clean(m.now.sentence, MAX_SENTENCE))}</q> ({_anchor(m.now.url, 'article')})"
        + (f"<br>{e(stale)}:{quotes}" if stale else "")
        + "</p>"
    )


def _html_version(d: Development) -> str:
    e = _esc
    rows = "".join(
        f'<tr><td style="{_CELL};width:50%">{e(_clean(before, MAX_SENTENCE) or "(new)")}</td>'
        f'<td style="{_CELL};width:50%">{e(_clean(after, MAX_SENTENCE) or "(removed)")}</td></tr>'
        for before, after in _sentence_changes(d)
    )
    return (
        f"<p>{_anchor(d.url, d.title or '(untitled)')} &mdash; {e(d.outlet)}: "
        f"{e(_version_change(d))}</p>"
        '<table style="border-collapse:collapse;width:100%"><tr>'
        f'<th style="{_CELL}">before</th><th style="{_CELL}">after</th></tr>{rows}</table>'
    )


def _html_item(d: Development) -> str:
    e = _esc
    if d.kind == "withdrawn":
        title = _anchor(d.url, d.title or "(untitled)")
        return f"<p>{title} &mdash; {e(d.outlet)}: {e(_taken_down(d))}</p>"
    if d.kind == "story":
        detail = f"<br><small>{e(d.detail)}</small>" if d.detail else ""
        return f"<p>{_anchor(d.url, d.title or '(untitled)')} &mdash; {e(d.outlet)}{detail}</p>"
    if d.kind in ("contradiction", "drift", "revision"):
        head = (
            f"{_anchor(d.url, d.title or '(untitled)')} &mdash; {e(d.outlet)}: {e(d.detail)}"
            if d.kind == "revision"
            else f"<b>{e(d.measure)}</b>: {e(d.a_value)} vs {e(d.b_value)}{e(_aside(d))}"
        )
        cell = "vertical-align:top;border:1px solid #ccc;padding:6px;width:50%"
        return (
            f"<p>{head}</p>"
            '<table style="border-collapse:collapse;width:100%"><tr>'
            f'<td style="{cell}"><b>{e(_side_label(d, "a"))}</b>'
            f" ({_anchor(d.a_url, 'article')})<br>"
            f"{e(_clean(d.a_sentence, MAX_SENTENCE) or '(no claim)')}</td>"
            f'<td style="{cell}"><b>{e(_side_label(d, "b"))}</b>'
            f" ({_anchor(d.b_url, 'article')})<br>"
            f"{e(_clean(d.b_sentence, MAX_SENTENCE) or '(no claim)')}</td>"
            "</tr></table>"
        )
    return (
        f"<p><b>{e(d.measure)}</b>: {e(d.a_value)} ({e(d.detail)}) &mdash; "
        f"{_anchor(d.url, d.outlet or 'article')}<br>"
        f"<q>{e(_clean(d.a_sentence, MAX_SENTENCE))}</q></p>"
    )


def _esc(value: str | None) -> str:
    return html.escape(_clean(value), quote=True)


def _anchor(url: str | None, label: str) -> str:
    text = _esc(label)
    if not _is_http(url):
        return text
    return f'<a href="{html.escape(url or "", quote=True)}">{text}</a>'


def _link(url: str | None) -> str:
    return url if url and _is_http(url) else "(no link)"


def _is_http(url: str | None) -> bool:
    return bool(url) and re.match(r"^https?://[^\s]+$", url or "", re.I) is not None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _clean(value: str | None, limit: int | None = None) -> str:
    """One line of plain text: control characters and line breaks become spaces."""
    text = _CONTROL.sub(" ", value or "").strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _one_line(value: str) -> str:
    return _clean(value, 200)


def _token(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", value).strip("-.").lower()


def compose_test(smtp: SmtpSettings, now: datetime | None = None) -> EmailMessage:
    """The message `claimwatch alerts test` sends: proof that the configured server, sender and
    recipients work, before a real digest depends on them."""
    now = now or datetime.now(UTC)
    message = EmailMessage()
    message["Subject"] = "claimwatch test message"
    message["From"] = smtp.sender
    message["To"] = ", ".join(smtp.recipients)
    message["Date"] = format_datetime(now.astimezone(UTC))
    domain = _token(smtp.sender.rpartition("@")[2]) or "claimwatch.invalid"
    message["Message-ID"] = make_msgid("claimwatch.test", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(
        "This is a test message from `claimwatch alerts test`.\n\n"
        f"claimwatch's alert digests will come from {smtp.sender} through "
        f"{smtp.host}:{smtp.port}{' (STARTTLS)' if smtp.starttls else ''}.\n"
    )
    return message


# -- sending --------------------------------------------------------------------------------


def send(message: EmailMessage | bytes, smtp: SmtpSettings, timeout: float = 30) -> None:
    """Hand the message to the SMTP server; returns only when it accepted it (for at least one
    recipient). Raises AlertSendError otherwise. Bytes are sent exactly as given."""
    where = f"{smtp.host}:{smtp.port}"
    data = message if isinstance(message, bytes) else message.as_bytes(policy=email.policy.SMTP)
    client = smtplib.SMTP(timeout=timeout)
    accepted = False
    try:
        client.connect(smtp.host, smtp.port)
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context())
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        client.sendmail(smtp.sender, list(smtp.recipients), data)
        accepted = True
    except smtplib.SMTPAuthenticationError as exc:
        refused = _reply(exc)
        raise _error(smtp, f"login as {smtp.user!r} at {where} was refused: {refused}") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise _error(smtp, f"{where} does not support what was asked: {exc}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = "; ".join(f"{rcpt}: {_reply_of(*r)}" for rcpt, r in exc.recipients.items())
        raise _error(smtp, f"{where} refused every recipient: {refused}") from None
    except smtplib.SMTPSenderRefused as exc:
        raise _error(smtp, f"{where} refused the sender {smtp.sender}: {_reply(exc)}") from None
    except smtplib.SMTPResponseException as exc:
        raise _error(smtp, f"{where} refused the message: {_reply(exc)}") from None
    except smtplib.SMTPServerDisconnected as exc:
        # smtplib reports a read that timed out as a disconnection
        if "timed out" in str(exc):
            raise _error(smtp, f"{where} did not answer within {timeout:g} s") from None
        raise _error(smtp, f"{where} closed the connection before accepting the message") from None
    except TimeoutError:
        raise _error(smtp, f"{where} did not answer within {timeout:g} s") from None
    except ssl.SSLError as exc:
        raise _error(smtp, f"TLS with {where} failed: {exc.reason or exc}") from None
    except smtplib.SMTPException as exc:
        raise _error(smtp, f"SMTP with {where} failed: {exc}") from None
    except OSError as exc:
        raise _error(smtp, f"cannot reach {where}: {exc.strerror or exc}") from None
    finally:
        if accepted:
            try:
                client.quit()  # the message is accepted; a failing QUIT changes nothing
            except (smtplib.SMTPException, OSError):
                client.close()
        else:
            client.close()


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return _reply_of(exc.smtp_code, exc.smtp_error)


def _reply_of(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {_clean(text)}"


def _error(smtp: SmtpSettings, text: str) -> AlertSendError:
    """The error without the password, even if a server echoed it back. Raised `from None`:
    smtplib's exception and its traceback are no part of what gets logged."""
    if smtp.password:
        text = text.replace(smtp.password, "***")
    return AlertSendError(text)
