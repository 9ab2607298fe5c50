"""`tasks.lake.scan` reads a lake in object storage the same as on disk (a real
S3-compatible server on loopback: moto's server mode)."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import boto3
import pytest
from conftest import SEED_DATE
from moto.server import ThreadedMotoServer

from tasks.lake import scan

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture
def s3_endpoint():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def test_scan_reads_the_same_rows_from_object_storage(seed_lake: Path, s3_endpoint: str):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket="news")
    for path in seed_lake.glob("quotes/date=*/*.parquet"):
        key = f"lake/{path.relative_to(seed_lake).as_posix()}"
        client.upload_file(str(path), "news", key)
    options = {**CREDENTIALS, "aws_endpoint_url": s3_endpoint, "aws_region": "us-east-1"}
    options["aws_allow_http"] = "true"
    day = dt.date.fromisoformat(SEED_DATE)
    remote = scan("quotes", "s3://news/lake", day, day, storage_options=options).collect()
    local = scan("quotes", seed_lake, day, day).collect()
    assert remote.height == local.height > 0
    assert remote.sort("quote_id").equals(local.sort("quote_id"))
    later = scan("quotes", "s3://news/lake", day + dt.timedelta(days=1), storage_options=options)
    assert later.collect().height == 0
