"""The time a claim speaks of (`as_of`), from the time words of its sentence.

Stories develop: "30 sites were affected on Monday" and "about 55 on Wednesday" are two moments of
one story, not a disagreement (DESIGN.md, "Contradictions and drift"). Each claim therefore
carries `as_of`, an interval [start, end) of UTC datetimes resolved from its sentence against the
article's publication time:

- no time words, "now", "currently", "to date": the publication instant (start == end);
- "on Monday", "as of Tuesday", "Monday", "by Thursday morning": that day, the most recent such
  weekday on or before the publication day ("last Monday": strictly before it);
- "today", "yesterday", "two days ago", "a week ago": that day ("N weeks ago": 7N days back);
- "April 7", "7 April", "on Nov. 3": that day, of the publication year, or of the previous year
  when the month is after the publication month;
- "the 3rd", "on the 9th": that day of the publication month (of the previous month when the
  day is after the publication day);
- "in April", "in early / mid- / late April": the month, or its days 1-10 / 11-20 / 21-end, the
  year chosen as for dates;
- "last week", "this week", "last month", "this month", "in 2025", "last year": the calendar
  week (Monday to Sunday), month or year; the "this" ones end with the publication day; "the
  past week" is the 7 days before publication;
- "since April", "since early March", "since Monday": from the start of what follows "since"
  up to publication (kind `since`); so is a beginning named by month or longer ("a preview
  that began in April", "started in early March");
- "initially", "at first", "at launch": an open start (OPEN_START) up to publication, flagged
  `initial`.

**The default is the publication instant**, a zero-length interval, not the publication day: a
claim with no time words speaks of "now", and the instant keeps the comparison window literal
(two such claims are compared when published less than `window` apart, whatever the calendar
says). A claim with explicit day words covers the whole day.

Day boundaries are those of `tz` (UTC unless the caller knows the outlet's time zone); parts of a
day ("Thursday morning") keep the whole day, since the outlet's time zone is rarely known and
the comparison window is a day anyway. Month and weekday names must be capitalised ("in May" is
a month, "it may" is not). When a sentence holds several references, the one nearest to `near`
(the claim's offsets in the text) wins, else the first.

Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

# The start of an "initially" interval: open, before any other time.
OPEN_START = datetime.min.replace(tzinfo=UTC)
DEFAULT_WINDOW = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class AsOf:
    """The time a claim speaks of: [start, end) in UTC, or the instant start == end.

    kind: published (no time words; start == end == published_at) | now | day | week |
    weekend | month | part_month | year | since | initial.
    """

    start: datetime
    end: datetime
    phrase: str | None  # the words resolved ("on Monday"), None for the default
    kind: str
    initial: bool = False  # "initially", "at first": open start, up to publication
    span: tuple[int, int] | None = None  # the phrase's character offsets in the text

    @classmethod
    def published(cls, published_at: datetime) -> AsOf:
        """The default: the publication instant."""
        p = _utc(published_at)
        return cls(p, p, None, "published")


def gap(a: AsOf, b: AsOf) -> timedelta:
    """Time between two intervals: negative or zero when they share a moment or touch."""
    return max(a.start, b.start) - min(a.end, b.end)


def within_window(a: AsOf, b: AsOf, window: timedelta = DEFAULT_WINDOW) -> bool:
    """Do a and b speak of the same time, give or take `window`?

    True when they overlap or touch, or when the time between them is shorter than the window
    (strictly: "on Monday" [Mon, Tue) and "on Wednesday" [Wed, Thu) are a day apart, so with the
    default one-day window they are not compared; Monday and Tuesday are). Two instants are
    compared when less than `window` apart. Symmetric.
    """
    g = gap(a, b)
    return g <= timedelta(0) or g < window


def resolve_as_of(
    text: str,
    published_at: datetime,
    *,
    near: int | tuple[int, int] | None = None,
    tz: tzinfo = UTC,
) -> AsOf:
    """The time `text` (a claim's sentence, or just its time words) speaks of.

    published_at must be timezone-aware. near: the claim's character offset (or (start, end))
    in `text`; the reference closest to it wins, else the first one in the text.
    """
    if published_at.tzinfo is None:
        raise ValueError("published_at must be timezone-aware")
    refs = find_time_refs(text, published_at, tz=tz)
    if not refs:
        return AsOf.published(published_at)
    if near is None:
        return refs[0]
    lo, hi = (near, near) if isinstance(near, int) else near

    def distance(r: AsOf) -> tuple[int, int]:
        assert r.span is not None
        s, e = r.span
        d = 0 if s < hi and lo < e else min(abs(lo - e), abs(s - hi))
        return (d, s)

    return min(refs, key=distance)


def find_time_refs(text: str, published_at: datetime, *, tz: tzinfo = UTC) -> list[AsOf]:
    """Every time reference in `text`, resolved, in text order (overlapping candidates: the
    longest wins)."""
    ctx = _Context(published_at, tz)
    found: list[tuple[int, int, AsOf]] = []
    for pattern, handler in _PATTERNS:
        for m in pattern.finditer(text):
            resolved = handler(m, ctx)
            if resolved is None:
                continue
            start, end, kind = resolved
            s, e = m.span()
            timed = kind not in ("initial", "now")
            since = _SINCE_BEFORE.search(text, 0, s) if timed else None
            if since is None and kind in _BEGAN_KINDS:
                since = _BEGAN_BEFORE.search(text, 0, s)
            prep = _PREP_BEFORE.search(text, 0, s)
            if since is not None or (timed and m.group(0).lower().startswith("since")):
                s = since.start() if since is not None else s
                start, end, kind = min(start, ctx.published), ctx.published, "since"
            elif prep is not None:
                s = prep.start()
            found.append((s, e, _make(text, s, e, start, end, kind)))
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    taken: list[tuple[int, int, AsOf]] = []
    for s, e, ref in found:
        if all(e <= ts or te <= s for ts, te, _ in taken):
            taken.append((s, e, ref))
    return [ref for _, _, ref in sorted(taken, key=lambda t: t[0])]


# --- internals -------------------------------------------------------------------------------


def _utc(d: datetime) -> datetime:
    return d.astimezone(UTC)


class _Context:
    __slots__ = ("published", "tz", "day")

    def __init__(self, published_at: datetime, tz: tzinfo) -> None:
        self.published = _utc(published_at)
        self.tz = tz
        self.day = published_at.astimezone(tz).date()

    def at(self, d: date) -> datetime:
        """Midnight starting day d (in tz), as UTC."""
        return datetime.combine(d, time(), tzinfo=self.tz).astimezone(UTC)

    def days(self, first: date, after_last: date) -> tuple[datetime, datetime]:
        return self.at(first), self.at(after_last)

    def year_for(self, month: int) -> int:
        """A month named without a year: this year's, or last year's if it is still to come."""
        return self.day.year if month <= self.day.month else self.day.year - 1


def _make(text: str, s: int, e: int, start: datetime, end: datetime, kind: str) -> AsOf:
    initial = kind == "initial"
    return AsOf(start, end, text[s:e], kind, initial=initial, span=(s, e))


_MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
    "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5,
    "Sunday": 6,
}  # fmt: skip
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

# Full names first so "Sept" is not read as "Sep" + "t"; abbreviations may end with a dot.
_MON = r"(?P<mon>(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")(?![A-Za-z]))\.?"
_WD = r"(?P<wd>" + "|".join(_WEEKDAYS) + r")(?![A-Za-z])"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_DAYNUM = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d%])"
_ORDINAL = r"(?P<day>\d{1,2})(?:st|nd|rd|th)(?![\d%])"

# A preposition right before a reference becomes part of its phrase; "since" changes its kind,
# and so does a state's beginning named by month or longer: "a preview that began in April"
# (nearly 50 have access *now*, as since April). "Started on Monday with 30 sites" stays that
# day: a launch-day count.
_SINCE_BEFORE = re.compile(r"(?i:\bsince\s+(?:the\s+)?)\Z")
_BEGAN_BEFORE = re.compile(r"(?i:\b(?:began|begun|begins|started|starts)(?:\s+in)?\s+)\Z")
_BEGAN_KINDS = ("month", "part_month", "year")
_PREP_BEFORE = re.compile(
    r"(?i:\b(?:on|as of|by|in|during|until|through|from|at|of|over)\s+(?:the\s+)?)\Z"
)

Resolved = tuple[datetime, datetime, str] | None


def _month_day(m: re.Match[str], ctx: _Context) -> Resolved:
    month = _MONTHS[m.group("mon")]
    year = int(m.group("year")) if m.group("year") else ctx.year_for(month)
    try:
        d = date(year, month, int(m.group("day")))
    except ValueError:
        return None
    return (*ctx.days(d, d + timedelta(days=1)), "day")


def _part_of_month(m: re.Match[str], ctx: _Context) -> Resolved:
    month = _MONTHS[m.group("mon")]
    year = int(m.group("year")) if m.group("year") else ctx.year_for(month)
    first = date(year, month, 1)
    after = date(year + month // 12, month % 12 + 1, 1)
    part = m.group("part").lower()
    if part in ("early", "the start of", "the beginning of"):
        span = (first, first.replace(day=11))
    elif part in ("mid", "the middle of"):
        span = (first.replace(day=11), first.replace(day=21))
    else:  # late, the end of
        span = (first.replace(day=21), after)
    return (*ctx.days(*span), "part_month")


def _month(m: re.Match[str], ctx: _Context) -> Resolved:
    month = _MONTHS[m.group("mon")]
    year = int(m.group("year")) if m.group("year") else ctx.year_for(month)
    first = date(year, month, 1)
    after = date(year + month // 12, month % 12 + 1, 1)
    return (*ctx.days(first, after), "month")


def _year(m: re.Match[str], ctx: _Context) -> Resolved:
    year = int(m.group("year"))
    return (*ctx.days(date(year, 1, 1), date(year + 1, 1, 1)), "year")


def _weekday(m: re.Match[str], ctx: _Context) -> Resolved:
    wd = _WEEKDAYS[m.group("wd")]
    rel = (m.group("rel") or "").lower()
    back = (ctx.day.weekday() - wd) % 7  # most recent on or before the publication day
    if rel in ("last", "this past") and back == 0:
        back = 7
    if rel == "next":
        back = -((wd - ctx.day.weekday()) % 7 or 7)
    d = ctx.day - timedelta(days=back)
    return (*ctx.days(d, d + timedelta(days=1)), "day")


def _relative_day(m: re.Match[str], ctx: _Context) -> Resolved:
    word = m.group(0).lower()
    d = ctx.day - timedelta(days=1) if word == "yesterday" else ctx.day
    return (*ctx.days(d, d + timedelta(days=1)), "day")


def _ago(m: re.Match[str], ctx: _Context) -> Resolved:
    n_text = m.group("n").lower()
    n = _NUMBER_WORDS[n_text] if n_text in _NUMBER_WORDS else int(n_text)
    unit = m.group("unit").lower()
    if unit == "day":
        d = ctx.day - timedelta(days=n)
    elif unit == "week":
        d = ctx.day - timedelta(days=7 * n)
    else:  # month: the same day n months back (clamped to that month's length)
        y, mo = divmod(ctx.day.year * 12 + ctx.day.month - 1 - n, 12)
        d = _clamp(y, mo + 1, ctx.day.day)
    return (*ctx.days(d, d + timedelta(days=1)), "day")


def _clamp(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def _relative_span(m: re.Match[str], ctx: _Context) -> Resolved:
    which = m.group("which").lower()
    unit = m.group("unit").lower()
    today, tomorrow = ctx.day, ctx.day + timedelta(days=1)
    if unit == "weekend":
        return _weekend(ctx, strictly_before=which in ("last", "previous"))
    if which == "past":  # rolling: the last 7 / 30 / 365 days before publication
        length = {"week": 7, "month": 30, "year": 365}[unit]
        return ctx.published - timedelta(days=length), ctx.published, unit
    if unit == "week":
        monday = today - timedelta(days=today.weekday())
        if which == "this":
            return (*ctx.days(monday, tomorrow), "week")
        return (*ctx.days(monday - timedelta(days=7), monday), "week")
    if unit == "month":
        first = today.replace(day=1)
        if which == "this":
            return (*ctx.days(first, tomorrow), "month")
        prev = (first - timedelta(days=1)).replace(day=1)
        return (*ctx.days(prev, first), "month")
    first = date(today.year, 1, 1)
    if which == "this":
        return (*ctx.days(first, tomorrow), "year")
    return (*ctx.days(date(today.year - 1, 1, 1), first), "year")


def _weekend(ctx: _Context, strictly_before: bool = False) -> Resolved:
    today = ctx.day
    back = (today.weekday() - 5) % 7  # days since the most recent Saturday
    if strictly_before and today.weekday() >= 5:
        back += 7
    saturday = today - timedelta(days=back)
    return (*ctx.days(saturday, saturday + timedelta(days=2)), "weekend")


def _the_weekend(m: re.Match[str], ctx: _Context) -> Resolved:
    return _weekend(ctx)


def _ordinal_day(m: re.Match[str], ctx: _Context) -> Resolved:
    n = int(m.group("day"))
    if not 1 <= n <= 31:
        return None
    y, mo = ctx.day.year, ctx.day.month
    if n > ctx.day.day:  # a day still to come this month: the previous month's
        y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
    try:
        d = date(y, mo, n)
    except ValueError:
        return None
    return (*ctx.days(d, d + timedelta(days=1)), "day")


def _initial(m: re.Match[str], ctx: _Context) -> Resolved:
    return OPEN_START, ctx.published, "initial"


def _now(m: re.Match[str], ctx: _Context) -> Resolved:
    return ctx.published, ctx.published, "now"


# Words that may follow "on the 9th" when it is a date ("on the 9th, 25 remained offline"),
# unlike "on the 9th floor".
_AFTER_ORDINAL = (
    r"(?=\s*(?:[,.;:)\u2014-]|$)|\s+(?:and|when|as|at|after|before|to|the|there|it|with|some|"
    r"about|only|just|more|still|nearly|around|roughly|according|had|have|were|was)\b)"
)

_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], _Context], Resolved]], ...] = (
    # "April 7", "Nov. 3", "April 7th, 2025"
    (re.compile(r"\b" + _MON + r"\s+" + _DAYNUM + r"(?:,?\s+" + _YEAR + r")?"), _month_day),
    # "7 April", "the 3rd of April 2025"
    (
        re.compile(r"\b" + _DAYNUM + r"\s+(?:of\s+)?" + _MON + r"(?:,?\s+" + _YEAR + r")?"),
        _month_day,
    ),
    # "early April", "mid-April", "late April 2025", "at the end of March"
    (
        re.compile(
            r"(?i:\b(?:at\s+)?(?P<part>early|mid|late|the start of|the beginning of|the end of"
            r"|the middle of))[-\s]+" + _MON + r"(?:,?\s+" + _YEAR + r")?"
        ),
        _part_of_month,
    ),
    # "in April", "since March 2025": a bare month name needs a preposition ("March" is a verb)
    (
        re.compile(
            r"(?i:\b(?:in|since|during|through|until|by|from)\s+)"
            + _MON
            + r"(?:,?\s+"
            + _YEAR
            + r")?"
        ),
        _month,
    ),
    (re.compile(r"\b" + _MON + r"\s+" + _YEAR), _month),
    # "in 2025", "since 2024"
    (re.compile(r"(?i:\b(?:in|since|during|through|by)\s+)" + _YEAR), _year),
    # "on Monday", "last Tuesday", "by Thursday morning"
    (
        re.compile(
            r"(?i:\b(?P<rel>last|this past|this|next)\s+)?\b"
            + _WD
            + r"(?:\s+(?i:morning|afternoon|evening|night))?"
        ),
        _weekday,
    ),
    (
        re.compile(r"(?i:\b(?:yesterday|today|tonight|this (?:morning|afternoon|evening))\b)"),
        _relative_day,
    ),
    (
        re.compile(
            r"(?i:\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
            r"(?P<unit>day|week|month)s?\s+ago\b)"
        ),
        _ago,
    ),
    (
        re.compile(
            r"(?i:\b(?:the\s+)?(?P<which>last|this|previous|past)\s+"
            r"(?P<unit>week|weekend|month|year)\b)"
        ),
        _relative_span,
    ),
    (re.compile(r"(?i:\b(?:over\s+)?the\s+weekend\b)"), _the_weekend),
    # "on the 9th", "as of the 3rd,"
    (re.compile(r"(?i:\bthe\s+)" + _ORDINAL + _AFTER_ORDINAL), _ordinal_day),
    (
        re.compile(
            r"(?i:\b(?:initially|at first|at (?:its |the )?launch|at the (?:outset|start)"
            r"|originally|to begin with|in the beginning|when it (?:first )?launched)\b)"
        ),
        _initial,
    ),
    (
        re.compile(
            r"(?i:\b(?:now|currently|so far|to date|at present|at the moment"
            r"|as of (?:now|this writing))\b)"
        ),
        _now,
    ),
)
