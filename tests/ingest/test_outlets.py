"""The outlet of a document: the manifest's, else the page's, else the URL's host, else the
folder's default."""

from __future__ import annotations

import pytest

from tasks.ingest.outlets import DEFAULT_KEY, host, host_outlets, name_problem, publisher


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


def test_a_host_is_the_outlet_most_of_its_documents_name():
    documents = [
        ("Quay Daily", "https://www.quaydaily.example/a"),
        ("Quay Daily", "https://quaydaily.example/b"),
        ("Quay Group", "https://quaydaily.example/c"),
        ("quaydaily.example", "https://quaydaily.example/d"),  # no manifest: its host
        ("tidings.example", "https://tidings.example/e"),  # a host no document names
        ("Other Paper", None),
    ]
    assert host_outlets(documents) == {"quaydaily.example": "Quay Daily"}


def test_ties_go_to_the_first_name_alphabetically():
    documents = [("Beta News", "https://bn.example/1"), ("Alpha News", "https://bn.example/2")]
    assert host_outlets([*documents, ("bn.example", "https://bn.example/3")]) == {
        "bn.example": "Alpha News"
    }


def test_a_host_without_named_documents_goes_to_the_outlet_it_spells():
    documents = [
        ("Quay Daily", None),
        ("quaydaily.example", "https://www.quaydaily.example/news/a"),
        ("Wharf Post", None),
        ("Wharf-Post", None),  # two outlets spelled alike: the host stays as it is
        ("wharfpost.example", "https://wharfpost.example/a"),
        ("sport.example", "https://sport.example/a"),
    ]
    assert host_outlets(documents) == {"quaydaily.example": "Quay Daily"}
