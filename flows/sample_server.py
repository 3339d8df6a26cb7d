"""A tiny HTTP server for the bundled sample coverage (`flows/sample/`).

`claimwatch demo` and the test suite use it to poll realistic feeds and pages offline. The
corpus has two phases (`phase1/`, `phase2/`): a first day of coverage, then a day of corrections
and new stories; `set_phase(2)` switches what is served. `manifest.json` describes every file
and what a correct ingestion must yield after each phase.

    with SampleServer() as server:
        for url, outlet in feed_urls(server.base_url):
            ...
        server.set_phase(2)

Files are read from package data (`importlib.resources`), never from paths outside the
package. The placeholder `{base}` in feeds and pages becomes the server's base URL. Responses
carry an `ETag` (hash of the served bytes) and a `Last-Modified` derived from the content, and a
matching `If-None-Match` / `If-Modified-Since` gets a 304 — except for feeds whose manifest entry
says `"validators": false` (Lakeside Daily's), which send neither, so a client's body-hash
fallback is exercised. The server binds loopback only and logs nothing to stderr; it keeps a
thread-safe log of requests instead (`server.requests`).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import TracebackType
from typing import Any, NamedTuple, cast
from urllib.parse import unquote

from claimwatch.extractors.topic import FeedSpec

PACKAGE = "claimwatch.flows.sample"
PLACEHOLDER = b"{base}"
PHASES = (1, 2)

# Each phase is one day of coverage; a file's Last-Modified falls within the day of the phase
# in which its current content first appeared, so a changed file is always "newer".
_PHASE_DAY = {
    1: datetime(2026, 11, 17, tzinfo=UTC),
    2: datetime(2026, 11, 18, tzinfo=UTC),
}
_SECONDS_IN_DAY_WINDOW = 12 * 3600

HTML_TYPE = "text/html; charset=utf-8"
_FEED_TYPES = (
    (b"<rdf:RDF", "application/rdf+xml"),
    (b"<feed", "application/atom+xml"),
    (b"<rss", "application/rss+xml"),
)


class RequestRecord(NamedTuple):
    """One request the server answered: method, request target (path and query), status."""

    method: str
    path: str
    status: int


# --------------------------------------------------------------------------- package data


def sample_root() -> Traversable:
    """The `flows/sample` package directory, as importlib.resources sees it."""
    return files(PACKAGE)


@cache
def load_manifest() -> dict[str, Any]:
    """`flows/sample/manifest.json`, parsed. Treat the result as read-only."""
    data = json.loads(sample_root().joinpath("manifest.json").read_text(encoding="utf-8"))
    return cast(dict[str, Any], data)


def _walk(node: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for child in node.iterdir():
        path = f"{prefix}{child.name}"
        if child.is_dir():
            yield from _walk(child, path + "/")
        elif child.is_file():
            yield path, child


@cache
def phase_files(phase: int) -> dict[str, bytes]:
    """Every file of one phase: URL path (no leading slash) → raw template bytes."""
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {PHASES}, got {phase!r}")
    return {path: node.read_bytes() for path, node in _walk(sample_root() / f"phase{phase}", "")}


def feed_urls(base_url: str) -> list[tuple[str, str]]:
    """(feed URL, outlet name) for every sample feed, the Google News-shaped one included."""
    base = base_url.rstrip("/")
    return [(f"{base}/{feed['path']}", feed["outlet"]) for feed in load_manifest()["feeds"]]


def feed_specs(base_url: str) -> tuple[FeedSpec, ...]:
    """The sample feeds as topic FeedSpecs; the aggregator feed has kind `google_news`."""
    base = base_url.rstrip("/")
    return tuple(
        FeedSpec(url=f"{base}/{feed['path']}", outlet=feed["outlet"], kind=feed["kind"])
        for feed in load_manifest()["feeds"]
    )


def content_type_for(path: str, body: bytes) -> str:
    """Pages are HTML; feeds get the media type of their root element."""
    if path.endswith(".html"):
        return HTML_TYPE
    if path.endswith(".xml"):
        head = body[:1024]
        for marker, media_type in _FEED_TYPES:
            if marker in head:
                return media_type
        return "application/xml"
    return "application/octet-stream"


def _last_modified(path: str, phase: int) -> datetime:
    """A fixed time for this path's content in this phase: identical content, identical time."""
    body = phase_files(phase)[path]
    first = phase
    while first - 1 in PHASES and phase_files(first - 1).get(path) == body:
        first -= 1
    offset = int.from_bytes(hashlib.sha256(body).digest()[:4], "big") % _SECONDS_IN_DAY_WINDOW
    return _PHASE_DAY[first] + timedelta(hours=6, seconds=offset)


def _path_of(target: str) -> str:
    """The path part of a request target (origin-form: no scheme, no host)."""
    return target.split("?", 1)[0].split("#", 1)[0]


def _split_target(target: str) -> str | None:
    """The file path a request target names, or None when it cannot name one."""
    path = unquote(_path_of(target))
    if not path.startswith("/"):
        return None
    parts = path[1:].split("/")
    if any(part in ("", ".", "..") or "\\" in part or "\x00" in part for part in parts):
        return None
    return "/".join(parts)


def _etag_matches(header: str, etag: str) -> bool:
    for candidate in header.split(","):
        tag = candidate.strip()
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == etag:
            return True
    return False


def _not_modified_since(header: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified <= since


# --------------------------------------------------------------------------- HTTP


class SampleResponse(NamedTuple):
    """What the server answers to one GET (HEAD sends the same without the body)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    sample: SampleServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-response are normal in tests; say nothing."""


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "claimwatch-sample/1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: requests are recorded in SampleServer.requests, not printed."""

    def _reply(self, send_body: bool) -> None:
        response = self.server.sample.respond(self.path, self.headers)
        # Record before answering, so a client that has its response also sees it logged.
        self.server.sample._record(self.command, self.path, response.status)
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.status != 304:  # a 304 has no body and need not describe one
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if send_body and response.body:
            self.wfile.write(response.body)

    def do_GET(self) -> None:
        self._reply(send_body=True)

    def do_HEAD(self) -> None:
        self._reply(send_body=False)

    def _not_allowed(self) -> None:
        body = b"method not allowed\n"
        self.server.sample._record(self.command, self.path, 405)
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed


class SampleServer:
    """Serves the sample corpus on loopback in a daemon thread. Use as a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, phase: int = 1) -> None:
        if not host.startswith("127."):
            raise ValueError(f"the sample server binds loopback addresses only, got {host!r}")
        self._lock = threading.Lock()
        self._phase = 1
        self.set_phase(phase)
        self._log: list[RequestRecord] = []
        manifest = load_manifest()
        self._no_validators = frozenset(
            path for path, info in manifest["files"].items() if not info.get("validators", True)
        )
        self._httpd = _HTTPServer((host, port), _Handler, bind_and_activate=True)
        self._httpd.sample = self
        bound_host, bound_port = self._httpd.server_address[:2]
        self.host = str(bound_host)
        self.port = int(bound_port)
        self.base_url = f"http://{self.host}:{self.port}"
        self._thread: threading.Thread | None = None
        self._closed = False

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> SampleServer:
        """Start serving (idempotent)."""
        if self._closed:
            raise RuntimeError("this SampleServer is closed")
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sample-server-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and release the socket (idempotent)."""
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ phase and log

    @property
    def phase(self) -> int:
        with self._lock:
            return self._phase

    def set_phase(self, n: int) -> None:
        """Serve phase `n` (1 or 2) from the next request on."""
        if n not in PHASES:
            raise ValueError(f"phase must be one of {PHASES}, got {n!r}")
        with self._lock:
            self._phase = n

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return list(self._log)

    def requests_for(self, path: str) -> list[RequestRecord]:
        """Logged requests whose path (query ignored) is `path` ('/x/y.xml' or 'x/y.xml')."""
        want = "/" + path.lstrip("/")
        return [r for r in self.requests if _path_of(r.path) == want]

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()

    def _record(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self._log.append(RequestRecord(method, path, status))

    # ------------------------------------------------------------------ content

    def url(self, path: str) -> str:
        """The absolute URL of a corpus path such as 'harbor-ledger/feed.xml'."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def render(self, path: str, phase: int | None = None) -> bytes | None:
        """The bytes served for `path` in `phase` (default: the current one), or None."""
        raw = phase_files(self.phase if phase is None else phase).get(path)
        return None if raw is None else raw.replace(PLACEHOLDER, self.base_url.encode())

    def respond(self, target: str, headers: Any) -> SampleResponse:
        """The response to a GET of `target` given request `headers` (a Message-like)."""
        phase = self.phase
        path = _split_target(target)
        body = None if path is None else self.render(path, phase)
        if path is None or body is None:
            return SampleResponse(
                404, [("Content-Type", "text/plain; charset=utf-8")], b"not found\n"
            )
        out = [("Content-Type", content_type_for(path, body))]
        if path in self._no_validators:
            return SampleResponse(200, out, body)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        last_modified = _last_modified(path, phase)
        out += [("ETag", etag), ("Last-Modified", format_datetime(last_modified, usegmt=True))]
        if_none_match = headers.get("If-None-Match")
        if_modified_since = headers.get("If-Modified-Since")
        if if_none_match is not None:
            fresh = _etag_matches(if_none_match, etag)
        elif if_modified_since is not None:
            fresh = _not_modified_since(if_modified_since, last_modified)
        else:
            fresh = False
        if fresh:
            return SampleResponse(304, out[1:], b"")
        return SampleResponse(200, out, body)


__all__ = [
    "PHASES",
    "RequestRecord",
    "SampleResponse",
    "SampleServer",
    "content_type_for",
    "feed_specs",
    "feed_urls",
    "load_manifest",
    "phase_files",
    "sample_root",
]
