"""The bundled sample corpus and the server that plays it back.

The corpus is shared by `claimwatch demo` and many tests, so these tests pin down what others
rely on: both phases are served with `{base}` substituted, validators and 304s work (except on
Lakeside Daily's feed, which sends none), and manifest.json agrees with the files.
"""

from __future__ import annotations

import http.client
import io
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib.resources import files
from typing import Any

import feedparser
import httpx
import pytest

from claimwatch.extractors.topic import parse_topic
from claimwatch.flows.sample_server import (
    PHASES,
    RequestRecord,
    SampleServer,
    feed_specs,
    feed_urls,
    load_manifest,
    phase_files,
)

HL_PAGE = "harbor-ledger/2026/11/anthropic-mythos-access.html"
LD_FEED = "lakeside-daily/rss.xml"
LD_PAGE = "lakeside-daily/2026/11/17/white-house-opposes-mythos-expansion.html"
CC2_PAGE = "capitol-circuit/2026/11/mythos-compute-limits.html"
MANIFEST = load_manifest()


@pytest.fixture
def server() -> Iterator[SampleServer]:
    with SampleServer() as srv:
        yield srv


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as c:
        yield c


def _visible_text(html: str) -> str:
    """Text a reader sees (script/style dropped), whitespace collapsed."""

    class _P(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self._skip = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in ("script", "style"):
                self._skip += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style") and self._skip:
                self._skip -= 1

        def handle_data(self, data: str) -> None:
            if not self._skip:
                self.parts.append(data)

    p = _P()
    p.feed(html)
    p.close()
    return " ".join(" ".join(p.parts).split())


def _feed_paths() -> list[str]:
    return [f["path"] for f in MANIFEST["feeds"]]


def _articles(phase: int) -> list[dict[str, Any]]:
    return list(MANIFEST["expectations"][f"phase{phase}"]["articles"])


# --------------------------------------------------------------------------- serving


def test_binds_loopback_on_an_ephemeral_port(server: SampleServer) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.port != 0
    with pytest.raises(ValueError):
        SampleServer(host="0.0.0.0")


def test_serves_both_phases(server: SampleServer, client: httpx.Client) -> None:
    assert server.phase == 1
    first = client.get(server.url(HL_PAGE))
    assert first.status_code == 200
    assert "around 120" in first.text and "around 130" not in first.text
    assert client.get(server.url(CC2_PAGE)).status_code == 404

    server.set_phase(2)
    assert server.phase == 2
    second = client.get(server.url(HL_PAGE))
    assert second.status_code == 200
    assert "around 130" in second.text and "around 120" not in second.text
    assert client.get(server.url(CC2_PAGE)).status_code == 200

    server.set_phase(1)
    assert "around 120" in client.get(server.url(HL_PAGE)).text
    with pytest.raises(ValueError):
        server.set_phase(3)


def test_substitutes_base_everywhere(server: SampleServer, client: httpx.Client) -> None:
    for phase in PHASES:
        server.set_phase(phase)
        for path in phase_files(phase):
            body = client.get(server.url(path)).content
            assert b"{base}" not in body, path
    server.set_phase(1)
    feed = client.get(server.url("harbor-ledger/feed.xml")).text
    assert f"{server.base_url}/{HL_PAGE}?utm_source=rss" in feed


def test_query_string_is_ignored_when_finding_the_file(
    server: SampleServer, client: httpx.Client
) -> None:
    tracked = server.url(HL_PAGE) + "?utm_source=rss&utm_medium=feed&ref=homepage"
    assert client.get(tracked).content == client.get(server.url(HL_PAGE)).content


def test_content_types(server: SampleServer, client: httpx.Client) -> None:
    expected = {
        "harbor-ledger/feed.xml": "application/rss+xml",
        "policy-brief-weekly/index.xml": "application/rdf+xml",
        "capitol-circuit/atom.xml": "application/atom+xml",
        "pixel-arcade/rss.xml": "application/rss+xml",
        "gnews/rss/search.xml": "application/rss+xml",
        HL_PAGE: "text/html; charset=utf-8",
    }
    for path, media_type in expected.items():
        assert client.get(server.url(path)).headers["content-type"] == media_type, path


def test_unknown_paths_are_404(server: SampleServer) -> None:
    # Raw request targets (http.client sends them as written; httpx would normalize them).
    for target in (
        "/nope.xml",
        "/harbor-ledger/",
        "/harbor-ledger",
        "/manifest.json",
        "/__init__.py",
        "/phase1/harbor-ledger/feed.xml",
        "/harbor-ledger/../manifest.json",
        "/harbor-ledger/%2e%2e/manifest.json",
        "harbor-ledger/feed.xml",
    ):
        conn = http.client.HTTPConnection(server.host, server.port, timeout=5)
        try:
            conn.request("GET", target)
            assert conn.getresponse().status == 404, target
        finally:
            conn.close()


def test_etag_and_if_none_match(server: SampleServer, client: httpx.Client) -> None:
    url = server.url("harbor-ledger/feed.xml")
    first = client.get(url)
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["last-modified"].endswith("GMT")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200

    server.set_phase(2)  # the Harbor Ledger feed changes in phase 2
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_if_modified_since(server: SampleServer, client: httpx.Client) -> None:
    url = server.url("capitol-circuit/atom.xml")
    last_modified = client.get(url).headers["last-modified"]
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    old = "Mon, 02 Nov 2026 00:00:00 GMT"
    assert client.get(url, headers={"If-Modified-Since": old}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": "garbage"}).status_code == 200

    server.set_phase(2)  # a new entry: newer than anything phase 1 said
    later = client.get(url, headers={"If-Modified-Since": last_modified})
    assert later.status_code == 200
    assert later.headers["last-modified"] != last_modified


def test_unchanged_files_keep_their_validators_across_phases(
    server: SampleServer, client: httpx.Client
) -> None:
    identical = [p for p, f in MANIFEST["files"].items() if f["phase2_change"] == "identical"]
    assert identical
    before = {p: client.get(server.url(p)).headers for p in identical}
    server.set_phase(2)
    for path in identical:
        etag, last_modified = before[path]["etag"], before[path]["last-modified"]
        assert client.get(server.url(path), headers={"If-None-Match": etag}).status_code == 304
        ims = client.get(server.url(path), headers={"If-Modified-Since": last_modified})
        assert ims.status_code == 304, path


def test_lakeside_feed_sends_no_validators(server: SampleServer, client: httpx.Client) -> None:
    url = server.url(LD_FEED)
    response = client.get(url)
    assert response.status_code == 200
    assert "etag" not in response.headers and "last-modified" not in response.headers
    conditional = client.get(
        url, headers={"If-None-Match": "*", "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}
    )
    assert conditional.status_code == 200 and conditional.content == response.content
    # Its page, like every other file, does have validators.
    assert "etag" in client.get(server.url(LD_PAGE)).headers


def test_request_log_and_head(server: SampleServer, client: httpx.Client) -> None:
    client.get(server.url("pixel-arcade/rss.xml"))
    client.get(server.base_url + "/missing.html")
    head = client.head(server.url(HL_PAGE))
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) > 0
    assert client.post(server.url(HL_PAGE)).status_code == 405
    assert server.requests == [
        RequestRecord("GET", "/pixel-arcade/rss.xml", 200),
        RequestRecord("GET", "/missing.html", 404),
        RequestRecord("HEAD", "/" + HL_PAGE, 200),
        RequestRecord("POST", "/" + HL_PAGE, 405),
    ]
    assert [r.method for r in server.requests_for(HL_PAGE)] == ["HEAD", "POST"]
    server.clear_requests()
    assert server.requests == []


def test_concurrent_requests_are_all_logged(server: SampleServer) -> None:
    def fetch() -> None:
        with httpx.Client(timeout=5.0) as c:
            for _ in range(5):
                assert c.get(server.url("metro-tribune/feed.xml")).status_code == 200

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(server.requests_for("metro-tribune/feed.xml")) == 20


def test_close_is_idempotent_and_frees_the_port() -> None:
    srv = SampleServer().start()
    url = srv.url("pixel-arcade/rss.xml")
    assert httpx.get(url, timeout=5.0).status_code == 200
    srv.close()
    srv.close()
    with pytest.raises(httpx.TransportError):
        httpx.get(url, timeout=2.0)


def test_feed_urls_and_specs_cover_every_feed(server: SampleServer, client: httpx.Client) -> None:
    urls = feed_urls(server.base_url)
    assert [u for u, _ in urls] == [server.url(p) for p in _feed_paths()]
    outlets = {outlet for _, outlet in urls}
    assert {"Harbor Ledger", "Capitol Circuit", "Lakeside Daily", "Metro Tribune"} <= outlets
    assert {"Policy Brief Weekly", "Pixel Arcade", "Google News"} <= outlets
    for url, _ in urls:
        assert client.get(url).status_code == 200, url
    kinds = {spec.url: spec.kind for spec in feed_specs(server.base_url + "/")}
    assert kinds[server.url("gnews/rss/search.xml")] == "google_news"
    assert sum(kind == "google_news" for kind in kinds.values()) == 1


# --------------------------------------------------------------------------- corpus


def test_corpus_is_package_data() -> None:
    root = files("claimwatch.flows.sample")
    assert root.joinpath("manifest.json").is_file()
    assert root.joinpath("__init__.py").is_file()
    for phase in PHASES:
        assert 10 <= len(phase_files(phase)) <= 25


def test_manifest_agrees_with_the_files() -> None:
    listed = MANIFEST["files"]
    on_disk = {phase: set(phase_files(phase)) for phase in PHASES}
    assert set(listed) == on_disk[1] | on_disk[2]
    for path, info in listed.items():
        for phase in PHASES:
            assert info[f"phase{phase}"] == (path in on_disk[phase]), (path, phase)
        in_both = info["phase1"] and info["phase2"]
        if in_both:
            same = phase_files(1)[path] == phase_files(2)[path]
            assert same == (info["phase2_change"] == "identical"), path
        else:
            assert info["phase2_change"] == ("added" if info["phase2"] else "removed"), path
        assert info["role"] == ("feed" if path in _feed_paths() else "page"), path
        assert path.split("/")[0] in {
            "harbor-ledger",
            "capitol-circuit",
            "lakeside-daily",
            "metro-tribune",
            "policy-brief-weekly",
            "pixel-arcade",
            "gnews",
        }, path
    for phase in PHASES:
        for article in _articles(phase):
            assert listed[article["path"]][f"phase{phase}"], article["id"]
            assert article["url"] == "{base}/" + article["path"]
            for feed in article["feeds"]:
                assert listed[feed][f"phase{phase}"], (article["id"], feed)
    assert [p for p, f in listed.items() if not f["validators"]] == [LD_FEED]


@pytest.mark.parametrize("phase", PHASES)
def test_every_feed_parses_with_feedparser(phase: int) -> None:
    base = "http://127.0.0.1:8000"
    for feed in MANIFEST["feeds"]:
        body = phase_files(phase)[feed["path"]].replace(b"{base}", base.encode())
        parsed = feedparser.parse(io.BytesIO(body))
        assert not parsed.bozo, (feed["path"], parsed.get("bozo_exception"))
        assert parsed.version == feed["feedparser_version"], feed["path"]
        assert len(parsed.entries) == feed["entries"][str(phase)] >= 1, feed["path"]


def test_feed_traps_are_present() -> None:
    base = "http://127.0.0.1:8000"

    def parse(path: str, phase: int = 1) -> Any:
        body = phase_files(phase)[path].replace(b"{base}", base.encode())
        return feedparser.parse(io.BytesIO(body))

    main, section = parse("harbor-ledger/feed.xml"), parse("harbor-ledger/policy/feed.xml")
    story = main.entries[0]
    assert story.title.startswith("Anthropic\u2019s bid") and " & " in story.title
    assert story.link.endswith("?utm_source=rss&utm_medium=feed&ref=homepage")
    assert (story.id, story.link) == (section.entries[0].id, section.entries[0].link)
    assert "around 120" in story.content[0].value
    assert any(e.link.startswith("javascript:") for e in main.entries)

    rdf = parse("policy-brief-weekly/index.xml").entries[0]
    assert rdf.title == 'Analysis: Mythos, the White House & the limits of "trusted access"'
    assert b"<![CDATA[" in phase_files(1)["policy-brief-weekly/index.xml"]

    atom_raw = phase_files(1)["capitol-circuit/atom.xml"]
    assert b'xml:base="{base}/capitol-circuit/"' in atom_raw
    assert b'href="2026/11/mythos-access-circle.html"' in atom_raw
    atom = parse("capitol-circuit/atom.xml")
    assert atom.entries[0].link == f"{base}/capitol-circuit/2026/11/mythos-access-circle.html"

    hl_page = phase_files(1)[HL_PAGE].decode()
    assert f'<link rel="canonical" href="{{base}}/{HL_PAGE}">' in hl_page

    # Publishing dates move forward on changed entries.
    assert parse("harbor-ledger/feed.xml", 2).entries[0].published_parsed > story.published_parsed
    ld1, ld2 = parse(LD_FEED, 1), parse(LD_FEED, 2)
    wire2 = next(e for e in ld2.entries if e.link == ld1.entries[0].link)
    assert wire2.published_parsed > ld1.entries[0].published_parsed


def test_google_news_feed_is_discovery_only() -> None:
    raw = phase_files(1)["gnews/rss/search.xml"]
    assert raw == phase_files(2)["gnews/rss/search.xml"]
    parsed = feedparser.parse(io.BytesIO(raw.replace(b"{base}", b"http://127.0.0.1:8000")))
    items = MANIFEST["expectations"]["phase1"]["discovery_items"]
    assert len(parsed.entries) == len(items) >= 4
    by_link = {item["link"]: item for item in items}
    for entry in parsed.entries:
        assert re.fullmatch(
            r"https://news\.google\.com/rss/articles/[A-Za-z0-9_-]+\?oc=5", entry.link
        )
        item = by_link[entry.link]
        assert entry.title == item["feed_title"] == f"{item['title']} - {item['publisher']}"
        assert entry.source.title == item["publisher"]
        assert entry.source.href == item["source_url"].replace("{base}", "http://127.0.0.1:8000")
    resolved = [i["resolves_to"] for i in items]
    assert None in resolved  # one publisher outside the corpus
    articles = {a["url"] for a in _articles(1)}
    assert {r for r in resolved if r} <= articles


@pytest.mark.parametrize("phase", PHASES)
def test_manifest_claims_occur_in_their_pages(phase: int) -> None:
    seen_claims = 0
    for article in _articles(phase):
        text = _visible_text(phase_files(phase)[article["path"]].decode())
        assert article["title"] in text, article["id"]
        if not article["on_topic"]:
            continue
        for version, claims in article["claims_by_version"].items():
            served_in = article["first_phase"] + int(version) - 1  # one version per phase here
            page = _visible_text(phase_files(served_in)[article["path"]].decode())
            for claim in claims:
                seen_claims += 1
                assert claim["measure"] == "orgs_with_access"
                assert claim["text"] in page, (article["id"], version, claim["text"])
                assert claim["sentence_contains"] in page, (article["id"], claim["ref"])
                number = f"{claim['value']:g}"
                assert re.search(rf"\b{number}\b", claim["text"]), claim["ref"]
                assert claim["low"] is None or claim["low"] <= claim["value"]
                assert claim["high"] is None or claim["value"] <= claim["high"]
        assert article["claims"] == article["claims_by_version"][str(article["versions"])]
        for phrase in article["distractors"]:
            assert phrase in text, (article["id"], phrase)
    assert seen_claims >= 8


def test_relevance_of_sample_pages_matches_the_manifest() -> None:
    """On-topic pages mention the Mythos model and no off-topic cue, even in boilerplate."""
    topic = parse_topic(
        files("claimwatch.topics").joinpath("mythos.toml").read_text(encoding="utf-8")
    )

    def has(term: str, text: str) -> bool:
        return re.search(rf"\b{re.escape(term)}\b", text, re.IGNORECASE) is not None

    for phase in PHASES:
        for article in _articles(phase):
            text = _visible_text(phase_files(phase)[article["path"]].decode())
            all_of = all(any(has(t, text) for t in group) for group in topic.relevance.all_of)
            none_of = not any(has(t, text) for t in topic.relevance.none_of)
            assert (all_of and none_of) == article["on_topic"], article["id"]


def test_syndicated_copies_share_the_body_but_not_the_boilerplate() -> None:
    group = MANIFEST["expectations"]["phase1"]["syndication_groups"][0]
    paths = [u.removeprefix("{base}/") for u in group["urls"]]
    assert len(paths) == 2

    def body(path: str, phase: int = 1) -> list[str]:
        html = phase_files(phase)[path].decode()
        block = re.search(
            r'class="(?:story-text|article-text)"[^>]*>(.*?)</(?:div|section)>', html, re.S
        )
        assert block is not None, path
        return re.findall(r"<p>([^<]+)</p>", block.group(1))

    assert body(paths[0]) == body(paths[1]) != []
    assert phase_files(1)[paths[0]] != phase_files(1)[paths[1]]
    # Lakeside's phase-2 change touches boilerplate only.
    assert body(LD_PAGE, 1) == body(LD_PAGE, 2)
    assert phase_files(1)[LD_PAGE] != phase_files(2)[LD_PAGE]


def test_expected_contradictions_reference_listed_claims() -> None:
    for phase in PHASES:
        expect = MANIFEST["expectations"][f"phase{phase}"]
        refs = {
            c["ref"]: (a["url"], c)
            for a in expect["articles"]
            if a["on_topic"]
            for cs in a["claims_by_version"].values()
            for c in cs
        }
        for flag in expect["contradictions"] + expect["non_contradictions"]:
            for side in (flag["a"], flag["b"]):
                for ref in side["claims"]:
                    url, claim = refs[ref]
                    assert url in side["urls"], ref
        for flag in expect["contradictions"]:
            a, b = (refs[flag[s]["claims"][0]][1] for s in ("a", "b"))
            assert (a["kind"], a["modality"]) == (b["kind"], b["modality"])
            if flag["kind"] == "cross_outlet":
                disjoint = (a["high"] is not None and a["high"] < b["low"]) or (
                    b["high"] is not None and b["high"] < a["low"]
                )
                assert disjoint, flag
                assert set(flag["a"]["outlets"]).isdisjoint(flag["b"]["outlets"])
            else:
                assert flag["a"]["urls"] == flag["b"]["urls"] and a["value"] != b["value"]
    kinds = [f["kind"] for f in MANIFEST["expectations"]["phase2"]["contradictions"]]
    assert sorted(kinds) == ["cross_outlet", "cross_outlet", "cross_outlet", "drift"]


def test_server_is_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    with SampleServer() as srv:
        httpx.get(srv.url("pixel-arcade/rss.xml"), timeout=5.0)
        httpx.get(srv.base_url + "/missing", timeout=5.0)
        conn = http.client.HTTPConnection(srv.host, srv.port, timeout=5)
        conn.putrequest("BREW", "/coffee", skip_host=True)  # unsupported method: 501
        conn.endheaders()
        assert conn.getresponse().status == 501
        conn.close()
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
