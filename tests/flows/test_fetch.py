"""flows.fetch against a real HTTP server on loopback: one test per behaviour."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import functools
import gzip
import pickle
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any, TypeVar

import httpx
import pytest

from claimwatch.flows.fetch import (
    MAX_RETRY_AFTER,
    BadEncoding,
    DeadlineExceeded,
    FetchError,
    FetchLimits,
    FetchResult,
    HostLimiter,
    HTTPStatusError,
    InvalidRequest,
    RedirectLoop,
    TooLarge,
    TooManyRedirects,
    TransportError,
    UnsafeRedirect,
    fetch,
    make_client,
    parse_retry_after,
)
from tests.support import hostile
from tests.support.httpserver import Handler, TestServer, respond

LIMITS = FetchLimits(max_bytes=256 * 1024, deadline=5.0, connect_timeout=2.0)
# For memory bounds: the bombs are ~1 MB on the wire, and a cap above that shows the *decoder*
# stops them (not the early Content-Length check); ~0.3 MB of per-fetch overhead (client,
# event loop) stays small next to 3x the cap.
BOMB_LIMITS = FetchLimits(max_bytes=2 * 1024 * 1024, deadline=10.0, connect_timeout=2.0)
PAGE = b"<html><body><p>About 70 additional enterprises would get access.</p></body></html>"

T = TypeVar("T")


@pytest.fixture
def server() -> Iterator[TestServer]:
    with TestServer() as srv:
        yield srv


def get(url: str, limits: FetchLimits = LIMITS, **kwargs: Any) -> FetchResult:
    async def go() -> FetchResult:
        async with make_client(limits) as client:
            return await fetch(client, url, limits=limits, **kwargs)

    return asyncio.run(go())


def fails(url: str, limits: FetchLimits = LIMITS, **kwargs: Any) -> FetchError:
    with pytest.raises(FetchError) as info:
        get(url, limits, **kwargs)
    err = info.value
    assert url in str(err), f"message must name the URL: {err}"
    assert "\n" not in str(err)
    assert err.url == url
    return err


@functools.cache
def _warm_up() -> None:
    # The first fetch in a process allocates ~4 MB once (lazy imports, SSL context); measure
    # what a fetch costs, not what starting up costs.
    with TestServer() as srv:
        srv.static("/", PAGE)
        get(srv.url("/"))


def peak_memory(fn: Callable[[], T]) -> tuple[T | BaseException, int]:
    """Run `fn` under tracemalloc; return its result (or exception) and the peak in bytes."""
    _warm_up()
    tracemalloc.start()
    try:
        try:
            outcome: T | BaseException = fn()
        except Exception as exc:  # returned to the caller, who asserts on its type
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# -- success --------------------------------------------------------------------------------


def test_plain_200(server: TestServer) -> None:
    server.static("/page", PAGE, headers={"ETag": '"v1"'})
    result = get(server.url("/page"))
    assert result.status == 200
    assert result.body == PAGE
    assert result.etag == '"v1"'
    assert result.content_type == "text/html; charset=utf-8"
    assert result.final_url == result.url == server.url("/page")
    assert result.redirects == ()


def test_gzip_body_is_decoded(server: TestServer) -> None:
    server.static("/gz", gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})
    assert get(server.url("/gz")).body == PAGE


def test_gzip_concatenated_members_are_one_body(server: TestServer) -> None:
    body = gzip.compress(PAGE[:40]) + gzip.compress(PAGE[40:])
    server.static("/gz2", body, headers={"Content-Encoding": "gzip"})
    assert get(server.url("/gz2")).body == PAGE


def test_deflate_zlib_wrapped_is_decoded(server: TestServer) -> None:
    server.static("/zlib", zlib.compress(PAGE), headers={"Content-Encoding": "deflate"})
    assert get(server.url("/zlib")).body == PAGE


def test_deflate_raw_is_decoded(server: TestServer) -> None:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = compressor.compress(PAGE) + compressor.flush()
    server.static("/raw", raw, headers={"Content-Encoding": "deflate"})
    assert get(server.url("/raw")).body == PAGE


def test_request_names_claimwatch_and_offers_only_gzip_deflate(server: TestServer) -> None:
    server.static("/ua", PAGE)
    get(server.url("/ua"), accept="application/rss+xml")
    (_, _, headers) = server.requests[-1]
    assert headers["User-Agent"].startswith("claimwatch/")
    assert headers["Accept-Encoding"] == "gzip, deflate"
    assert headers["Accept"] == "application/rss+xml"


def test_304_with_etag_is_success(server: TestServer) -> None:
    server.static("/feed", PAGE, headers={"ETag": '"abc"'})
    first = get(server.url("/feed"))
    second = get(server.url("/feed"), etag=first.etag)
    assert second.status == 304
    assert second.not_modified
    assert second.body == b""
    assert second.etag == '"abc"'
    assert server.requests[-1][2]["If-None-Match"] == '"abc"'


def test_304_with_last_modified_is_success(server: TestServer) -> None:
    stamp = "Tue, 12 May 2026 08:00:00 GMT"
    server.static("/feed", PAGE, headers={"Last-Modified": stamp})
    first = get(server.url("/feed"))
    assert first.last_modified == stamp
    second = get(server.url("/feed"), last_modified=stamp)
    assert (second.status, second.body) == (304, b"")
    assert server.requests[-1][2]["If-Modified-Since"] == stamp


def test_304_without_validators_keeps_the_ones_sent(server: TestServer) -> None:
    server.route("/bare", hostile.status(304))
    stamp = "Tue, 12 May 2026 08:00:00 GMT"
    result = get(server.url("/bare"), etag='"abc"', last_modified=stamp)
    assert (result.status, result.etag, result.last_modified) == (304, '"abc"', stamp)


def test_changed_content_answers_200_to_old_validators(server: TestServer) -> None:
    server.static("/feed", PAGE, headers={"ETag": '"v1"'})
    server.set_static("/feed", PAGE + b"<!-- v2 -->", headers={"ETag": '"v2"'})
    result = get(server.url("/feed"), etag='"v1"')
    assert (result.status, result.etag) == (200, '"v2"')
    assert result.body.endswith(b"<!-- v2 -->")


def test_unsolicited_304_is_permanent_error(server: TestServer) -> None:
    server.route("/odd", hostile.status(304))
    err = fails(server.url("/odd"))
    assert isinstance(err, HTTPStatusError)
    assert (err.status, err.transient) == (304, False)


def test_relative_redirects_are_followed(server: TestServer) -> None:
    server.route("/a/start", hostile.redirect("next"))
    server.route("/a/next", hostile.redirect("/final", code=301))
    server.static("/final", PAGE)
    result = get(server.url("/a/start"))
    assert result.body == PAGE
    assert result.final_url == server.url("/final")
    assert result.redirects == (server.url("/a/start"), server.url("/a/next"))


def test_redirect_body_bomb_is_never_read(server: TestServer) -> None:
    server.route("/moved", hostile.redirect_with_bomb("/final"))
    server.static("/final", PAGE)
    outcome, peak = peak_memory(lambda: get(server.url("/moved"), BOMB_LIMITS))
    assert isinstance(outcome, FetchResult), outcome
    assert outcome.body == PAGE
    # Less than the bomb's compressed size: its body was not even read, let alone inflated.
    assert peak < len(hostile.gzip_bomb_body()), peak


# -- hostile bodies ---------------------------------------------------------------------------


def test_bombs_are_real() -> None:
    # The bomb tests below only mean something if the bodies really inflate to 1 GiB.
    body = hostile.gzip_bomb_body()
    inflater, size = zlib.decompressobj(31), 0
    for i in range(0, len(body), 1 << 20):
        data = body[i : i + (1 << 20)]
        while data:
            size += len(inflater.decompress(data, 1 << 20))
            data = inflater.unconsumed_tail
    assert inflater.eof
    assert size == hostile.BOMB_SIZE
    assert len(body) < 1_100_000
    # The deflate bomb is the same (verified) deflate stream in a zlib wrapper; inflating it
    # all again would cost another ~4 s here.
    deflate = hostile.deflate_bomb_body()
    assert deflate[2:-4] == body[10:-8]
    assert zlib.decompressobj().decompress(deflate[:4096], 1 << 20) == bytes(1 << 20)
    stacked = hostile.stacked_gzip_body()
    assert gzip.decompress(stacked) == body
    assert len(stacked) < 4096


def test_gzip_bomb_is_too_large_with_bounded_memory(server: TestServer) -> None:
    server.route("/bomb", hostile.gzip_bomb())
    outcome, peak = peak_memory(lambda: get(server.url("/bomb"), BOMB_LIMITS))
    assert isinstance(outcome, TooLarge), outcome
    assert "decoded body over" in str(outcome)
    assert not outcome.transient
    assert peak < 3 * BOMB_LIMITS.max_bytes, peak


def test_deflate_bomb_is_too_large_with_bounded_memory(server: TestServer) -> None:
    server.route("/bomb", hostile.deflate_bomb())
    outcome, peak = peak_memory(lambda: get(server.url("/bomb"), BOMB_LIMITS))
    assert isinstance(outcome, TooLarge), outcome
    assert "decoded body over" in str(outcome)
    assert peak < 3 * BOMB_LIMITS.max_bytes, peak


def test_stacked_gzip_is_refused(server: TestServer) -> None:
    server.route("/stacked", hostile.stacked_gzip())
    outcome, peak = peak_memory(lambda: fails(server.url("/stacked"), BOMB_LIMITS))
    assert isinstance(outcome, BadEncoding), outcome
    assert "stacked" in str(outcome)
    assert not outcome.transient
    assert peak < 3 * BOMB_LIMITS.max_bytes, peak


def test_unknown_encoding_is_refused(server: TestServer) -> None:
    server.static("/br", b"\x1b\x00\x00", headers={"Content-Encoding": "br"})
    err = fails(server.url("/br"))
    assert isinstance(err, BadEncoding)
    assert "'br'" in str(err)


def test_corrupt_gzip_is_bad_encoding(server: TestServer) -> None:
    server.static(
        "/bad", b"\x1f\x8b\x08\x00garbage-not-deflate", headers={"Content-Encoding": "gzip"}
    )
    err = fails(server.url("/bad"))
    assert isinstance(err, BadEncoding)
    assert not err.transient


def test_truncated_gzip_is_bad_encoding(server: TestServer) -> None:
    server.static("/cut", gzip.compress(PAGE)[:-12], headers={"Content-Encoding": "gzip"})
    err = fails(server.url("/cut"))
    assert isinstance(err, BadEncoding)
    assert "truncated" in str(err)


def test_oversized_stream_is_too_large_with_bounded_memory(server: TestServer) -> None:
    server.route("/huge", hostile.oversized())  # 200 MB, chunked, no Content-Length
    outcome, peak = peak_memory(lambda: get(server.url("/huge"), BOMB_LIMITS))
    assert isinstance(outcome, TooLarge), outcome
    assert peak < 3 * BOMB_LIMITS.max_bytes, peak


def test_declared_oversize_is_refused_before_reading(server: TestServer) -> None:
    server.route("/huge", hostile.oversized(declare_length=True))
    err = fails(server.url("/huge"))
    assert isinstance(err, TooLarge)
    assert "Content-Length 209715200" in str(err)


def test_drip_ends_at_the_deadline(server: TestServer) -> None:
    # A byte arrives every 0.5 s, well inside any per-read timeout: only a total deadline
    # ends this exchange.
    server.route("/drip", hostile.drip(interval=0.5))
    limits = FetchLimits(deadline=1.5, connect_timeout=1.0)
    started = time.monotonic()
    err = fails(server.url("/drip"), limits)
    assert isinstance(err, DeadlineExceeded)
    assert err.transient
    assert "deadline of 1.5s" in str(err)
    assert time.monotonic() - started < 10  # sanity bound only: the drip alone lasts 60 s


def test_body_shorter_than_content_length_is_transport_error(server: TestServer) -> None:
    server.route("/short", hostile.long_content_length())
    err = fails(server.url("/short"))
    assert isinstance(err, TransportError)
    assert err.transient


def test_body_longer_than_content_length_is_cut_at_the_declared_length(
    server: TestServer,
) -> None:
    # HTTP/1.1 frames the body by Content-Length; bytes after it are not part of the response
    # and cannot be told apart from a next response. The extra bytes are dropped with the
    # connection (the server said `Connection: close`), and the next fetch is unaffected.
    server.route("/long", hostile.short_content_length(declared=10))
    server.static("/next", PAGE)

    async def go() -> tuple[FetchResult, FetchResult]:
        async with make_client(LIMITS) as client:
            first = await fetch(client, server.url("/long"), limits=LIMITS)
            second = await fetch(client, server.url("/next"), limits=LIMITS)
            return first, second

    first, second = asyncio.run(go())
    assert first.body == b"0123456789"
    assert second.body == PAGE


def test_reset_mid_body_is_transport_error(server: TestServer) -> None:
    server.route("/reset", hostile.reset_mid_body())
    err = fails(server.url("/reset"))
    assert isinstance(err, TransportError)
    assert err.transient
    assert "Connection reset by peer" in str(err)  # a real RST, not an early close


def test_connection_refused_is_transport_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    err = fails(f"http://127.0.0.1:{port}/feed")
    assert isinstance(err, TransportError)
    assert err.transient


# -- redirects ---------------------------------------------------------------------------------


def test_redirect_loop(server: TestServer) -> None:
    server.route("/a", hostile.redirect("/b"))
    server.route("/b", hostile.redirect("/a"))
    err = fails(server.url("/a"))
    assert isinstance(err, RedirectLoop)
    assert not err.transient


def test_too_many_redirects(server: TestServer) -> None:
    server.route("/hop/0", hostile.endless_redirects())
    for n in range(1, 10):
        server.route(f"/hop/{n}", hostile.endless_redirects())
    err = fails(server.url("/hop/0"), FetchLimits(max_redirects=3))
    assert isinstance(err, TooManyRedirects)
    assert "more than 3 redirects" in str(err)
    # The initial request plus three hops; the fourth Location was not requested.
    assert [path for _, path, _ in server.requests] == ["/hop/0", "/hop/1", "/hop/2", "/hop/3"]


@pytest.mark.parametrize(
    ("factory", "shown"),
    [
        (hostile.redirect_to_file, "'file:///etc/passwd'"),
        (lambda: hostile.redirect("file://localhost/etc/passwd"), "'file://localhost/"),
        (hostile.redirect_to_javascript, "'javascript:alert(1)'"),
    ],
    ids=["file", "file-with-host", "javascript"],
)
def test_redirect_to_non_http_is_refused(
    server: TestServer, factory: Callable[[], Any], shown: str
) -> None:
    server.route("/go", factory())
    err = fails(server.url("/go"))
    assert isinstance(err, UnsafeRedirect)
    assert shown in str(err)
    assert not err.transient
    assert len(server.requests) == 1


def test_non_http_url_is_refused() -> None:
    with pytest.raises(InvalidRequest, match="file:///etc/passwd"):
        get("file:///etc/passwd")


def test_header_injection_in_validator_is_refused(server: TestServer) -> None:
    server.static("/feed", PAGE)
    err = fails(server.url("/feed"), etag='"x"\r\nX-Evil: 1')
    assert isinstance(err, InvalidRequest)
    assert not err.transient
    assert server.requests == []


def test_fetch_needs_a_client_from_make_client(server: TestServer) -> None:
    async def go() -> None:
        async with httpx.AsyncClient() as client:
            await fetch(client, server.url("/"), limits=LIMITS)

    with pytest.raises(ValueError, match="make_client"):
        asyncio.run(go())


# -- statuses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "transient"), [(404, False), (410, False), (500, True), (503, True), (408, True)]
)
def test_error_status(server: TestServer, code: int, transient: bool) -> None:
    server.route("/x", hostile.status(code))
    err = fails(server.url("/x"))
    assert isinstance(err, HTTPStatusError)
    assert (err.status, err.transient, err.retry_after) == (code, transient, None)
    assert f"HTTP {code}" in str(err)


def test_unknown_path_is_404(server: TestServer) -> None:
    err = fails(server.url("/nope"))
    assert isinstance(err, HTTPStatusError)
    assert str(err) == f"HTTP 404 Not Found for {server.url('/nope')}"


def test_429_retry_after_seconds(server: TestServer) -> None:
    server.route("/limited", hostile.too_many_requests("120"))
    err = fails(server.url("/limited"))
    assert isinstance(err, HTTPStatusError)
    assert (err.status, err.transient, err.retry_after) == (429, True, 120.0)


def test_503_retry_after_http_date(server: TestServer) -> None:
    when = email.utils.formatdate(time.time() + 600, usegmt=True)
    server.route("/down", hostile.unavailable(when))
    err = fails(server.url("/down"))
    assert isinstance(err, HTTPStatusError)
    assert err.transient
    assert err.retry_after is not None
    assert 590 <= err.retry_after <= 601


def test_errors_survive_pickling(server: TestServer) -> None:
    # Prefect may pickle a task's exception; keyword-only fields must come back.
    server.route("/limited", hostile.too_many_requests("30"))
    err = fails(server.url("/limited"))
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is HTTPStatusError
    assert str(back) == str(err)
    assert (back.url, back.status, back.retry_after, back.transient) == (
        err.url,
        429,
        30.0,
        True,
    )


def test_parse_retry_after_edges() -> None:
    now = 1_800_000_000.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") is None
    assert parse_retry_after(" 30 ") == 30.0
    assert parse_retry_after("99999999") == MAX_RETRY_AFTER
    past = email.utils.formatdate(now - 60, usegmt=True)
    assert parse_retry_after(past, now=now) == 0.0
    future = email.utils.formatdate(now + 90, usegmt=True)
    assert parse_retry_after(future, now=now) == 90.0


# -- per-host concurrency -------------------------------------------------------------------------


class Gauge:
    """Counts requests in flight on the server side and remembers the most at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.peak = 0

    @contextlib.contextmanager
    def inside(self) -> Iterator[None]:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        try:
            yield
        finally:
            with self._lock:
                self.now -= 1

    def handler(self, *, hold: float, also: Gauge | None = None) -> Handler:
        def handle(h: BaseHTTPRequestHandler) -> None:
            with self.inside(), also.inside() if also else contextlib.nullcontext():
                time.sleep(hold)
            respond(h, b"ok", content_type="text/plain")

        return handle


async def _fetch_all(urls: list[str], limits: FetchLimits, limiter: HostLimiter) -> None:
    async with make_client(limits) as client:
        results = await asyncio.gather(
            *(fetch(client, u, limits=limits, limiter=limiter) for u in urls)
        )
    assert all(r.body == b"ok" for r in results)


def test_per_host_limit_holds_under_20_concurrent_fetches(server: TestServer) -> None:
    limits = FetchLimits(per_host=2, deadline=10.0)
    gauge = Gauge()
    server.route("/slow", gauge.handler(hold=0.2))
    limiter = HostLimiter(limits.per_host)
    asyncio.run(_fetch_all([server.url(f"/slow?feed={i}") for i in range(20)], limits, limiter))
    assert len(server.requests) == 20
    assert gauge.peak == limits.per_host  # seen by the server: never more, and not serialized
    assert limiter.peak(server.base_url) == limits.per_host


def test_different_hosts_proceed_in_parallel() -> None:
    limits = FetchLimits(per_host=1, deadline=10.0)
    both = Gauge()
    one, two = Gauge(), Gauge()
    with TestServer("127.0.0.1") as a, TestServer("127.0.0.2") as b:
        a.route("/slow", one.handler(hold=0.3, also=both))
        b.route("/slow", two.handler(hold=0.3, also=both))
        urls = [s.url(f"/slow?i={i}") for i in range(3) for s in (a, b)]
        limiter = HostLimiter(limits.per_host)
        asyncio.run(_fetch_all(urls, limits, limiter))
        assert (one.peak, two.peak) == (1, 1)
        assert both.peak == 2  # one request per host at once, both hosts at the same time
        assert limiter.peaks == {a.base_url: 1, b.base_url: 1}


def test_host_limiter_key_normalizes_default_ports() -> None:
    assert HostLimiter.key("https://Example.com/a") == "https://example.com:443"
    assert HostLimiter.key("http://example.com:80/b") == "http://example.com:80"
    assert HostLimiter.key("http://example.com:8080/") != HostLimiter.key("http://example.com/")


# -- the test server itself ------------------------------------------------------------------------


def test_server_shutdown_does_not_hang_mid_drip() -> None:
    srv = TestServer().start()
    srv.route("/drip", hostile.drip(interval=5.0))
    with socket.create_connection((srv.host, srv.port), timeout=5) as sock:
        sock.sendall(b"GET /drip HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(1024).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        srv.shutdown()
        assert time.monotonic() - started < 4  # the drip would run for 10 minutes
        assert sock.recv(1024) == b""  # the server side is closed
