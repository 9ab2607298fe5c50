"""Web addresses from outside: a manifest's `url`, a WARC record's WARC-Target-URI, a page's
canonical link. Any of them may be malformed (`http://[::1`, `http://exa mple.com:99999/`):
urllib raises on some when it splits them (an unclosed IPv6 bracket) and on others only when
asked for a part (a port out of range), or reads a host no server could have.

A malformed URL is dropped where it enters (`well_formed`), not stored: the document's `url`
is then the next in line (the page's canonical URL, then where it was fetched from) or null,
and its outlet is not read from it. A URL is data to show and compare, and one that does not
parse would fail whoever reads the lake with urllib later, as it failed the repeats pass. The
readers here (tasks.link.repeats, tasks.ingest.outlets) still take any string and never
raise (`split`).
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

HOST = re.compile(r"[\w.-]+")  # letters of any script, digits, dots, hyphens, underscores
WEB_SCHEMES = ("http", "https")


def split(url: str) -> SplitResult | None:
    """`url` split into its parts, or None if it is malformed: urllib cannot split it, its port
    is not a number up to 65535, or its host (an IP address in brackets aside) holds anything
    but letters, digits, dots, hyphens and underscores, or a web address has no host."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises ValueError for a port out of range or not a number
    except ValueError:
        return None
    host = parts.hostname
    if host is None:
        return None if parts.scheme.lower() in WEB_SCHEMES else parts
    if "[" not in parts.netloc and not HOST.fullmatch(host):
        return None
    return parts


def well_formed(url: str | None) -> str | None:
    """`url` without surrounding white space, or None if it is empty or malformed."""
    if url is None or not url.strip() or split(url) is None:
        return None
    return url.strip()
