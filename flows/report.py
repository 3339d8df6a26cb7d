"""One self-contained HTML page about the story's numbers: a summary naming what is in dispute,
one card per dispute (positions side by side, a chart of them over publication time), charts of
every claim, drift, article timelines with their versions' change classes, the analyst's mutes
and rejections, and the pairwise contradictions.

No scripts, no external styles, fonts or images: the charts are inline SVG drawn here. Every
piece of article text (sentences, outlets, titles, URLs) is escaped with `html.escape`; only
http(s) URLs become links. Points sit at publication time (see report_points.sql); each outlet
has its own colour and marker shape, and markers that would cover each other are set apart.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from claimwatch.flows.status import Status, read_status, run_outcome
from claimwatch.flows.topic_files import TopicError, load_topic
from claimwatch.warehouse.flags import Flag, all_flags
from claimwatch.warehouse.news import (
    PositionNews,
    ResolvedBy,
    headline,
    in_order,
    measure_labels,
    position_news,
    position_words,
    positions_sentence,
)
from claimwatch.warehouse.store import Warehouse

PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)

CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 1100px; padding: 1.5rem; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid #ddd;
     padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
.meta { color: #666; font-size: .9rem; }
.chart { border: 1px solid #e3e3e3; border-radius: 6px; padding: .5rem; margin-bottom: 1rem; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .85rem;
          margin: .25rem .5rem; }
.legend svg { vertical-align: -2px; margin-right: .3em; }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem;
           margin: 1rem 0; padding: .75rem 1rem; background: #f7f7f8; border-radius: 6px; }
.summary dt { font-weight: 600; } .summary dd { margin: 0; }
.summary .bad { color: #b3261e; font-weight: 600; }
.flag { border: 1px solid #e3e3e3; border-left: 4px solid #d62728; border-radius: 6px;
        margin: 0 0 1rem; padding: .5rem .75rem; }
.flag.old { border-left-color: #aaa; opacity: .85; }
.flag header { font-size: .9rem; color: #444; margin-bottom: .4rem; }
.badge { display: inline-block; font-size: .75rem; padding: 0 .4em; border-radius: 3px;
         background: #f1f1f1; margin-right: .3em; }
.badge.cross_outlet { background: #fde2e1; } .badge.drift { background: #fff1d6; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: .75rem; }
.side { background: #fafafa; border-radius: 4px; padding: .5rem .6rem; }
.side .who { font-weight: 600; } .side .num { font-variant-numeric: tabular-nums; }
blockquote { margin: .4rem 0 0; padding-left: .6rem; border-left: 3px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eee;
         vertical-align: top; }
.empty { color: #666; font-style: italic; }
.dispute { border: 1px solid #e3e3e3; border-left: 4px solid #b3261e; border-radius: 6px;
           margin: 0 0 1.25rem; padding: .6rem .8rem; }
.dispute.resolved { border-left-color: #2ca02c; }
.dispute header { font-size: .9rem; color: #444; margin-bottom: .3rem; }
.dispute .lede { margin: .2rem 0 .6rem; }
.positions { display: grid; grid-auto-columns: 1fr; grid-auto-flow: column; gap: .75rem; }
.position { background: #fafafa; border-radius: 4px; padding: .5rem .6rem;
            border-top: 4px solid var(--c, #999); }
.position .num { font-size: 1.15rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.position ul { margin: .2rem 0; padding-left: 1.1rem; }
.badge.open { background: #fde2e1; } .badge.resolved { background: #dff3df; }
.badge.muted { background: #e8e8e8; color: #555; } .badge.majority { background: #dde9f7; }
.badge.outlier { background: #fff1d6; } .badge.inconsistent { background: #f3e0f5; }
.timeline td.versions span { display: inline-block; margin: 0 .35rem .2rem 0; }
"""

W, H = 1000, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 16, 40


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _link(url: str, label: str | None = None) -> str:
    text = _e(label if label is not None else url)
    if url.startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{text}</a>'
    return text


def _num(value: float | None) -> str:
    if value is None:
        return "∞"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _interval(low: float | None, high: float | None) -> str:
    return f"[{'−∞' if low is None else _num(low)}, {_num(high)}]"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _when(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# -- charts --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point:
    """A comparable claim as one marker (and whisker) of a chart, at `placed_at`."""

    measure: str
    kind: str
    modality: str
    outlet: str | None
    url: str
    article_id: str
    version: int
    observed_at: datetime  # when this version was fetched
    value: float
    low: float | None
    high: float | None
    qualifier: str
    sentence: str
    placed_at: datetime  # see report_points.sql
    placed_by: str  # published | first seen | updated | fetched


def report_points(
    wh: Warehouse, topic: str | None = None, as_of: datetime | None = None
) -> list[Point]:
    """Every comparable claim of `topic` (None: every topic), placed in time
    (warehouse/queries/report_points.sql), as known at `as_of` (None: now)."""
    rows = wh.read("report_points", {"topic": topic}, as_of=as_of)[1]
    points = []
    for r in rows:
        measure, kind, modality, outlet, url, article_id, version, observed_at = r[:8]
        value, low, high, qualifier, sentence, placed_at, placed_by = r[8:]
        points.append(
            Point(
                measure=measure,
                kind=kind,
                modality=modality,
                outlet=outlet,
                url=url,
                article_id=article_id,
                version=version,
                observed_at=observed_at,
                value=float(value),  # DECIMAL or DOUBLE in the warehouse; pixels are floats
                low=None if low is None else float(low),
                high=None if high is None else float(high),
                qualifier=qualifier,
                sentence=sentence,
                placed_at=placed_at,
                placed_by=placed_by,
            )
        )
    return points


@dataclass(frozen=True, slots=True)
class _Scale:
    t0: float
    t1: float
    v0: float
    v1: float

    def x(self, at: datetime) -> float:
        span = self.t1 - self.t0
        return LEFT + (at.timestamp() - self.t0) / span * (W - LEFT - RIGHT)

    def y(self, value: float | Decimal) -> float:
        span = self.v1 - self.v0
        # Screen coordinates are floats; the values stay decimal everywhere else.
        return TOP + (1 - (float(value) - self.v0) / span) * (H - TOP - BOTTOM)


def _scale(points: Sequence[Point]) -> _Scale:
    times = [p.placed_at.timestamp() for p in points]
    t0, t1 = min(times), max(times)
    pad = max((t1 - t0) * 0.05, 1800.0)
    tops = [float(v) for p in points for v in (p.value, p.high) if v is not None]
    bottoms = [float(v) for p in points for v in (p.value, p.low) if v is not None]
    v1 = max(tops) * 1.1 or 1.0
    v0 = min(0.0, min(bottoms))
    return _Scale(t0 - pad, t1 + pad, v0, v1)


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    raw = (hi - lo) / n
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = int(lo // step) * step
    return [first + i * step for i in range(n + 3) if lo <= first + i * step <= hi]


# Marker shapes, one per outlet with its colour, so outlets stay apart where colours are hard
# to tell (and in print). Each draws a marker of radius r centred on (x, y).
_SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "hexagon")


def _marker(shape: str, x: float, y: float, r: float = 4.5) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}"/>'
    if shape == "square":
        a = r * 0.85
        return f'<rect x="{x - a:.1f}" y="{y - a:.1f}" width="{2 * a:.1f}" height="{2 * a:.1f}"/>'
    corners = {
        "triangle": ((0, -1.2), (1.1, 0.8), (-1.1, 0.8)),
        "triangle-down": ((0, 1.2), (1.1, -0.8), (-1.1, -0.8)),
        "diamond": ((0, -1.25), (1.1, 0), (0, 1.25), (-1.1, 0)),
        "hexagon": (
            (0, -1.1),
            (0.95, -0.55),
            (0.95, 0.55),
            (0, 1.1),
            (-0.95, 0.55),
            (-0.95, -0.55),
        ),
    }[shape]
    path = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in corners)
    return f'<polygon points="{path}"/>'


@dataclass(frozen=True, slots=True)
class _Style:
    color: str
    shape: str


def _styles(points: Sequence[Point]) -> dict[str, _Style]:
    outlets = sorted({p.outlet or "?" for p in points})
    return {
        o: _Style(PALETTE[i % len(PALETTE)], _SHAPES[i % len(_SHAPES)])
        for i, o in enumerate(outlets)
    }


def _legend_item(outlet: str, style: _Style) -> str:
    return (
        f'<span><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">'
        f'<g fill="{style.color}">{_marker(style.shape, 6, 6, 4.5)}</g></svg>{_e(outlet)}</span>'
    )


SPREAD = 7.0  # px between markers set apart so that they do not cover each other


def _spread(spots: Sequence[tuple[float, float]]) -> list[float]:
    """Horizontal offsets that keep markers from covering each other: a marker closer than
    SPREAD to one already drawn moves right, left, further right... until it is clear."""
    placed: list[tuple[float, float]] = []
    offsets = []
    for x, y in spots:
        for k in range(25):
            dx = ((k + 1) // 2) * SPREAD * (1 if k % 2 else -1)
            if all((x + dx - px) ** 2 + (y - py) ** 2 >= (SPREAD - 0.5) ** 2 for px, py in placed):
                break
        placed.append((x + dx, y))
        offsets.append(dx)
    return offsets


def _chart(points: Sequence[Point], styles: dict[str, _Style]) -> str:
    s = _scale(points)
    out = [
        f'<svg viewBox="0 0 {W} {H}" width="100%" role="img" font-size="12" '
        f'font-family="sans-serif">'
    ]
    for tick in _ticks(s.v0, s.v1):
        y = s.y(tick)
        out.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
            f"{_e(_num(tick))}</text>"
        )
    span = timedelta(seconds=s.t1 - s.t0)
    for i in range(5):
        at = datetime.fromtimestamp(s.t0 + (s.t1 - s.t0) * (i + 0.5) / 5, tz=UTC)
        label = at.strftime("%b %d %H:%M") if span < timedelta(days=4) else at.strftime("%b %d")
        out.append(
            f'<text x="{s.x(at):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle" fill="#555">'
            f"{_e(label)}</text>"
        )
    out.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{H - BOTTOM}" stroke="#999"/>'
        f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{H - BOTTOM}" y2="{H - BOTTOM}" stroke="#999"/>'
    )
    spots = [(s.x(p.placed_at), s.y(p.value)) for p in points]
    for p, (x0, y), dx in zip(points, spots, _spread(spots), strict=True):
        style = styles[p.outlet or "?"]
        x = x0 + dx
        y_low = s.y(p.low) if p.low is not None else H - BOTTOM
        y_high = s.y(p.high) if p.high is not None else TOP
        tip = (
            f"{p.outlet or '?'} v{p.version} · {_num(p.value)} {_interval(p.low, p.high)} "
            f"({p.qualifier}) · {p.placed_by} {_when(p.placed_at)}\n{p.sentence}"
        )
        out.append(f'<g stroke="{style.color}" fill="{style.color}"><title>{_e(tip)}</title>')
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y_low:.1f}" y2="{y_high:.1f}" '
            f'stroke-width="2" opacity=".55"/>'
        )
        for end, bounded in ((y_low, p.low is not None), (y_high, p.high is not None)):
            if bounded:
                out.append(
                    f'<line x1="{x - 5:.1f}" x2="{x + 5:.1f}" y1="{end:.1f}" '
                    f'y2="{end:.1f}" stroke-width="2"/>'
                )
            else:  # unbounded side: an arrow head at the edge of the chart
                d = 6 if end == TOP else -6
                out.append(
                    f'<path d="M{x - 5:.1f},{end + d:.1f} L{x:.1f},{end:.1f} '
                    f'L{x + 5:.1f},{end + d:.1f}" fill="none" stroke-width="2"/>'
                )
        out.append(f'<g stroke="#fff" stroke-width="1.5">{_marker(style.shape, x, y)}</g></g>')
    out.append("</svg>")
    return "".join(out)


def _charts(points: Sequence[Point]) -> str:
    if not points:
        return '<p class="empty">No numeric claims of a topic measure yet.</p>'
    styles = _styles(points)
    groups: dict[tuple[str, str, str], list[Point]] = defaultdict(list)
    for p in points:
        groups[(p.measure, p.kind, p.modality)].append(p)
    parts = []
    # per measure: what is true now first, then proposals, then deltas
    order = sorted(groups, key=lambda g: (g[0], g[1] != "level", g[2] != "actual", g))
    for measure, kind, modality in order:
        group = groups[(measure, kind, modality)]
        present = sorted({p.outlet or "?" for p in group})
        legend = "".join(_legend_item(o, styles[o]) for o in present)
        parts.append(
            f'<div class="chart"><h3>{_e(measure)} <span class="badge">{_e(kind)}</span>'
            f'<span class="badge">{_e(modality)}</span> '
            f'<span class="meta">{_plural(len(group), "claim")}</span></h3>'
            f'<div class="legend">{legend}</div>{_chart(group, styles)}</div>'
        )
    return "".join(parts)


# -- summary ---------------------------------------------------------------------------------


def _summary(status: Status | None, in_dispute: str | None = None) -> str:
    """Topic, what is in dispute, last run, failing feeds and open flags: what a reader checks
    first."""
    disputed = [("In dispute", in_dispute)] if in_dispute is not None else []
    if status is None:
        body = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in disputed)
        return f'<dl class="summary">{body}</dl>' if body else ""
    rows = [("Topic", _e(status.topic or "no run recorded yet")), *disputed]
    if status.runs:
        run = status.runs[0]
        bad = run.status != "completed"
        state = f'<span class="bad">{_e(run.status)}</span>' if bad else _e(run.status)
        rows.append(("Last run", f"{_e(_when(run.started_at))} · {state} · {_e(run_outcome(run))}"))
    else:
        rows.append(("Last run", "none"))
    failing = status.failing
    if not status.feeds:
        feeds = "none polled yet"
    elif not failing:
        feeds = f"none (all {len(status.feeds)} answered when last polled)"
    else:
        listed = ", ".join(
            f"{_link(f.feed_url, f.outlet or f.feed_url)} ({_plural(f.failures, 'failure')})"
            for f in failing[:10]
        )
        more = f" and {len(failing) - 10} more" if len(failing) > 10 else ""
        feeds = f'<span class="bad">{len(failing)} of {len(status.feeds)}</span>: {listed}{more}'
    rows.append(("Failing feeds", feeds))
    rows.append(
        (
            "Open flags",
            f"{_plural(status.open_cross_outlet, 'contradiction')} between outlets, "
            f"{_plural(status.open_drift, 'drift')} within articles (still what the latest "
            "versions say)",
        )
    )
    body = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<dl class="summary">{body}</dl>'


# -- disputes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DisputePoint:
    """A claim of a dispute's position, at its article's publication time."""

    position: int | None
    outlet: str | None
    value: float
    low: float | None
    high: float | None
    published_at: datetime
    url: str


@dataclass(frozen=True, slots=True)
class DisputeCard:
    dispute_id: str
    measure: str
    kind: str
    modality: str
    subject: str | None
    positions: tuple[PositionNews, ...]
    status: str  # open | resolved
    first_detected_at: datetime | None
    last_changed_at: datetime | None
    resolved_at: datetime | None
    resolved_by: ResolvedBy | None
    muted: bool
    points: tuple[DisputePoint, ...] = ()


def report_disputes(
    wh: Warehouse, topic: str | None = None, as_of: datetime | None = None
) -> list[DisputeCard]:
    """Every dispute (open first) with the claims of its positions."""
    points: dict[str, list[DisputePoint]] = defaultdict(list)
    for dispute_id, position, outlet, value, low, high, published_at, url in wh.read(
        "report_dispute_claims", {"topic": topic}, as_of=as_of
    )[1]:
        points[dispute_id].append(
            DisputePoint(position, outlet, float(value), _f(low), _f(high), published_at, url)
        )
    cards = []
    for row in wh.read("report_disputes", {"topic": topic}, as_of=as_of)[1]:
        dispute_id, measure, kind, modality, subject, positions, status = row[:7]
        first, last, resolved_at, muted, by_outlet, by_url, by_version, by_class = row[7:]
        cards.append(
            DisputeCard(
                dispute_id=dispute_id,
                measure=measure,
                kind=kind,
                modality=modality,
                subject=subject,
                positions=tuple(position_news(p) for p in positions or ()),
                status=status,
                first_detected_at=first,
                last_changed_at=last,
                resolved_at=resolved_at,
                resolved_by=ResolvedBy(by_outlet, by_url, by_version, by_class)
                if by_version is not None
                else None,
                muted=bool(muted),
                points=tuple(points.get(dispute_id, ())),
            )
        )
    return cards


def _f(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


CW, CH = 640, 170  # a dispute card's chart
C_LEFT, C_RIGHT, C_TOP, C_BOTTOM = 56, 110, 12, 28


def _dispute_chart(card: DisputeCard, colours: dict[int, str]) -> str:
    """Each position as a band (the range its claims share) from its first to its last
    publication, and each claim as a dot at its publication time; labels at the right."""
    times = [p.published_at.timestamp() for p in card.points]
    times += [t.timestamp() for pos in card.positions for t in (pos.published_at,) if t is not None]
    values = [v for p in card.points for v in (p.value, p.low, p.high) if v is not None]
    values += [
        v for pos in card.positions for v in (pos.low, pos.high, *pos.values) if v is not None
    ]
    if not times or not values:
        return ""
    t0, t1 = min(times), max(times)
    pad = max((t1 - t0) * 0.08, 3600.0)
    t0, t1 = t0 - pad, t1 + pad
    v0, v1 = min(0.0, min(values)), max(values) * 1.12 or 1.0

    def x(t: float) -> float:
        return C_LEFT + (t - t0) / (t1 - t0) * (CW - C_LEFT - C_RIGHT)

    def y(v: float) -> float:
        return C_TOP + (1 - (v - v0) / (v1 - v0)) * (CH - C_TOP - C_BOTTOM)

    out = [
        f'<svg class="dispute-chart" viewBox="0 0 {CW} {CH}" width="100%" role="img" '
        f'font-size="11" font-family="sans-serif"><title>{_e(card.measure)}: positions over '
        "publication time</title>"
    ]
    for tick in _ticks(v0, v1, 4):
        out.append(
            f'<line x1="{C_LEFT}" x2="{CW - C_RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#eee"/><text x="{C_LEFT - 5}" y="{y(tick) + 4:.1f}" text-anchor="end" '
            f'fill="#555">{_e(_num(tick))}</text>'
        )
    for i in (0, 1):
        at = datetime.fromtimestamp(t0 + pad + (t1 - t0 - 2 * pad) * i, tz=UTC)
        out.append(
            f'<text x="{x(at.timestamp()):.1f}" y="{CH - 8}" text-anchor="middle" fill="#555">'
            f"{_e(at.strftime('%b %d %H:%M'))}</text>"
        )
    out.append(
        f'<line x1="{C_LEFT}" x2="{C_LEFT}" y1="{C_TOP}" y2="{CH - C_BOTTOM}" stroke="#999"/>'
        f'<line x1="{C_LEFT}" x2="{CW - C_RIGHT}" y1="{CH - C_BOTTOM}" y2="{CH - C_BOTTOM}" '
        'stroke="#999"/>'
    )
    for n, pos in enumerate(card.positions):
        colour = colours.get(pos.position if pos.position is not None else n, "#999")
        mine = [p for p in card.points if p.position == pos.position]
        spots = [p.published_at.timestamp() for p in mine] or [
            (pos.published_at or datetime.fromtimestamp(t0 + pad, tz=UTC)).timestamp()
        ]
        lo = pos.low if pos.low is not None else v0
        hi = pos.high if pos.high is not None else v1
        xa, xb = x(min(spots)), x(max(spots))
        label = position_words(pos) + (" (majority)" if pos.majority else "")
        out.append(
            f'<g class="position-band" fill="{colour}" stroke="{colour}"><title>'
            f"{_e(label)}: {_e(', '.join(pos.outlets))}</title>"
            f'<rect x="{xa - 4:.1f}" y="{y(hi):.1f}" width="{max(xb - xa, 0) + 8:.1f}" '
            f'height="{max(y(lo) - y(hi), 2):.1f}" fill-opacity=".18" stroke-opacity=".5"/>'
            f'<text x="{CW - C_RIGHT + 6}" y="{y((lo + hi) / 2) + 4:.1f}" stroke="none">'
            f"{_e(position_words(pos))}</text></g>"
        )
        for p in mine:
            tip = f"{p.outlet or '?'} · {_num(p.value)} · {_when(p.published_at)}"
            out.append(
                f'<circle cx="{x(p.published_at.timestamp()):.1f}" cy="{y(p.value):.1f}" r="4" '
                f'fill="{colour}" stroke="#fff"><title>{_e(tip)}</title></circle>'
            )
    out.append("</svg>")
    return "".join(out)


def _position_box(pos: PositionNews, colour: str) -> str:
    badges = "".join(
        f'<span class="badge {cls}">{cls}</span>'
        for cls, on in (("majority", pos.majority), ("outlier", pos.outlier))
        if on
    )
    outlets = "".join(
        f"<li>{_e(o)}"
        + (
            ' <span class="badge inconsistent" title="this outlet\u2019s articles also hold '
            'another position">inconsistent</span>'
            if o in pos.inconsistent_outlets
            else ""
        )
        + "</li>"
        for o in pos.outlets
    )
    stories = _plural(pos.stories, "story").replace("storys", "stories")
    source = (
        f'<div class="meta">{_link(pos.url, "article") if pos.url else ""}'
        f"{' · ' + _e(_when(pos.published_at)) if pos.published_at else ''}</div>"
    )
    sentence = f"<blockquote>{_e(pos.sentence)}</blockquote>" if pos.sentence else ""
    return (
        f'<div class="position" style="--c:{colour}"><div class="num">'
        f"{_e(position_words(pos))}</div>{badges}"
        f'<div class="meta">{_plural(len(pos.outlets), "outlet")} · {_e(stories)}</div>'
        f"<ul>{outlets}</ul>{sentence}{source}</div>"
    )


def _lede(card: DisputeCard) -> str:
    if card.status == "resolved":
        return "Until it resolved, " + positions_sentence(card.positions, past=True)
    return positions_sentence(card.positions)[:1].upper() + positions_sentence(card.positions)[1:]


def _dispute_card(card: DisputeCard, labels: dict[str, str]) -> str:
    ordered = in_order(card.positions)
    colours = {
        (p.position if p.position is not None else n): PALETTE[n % len(PALETTE)]
        for n, p in enumerate(card.positions)
    }
    state = f'<span class="badge {_e(card.status)}">{_e(card.status)}</span>'
    if card.muted:
        state += '<span class="badge muted">muted</span>'
    when = f"detected {_e(_when(card.first_detected_at))}" if card.first_detected_at else ""
    if card.status == "resolved" and card.resolved_at:
        by = (
            f" by {_link(card.resolved_by.url, card.resolved_by.words())}"
            if card.resolved_by and card.resolved_by.url
            else ""
        )
        when += f" · resolved {_e(_when(card.resolved_at))}{by}"
    elif card.last_changed_at:
        when += f" · last changed {_e(_when(card.last_changed_at))}"
    subject = f" · {_e(card.subject)}" if card.subject else ""
    boxes = "".join(
        _position_box(p, colours[p.position if p.position is not None else n])
        for n, p in ((card.positions.index(p), p) for p in ordered)
    )
    return (
        f'<article class="dispute {_e(card.status)}" id="dispute-{_e(card.dispute_id)}">'
        f"<header>{state} <b>{_e(headline(card.measure, card.kind, card.modality, labels))}</b>"
        f"{subject} · {when} · <code>{_e(card.dispute_id)}</code></header>"
        f'<p class="lede">{_e(_lede(card))}.</p>'
        f'<div class="positions">{boxes}</div>{_dispute_chart(card, colours)}</article>'
    )


def _disputes(cards: Sequence[DisputeCard], labels: dict[str, str]) -> str:
    if not cards:
        return '<p class="empty">No disputes: no outlets disagree on a figure.</p>'
    ordered = sorted(cards, key=lambda c: c.status != "open")  # stable: open first
    return "".join(_dispute_card(c, labels) for c in ordered)


def _in_dispute(cards: Sequence[DisputeCard], labels: dict[str, str]) -> str:
    """The summary's line: how many disputes are open, and over what."""
    open_ = [c for c in cards if c.status == "open"]
    if not open_:
        resolved = len(cards)
        return "nothing" + (f" ({_plural(resolved, 'dispute')} resolved)" if resolved else "")
    what = "; ".join(
        f'<a href="#dispute-{_e(c.dispute_id)}">'
        f"{_e(headline(c.measure, c.kind, c.modality, labels))}</a>"
        + (" (muted)" if c.muted else "")
        for c in open_
    )
    return f'<span class="bad">{_plural(len(open_), "open dispute")}</span>: {what}'


# -- the analyst's word, and article timelines --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    action: str  # mute | reject
    target_id: str  # the dispute or the claim
    what: str | None  # a rejected claim: outlet, value, sentence
    who: str
    said_at: datetime
    why: str | None
    undone_at: datetime | None
    undone_by: str | None


def report_verdicts(
    wh: Warehouse, topic: str | None = None, as_of: datetime | None = None
) -> list[Verdict]:
    return [Verdict(*r) for r in wh.read("report_verdicts", {"topic": topic}, as_of=as_of)[1]]


def _verdicts(verdicts: Sequence[Verdict]) -> str:
    if not verdicts:
        return '<p class="empty">No dispute muted, no claim rejected.</p>'
    rows = []
    for v in verdicts:
        target = (
            f'muted dispute<br><a href="#dispute-{_e(v.target_id)}"><code>{_e(v.target_id)}'
            "</code></a>"
            if v.action == "mute"
            else f"rejected claim<br><code>{_e(v.target_id)}</code>"
        )
        what = f"<br>{_e(v.what)}" if v.what else ""
        undone = f"{_e(_when(v.undone_at))} by {_e(v.undone_by or '?')}" if v.undone_at else ""
        rows.append(
            f"<tr><td>{target}{what}</td><td>{_e(v.who)}</td><td>{_e(_when(v.said_at))}</td>"
            f"<td>{_e(v.why or '')}</td><td>{undone}</td></tr>"
        )
    return (
        "<table><thead><tr><th>what</th><th>who</th><th>when</th><th>why</th><th>undone</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


@dataclass(frozen=True, slots=True)
class VersionMark:
    version: int
    fetched_at: datetime
    classes: tuple[str, ...]  # () for version 1


@dataclass(frozen=True, slots=True)
class Timeline:
    article_id: str
    url: str
    outlet: str | None
    title: str | None
    published_at: datetime | None
    versions: tuple[VersionMark, ...]
    withdrawn_at: datetime | None


def report_timelines(
    wh: Warehouse, topic: str | None = None, as_of: datetime | None = None
) -> list[Timeline]:
    out = []
    for article_id, url, outlet, title, published_at, versions, withdrawn_at in wh.read(
        "report_timeline", {"topic": topic}, as_of=as_of
    )[1]:
        marks = tuple(
            VersionMark(v["version"], v["fetched_at"], tuple(v["classes"] or ()))
            for v in versions or ()
        )
        out.append(Timeline(article_id, url, outlet, title, published_at, marks, withdrawn_at))
    return out


def _timelines(timelines: Sequence[Timeline]) -> str:
    if not timelines:
        return '<p class="empty">No on-topic article yet.</p>'
    rows = []
    for t in timelines:
        steps = [
            f"<span>v{m.version} {_e(_when(m.fetched_at))}"
            + "".join(f' <span class="badge">{_e(c)}</span>' for c in m.classes)
            + "</span>"
            for m in t.versions
        ]
        if t.withdrawn_at:
            steps.append(
                f'<span><span class="badge open">taken down</span> {_e(_when(t.withdrawn_at))}'
                "</span>"
            )
        published = _e(_when(t.published_at)) if t.published_at else "not given"
        rows.append(
            f"<tr><td>{_e(t.outlet or '')}<br>{_link(t.url, t.title or t.url)}"
            f'<br><span class="meta">published {published}</span></td>'
            f'<td class="versions">{" → ".join(steps)}</td></tr>'
        )
    return (
        '<table class="timeline"><thead><tr><th>article</th><th>versions (change classes)</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


# -- contradictions and drift -----------------------------------------------------------------


def _side(
    label: str,
    url: str,
    outlet: str | None,
    version: int,
    value: float,
    low: float | None,
    high: float | None,
    qualifier: str,
    at: datetime,
    sentence: str,
) -> str:
    return (
        f'<div class="side"><div class="who">{_e(label)}: {_e(outlet or "unknown outlet")}</div>'
        f'<div class="num">{_e(_num(value))} {_e(_interval(low, high))} · {_e(qualifier)}</div>'
        f'<div class="meta">{_link(url)} · version {version} · {_e(_when(at))}</div>'
        f"<blockquote>{_e(sentence)}</blockquote></div>"
    )


def _flag_card(f: Flag) -> str:
    what = "derived level vs stated" if f.basis == "derived" else "stated vs stated"
    derived = (
        f'<div class="meta">derived from claims {_e(", ".join(f.derived_from))}</div>'
        if f.derived_from
        else ""
    )
    state = "" if f.current else " old"
    note = "" if f.current else " · no longer what the latest versions say"
    return (
        f'<article class="flag{state}" id="flag-{_e(f.contradiction_id)}"><header>'
        f'<span class="badge {_e(f.kind)}">{_e(f.kind)}</span>'
        f'<span class="badge">{_e(f.measure)}</span><span class="badge">{_e(f.claim_kind)}'
        f" · {_e(f.modality)}</span> {_e(what)} · detected {_e(_when(f.detected_at))}{note}"
        f'</header><div class="pair">'
        + _side(
            "A",
            f.a_url,
            f.a_outlet,
            f.a_version,
            f.a_value,
            f.a_low,
            f.a_high,
            f.a_qualifier,
            f.a_observed_at,
            f.a_sentence,
        )
        + _side(
            "B",
            f.b_url,
            f.b_outlet,
            f.b_version,
            f.b_value,
            f.b_low,
            f.b_high,
            f.b_qualifier,
            f.b_observed_at,
            f.b_sentence,
        )
        + f"</div>{derived}</article>"
    )


def _contradictions(flags: Iterable[Flag]) -> str:
    cross = [f for f in flags if f.kind == "cross_outlet"]
    if not cross:
        return '<p class="empty">No outlets contradict each other.</p>'
    cross.sort(key=lambda f: (not f.current, f.measure, f.detected_at, f.contradiction_id))
    return "".join(_flag_card(f) for f in cross)


def _drift(flags: Iterable[Flag]) -> str:
    by_article: dict[str, list[Flag]] = defaultdict(list)
    for f in flags:
        if f.kind == "drift":
            by_article[f.a_url].append(f)
    if not by_article:
        return '<p class="empty">No article changed a number between versions.</p>'
    parts = []
    for url, items in sorted(by_article.items()):
        items.sort(key=lambda f: (f.measure, f.a_version, f.b_version, f.contradiction_id))
        rows = "".join(
            f"<tr><td>{_e(f.measure)}<br><span class='meta'>{_e(f.claim_kind)} · "
            f"{_e(f.modality)}</span></td>"
            f"<td>v{f.a_version} → v{f.b_version}<br><span class='meta'>"
            f"{_e(_when(f.b_observed_at))}</span></td>"
            f"<td class='num'>{_e(_num(f.a_value))} → <b>{_e(_num(f.b_value))}</b></td>"
            f"<td><blockquote>{_e(f.a_sentence)}</blockquote>"
            f"<blockquote>{_e(f.b_sentence)}</blockquote></td></tr>"
            for f in items
        )
        outlet = items[0].a_outlet or "unknown outlet"
        parts.append(
            f"<h3>{_e(outlet)}: {_link(url)}</h3><table><thead><tr><th>measure</th>"
            f"<th>versions</th><th>value</th><th>sentences (before, after)</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return "".join(parts)


def render_report(
    points: Sequence[Point],
    flags: Sequence[Flag],
    generated_at: datetime,
    status: Status | None = None,
    *,
    disputes: Sequence[DisputeCard] | None = None,
    verdicts: Sequence[Verdict] = (),
    timelines: Sequence[Timeline] | None = None,
    labels: dict[str, str] | None = None,
) -> str:
    """The report page for these claims, flags and disputes (pure: no I/O). Disputes come
    first, open before resolved; `labels` name the topic's measures in words."""
    labels = labels or {}
    cross = sum(1 for f in flags if f.kind == "cross_outlet")
    drift = sum(1 for f in flags if f.kind == "drift")
    outlets = len({p.outlet for p in points})
    cards = list(disputes or ())
    summary = _summary(status, _in_dispute(cards, labels) if disputes is not None else None)
    opened = sum(1 for c in cards if c.status == "open")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>claimwatch report</title>"
        f"<style>{CSS}</style></head><body>"
        "<h1>claimwatch report</h1>"
        f"{summary}"
        f'<p class="meta">Generated {_e(_when(generated_at))} · {_plural(len(points), "claim")}'
        f" from {_plural(outlets, 'outlet')} · {_plural(opened, 'open dispute')} · "
        f"{_plural(cross, 'contradiction')} between "
        f"outlets · {_plural(drift, 'drift')} within articles</p>"
        + (
            '<h2 id="disputes">Disputes</h2><p class="meta">One card per disagreement: the '
            "comparable claims grouped into positions (claims whose ranges overlap), side by "
            "side; syndicated copies count once. The chart shows each position’s shared range "
            "from its first to its last publication, one dot per claim.</p>"
            f"{_disputes(cards, labels)}"
            if disputes is not None
            else ""
        )
        + "<h2>Numbers over time</h2>"
        '<p class="meta">One marker per claim, its shape and colour by outlet, placed at the '
        "article’s publication time (when it was first seen if it gave none; a revision at the "
        "update time the outlet gave, else when it was fetched); markers that would cover each "
        "other are set side by side. The bar is the interval the wording allows (“about” "
        "±10 %, “more than” open-ended: arrow). Hover a marker for its sentence and time.</p>"
        f"{_charts(points)}"
        f"<h2>Drift per article</h2>{_drift(flags)}"
        + (
            '<h2 id="timelines">Article timelines</h2><p class="meta">Every version of each '
            "on-topic article with what changed (correction, numbers, rewrite, update, "
            "headline), and pages taken down.</p>"
            f"{_timelines(timelines)}"
            if timelines is not None
            else ""
        )
        + (
            f'<h2 id="verdicts">The analyst’s word</h2>{_verdicts(verdicts)}'
            if disputes is not None
            else ""
        )
        + f"<h2>Contradictions between outlets</h2>{_contradictions(flags)}"
        "</body></html>\n"
    )


def write_report(
    wh: Warehouse,
    out: Path,
    topic: str | None = None,
    as_of: datetime | None = None,
    *,
    labels: dict[str, str] | None = None,
) -> Path:
    """Write the report of the warehouse's claims, flags and disputes (of `topic`; None: every
    topic) to `out`, as the warehouse stood at `as_of` (None: now); returns its path. Measures
    are named from `labels`, else from the topic's file when one of that name ships."""
    status = read_status(wh, topic=topic, as_of=as_of)
    if labels is None:
        labels = _labels(topic or status.topic)
    page = render_report(
        report_points(wh, topic, as_of),
        all_flags(wh, topic, as_of=as_of),
        as_of or datetime.now(UTC),
        status,
        disputes=report_disputes(wh, topic, as_of),
        verdicts=report_verdicts(wh, topic, as_of),
        timelines=report_timelines(wh, topic, as_of),
        labels=labels,
    )
    out.write_text(page, encoding="utf-8")
    return out


def _labels(topic: str | None) -> dict[str, str]:
    """The topic's measures in words, when its file can be found; else the names will do."""
    if not topic:
        return {}
    try:
        return measure_labels(load_topic(topic, require_feeds=False))
    except TopicError:
        return {}
