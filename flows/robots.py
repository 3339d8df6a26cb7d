"""robots.txt of article hosts, read once per host per cycle, before any revisit goes there.

Revisits are requests claimwatch decides to make on its own (no feed invited them), so they
honour the site's robots.txt (RFC 9309): it is fetched with the same client, limits and per-host
limiter as the pages, cached in memory for the cycle only, and matched with claimwatch's user
agent. How a robots.txt that cannot be read counts:

- a 4xx answer (404, 410, also 401/403): no rules, everything is allowed (RFC 9309 2.3.1.3);
- a 5xx or 429, a timeout or a broken connection, or a body claimwatch cannot take (too
  large, bad encoding, redirect loop): the site is not known to allow anything, so its
  revisits are skipped this cycle and the summary says so (RFC 9309 2.3.1.4 says: assume a
  complete disallow).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

import httpx

from claimwatch.flows.fetch import FetchError, FetchLimits, HostLimiter, HTTPStatusError, fetch


@dataclass(frozen=True)
class HostRules:
    """What one host's robots.txt says; `error` set when it could not be read."""

    host: str  # HostLimiter.key: scheme://host:port
    parser: RobotFileParser | None  # None: no rules (a 4xx), everything allowed
    error: str | None = None

    def allows(self, url: str, user_agent: str) -> bool:
        if self.error is not None:
            return False
        return self.parser is None or self.parser.can_fetch(user_agent, url)


def parse_rules(host: str, body: bytes) -> HostRules:
    parser = RobotFileParser()
    parser.parse(body.decode("utf-8", errors="replace").splitlines())
    return HostRules(host, parser)


class RobotsCache:
    """One robots.txt request per host however many revisits go there; concurrent callers for
    one host wait on the same request."""

    def __init__(
        self, client: httpx.AsyncClient, limits: FetchLimits, limiter: HostLimiter
    ) -> None:
        self.client = client
        self.limits = limits
        self.limiter = limiter
        self._hosts: dict[str, asyncio.Task[HostRules]] = {}

    async def rules(self, url: str) -> HostRules:
        host = HostLimiter.key(url)
        task = self._hosts.get(host)
        if task is None:
            task = asyncio.ensure_future(self._read(host))
            self._hosts[host] = task
        return await task

    @property
    def requests(self) -> int:
        """robots.txt files asked for so far (one per host)."""
        return len(self._hosts)

    async def _read(self, host: str) -> HostRules:
        try:
            got = await fetch(
                self.client,
                f"{host}/robots.txt",
                limits=self.limits,
                limiter=self.limiter,
                accept="text/plain",
            )
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500 and not exc.transient:
                return HostRules(host, None)
            return HostRules(host, None, error=str(exc))
        except FetchError as exc:
            return HostRules(host, None, error=str(exc))
        return parse_rules(host, got.body)
