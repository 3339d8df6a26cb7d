"""Finding and reading topic files: a bundled name ("mythos") or a path."""

from __future__ import annotations

from dataclasses import replace
from importlib.resources import files
from pathlib import Path

from claimwatch.extractors.topic import (
    FeedSpec,
    Topic,
    TopicError,
    feed_spec_for_url,
    parse_topic,
)


def bundled_topics() -> list[str]:
    return sorted(
        p.name.removesuffix(".toml")
        for p in files("claimwatch.topics").iterdir()
        if p.name.endswith(".toml")
    )


def load_topic(
    name_or_path: str, *, feeds: tuple[str, ...] = (), require_feeds: bool = True
) -> Topic:
    """Load a topic; `feeds` (from --feed) replaces its feed list."""
    path = Path(name_or_path)
    if name_or_path.endswith(".toml") or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise TopicError(f"cannot read topic file {path}: {exc.strerror}") from exc
        default_name = path.stem
    else:
        resource = files("claimwatch.topics").joinpath(f"{name_or_path}.toml")
        if not resource.is_file():
            known = ", ".join(bundled_topics())
            raise TopicError(f"no topic named {name_or_path!r} (bundled: {known}; or give a path)")
        text = resource.read_text(encoding="utf-8")
        default_name = name_or_path
    try:
        topic = parse_topic(text, default_name=default_name)
    except TopicError as exc:
        raise TopicError(f"topic {name_or_path}: {exc}") from exc
    if feeds:
        topic = replace(topic, feeds=tuple(_feed_option(u) for u in feeds))
    if require_feeds and not topic.feeds:
        raise TopicError(f"topic {topic.name} has no feeds (add [[feeds]] or pass --feed URL)")
    return topic


def _feed_option(url: str) -> FeedSpec:
    # Name the option, not the topic file's feeds[0]: the user typed this URL.
    try:
        return feed_spec_for_url(url)
    except TopicError as exc:
        raise TopicError(f"--feed {url or repr(url)}: {exc}") from exc
