"""The pipeline on object storage: a real S3-compatible server on loopback (moto's server
mode), reached the way users reach S3, through the standard AWS environment variables."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import boto3
import duckdb
import fsspec
import pytest
from conftest import SEED_DATE, SEEDS
from moto.server import ThreadedMotoServer

from tasks.lake.locks import DateLocked, date_lock
from tasks.lake.schema import BASE_TABLES, DAILY_TABLES
from tasks.lake.tables import scan

pytestmark = pytest.mark.integration

KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
DAY = dt.date.fromisoformat(SEED_DATE)


@pytest.fixture(scope="module")
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


@pytest.fixture
def bucket(s3_endpoint: str, monkeypatch) -> str:
    """A fresh bucket holding the seed articles under landing/DATE/, and the AWS variables."""
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    env |= {"AWS_ENDPOINT_URL": s3_endpoint, "AWS_DEFAULT_REGION": "us-east-1"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    fsspec.config.conf.clear()
    client = boto3.client("s3")
    name = f"news-{dt.datetime.now().strftime('%H%M%S%f')}"
    client.create_bucket(Bucket=name)
    for path in SEEDS.iterdir():
        client.upload_file(str(path), name, f"landing/{SEED_DATE}/{path.name}")
    return name


def _polars_options(endpoint: str) -> dict[str, str]:
    return {
        **KEYS,
        "aws_endpoint_url": endpoint,
        "aws_region": "us-east-1",
        "aws_allow_http": "true",
    }


def test_run_writes_an_s3_lake_reruns_idempotently_and_reads_back(
    prefect_server, seed_lake: Path, bucket: str, s3_endpoint: str
):
    from typer.testing import CliRunner

    from flows.cli import app
    from flows.pipeline import run

    landing, lake = f"s3://{bucket}/landing/{SEED_DATE}", f"s3://{bucket}/lake"
    command = ["run", "--input", landing, "--date", SEED_DATE, "--lake", lake]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert run(landing, DAY, lake).skipped  # unchanged input: nothing rewritten
    forced = run(landing, DAY, lake, force=True)
    assert forced.documents == 5 and not forced.skipped

    keys = [
        item["Key"]
        for item in boto3.client("s3").list_objects_v2(Bucket=bucket, Prefix="lake/")["Contents"]
    ]
    for table in (*BASE_TABLES, *DAILY_TABLES):  # one file per table and date, no leftovers
        assert [k for k in keys if k.startswith(f"lake/{table}/")] == [
            f"lake/{table}/date={SEED_DATE}/part-0.parquet"
        ]
    assert not [k for k in keys if k.startswith("lake/_staging/") or k.startswith("lake/_locks/")]

    options = _polars_options(s3_endpoint)
    for table in ("quotes", "entities", "speaker_daily"):
        remote = scan(table, lake, DAY, DAY, storage_options=options).collect()
        local = scan(table, seed_lake, DAY, DAY).collect()
        assert remote.height == local.height > 0
        columns = [c for c in local.columns if c not in ("run_id", "processed_at")]
        assert remote.select(columns).sort(columns).equals(local.select(columns).sort(columns))
    assert (
        scan("quotes", lake, DAY + dt.timedelta(days=1), storage_options=options).collect().height
        == 0
    )

    connection = duckdb.connect()
    connection.register_filesystem(fsspec.filesystem("s3"))
    speakers = connection.sql(
        f"SELECT speaker_name, count(*) AS n FROM read_parquet('s3://{bucket}/lake/quotes/**/*.parquet',"
        " hive_partitioning = true) WHERE speaker_name IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).pl()
    expected = (
        scan("quotes", seed_lake).drop_nulls("speaker_name").group_by("speaker_name").len("n")
        .sort("speaker_name").collect()
    )  # fmt: skip
    assert speakers.rows() == expected.rows()
    runs = scan("runs", lake, storage_options=options).collect()
    assert sorted(runs["status"].to_list()) == ["skipped", "success", "success"]


def test_an_object_storage_lock_excludes_a_second_run_and_expires(bucket: str):
    lake = f"s3://{bucket}/lake"
    with (
        date_lock(lake, DAY, "first"),
        pytest.raises(DateLocked, match="run first"),
        date_lock(lake, DAY, "second"),
    ):
        pass
    with date_lock(lake, DAY, "second"):  # released: free again
        pass
    lapsed = {"holder": "run crashed", "until": "2026-01-01T00:00:00+00:00"}
    fs = fsspec.filesystem("s3")
    fs.pipe(f"{bucket}/lake/_locks/{SEED_DATE}.lock", json.dumps(lapsed).encode())
    with date_lock(lake, DAY, "next"):  # a dead run's lease is taken over
        pass
    assert not fs.exists(f"{bucket}/lake/_locks/{SEED_DATE}.lock")


def test_dask_workers_write_an_s3_lake_equal_to_the_local_one(
    prefect_server, seed_lake: Path, bucket: str, s3_endpoint: str
):
    """The scale-out shape: batches on Dask worker processes, staging and lake in the bucket."""
    from typer.testing import CliRunner

    from flows.cli import app

    landing, lake = f"s3://{bucket}/landing/{SEED_DATE}", f"s3://{bucket}/lake"
    command = ["run", "--input", landing, "--date", SEED_DATE, "--lake", lake]
    result = CliRunner().invoke(app, [*command, "--runner", "dask", "--workers", "2"])
    assert result.exit_code == 0, result.output
    options = _polars_options(s3_endpoint)
    for table in (*BASE_TABLES, *DAILY_TABLES):
        remote = scan(table, lake, storage_options=options).collect()
        local = scan(table, seed_lake).collect()
        columns = [c for c in local.columns if c not in ("run_id", "processed_at")]
        assert remote.select(columns).sort(columns).equals(local.select(columns).sort(columns))


def test_pages_of_an_archive_in_object_storage_are_read_where_they_lie(bucket: str, tmp_path):
    from webpages import crawl, seed_articles, write_warc

    from tasks.ingest.discover import discover, expand_archives
    from tasks.ingest.load import load
    from tasks.ingest.refs import RawDoc

    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, crawl(seed_articles()))
    boto3.client("s3").upload_file(str(archive), bucket, "web/crawl.warc.gz")
    refs, _ = discover(f"s3://{bucket}/web")
    pages = expand_archives(refs)
    assert not pages.rejects and len(pages.refs) == 8  # 5 articles, AMP, French, section front
    loaded = [load(ref) for ref in pages.refs]
    titles = [doc.text.split("\n")[0] for doc in loaded if isinstance(doc, RawDoc)]
    assert titles[:5] == [article.title for article in seed_articles()]
    assert all(doc.content_type == "warc" for doc in loaded if isinstance(doc, RawDoc))
