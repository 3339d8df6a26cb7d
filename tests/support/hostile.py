"""Handler factories for hostile HTTP servers, to mount on a `TestServer`.

    with TestServer() as server:
        server.route("/bomb", gzip_bomb())
        server.route("/a", redirect("/b"))
        server.route("/b", redirect("/a"))             # a redirect loop
        server.route("/drip", drip(interval=1.0))

Each factory returns a `Handler` that writes the raw response itself. Hostile responses always
say `Connection: close` and the connection is closed afterwards, so nothing leaks into the next
request. Big bodies are never built in memory: the bombs are ~1 MB compressed (built once per
process, cached), and `oversized` streams one shared chunk again and again.
"""

from __future__ import annotations

import functools
import socket
import struct
import zlib
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

from tests.support.httpserver import Handler, respond, stopping

__all__ = [
    "BOMB_SIZE",
    "deflate_bomb",
    "deflate_bomb_body",
    "drip",
    "endless_redirects",
    "gzip_bomb",
    "gzip_bomb_body",
    "long_content_length",
    "oversized",
    "redirect",
    "redirect_to_file",
    "redirect_to_javascript",
    "redirect_with_bomb",
    "reset_mid_body",
    "short_content_length",
    "stacked_gzip",
    "stacked_gzip_body",
    "status",
    "too_many_requests",
    "unavailable",
]

BOMB_SIZE = 1 << 30  # what every bomb inflates to: 1 GiB of zeros
_MiB = 1 << 20


# -- bodies ------------------------------------------------------------------------------------


@functools.cache
def _zeros_deflate_blocks() -> tuple[bytes, bytes]:
    """Raw deflate of 1 MiB of zeros ending on a byte boundary, and the final empty block.

    Z_FULL_FLUSH resets the compressor after each MiB, so compressing zeros chunk after chunk
    gives the same bytes every time: the 1 GiB stream is that piece repeated, which takes
    milliseconds instead of compressing 1 GiB (~6 s here). Tests check the result inflates.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(bytes(_MiB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return piece, compressor.flush(zlib.Z_FINISH)


@functools.cache
def _checksums_of_zeros(size: int) -> tuple[int, int]:
    crc, adler = 0, 1
    zeros = bytes(_MiB)
    for _ in range(size // _MiB):
        crc = zlib.crc32(zeros, crc)
        adler = zlib.adler32(zeros, adler)
    return crc, adler


@functools.cache
def gzip_bomb_body() -> bytes:
    """A ~1 MB gzip member that inflates to `BOMB_SIZE` zero bytes."""
    piece, final = _zeros_deflate_blocks()
    crc, _ = _checksums_of_zeros(BOMB_SIZE)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # deflate, no name, mtime 0, unix
    trailer = struct.pack("<II", crc, BOMB_SIZE & 0xFFFFFFFF)
    return header + piece * (BOMB_SIZE // _MiB) + final + trailer


@functools.cache
def deflate_bomb_body() -> bytes:
    """A ~1 MB zlib-wrapped deflate stream that inflates to `BOMB_SIZE` zero bytes."""
    piece, final = _zeros_deflate_blocks()
    _, adler = _checksums_of_zeros(BOMB_SIZE)
    header = b"\x78\xda"  # CM=8, 32K window, best compression; (0x78da % 31 == 0)
    return header + piece * (BOMB_SIZE // _MiB) + final + struct.pack(">I", adler)


@functools.cache
def stacked_gzip_body() -> bytes:
    """gzip of `gzip_bomb_body()`: ~2 KB on the wire, 1 GiB after two rounds of inflating."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return compressor.compress(gzip_bomb_body()) + compressor.flush()


# -- writing raw responses -----------------------------------------------------------------------


def _head(h: BaseHTTPRequestHandler, code: int, headers: Iterable[tuple[str, str]]) -> None:
    """Status line and headers exactly as given (no Content-Length added), then a blank line."""
    try:
        reason = HTTPStatus(code).phrase
    except ValueError:
        reason = "Unknown"
    lines = [f"HTTP/1.1 {code} {reason}", *(f"{k}: {v}" for k, v in headers), "Connection: close"]
    h.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    h.close_connection = True


def _body(
    h: BaseHTTPRequestHandler,
    body: bytes,
    *,
    code: int = 200,
    headers: Iterable[tuple[str, str]] = (),
    content_type: str = "text/html; charset=utf-8",
) -> None:
    _head(
        h,
        code,
        [("Content-Type", content_type), *headers, ("Content-Length", str(len(body)))],
    )
    h.wfile.write(body)


# -- compression bombs ---------------------------------------------------------------------------


def gzip_bomb() -> Handler:
    """200, `Content-Encoding: gzip`, ~1 MB that inflates to 1 GiB."""
    body = gzip_bomb_body()
    return lambda h: _body(h, body, headers=[("Content-Encoding", "gzip")])


def deflate_bomb() -> Handler:
    """200, `Content-Encoding: deflate` (zlib-wrapped), ~1 MB that inflates to 1 GiB."""
    body = deflate_bomb_body()
    return lambda h: _body(h, body, headers=[("Content-Encoding", "deflate")])


def stacked_gzip() -> Handler:
    """200, `Content-Encoding: gzip, gzip`, ~2 KB that inflates to 1 GiB through two layers."""
    body = stacked_gzip_body()
    return lambda h: _body(h, body, headers=[("Content-Encoding", "gzip, gzip")])


# -- redirects -------------------------------------------------------------------------------


def redirect(location: str, *, code: int = 302) -> Handler:
    """A redirect to `location` (taken verbatim: relative, other scheme, anything)."""
    return lambda h: _body(h, b"", code=code, headers=[("Location", location)])


def redirect_with_bomb(location: str, *, code: int = 302) -> Handler:
    """A redirect whose body is the gzip bomb: following must not read or decode it."""
    body = gzip_bomb_body()
    return lambda h: _body(
        h, body, code=code, headers=[("Location", location), ("Content-Encoding", "gzip")]
    )


def redirect_to_file() -> Handler:
    return redirect("file:///etc/passwd")


def redirect_to_javascript() -> Handler:
    return redirect("javascript:alert(1)")


def endless_redirects() -> Handler:
    """`.../N` redirects to `.../N+1` forever: never a loop, always one more hop."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?", 1)[0]
        base, _, last = path.rpartition("/")
        n = int(last) + 1 if last.isdigit() else 0
        _body(h, b"", code=302, headers=[("Location", f"{base}/{n}")])

    return handle


# -- slow, big and broken bodies -------------------------------------------------------------------


def drip(body: bytes = b"x" * 120, *, interval: float = 1.0) -> Handler:
    """Headers at once, then one byte every `interval` seconds (until shutdown or hang-up)."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        _head(h, 200, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        stop = stopping(h)
        for i in range(len(body)):
            if stop.wait(interval):
                return
            h.wfile.write(body[i : i + 1])

    return handle


def oversized(size: int = 200 * _MiB, *, declare_length: bool = False) -> Handler:
    """`size` bytes streamed lazily, chunked (or with an honest Content-Length if declared)."""
    chunk = b"a" * (64 * 1024)

    def handle(h: BaseHTTPRequestHandler) -> None:
        if declare_length:
            _head(h, 200, [("Content-Type", "text/plain"), ("Content-Length", str(size))])
        else:
            _head(h, 200, [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked")])
        stop = stopping(h)
        left = size
        while left > 0 and not stop.is_set():
            piece = chunk if left >= len(chunk) else chunk[:left]
            if declare_length:
                h.wfile.write(piece)
            else:
                h.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
            left -= len(piece)
        if not declare_length and left == 0:
            h.wfile.write(b"0\r\n\r\n")

    return handle


def short_content_length(body: bytes = b"0123456789" * 10, *, declared: int = 10) -> Handler:
    """Declares `Content-Length: declared` but sends all of `body` (more), then closes."""
    return _mismatch(body, declared)


def long_content_length(body: bytes = b"0123456789" * 10, *, declared: int = 1000) -> Handler:
    """Declares `Content-Length: declared` but sends only `body` (fewer bytes), then closes."""
    return _mismatch(body, declared)


def _mismatch(body: bytes, declared: int) -> Handler:
    def handle(h: BaseHTTPRequestHandler) -> None:
        _head(h, 200, [("Content-Type", "text/plain"), ("Content-Length", str(declared))])
        h.wfile.write(body)

    return handle


def reset_mid_body(sent: int = 1000, *, declared: int = 100_000) -> Handler:
    """Sends `sent` of `declared` bytes, then resets the connection (RST, not FIN)."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        _head(h, 200, [("Content-Type", "text/plain"), ("Content-Length", str(declared))])
        h.wfile.write(b"r" * sent)
        conn = h.connection
        # SO_LINGER with a zero timeout turns close() into a reset. The buffered reader holds
        # a reference to the socket; drop it so close() really closes now.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.rfile.close()
        conn.close()

    return handle


# -- error statuses -------------------------------------------------------------------------------


def status(code: int, *, headers: dict[str, str] | None = None, body: bytes = b"") -> Handler:
    """Any status, e.g. 404, 410, 500, 503, with optional headers and body."""
    return lambda h: respond(h, body, status=code, headers=headers, content_type="text/plain")


def too_many_requests(retry_after: str = "120") -> Handler:
    """429 with `Retry-After` (delta-seconds or an HTTP-date)."""
    return status(429, headers={"Retry-After": retry_after})


def unavailable(retry_after: str | None = None) -> Handler:
    """503, with `Retry-After` when given."""
    return status(503, headers={"Retry-After": retry_after} if retry_after else None)
