"""Which outlet published a document: the manifest's publisher, else the page's own (its
site name), else the host of its URL, else the folder's default (`--publisher`). Readers then
take a publisher that is only a host name as the outlet that host belongs to (`host_outlets`),
so one outlet is not shown twice, once by name and once by host."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from tasks.ingest.urls import HOST, WEB_SCHEMES, split

DEFAULT_KEY = "default_publisher"  # FileRef.meta key of the folder's default outlet
MAX_NAME = 200


def host(url: str | None) -> str | None:
    """The host of a web address, without "www." ("https://www.example.org/a" ->
    "example.org"); None for anything that is not one."""
    parts = split(url) if url else None
    if parts is None or parts.scheme not in WEB_SCHEMES or not parts.hostname:
        return None
    name = parts.hostname.lower()
    return name.removeprefix("www.") or None


def publisher(meta: dict[str, str]) -> str | None:
    """A document's outlet from what its file, page and folder say (see the module's doc)."""
    return meta.get("publisher") or host(meta.get("url")) or meta.get(DEFAULT_KEY)


def name_problem(name: str) -> str | None:
    """Why `name` cannot be an outlet's name, or None."""
    if not name.strip():
        return "is empty"
    if len(name) > MAX_NAME:
        return f"is {len(name)} characters long (at most {MAX_NAME})"
    if not name.isprintable():
        return "holds a control character"
    return None


def _squashed(text: str) -> str:
    """Letters and digits only, lower case: "Harbour Times" and "harbourtimes" meet."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _host_like(name: str) -> bool:
    return "." in name and " " not in name and HOST.fullmatch(name) is not None


def host_outlets(documents: Iterable[tuple[str | None, str | None]]) -> dict[str, str]:
    """publisher -> outlet, for the publishers (of `documents`' (publisher, url) pairs) that
    are only a host name and belong to a named outlet: the name most documents from that
    host carry (alphabetical on ties), else the one outlet name the host spells without its
    last label ("harbourtimes.example" -> "Harbour Times")."""
    votes: defaultdict[str, Counter[str]] = defaultdict(Counter)
    hosts: set[str] = set()
    names: set[str] = set()
    for name, url in documents:
        if not name:
            continue
        if _host_like(name):
            hosts.add(name)
            continue
        names.add(name)
        if (at := host(url)) is not None:
            votes[at][name] += 1
    spelled: defaultdict[str, set[str]] = defaultdict(set)
    for name in names:
        spelled[_squashed(name)].add(name)
    outlets = {}
    for name in hosts:
        spelling = spelled.get(_squashed(name.rsplit(".", 1)[0]), set())
        if votes[name]:
            outlets[name] = min(votes[name].items(), key=lambda item: (-item[1], item[0]))[0]
        elif len(spelling) == 1:
            outlets[name] = next(iter(spelling))
    return outlets
