"""URL hygiene: the canonical form that identifies an article, and Google News link decoding.

An article is keyed on its canonical URL, so two spellings of one address must canonicalize to
the same string and the function must be idempotent. Everything here is pure string work: no
DNS, no redirects (flows/ follows those), and hostile input yields None instead of raising.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import urljoin, urlsplit

_HTTP_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that say how a reader arrived, not what they read. Dropping them makes the
# same article from a newsletter, a tweet and a search ad one article.
_TRACKING_PARAMS = frozenset(
    {
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "cmpid",
        "ocid",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "smid",
        "smtyp",
        "taid",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "at_format",
        "at_link",
        "at_ptr_name",
        "__twitter_impression",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "wt.mc_id",
        "sr_share",
        "ito",
    }
)
# Prefixes of families of tracking parameters (utm_source, utm_medium, ...).
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")

# RFC 3986: characters that never need percent-encoding, and those allowed literally in each
# component. Anything else is percent-encoded (UTF-8), so the output is pure ASCII.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = frozenset(_UNRESERVED | set(_SUB_DELIMS) | set(":@/"))
_QUERY_SAFE = frozenset(_PATH_SAFE | set("?"))
_USERINFO_SAFE = frozenset(_UNRESERVED | set(_SUB_DELIMS) | set(":"))
_HEX = frozenset("0123456789abcdefABCDEF")

_HOST_OK = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")
_IPV6_OK = re.compile(r"\[[0-9a-f:.]+\]")


def is_http_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host; never raises."""
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in _HTTP_SCHEMES and bool(parts.hostname)
    except (ValueError, AttributeError):
        return False


def url_host(url: str) -> str:
    """The lowercase host of a URL ("" when it has none or cannot be parsed). `www.` is kept."""
    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".")
    except (ValueError, AttributeError):
        return ""


def _normalize_percent(component: str, safe: frozenset[str]) -> str:
    """Decode percent-escapes of unreserved characters, uppercase the rest, escape the unsafe.

    The result only contains `safe` characters and uppercase %XX escapes of non-unreserved
    bytes, which is why applying it twice changes nothing.
    """
    out: list[str] = []
    i, n = 0, len(component)
    while i < n:
        ch = component[i]
        if ch == "%" and _is_hex2(component, i):
            byte = int(component[i + 1 : i + 3], 16)
            decoded = chr(byte)
            out.append(decoded if decoded in _UNRESERVED else f"%{byte:02X}")
            i += 3
            continue
        if ch in safe:
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
        i += 1
    return "".join(out)


def _is_hex2(s: str, i: int) -> bool:
    return i + 2 < len(s) and s[i + 1] in _HEX and s[i + 2] in _HEX


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4: "/a/./b/../c" -> "/a/c"."""
    if "." not in path:
        return path
    segments = path.split("/")
    out: list[str] = []
    for seg in segments[1:] if path.startswith("/") else segments:
        if seg == ".":
            continue
        if seg == "..":
            if out:
                out.pop()
            continue
        out.append(seg)
    # A path ending in "." or ".." names a directory: keep the trailing slash.
    if segments[-1] in (".", ".."):
        out.append("")
    return "/" + "/".join(out)


def _canonical_host(host: str) -> str | None:
    if host.startswith("["):
        host = host.lower()
        return host if _IPV6_OK.fullmatch(host) else None
    host = host.rstrip(".")
    if not host:
        return None
    if not host.isascii():
        try:
            # IDNA so that "bücher.example" and "xn--bcher-kva.example" are one host.
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    host = host.lower()
    return host if _HOST_OK.fullmatch(host) else None


def _is_tracking(key: str) -> bool:
    name = key.lower()
    if "%" in name:
        name = re.sub(r"%([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), name).lower()
    return name in _TRACKING_PARAMS or name.startswith(_TRACKING_PREFIXES)


def canonicalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of an http(s) URL, or None when it is not one or cannot be parsed.

    Relative URLs are resolved against `base`. Scheme and host are lowercased (IDNA for
    non-ASCII hosts), default ports, fragments and tracking parameters are dropped, other
    parameters keep their order, percent-encoding is normalized and an empty path becomes "/".
    """
    try:
        url = url.strip()
        if base is not None:
            url = urljoin(base.strip(), url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _HTTP_SCHEMES:
            return None
        port = parts.port  # raises ValueError for a non-numeric or out-of-range port
        raw_host = parts.netloc.rpartition("@")[2]
        if raw_host.startswith("["):
            raw_host = raw_host[: raw_host.find("]") + 1]
        else:
            raw_host = raw_host.partition(":")[0]
    except (ValueError, AttributeError, TypeError):
        return None

    host = _canonical_host(raw_host)
    if host is None:
        return None
    netloc = host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    if "@" in parts.netloc:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{_normalize_percent(userinfo, _USERINFO_SAFE)}@{netloc}"

    path = _remove_dot_segments(_normalize_percent(parts.path, _PATH_SAFE)) or "/"
    if not path.startswith("/"):
        path = "/" + path

    kept = [
        _normalize_percent(param, _QUERY_SAFE)
        for param in parts.query.split("&")
        if param and not _is_tracking(param.partition("=")[0])
    ]
    query = "&".join(kept)
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


# --- Google News -----------------------------------------------------------------------------

_GOOGLE_NEWS_HOST = "news.google.com"
_ARTICLE_ID = re.compile(r"/(?:__i/)?(?:rss/)?(?:rd/)?articles/([A-Za-z0-9_-]+={0,2})")
# The publisher URL inside the decoded protobuf: an http(s) scheme followed by a run of
# printable ASCII (no spaces); the protobuf field that follows starts with a non-printable byte.
_EMBEDDED_URL = re.compile(rb"https?://[\x21-\x7e]+")


def google_news_target(url: str) -> str | None:
    """The publisher URL inside an old-format Google News article link, else None.

    Old ids ("CBMi...") are base64url of a protobuf that contains the publisher URL. Since
    mid-2024 most ids are opaque and need a request to Google to resolve; for those (and for
    anything that is not a Google News article link) this returns None and the caller decides.
    """
    try:
        parts = urlsplit(url.strip())
    except (ValueError, AttributeError):
        return None
    if (parts.hostname or "") != _GOOGLE_NEWS_HOST:
        return None
    match = _ARTICLE_ID.match(parts.path)
    if match is None:
        return None
    article_id = match.group(1).rstrip("=")
    try:
        raw = base64.urlsafe_b64decode(article_id + "=" * (-len(article_id) % 4))
    except (binascii.Error, ValueError):
        return None
    found = _EMBEDDED_URL.search(raw)
    if found is None:
        return None
    target = found.group(0).decode("ascii")
    return target if is_http_url(target) else None
