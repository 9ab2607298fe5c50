"""Flows that rebuild what is derived from the lake's base tables, with no NLP pass: the daily
tables of a date or a range (after an alias-table edit, say) and the quote clusters.

No `from __future__ import annotations` here: Prefect validates flow parameters from the real
annotations.
"""

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger

from flows.execution import DEFAULT_LAKE
from flows.records import new_run_id
from flows.steps import (
    commit_date,
    refresh_registry_genders,
    stage_daily_tables,
    stage_gendered_quotes,
    update_quote_clusters,
)
from tasks.lake.locks import DateLock, DateLocked, date_lock
from tasks.lake.partitions import partition_dates
from tasks.lake.paths import DEFAULT_ALIASES
from tasks.lake.schema import DAILY_TABLES
from tasks.lake.storage import Location
from tasks.lake.tables import staging_root
from tasks.link.clusters import lake_dates
from tasks.link.staged import stale_gender_dates
from tasks.run.incremental import update_rows
from tasks.run.upkeep import heal_date


@flow(name="aggregate")
def aggregate(
    date: dt.date, lake: Location = DEFAULT_LAKE, aliases: str | None = None
) -> dict[str, int]:
    """Rebuild the daily tables of `date` from its published base tables, the entity registry
    and the alias table (`aliases`, default data/aliases.csv), then pair its quotes anew in
    the quote clusters: no NLP pass. The registry's genders and the date's quotes take each
    person's gender as the registry and the alias table give it now."""
    table = Path(aliases or DEFAULT_ALIASES)
    refresh_registry_genders(lake, new_run_id(), table)
    rows = _aggregate_date(date, lake, table)
    update_quote_clusters(lake, [date], table, new_run_id())
    return rows


@flow(name="rebuild-aggregates")
def rebuild_aggregates(
    start: dt.date, end: dt.date, lake: Location = DEFAULT_LAKE, aliases: str | None = None
) -> dict[dt.date, dict[str, int]]:
    """Rebuild the daily tables of every processed date from `start` to `end` (dates without
    documents are passed over), then pair their quotes anew in the quote clusters in one
    update: an alias-table edit, or a later date's gender evidence, reaches past dates with no
    NLP pass (the quotes' and the registry's gender columns are refreshed too)."""
    processed = [day for day in partition_dates(lake, "documents") if start <= day <= end]
    table = Path(aliases or DEFAULT_ALIASES)
    refresh_registry_genders(lake, new_run_id(), table)
    rebuilt = {day: _aggregate_date(day, lake, table) for day in processed}
    update_quote_clusters(lake, processed, table, new_run_id())
    return rebuilt


def _aggregate_date(date: dt.date, lake: Location, aliases: Path) -> dict[str, int]:
    """One date's daily tables rebuilt and published, under the date's lock, with its quotes
    where a speaker's gender changed since."""
    run_id = new_run_id()
    with date_lock(lake, date, run_id) as lock:
        for note in heal_date(lake, date, run_id):
            get_run_logger().warning(note)
        rows = publish_daily(lake, date, run_id, lock, aliases)
        update_rows(lake, date, rows)
    return rows


def publish_daily(
    lake: Location, date: dt.date, run_id: str, lock: DateLock, aliases: Path = DEFAULT_ALIASES
) -> dict[str, int]:
    """Build the date's daily tables from its published base tables and publish them, with
    its quotes where a speaker's gender changed since the date ran, the caller holding the
    date's lock; the rows per table. What `aggregate` does, and what `run` does for a date
    whose NLP output is kept (only the alias table changed)."""
    stage = staging_root(lake, date, run_id)
    tables = [*DAILY_TABLES]
    if stage_gendered_quotes(lake, stage, date, aliases):
        tables += ["quotes", "documents"]  # a gender changed since the date ran
    stage_daily_tables(lake, source=lake, stage=stage, date=date, run_id=run_id, aliases=aliases)
    lock.verify()
    return commit_date(lake, stage, date, tables, run_id)


def settle_genders(lake: Location, aliases: Path = DEFAULT_ALIASES) -> list[dt.date]:
    """After a command published dates (linking settled the registry's genders): every date
    whose quotes show a speaker's gender the registry no longer gives (a later date brought
    evidence) republished with its daily tables, so each person has one gender in every
    table; the dates refreshed. A date another command holds is left for the next command
    (or `rebuild-aggregates`), with a warning."""
    refreshed = []
    for day in stale_gender_dates(lake, lake_dates(lake), aliases):
        try:
            _aggregate_date(day, lake, aliases)
        except DateLocked as locked:
            get_run_logger().warning(f"{day}: speaker genders not refreshed: {locked}")
            continue
        refreshed.append(day)
    if refreshed:  # their quotes were republished: the clusters follow their new run
        update_quote_clusters(lake, refreshed, aliases, new_run_id())
    return refreshed
