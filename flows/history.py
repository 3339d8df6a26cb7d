"""`claimwatch history URL`: an article's versions, what kind of change each was, and a
word-level diff between consecutive ones (what NewsDiffs shows on its article page).

`article_history` is the reading part, returning plain dataclasses (the report's timeline uses
it too); `history_lines` and `print_history` are what a person sees.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

from claimwatch.extractors.changes import Segment, render, shown, word_diff
from claimwatch.extractors.urls import canonicalize_url
from claimwatch.warehouse.store import Warehouse
from claimwatch.warehouse.versions import StoredVersion, article_by_names

# Unchanged words kept on each side of a change; the rest of an unchanged run is "…".
DEFAULT_CONTEXT = 12


class UnknownArticle(LookupError):
    """No article of the warehouse goes by this URL (nor by its canonical form)."""


@dataclass(frozen=True, slots=True)
class VersionChange:
    """One version and how it differs from the one before (diffs empty for version 1)."""

    version: int
    fetched_at: datetime
    title: str
    text: str
    classes: tuple[str, ...]  # by precedence: correction > numbers > rewrite > update > headline
    primary: str | None  # classes[0]; None for version 1 and a change no class describes
    title_diff: tuple[Segment, ...]  # () when the headline did not change
    text_diff: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class ArticleHistory:
    article_id: str
    url: str  # the article's canonical URL, as stored
    outlet: str | None
    topic: str | None
    versions: tuple[VersionChange, ...]  # oldest first


def article_history(
    wh_or_path: Warehouse | Path | str,
    url: str,
    *,
    topic: str | None = None,
    as_of: datetime | None = None,
) -> ArticleHistory:
    """The versions of the article `url` names (as stored, in canonical form, or any alias the
    warehouse knows: a feed link, a tracking-parameter variant, an aggregator link), as `topic`
    sees them (None: the first topic that saw it) and as the warehouse knew them at `as_of`.
    Raises UnknownArticle when no article goes by that name."""
    wh = wh_or_path if isinstance(wh_or_path, Warehouse) else Warehouse(Path(wh_or_path))
    given = url.strip()
    names = [given, *(c for c in (canonicalize_url(given),) if c)]
    stored = article_by_names(wh, names, topic, as_of=as_of)
    if stored is None:
        raise UnknownArticle(given)
    return ArticleHistory(
        stored.article_id,
        stored.url,
        stored.outlet,
        stored.topic,
        tuple(_changes(stored.versions)),
    )


def _changes(versions: Sequence[StoredVersion]) -> Iterator[VersionChange]:
    before: StoredVersion | None = None
    for v in versions:
        title_diff: tuple[Segment, ...] = ()
        text_diff: tuple[Segment, ...] = ()
        if before is not None:
            if " ".join(before.title.split()) != " ".join(v.title.split()):
                title_diff = tuple(word_diff(before.title, v.title))
            text_diff = tuple(word_diff(before.text, v.text))
        yield VersionChange(
            v.version, v.fetched_at, v.title, v.text, v.classes, v.primary, title_diff, text_diff
        )
        before = v


# -- what a person sees ----------------------------------------------------------------------


def _when(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _what(change: VersionChange) -> str:
    if change.version == 1:
        return "first version"
    if not change.classes:
        return "edited"
    also = f" (also {', '.join(change.classes[1:])})" if len(change.classes) > 1 else ""
    return f"{change.classes[0]}{also}"


def history_lines(history: ArticleHistory, *, context: int | None = DEFAULT_CONTEXT) -> list[str]:
    """The history as plain text: a heading, then per version its number, time, classes and
    title, and the word diff from the version before (`[-removed-] {+added+}`)."""
    return [line.plain for line in _rich_lines(history, context, markers=True)]


def print_history(
    history: ArticleHistory,
    stream: TextIO,
    *,
    context: int | None = DEFAULT_CONTEXT,
    color: bool | None = None,
) -> None:
    """Write the history to `stream`: in colour on a terminal (removed words red and struck
    through, added words green, no markers), as `history_lines` anywhere else. `color` (True or
    False) decides instead of the stream."""
    console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=color)
    if color is False or not console.is_terminal:
        for plain in history_lines(history, context=context):
            print(plain, file=stream)
        return
    for line in _rich_lines(history, context, markers=False):
        console.print(line)


def _rich_lines(history: ArticleHistory, context: int | None, *, markers: bool) -> list[Text]:
    n = len(history.versions)
    outlet = f"{history.outlet}: " if history.outlet else ""
    lines = [Text(f"{outlet}{history.url} ({n} version{'s' if n != 1 else ''})", style="bold")]
    for change in history.versions:
        lines.append(Text(""))
        head = Text(f"version {change.version}  {_when(change.fetched_at)}  ", style="bold")
        head.append(_what(change), style="bold yellow" if change.classes else "bold")
        lines.append(head)
        lines.append(Text(f"  {change.title}"))
        if change.title_diff:
            headline = _diff_text(change.title_diff, None, markers)
            lines.append(Text("  headline: ").append_text(headline))
        if change.version > 1:
            if any(s.op != "equal" for s in change.text_diff):
                text = _diff_text(change.text_diff, context, markers)
                lines.append(Text("  text: ").append_text(text))
            else:
                lines.append(Text("  text: unchanged"))
    return lines


def _diff_text(segments: Sequence[Segment], context: int | None, markers: bool) -> Text:
    """A diff as rich Text: with `markers`, its plain form is exactly `render`'s; styled for a
    terminal to show as colour either way."""
    out = Text()
    for s in shown(segments, context=context):
        if out.plain:
            out.append(" ")
        out.append(render([s], context=None) if markers else s.text, style=_STYLE.get(s.op))
    return out


_STYLE = {"delete": "red strike", "insert": "green"}
