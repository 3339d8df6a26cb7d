"""How a cycle's work is split between flow runs that run at once (on one or many machines).

A shard is "part `index` of `count`". Every shard of a cycle computes the same split from the
topic alone, so a shard run needs no more than its two numbers:

- feeds: grouped by host, every feed of a host in one shard (per-host politeness stays inside
  one process: a Prefect global concurrency limit hands slots between processes far too slowly
  for page fetches), hosts dealt out so that shards poll about as many feeds each;
- pages revisited: a page on a host some shard polls belongs to that shard (the same
  politeness); any other host goes by a stable hash of its name;
- versions to extract: by a stable hash of the article id, so work a killed shard left behind
  is picked up by the same part of the next cycle, and two shards never read the same version.

Shards of one cycle never poll the same feed; when two processes do anyway (a `monitor` beside
a sharded cycle, two cycles of different shard counts), the warehouse's write lock makes the
second one's store find the first one's rows (warehouse/sessions.py).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from claimwatch.extractors.topic import FeedSpec

__all__ = ["Shard", "host_of", "shard_count"]


def host_of(url: str) -> str:
    """The host a URL's requests go to, for politeness: its lowercased name, without port."""
    return (urlsplit(url).hostname or "").lower()


def shard_count(feeds: Sequence[FeedSpec], wanted: int) -> int:
    """How many shards a cycle runs: as many as asked, but never more than there are hosts
    (a shard without a feed would only revisit pages and extract) and at least one."""
    hosts = {host_of(f.url) for f in feeds}
    return max(1, min(wanted, len(hosts)))


@dataclass(frozen=True)  # no slots: the host split is computed once, as a cached_property
class Shard:
    """Part `index` (0-based) of `count` of a topic's work, the topic's feeds given."""

    index: int
    count: int
    all_feeds: tuple[FeedSpec, ...]

    def __post_init__(self) -> None:
        if not 0 <= self.index < self.count:
            raise ValueError(f"shard index {self.index} is not within 0..{self.count - 1}")

    def __str__(self) -> str:
        return f"shard {self.index + 1} of {self.count}"

    @property
    def lock_name(self) -> str:
        """What the shard's run lock is called (a topic's shards run at once, each once)."""
        return f"shard-{self.index}-of-{self.count}"

    @cached_property
    def _host_shard(self) -> dict[str, int]:
        """Every feed host -> its shard: hosts with the most feeds first, each to the shard
        with the fewest feeds so far (ties to the lower index), names breaking ties."""
        by_host: dict[str, int] = {}
        for feed in self.all_feeds:
            host = host_of(feed.url)
            by_host[host] = by_host.get(host, 0) + 1
        load = [0] * self.count
        owner: dict[str, int] = {}
        for host, n in sorted(by_host.items(), key=lambda item: (-item[1], item[0])):
            target = min(range(self.count), key=lambda i: (load[i], i))
            owner[host] = target
            load[target] += n
        return owner

    @property
    def feeds(self) -> tuple[FeedSpec, ...]:
        """This shard's feeds, in the topic's order."""
        owner = self._host_shard
        return tuple(f for f in self.all_feeds if owner[host_of(f.url)] == self.index)

    def owns_page(self, url: str) -> bool:
        """Whether this shard fetches (revisits) the page at `url`."""
        host = host_of(url)
        owner = self._host_shard.get(host)
        if owner is None:
            owner = zlib.crc32(host.encode("utf-8")) % self.count
        return owner == self.index

    def owns_article(self, article_id: str) -> bool:
        """Whether this shard extracts the versions of `article_id` (a hex content id); the
        same split as pending_texts.sql makes in the warehouse."""
        return int(article_id[:8], 16) % self.count == self.index
