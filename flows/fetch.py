"""The one way claimwatch does HTTP: a GET bounded in time, size, redirects and concurrency.

httpx alone is not safe against hostile servers on this stack (see DESIGN.md, "Hostile input"):
it decompresses without bound (even stacked encodings, even redirect bodies) and has no total
timeout. So `fetch` follows redirects itself, reads the raw body and decompresses it with a cap
on the *output*, and runs each exchange under one deadline.

Exception tree (catch at the level you need; `transient` says whether retrying may help):

    FetchError
    ├── InvalidRequest ....... permanent  not an http(s) URL, malformed URL or header value
    ├── TransportError ....... transient  connection refused or reset, DNS, connect timeout,
    │                                     body shorter than its Content-Length, bad framing
    ├── DeadlineExceeded ..... transient  the exchange outlived `FetchLimits.deadline`
    ├── HTTPStatusError ...... transient  for 408, 425, 429 and 5xx (with `retry_after`)
    │                          permanent  for other 4xx, unfollowable 3xx, unsolicited 304
    ├── TooLarge ............. permanent  body over `FetchLimits.max_bytes` (after decoding)
    ├── BadEncoding .......... permanent  stacked or unknown Content-Encoding, corrupt body
    └── RedirectError ........ permanent
        ├── RedirectLoop                  a Location already visited in this chain
        ├── TooManyRedirects              more than `FetchLimits.max_redirects` hops
        └── UnsafeRedirect                Location not http(s) (file:, javascript:, ...)

Every error carries `url` (as requested), `status` (of the response it concerns, when there was
one) and `retry_after` (seconds, when the server said), and a one-line message naming the URL
(and the hop that failed, when a redirect led there).

Use a client from `make_client` (fetch checks), one `HostLimiter` per run, and `fetch` for every
request. A body longer than its Content-Length is cut at the declared length, as HTTP/1.1 framing
says; nothing can tell the surplus from a next response.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import time
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC
from http import HTTPStatus
from typing import Protocol

import httpx

__all__ = [
    "DEFAULT_USER_AGENT",
    "MAX_RETRY_AFTER",
    "BadEncoding",
    "DeadlineExceeded",
    "FetchError",
    "FetchLimits",
    "FetchResult",
    "HTTPStatusError",
    "HostLimiter",
    "InvalidRequest",
    "RedirectError",
    "RedirectLoop",
    "TooLarge",
    "TooManyRedirects",
    "TransportError",
    "UnsafeRedirect",
    "fetch",
    "make_client",
    "parse_retry_after",
]

DEFAULT_USER_AGENT = "claimwatch/0.1 (+https://github.com/claimwatch/claimwatch; news monitoring)"

# Longer waits belong to the scheduler (feed_health.next_poll_at), not to a retrying task; the
# cap also stops a hostile or clock-skewed server from parking a feed for days.
MAX_RETRY_AFTER = 3600.0

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_TRANSIENT_4XX = frozenset({408, 425, 429})
_SCHEMES = frozenset({"http", "https"})
_STEP = 64 * 1024  # decoder output per call
_LOCATION = "claimwatch.location"  # response extension holding a redirect's Location


@dataclass(frozen=True)
class FetchLimits:
    """Bounds for one request; one object built at the edge and passed down."""

    max_bytes: int = 8 * 1024 * 1024  # decompressed body (and raw bytes read)
    deadline: float = 30.0  # seconds for the whole exchange: every hop, headers and body
    connect_timeout: float = 10.0
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    per_host: int = 2  # concurrent requests per scheme+host+port, see `HostLimiter`

    def __post_init__(self) -> None:
        if self.max_bytes < 1 or self.deadline <= 0 or self.connect_timeout <= 0:
            raise ValueError(f"limits must be positive: {self!r}")
        if self.max_redirects < 0 or self.per_host < 1:
            raise ValueError(f"max_redirects must be >= 0 and per_host >= 1: {self!r}")


@dataclass(frozen=True)
class FetchResult:
    """A successful fetch: 200 (or another 2xx) with a decoded body, or 304 with none."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    body: bytes  # decoded; b"" on 304
    etag: str | None  # on 304, the one sent when the response does not repeat it
    last_modified: str | None  # likewise
    content_type: str | None
    redirects: tuple[str, ...] = ()  # every URL that answered with a redirect, in order

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# -- errors ------------------------------------------------------------------------------------


class FetchError(Exception):
    """A fetch that did not produce a result."""

    transient: bool = False

    def __init__(
        self,
        message: str,
        *,
        url: str,
        status: int | None = None,
        retry_after: float | None = None,
        transient: bool | None = None,
    ) -> None:
        super().__init__(_one_line(message))
        self.url = url
        self.status = status
        self.retry_after = retry_after
        if transient is not None:
            self.transient = transient

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only fields would break the default (args-only) pickling, and Prefect may
        # pickle a task's exception.
        return (_rebuild, (type(self), str(self), dict(self.__dict__)))


def _rebuild(kind: type[FetchError], message: str, state: dict[str, object]) -> FetchError:
    err = kind.__new__(kind)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class InvalidRequest(FetchError):
    """The URL or a header value cannot be sent (not http/https, malformed)."""


class TransportError(FetchError):
    """The connection failed or the response was cut short or malformed."""

    transient = True


class DeadlineExceeded(FetchError):
    """The whole exchange took longer than `FetchLimits.deadline`."""

    transient = True


class HTTPStatusError(FetchError):
    """The server answered with a status that is not a success."""

    status: int

    def __init__(self, message: str, *, url: str, status: int, retry_after: float | None) -> None:
        transient = status >= 500 or status in _TRANSIENT_4XX
        super().__init__(
            message, url=url, status=status, retry_after=retry_after, transient=transient
        )


class TooLarge(FetchError):
    """The body (after decompression) exceeds `FetchLimits.max_bytes`."""


class BadEncoding(FetchError):
    """The Content-Encoding is stacked or unknown, or the compressed body is corrupt."""


class RedirectError(FetchError):
    """A redirect that must not be followed."""


class RedirectLoop(RedirectError):
    """A redirect back to a URL already visited in this chain."""


class TooManyRedirects(RedirectError):
    """More than `FetchLimits.max_redirects` redirects."""


class UnsafeRedirect(RedirectError):
    """A redirect to something other than an http(s) URL."""


# -- client and per-host limits -----------------------------------------------------------------


def make_client(limits: FetchLimits | None = None) -> httpx.AsyncClient:
    """An `httpx.AsyncClient` for `fetch`: no automatic redirects, gzip/deflate only."""
    limits = limits or FetchLimits()
    return httpx.AsyncClient(
        follow_redirects=False,  # httpx would read and decode every redirect body
        headers={
            "User-Agent": limits.user_agent,
            # Only what `_decoder` handles; brotli/zstd are not installed here.
            "Accept-Encoding": "gzip, deflate",
        },
        # The total deadline is enforced by `fetch`; these only bound single operations.
        timeout=httpx.Timeout(limits.deadline, connect=limits.connect_timeout),
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        event_hooks={"response": [_hold_location]},
    )


async def _hold_location(response: httpx.Response) -> None:
    """Move a redirect's Location out of httpx's sight; `fetch` resolves and vets it itself.

    Even with follow_redirects=False, httpx builds the next request from Location and raises
    InvalidURL or RemoteProtocolError on targets like `javascript:alert(1)`, which would turn
    a permanent, unsafe redirect into a transient transport error.
    """
    if response.status_code in _REDIRECT_STATUSES and "location" in response.headers:
        response.extensions[_LOCATION] = response.headers["location"]
        del response.headers["location"]


class HostLimiter:
    """At most `per_host` concurrent requests per scheme+host+port.

    Many feeds and articles live on one host; this keeps a run from hammering it while
    requests to other hosts proceed. Use one limiter per event loop (per run). `peak(url)`
    reports the most requests seen in flight at once for a host.
    """

    def __init__(self, per_host: int = 2) -> None:
        if per_host < 1:
            raise ValueError("per_host must be >= 1")
        self.per_host = per_host
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self._in_flight: dict[str, int] = {}
        self._peaks: dict[str, int] = {}

    @staticmethod
    def key(url: str | httpx.URL) -> str:
        """`scheme://host:port`, with the default port made explicit."""
        u = httpx.URL(url)
        port = u.port or (443 if u.scheme == "https" else 80)
        host = f"[{u.host}]" if ":" in u.host else u.host
        return f"{u.scheme}://{host}:{port}"

    @contextlib.asynccontextmanager
    async def slot(self, url: str | httpx.URL) -> AsyncIterator[None]:
        key = self.key(url)
        semaphore = self._semaphores.setdefault(key, asyncio.Semaphore(self.per_host))
        async with semaphore:
            now = self._in_flight.get(key, 0) + 1
            self._in_flight[key] = now
            self._peaks[key] = max(self._peaks.get(key, 0), now)
            try:
                yield
            finally:
                self._in_flight[key] -= 1

    def peak(self, url: str | httpx.URL) -> int:
        """The most concurrent requests seen so far for the host of `url` (0 if none)."""
        return self._peaks.get(self.key(url), 0)

    @property
    def peaks(self) -> dict[str, int]:
        """`peak` for every host seen, keyed by `HostLimiter.key`."""
        return dict(self._peaks)


# -- fetch --------------------------------------------------------------------------------------


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    limits: FetchLimits,
    limiter: HostLimiter | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str | None = None,
) -> FetchResult:
    """GET `url`, following up to `limits.max_redirects` http(s) redirects.

    Returns on 2xx, and on 304 when `etag` or `last_modified` was given (conditional GET).
    Raises a `FetchError` subclass for everything else. `limits.deadline` bounds the time
    spent on the network across all hops; time spent waiting for a `limiter` slot is not
    counted (the requests ahead are bounded by their own deadlines).
    """
    if _hold_location not in client.event_hooks.get("response", []):
        raise ValueError("fetch() needs a client from make_client()")
    headers: dict[str, str] = {}
    if etag is not None:
        headers["If-None-Match"] = etag
    if last_modified is not None:
        headers["If-Modified-Since"] = last_modified
    if accept is not None:
        headers["Accept"] = accept
    current = _request_url(url)
    conditional = etag is not None or last_modified is not None
    ctx = _Context(url, str(current), limits, conditional)

    loop = asyncio.get_running_loop()
    remaining = limits.deadline
    history: list[str] = []
    visited = {current}
    while True:
        slot = limiter.slot(current) if limiter is not None else contextlib.nullcontext()
        async with slot:
            started = loop.time()
            try:
                outcome = await _exchange(client, current, headers, remaining, ctx)
            finally:
                remaining -= loop.time() - started
        if isinstance(outcome, _Done):
            got = outcome.headers
            # A 304 need not repeat every validator; the ones sent are still the valid ones.
            keep = outcome.status == 304
            return FetchResult(
                url=url,
                final_url=str(current),
                status=outcome.status,
                body=outcome.body,
                etag=got.get("etag") or (etag if keep else None),
                last_modified=got.get("last-modified") or (last_modified if keep else None),
                content_type=got.get("content-type"),
                redirects=tuple(history),
            )
        here = _Hop(current, outcome.status)
        target = _redirect_target(outcome.location, here, ctx)
        history.append(str(current))
        if len(history) > limits.max_redirects:
            raise ctx.error(TooManyRedirects, f"more than {limits.max_redirects} redirects", here)
        if target in visited:
            raise ctx.error(RedirectLoop, f"redirect loop back to {target}", here)
        visited.add(target)
        current = target


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), capped.

    None when absent or unparseable; 0.0 for a date in the past; at most `MAX_RETRY_AFTER`.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # str.isdigit also takes "¹", which int() refuses
        seconds = float(int(value))
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # "-0000" means UTC per RFC 5322 and HTTP dates are GMT
            when = when.replace(tzinfo=UTC)
        reference = time.time() if now is None else now
        seconds = when.timestamp() - reference
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


# -- internals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hop:
    """Where in a redirect chain something happened, for error messages."""

    url: httpx.URL
    status: int | None = None


@dataclass(frozen=True)
class _Context:
    url: str  # as requested: every error names it
    start: str  # the same, normalized: hops elsewhere are named too
    limits: FetchLimits
    conditional: bool

    def error(
        self,
        kind: type[FetchError],
        detail: str,
        hop: _Hop,
        *,
        retry_after: float | None = None,
    ) -> FetchError:
        """`kind` with a message naming the requested URL (and the hop, after a redirect)."""
        at = str(hop.url)
        where = f"for {self.url}" if at == self.start else f"for {self.url} (at {at})"
        message = f"{detail} {where}"
        if kind is HTTPStatusError:
            assert hop.status is not None
            return HTTPStatusError(
                message, url=self.url, status=hop.status, retry_after=retry_after
            )
        return kind(message, url=self.url, status=hop.status, retry_after=retry_after)


@dataclass(frozen=True)
class _Done:
    status: int
    body: bytes
    headers: httpx.Headers


@dataclass(frozen=True)
class _Redirect:
    status: int
    location: str


def _request_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise InvalidRequest(f"invalid URL {_clip(url)}: {exc}", url=str(url)) from None
    if parsed.scheme not in _SCHEMES or not parsed.host:
        raise InvalidRequest(f"not an http(s) URL: {_clip(url)}", url=url)
    # The fragment never reaches the server; without it `a` and `a#top` are one URL to the
    # loop check.
    return parsed.copy_with(fragment=None)


def _redirect_target(location: str, here: _Hop, ctx: _Context) -> httpx.URL:
    try:
        target = here.url.join(location)
    except httpx.InvalidURL:
        target = None
    if target is None or target.scheme not in _SCHEMES or not target.host:
        raise ctx.error(UnsafeRedirect, f"refusing redirect to {_clip(location)}", here)
    return target.copy_with(fragment=None)


async def _exchange(
    client: httpx.AsyncClient,
    url: httpx.URL,
    headers: dict[str, str],
    remaining: float,
    ctx: _Context,
) -> _Done | _Redirect:
    """One request/response under what is left of the deadline; the response is always closed."""
    hop = _Hop(url)
    response: httpx.Response | None = None
    try:
        request = client.build_request("GET", url, headers=headers)
        async with asyncio.timeout(remaining):
            response = await client.send(request, stream=True)
            return await _handle(response, ctx)
    except TimeoutError:
        raise ctx.error(
            DeadlineExceeded, f"deadline of {ctx.limits.deadline:g}s exceeded", hop
        ) from None
    except httpx.ConnectTimeout as exc:
        raise ctx.error(TransportError, f"connect timed out ({exc})", hop) from exc
    except httpx.TimeoutException as exc:
        # A read/write/pool timeout: the server stalled longer than a whole deadline allows.
        raise ctx.error(DeadlineExceeded, f"{type(exc).__name__} ({exc})", hop) from exc
    except (httpx.InvalidURL, httpx.LocalProtocolError, UnicodeError) as exc:
        # Our side cannot form the request (e.g. a validator with a newline): retrying won't help.
        raise ctx.error(InvalidRequest, f"cannot send request ({exc})", hop) from exc
    except (httpx.TransportError, httpx.DecodingError) as exc:
        # ConnectError, ReadError (reset), RemoteProtocolError (incomplete body, bad framing).
        raise ctx.error(TransportError, f"{type(exc).__name__} ({_cause(exc)})", hop) from exc
    finally:
        if response is not None:
            # Closing without reading drops the connection; that is how redirect and error
            # bodies are never read, let alone decoded.
            with contextlib.suppress(httpx.HTTPError, OSError):
                await response.aclose()


async def _handle(response: httpx.Response, ctx: _Context) -> _Done | _Redirect:
    status = response.status_code
    hop = _Hop(response.url, status)
    location = response.extensions.get(_LOCATION)
    if status in _REDIRECT_STATUSES and location is not None:
        return _Redirect(status, location)
    # 304 before any status check: raise_for_status() would treat it as an error.
    if status == 304 and ctx.conditional:
        return _Done(status, b"", response.headers)
    if not 200 <= status < 300:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        detail = f"HTTP {status} {_reason(status, response.reason_phrase)}".rstrip()
        if status == 304:
            detail += " without a conditional request"
        elif status in _REDIRECT_STATUSES:
            detail += " without Location"
        if retry_after is not None:
            detail += f" (retry after {retry_after:g}s)"
        raise ctx.error(HTTPStatusError, detail, hop, retry_after=retry_after)
    decoder = _decoder(response.headers, hop, ctx)
    cap = ctx.limits.max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise ctx.error(TooLarge, f"Content-Length {declared} over the {cap}-byte limit", hop)
    sink = _Sink(cap, hop, ctx)
    raw = 0
    async for chunk in response.aiter_raw():
        raw += len(chunk)
        if raw > cap:
            # Also bounds what a decoder may skip (trailing garbage after a gzip stream).
            raise ctx.error(TooLarge, f"body over the {cap}-byte limit", hop)
        decoder.decode(chunk, sink)
    decoder.finish(sink)
    return _Done(status, bytes(sink.buffer), response.headers)


class _Sink:
    """The decoded body, refusing to grow past the cap."""

    def __init__(self, cap: int, hop: _Hop, ctx: _Context) -> None:
        self.buffer = bytearray()
        self.cap = cap
        self.hop = hop
        self.ctx = ctx

    def room(self) -> int:
        return self.cap - len(self.buffer)

    def step(self) -> int:
        """How much output to ask a decoder for: enough to tell when the cap is passed."""
        return min(self.room() + 1, _STEP)

    def write(self, data: bytes) -> None:
        if len(data) > self.room():
            raise self.ctx.error(TooLarge, f"decoded body over the {self.cap}-byte limit", self.hop)
        self.buffer += data

    def corrupt(self, encoding: str, detail: object) -> FetchError:
        return self.ctx.error(BadEncoding, f"corrupt {encoding} body ({detail})", self.hop)


class _Decoder(Protocol):
    def decode(self, data: bytes, sink: _Sink) -> None: ...

    def finish(self, sink: _Sink) -> None: ...


class _Identity:
    def decode(self, data: bytes, sink: _Sink) -> None:
        sink.write(data)

    def finish(self, sink: _Sink) -> None:
        pass


class _Zlib:
    """gzip (wbits=31; concatenated members allowed) or deflate (zlib-wrapped, else raw).

    Each call asks zlib for at most `_STEP` bytes, and never more than one byte past the cap, so
    a bomb costs about the cap in memory before `TooLarge`; the rest of its input waits in
    `unconsumed_tail`, unexpanded. (A single big request would cost twice its size: CPython
    builds the output in blocks, then joins them.)
    """

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._obj: zlib._Decompress | None = None  # None: before a stream starts
        self._head = b""  # the first bytes of the next stream, until two are there to check
        self._streams = 0  # streams completed
        self._skipping = False  # after the data, ignore trailing bytes (as gzip(1) does)

    def _start(self, head: bytes) -> zlib._Decompress | None:
        if self.encoding == "gzip":
            if self._streams and head[:2] != b"\x1f\x8b":
                return None  # trailing garbage, not another member
            return zlib.decompressobj(wbits=31)
        if self._streams:
            return None
        # "deflate" should mean zlib-wrapped (RFC 9110 8.4.1.2), but servers send raw deflate
        # too: a valid zlib header (RFC 1950: CM=8, header % 31 == 0) decides which.
        wrapped = head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
        return zlib.decompressobj(wbits=15 if wrapped else -15)

    def decode(self, data: bytes, sink: _Sink) -> None:
        try:
            while data and not self._skipping:
                if self._obj is None:
                    data = self._head + data
                    if len(data) < 2:
                        self._head = data
                        return
                    self._head = b""
                    self._obj = self._start(data)
                    if self._obj is None:
                        self._skipping = True
                        return
                obj = self._obj
                sink.write(obj.decompress(data, sink.step()))
                data = obj.unconsumed_tail
                if obj.eof:
                    # Concatenated gzip members are one file (RFC 1952 2.2), not stacking.
                    data = obj.unused_data
                    self._obj = None
                    self._streams += 1
        except zlib.error as exc:
            raise sink.corrupt(self.encoding, exc) from None

    def finish(self, sink: _Sink) -> None:
        if self._skipping:
            return
        if self._obj is None:
            if self._head and not self._streams:
                raise sink.corrupt(self.encoding, "truncated stream")
            return  # empty body, or a complete stream (plus at most one stray byte)
        try:
            # Output still buffered inside zlib is drained in bounded steps, never by flush().
            while out := self._obj.decompress(b"", sink.step()):
                sink.write(out)
        except zlib.error as exc:
            raise sink.corrupt(self.encoding, exc) from None
        if not self._obj.eof:
            raise sink.corrupt(self.encoding, "truncated stream")


def _decoder(headers: httpx.Headers, hop: _Hop, ctx: _Context) -> _Decoder:
    codings = [
        c.strip().lower()
        for c in headers.get_list("content-encoding", split_commas=True)
        if c.strip() and c.strip().lower() != "identity"
    ]
    if not codings:
        return _Identity()
    if len(codings) > 1:
        # A small body can expand at every layer (1.8 KB -> 1 GiB for "gzip, gzip"); no
        # legitimate news server stacks encodings.
        raise ctx.error(
            BadEncoding, f"refusing stacked Content-Encoding {', '.join(codings)!r}", hop
        )
    if codings[0] in ("gzip", "x-gzip"):
        return _Zlib("gzip")
    if codings[0] == "deflate":
        return _Zlib("deflate")
    raise ctx.error(BadEncoding, f"unsupported Content-Encoding {_clip(codings[0])}", hop)


def _reason(status: int, phrase: str) -> str:
    if phrase:
        return phrase
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _cause(exc: BaseException) -> str:
    """The first non-empty message down the chain (httpx's ReadError for a reset has none)."""
    seen: BaseException | None = exc
    while seen is not None:
        if str(seen):
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    return "no detail"


def _clip(value: str, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _one_line(text: str) -> str:
    return " ".join(text.split())
