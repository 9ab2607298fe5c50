"""Which outlet published a document: the manifest's publisher, else the page's own (its
site name), else the host of its URL, else the folder's default (`--publisher`)."""

from __future__ import annotations

from tasks.ingest.urls import WEB_SCHEMES, split

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
