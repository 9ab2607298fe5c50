"""A date forgotten by the entity registry, so that the registry holds what the remaining dates
give: an identity only that date named disappears, the others lose that date's documents,
gender evidence and spellings, and their first date, label and gender are settled anew.

Ids of the identities that remain never change (analysts saved queries against them). The
quote clusters need nothing of this: they follow the published quotes
(tasks.link.clusters.update prunes a date whose quotes are gone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow.parquet as pq

from tasks.lake.locks import registry_lock
from tasks.lake.partitions import partition_dates
from tasks.lake.paths import DEFAULT_ALIASES
from tasks.lake.storage import Location, files_under, published_file, resolve
from tasks.lake.tables import partition_dir
from tasks.link.gender import settle_genders
from tasks.link.registry import Identity, Registry, read_registry, registry_path, settle
from tasks.link.registry import write_registry as publish_registry
from tasks.text.aliases import read_aliases


@dataclass
class Seen:
    """What the published entities of the remaining dates say of one id."""

    first: dt.date
    spellings: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Forgotten:
    removed: int  # identities that only the forgotten date named
    updated: int  # identities it named among other dates


def remaining(lake: Location, without: dt.date) -> dict[str, Seen]:
    """Each entity id the published entities of every date but `without` name: its first
    date and every spelling given to it (names as written and the alias table's names)."""
    fs, _ = resolve(lake)
    seen: dict[str, Seen] = {}
    for date in (d for d in partition_dates(lake, "entities") if d != without):
        _, folder = resolve(partition_dir(lake, "entities", date))
        for path in files_under(fs, folder):
            columns = ["entity_id", "name", "entity_name"]
            for row in pq.read_table(path, filesystem=fs, columns=columns).to_pylist():
                found = seen.setdefault(row["entity_id"], Seen(date))
                found.first = min(found.first, date)
                found.spellings |= {s for s in (row["name"], row["entity_name"]) if s}
    return seen


def _touched(identity: Identity, date: dt.date) -> bool:
    return (
        identity.first_seen == date
        or date in identity.evidence
        or any(key[0] == date for key in identity.usage)
    )


def forget(registry: Registry, date: dt.date, seen: dict[str, Seen]) -> tuple[Registry, Forgotten]:
    """`registry` without `date` (pure): an identity the date named goes when no remaining
    date counts it or names it in its entities (`seen`); one that stays keeps its id and
    name and gets its first date and spellings from the remaining dates."""
    kept: list[Identity] = []
    removed = updated = 0
    for identity in registry.identities.values():
        if not _touched(identity, date):
            kept.append(identity)
            continue
        usage = {key: n for key, n in identity.usage.items() if key[0] != date}
        evidence = {day: votes for day, votes in identity.evidence.items() if day != date}
        found = seen.get(identity.entity_id)
        if not usage and found is None:
            removed += 1
            continue
        days = [key[0] for key in usage] + ([found.first] if found else [])
        aliases = identity.aliases
        if found is not None:  # else only a run still publishing names it: keep all
            aliases = aliases & (found.spellings | {key[1] for key in usage})
        first = min(days, default=identity.first_seen)
        kept.append(replace(identity, first_seen=first, aliases=aliases, usage=usage))
        kept[-1].evidence = evidence
        updated += 1
    return Registry(kept), Forgotten(removed, updated)


def forget_date(
    lake: Location, date: dt.date, run_id: str, aliases: Path = DEFAULT_ALIASES
) -> Forgotten:
    """Forget `date` in the lake's registry, under the registry lock, and publish it whole;
    labels and genders settled over the remaining dates (the alias table at `aliases` may
    set a gender). To be called once the date's partitions are gone; calling it again
    changes nothing."""
    if published_file(registry_path(lake)) is None:
        return Forgotten(0, 0)
    with registry_lock(lake, run_id):
        registry, forgotten = forget(read_registry(lake), date, remaining(lake, date))
        settle(registry)
        settle_genders(registry, read_aliases(aliases))
        publish_registry(lake, registry)
    return forgotten
