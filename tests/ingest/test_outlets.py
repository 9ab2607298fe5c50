"""The outlet of a document: the manifest's, else the page's, else the URL's host, else the
folder's default."""

from __future__ import annotations

import pytest

from tasks.ingest.outlets import DEFAULT_KEY, host, name_problem, publisher


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.org/a/b?c=1", "example.org"),
        ("http://news.example.co.uk", "news.example.co.uk"),
        ("https://example.org:8443/x", "example.org"),
        ("ftp://example.org/file", None),
        ("not a url", None),
        ("http://[::1", None),  # malformed: no host, never an error
        ("http://exa mple.com:99999/", None),
        ("", None),
        (None, None),
    ],
)
def test_host(url, expected):
    assert host(url) == expected


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"publisher": "Wire", "url": "https://a.example", DEFAULT_KEY: "Desk"}, "Wire"),
        ({"url": "https://www.a.example/x", DEFAULT_KEY: "Desk"}, "a.example"),
        ({"url": "file.txt", DEFAULT_KEY: "Desk"}, "Desk"),
        ({}, None),
    ],
)
def test_publisher(meta, expected):
    assert publisher(meta) == expected


@pytest.mark.parametrize(
    ("name", "problem"),
    [("Newslake Wire", None), ("  ", "is empty"), ("a\nb", "control"), ("x" * 201, "at most")],
)
def test_name_problem(name, problem):
    found = name_problem(name)
    assert (found is None) if problem is None else (problem in found)
