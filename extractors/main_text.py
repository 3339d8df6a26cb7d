"""Article page bytes -> `PageText`: the main text (no navigation, ads or banners) and metadata.

trafilatura finds the main text, tuned for precision: a related-links box or a cookie banner
that slips into the text would make every boilerplate change look like a new version. The
page's own metadata (canonical link, dates, title, site name) is read here from explicit
sources only, never guessed from the URL or the text.
"""

from __future__ import annotations

import codecs
import copy as copy_module
import json
import re
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import Message
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from claimwatch.extractors.records import PageText
from claimwatch.extractors.text_norm import normalize_text, normalize_title
from claimwatch.extractors.urls import canonicalize_url, is_http_url


class PageTextError(ValueError):
    """The body is not an HTML page; the message names the URL and what the body is."""


# --- decoding --------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]{1,40})""", re.I)
# A valid UTF-8 multi-byte sequence: its presence says the page really is UTF-8 (with some
# damage), its absence next to invalid bytes says a single-byte charset was mislabelled.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    charset = msg.get_param("charset")
    return charset.strip().strip("\"'") if isinstance(charset, str) and charset.strip() else None


def _codec(label: str | None) -> str | None:
    """A Python codec for a charset label, as browsers read labels; None when unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # Browsers (WHATWG Encoding) read latin-1 and ASCII labels as windows-1252, and pages
    # rely on it: curly quotes in "iso-8859-1" pages are really cp1252 bytes.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if name in ("utf-16", "utf-32"):
        return None  # a label without a BOM says nothing reliable about byte order
    return name


def _decode(body: bytes, content_type: str | None) -> str:
    """Decode by BOM, Content-Type charset, <meta> charset, else UTF-8; never raises."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, "replace")
    declared = _codec(_charset_from_content_type(content_type))
    if declared is None:
        meta = _META_CHARSET.search(body[:4096])
        declared = _codec(meta.group(1).decode("ascii")) if meta else None
    encoding = declared or "utf-8"
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        pass
    except LookupError:
        encoding = "utf-8"
    if encoding == "utf-8" and _UTF8_MULTIBYTE.search(body) is None:
        # Labelled (or assumed) UTF-8, yet not one valid multi-byte sequence: a mislabelled
        # single-byte page, almost always windows-1252/latin-1.
        return body.decode("cp1252", "replace")
    return body.decode(encoding, "replace")


# --- what is and is not HTML -----------------------------------------------------------------

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_MARKERS = re.compile(
    r"<(?:!doctype\s+html|html|head|body|title|meta|p|div|article|main|h1|section)[\s>/]",
    re.IGNORECASE,
)


def _refuse_non_html(body: bytes, text: str, url: str, content_type: str | None) -> None:
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if not body.strip():
        raise PageTextError(f"{url}: empty body, not an HTML page")
    if mime and mime not in _HTML_TYPES and not mime.startswith("text/"):
        raise PageTextError(f"{url}: Content-Type {mime!r} is not an HTML page")
    head = text[:8192]
    if "\x00" in head:
        raise PageTextError(f"{url}: binary body (NUL bytes), not an HTML page")
    if _HTML_MARKERS.search(head) is None:
        what = "JSON" if head.lstrip().startswith(("{", "[")) else "text without HTML markup"
        raise PageTextError(f"{url}: {what}, not an HTML page")


# --- metadata --------------------------------------------------------------------------------


def _parse_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 date or datetime as aware UTC; naive values are taken as UTC."""
    if not value:
        return None
    value = value.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if not 1990 <= parsed.year <= 2200:
        return None  # placeholder dates (0001-01-01, 1970-01-01) say "unknown"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _meta(tree: Any, *names: str) -> str | None:
    """content of the first <meta property|name|itemprop=NAME> among `names`, in that order."""
    by_key: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key and key not in by_key:
                by_key[key] = content.strip()
    for name in names:
        if name in by_key:
            return by_key[name]
    return None


_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
     "webpage", "liveblogposting", "opinionnewsarticle", "report"}
)  # fmt: skip


def _json_ld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks (walked iteratively, depth-limited)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common and says nothing about the article
        stack: list[tuple[Any, int]] = [(data, 0)]
        while stack:
            node, depth = stack.pop()
            if depth > 8:
                continue
            if isinstance(node, dict):
                yield node
                stack.extend((v, depth + 1) for v in reversed(list(node.values())))
            elif isinstance(node, list):
                stack.extend((v, depth + 1) for v in reversed(node))


def _json_ld_dates(tree: Any) -> tuple[datetime | None, datetime | None]:
    best: tuple[datetime | None, datetime | None] = (None, None)
    for obj in _json_ld_objects(tree):
        types = obj.get("@type")
        type_names = {t.lower() for t in (types if isinstance(types, list) else [types])
                      if isinstance(t, str)}  # fmt: skip
        published = _parse_datetime(_str(obj.get("datePublished")))
        modified = _parse_datetime(_str(obj.get("dateModified")))
        if published is None and modified is None:
            continue
        if type_names & _ARTICLE_TYPES:
            return published, modified  # the article's own object wins over any other
        if best == (None, None):
            best = (published, modified)
    return best


def _json_ld_headline(tree: Any) -> str | None:
    for obj in _json_ld_objects(tree):
        types = obj.get("@type")
        names = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in names):
            headline = _str(obj.get("headline"))
            if headline:
                return headline
    return None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _time_element_date(tree: Any) -> datetime | None:
    """<time datetime> that says it is the publication date, else the first one in the page."""
    first: datetime | None = None
    for el in tree.iter("time"):
        parsed = _parse_datetime(el.get("datetime"))
        if parsed is None:
            continue
        if (el.get("itemprop") or "").lower() == "datepublished" or "pubdate" in el.attrib:
            return parsed
        first = first or parsed
    return first


def _canonical(tree: Any, page_url: str) -> str | None:
    base = page_url
    for el in tree.iter("base"):
        href = (el.get("href") or "").strip()
        if href:
            candidate = canonicalize_url(href, page_url)
            base = candidate or base
            break
    for el in tree.iter("link"):
        rel = (el.get("rel") or "").lower().split()
        href = (el.get("href") or "").strip()
        if "canonical" in rel and href:
            return canonicalize_url(href, base) if is_http_url(base) else canonicalize_url(href)
    return None


def _title_of(tree: Any) -> str | None:
    for el in tree.iter("title"):
        text = normalize_title(el.text_content() or "")
        if text:
            return text
    return None


# --- main ------------------------------------------------------------------------------------


# Inside a table cell, these say the table lays out a page rather than holding data.
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "blockquote")
_LAYOUT_CELL_CHARS = 400  # a cell holding this much text is a column of the page, not a datum


def _is_layout_table(table: Any) -> bool:
    cells = table.xpath("./tr/td | ./tr/th | ./*/tr/td | ./*/tr/th")
    return any(
        any(True for _ in cell.iter(*_BLOCKS))
        or len(cell.text_content() or "") >= _LAYOUT_CELL_CHARS
        for cell in cells
    )


def _without_layout_tables(tree: Any) -> str | None:
    """The page with its layout tables turned into plain blocks (table, rows and cells become
    divs), or None when it has none. Kept as a table, a layout table is all or nothing to
    trafilatura: dropped, the article inside goes too; kept, its navigation and footer cells
    come along as table rows. As blocks, each cell is judged on its own like any other part
    of a page. Tables of data (no paragraphs, short cells) are left alone."""
    layout = [t for t in tree.iter("table") if _is_layout_table(t)]
    if not layout:
        return None
    copy = copy_module.deepcopy(tree)
    for table in [t for t in copy.iter("table") if _is_layout_table(t)]:
        for el in table.xpath("./tr | ./*/tr | ./tr/td | ./tr/th | ./*/tr/td | ./*/tr/th | ./*"):
            el.tag = "div"
        table.tag = "div"
    return lxml.html.tostring(copy, encoding="unicode")


def _main_text(html_text: str, url: str) -> str:
    with warnings.catch_warnings():
        # trafilatura 2.x announces parameter deprecations as DeprecationWarnings (none for
        # the parameters used here today); a later 2.x release must not turn a page into a
        # failure, so its own deprecation notices, and only those, are silenced here.
        for module in (r"trafilatura\.", r"htmldate\.", r"courlan\.", r"justext\."):
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=module)
        text = trafilatura.extract(
            html_text,
            url=url,
            output_format="txt",
            favor_precision=True,
            include_comments=False,
            # Tables stay: some outlets lay the article itself out in a table (dropping them
            # emptied such a page), and figures often sit in one. Boilerplate tables are
            # still cut by the precision-tuned main-text detection (tests cover both).
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            # Metadata is read from the page's explicit tags below: trafilatura's metadata
            # pass (htmldate's date guessing included) costs ~40 % more per page.
            with_metadata=False,
        )
    return normalize_text(text or "")


def _headline(tree: Any) -> str | None:
    """The article's headline: og/twitter title, JSON-LD headline, the <h1>, then <title>."""
    for candidate in (
        _meta(tree, "og:title", "twitter:title"),
        _json_ld_headline(tree),
        next((h.text_content() for h in tree.iter("h1")), None),
    ):
        title = normalize_title(candidate or "")
        if title:
            return title
    return _title_of(tree)


def page_text(body: bytes, url: str, content_type: str | None = None) -> PageText:
    """Main text and metadata of an article page. Raises PageTextError when it is not HTML."""
    text = _decode(body, content_type)
    _refuse_non_html(body, text, url, content_type)

    # lxml is given UTF-8 bytes and told so: a str with an XML encoding declaration is
    # refused by lxml, and the page's own <meta charset> must not re-decode it.
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise PageTextError(f"{url}: not an HTML page ({exc})") from exc

    main = _main_text(_without_layout_tables(tree) or text, url)
    title = _headline(tree)
    site_name = normalize_title(_meta(tree, "og:site_name", "application-name") or "")

    ld_published, ld_modified = _json_ld_dates(tree)
    published = (
        _parse_datetime(_meta(tree, "article:published_time", "datepublished", "og:published_time"))
        or ld_published
        or _time_element_date(tree)
    )
    updated = (
        _parse_datetime(_meta(tree, "article:modified_time", "datemodified", "og:updated_time"))
        or ld_modified
    )

    if title and main:
        # The text excludes the title (records.ArticleObservation): drop the headline that
        # trafilatura keeps as the first paragraph, so it is not hashed twice.
        first, _, rest = main.partition("\n")
        if first.casefold() == title.casefold():
            main = rest

    return PageText(
        title=title or None,
        text=main,
        canonical_url=_canonical(tree, url),
        published_at=published,
        updated_at=updated,
        site_name=site_name or None,
    )
