"""A real HTTP server on a loopback address, for tests and benchmarks.

    with TestServer() as server:                      # 127.0.0.1, free port
        server.static("/feed.xml", body, headers={"ETag": '"v1"'})
        server.route("/slow", lambda h: (time.sleep(0.2), respond(h, b"ok")))
        ... fetch(server.url("/feed.xml")) ...
        server.requests                               # [(method, path, headers), ...]

Handlers are `Callable[[BaseHTTPRequestHandler], None]` and write the raw response themselves,
so hostile cases (wrong Content-Length, dripping bytes, resets) are plain functions; see
`tests/support/hostile.py`. Unknown paths answer 404.

The server speaks HTTP/1.1. Before a route handler runs, `handler.close_connection` is set to
True, so the connection is closed after that one response unless the handler sets it back to
False (only do that when the response is properly framed). `respond()` writes a well-framed
response with `Connection: close` by default.

Shutdown never waits on a misbehaving handler: `stopping` is set (dripping handlers poll it),
every open connection is shut down (blocked reads and writes fail at once), and handler threads
are daemons that are joined only briefly.
"""

from __future__ import annotations

import contextlib
import email.utils
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Handler", "RequestHeaders", "TestServer", "respond", "stopping"]

Handler = Callable[[BaseHTTPRequestHandler], None]


class RequestHeaders(dict[str, str]):
    """Headers as received (original spelling kept), looked up case-insensitively."""

    def _key(self, name: str) -> str:
        folded = name.lower()
        return next((key for key in self if key.lower() == folded), name)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(self._key(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(self._key(name))

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return super().get(self._key(name), default)


# A handler blocked on a silent peer gives up after this long; shutdown does not rely on it
# (it shuts sockets down), it only bounds threads of a server that was never shut down.
SOCKET_TIMEOUT = 10.0


def respond(
    handler: BaseHTTPRequestHandler,
    body: bytes = b"",
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    content_type: str | None = "text/html; charset=utf-8",
    keep_alive: bool = False,
) -> None:
    """Write one well-framed response (status line, headers, Content-Length, body)."""
    handler.send_response(status)
    if content_type is not None:
        handler.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    if not keep_alive:
        # Tell the client too, so it never reuses a connection we are about to close.
        handler.send_header("Connection", "close")
    handler.end_headers()
    handler.close_connection = not keep_alive
    if handler.command != "HEAD" and body:
        handler.wfile.write(body)


def stopping(handler: BaseHTTPRequestHandler) -> threading.Event:
    """The event set when the server shuts down; slow handlers wait on it instead of sleeping."""
    server = handler.server
    assert isinstance(server, _Server)
    return server.stopping


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # A test closes the client side of a hostile exchange early on purpose; the resulting
    # broken pipes and resets are expected and must not print tracebacks.
    _quiet = (ConnectionError, TimeoutError)

    def __init__(self, address: tuple[str, int], owner: TestServer) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        self.conn_lock = threading.Lock()
        self.connections: set[socket.socket] = set()
        self.threads: set[threading.Thread] = set()
        super().__init__(address, _RequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.conn_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        me = threading.current_thread()
        with self.conn_lock:
            self.threads.add(me)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.conn_lock:
                self.connections.discard(request)
                self.threads.discard(me)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, self._quiet) or self.stopping.is_set():
            return
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def _dispatch(self) -> None:
        owner = self.server.owner
        owner._record(self.command, self.path, RequestHeaders(self.headers.items()))
        handler = owner._lookup(self.path)
        self.close_connection = True
        if handler is None:
            respond(self, b"not found", status=404, content_type="text/plain")
            return
        handler(self)

    do_GET = do_HEAD = do_POST = _dispatch


class _Static:
    """A resource with optional validators; answers 304 when the client's validators match."""

    def __init__(
        self,
        body: bytes,
        status: int,
        headers: dict[str, str],
        content_type: str,
    ) -> None:
        self.body = body
        self.status = status
        self.headers = headers
        self.content_type = content_type

    def __call__(self, h: BaseHTTPRequestHandler) -> None:
        etag = _header(self.headers, "ETag")
        last_modified = _header(self.headers, "Last-Modified")
        if self.status == 200 and _not_modified(h, etag, last_modified):
            validators = {k: v for k, v in self.headers.items() if k.lower() in _VALIDATORS}
            h.send_response(304)
            for name, value in validators.items():
                h.send_header(name, value)
            h.end_headers()
            h.close_connection = False
            return
        respond(
            h,
            self.body,
            status=self.status,
            headers=self.headers,
            content_type=self.content_type,
            keep_alive=True,
        )


_VALIDATORS = {"etag", "last-modified", "cache-control", "expires"}


def _header(headers: dict[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def _not_modified(h: BaseHTTPRequestHandler, etag: str | None, last_modified: str | None) -> bool:
    # RFC 9110 13.2.2: If-None-Match takes precedence; If-Modified-Since is ignored when present.
    inm = h.headers.get("If-None-Match")
    if inm is not None:
        if etag is None:
            return False
        tags = [t.strip() for t in inm.split(",")]
        return "*" in tags or _weak(etag) in {_weak(t) for t in tags}
    ims = h.headers.get("If-Modified-Since")
    if ims is None or last_modified is None:
        return False
    try:
        since = email.utils.parsedate_to_datetime(ims)
        modified = email.utils.parsedate_to_datetime(last_modified)
    except (TypeError, ValueError):
        return False
    return modified <= since


def _weak(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


class TestServer:
    """A `ThreadingHTTPServer` on `host` (a loopback address), serving in a daemon thread."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._routes: dict[str, Handler] = {}
        self._routes_lock = threading.Lock()
        self._requests: list[tuple[str, str, dict[str, str]]] = []
        self._requests_lock = threading.Lock()
        self._server = _Server((host, port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"TestServer-{host}",
            daemon=True,
        )
        self._started = False
        self._closed = False

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> TestServer:
        if not self._started:
            self._thread.start()
            self._started = True
        return self

    def shutdown(self, join_timeout: float = 2.0) -> None:
        """Stop serving, break open connections, close the listening socket. Never hangs."""
        if self._closed:
            return
        self._closed = True
        server = self._server
        server.stopping.set()
        if self._started:
            server.shutdown()
            self._thread.join(join_timeout)
        with server.conn_lock:
            connections = list(server.connections)
            threads = list(server.threads)
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed or reset by the peer
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + join_timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        server.server_close()

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()

    # -- addresses ---------------------------------------------------------------------------

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    # -- routes ------------------------------------------------------------------------------

    def route(self, path: str, handler: Handler) -> None:
        """Answer requests for `path` (exact, or ignoring the query string) with `handler`."""
        with self._routes_lock:
            self._routes[path] = handler

    def static(
        self,
        path: str,
        body: bytes,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str = "text/html; charset=utf-8",
    ) -> None:
        """Serve fixed content; with an ETag/Last-Modified header, conditional GETs get 304."""
        self.route(path, _Static(body, status, dict(headers or {}), content_type))

    set_static = static  # change the content between polls: same call, same path

    def _lookup(self, path: str) -> Handler | None:
        with self._routes_lock:
            found = self._routes.get(path)
            if found is None:
                found = self._routes.get(path.split("?", 1)[0])
            return found

    # -- observations ------------------------------------------------------------------------

    @property
    def requests(self) -> list[tuple[str, str, dict[str, str]]]:
        """A snapshot of the (method, path, headers) received so far, oldest first."""
        with self._requests_lock:
            return list(self._requests)

    def _record(self, method: str, path: str, headers: dict[str, str]) -> None:
        with self._requests_lock:
            self._requests.append((method, path, headers))

    def __repr__(self) -> str:
        return f"<TestServer {self.base_url}>"
