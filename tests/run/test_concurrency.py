"""Threads never share a mutable NLP object or create a second worker pool, and a backfill's
dates reach the lake-wide steps in date order whatever order they finish in."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import threading
import time

from conftest import ROOT

from flows import workers
from flows.turns import give_up_turn, in_date_order, lake_wide_turn
from tasks.text.segment import split_sentences

NEWS = json.loads((ROOT / "tests" / "data" / "news_sentences.json").read_text())


def _in_threads(target, count: int) -> None:
    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_threads_splitting_sentences_at_once_get_what_one_thread_gets():
    paragraphs = [case["text"] for case in NEWS] * 20
    expected = [split_sentences(paragraph) for paragraph in paragraphs]
    differ: list[str] = []

    def split_all() -> None:
        for paragraph, spans in zip(paragraphs, expected, strict=True):
            if split_sentences(paragraph) != spans:
                differ.append(paragraph)

    _in_threads(split_all, 4)
    assert differ == []


def test_concurrent_first_calls_share_one_worker_pool():
    size = 97  # a size no other test asks for: the pool is new here
    start, pools = threading.Barrier(8), []

    def first_call() -> None:
        start.wait()
        pools.append(workers.pool(size))

    _in_threads(first_call, 8)
    assert len({id(pool) for pool in pools}) == 1


def test_dates_take_their_turn_in_date_order_whatever_order_they_finish():
    days = [dt.date(2026, 1, day) for day in (1, 2, 3, 4)]
    finish_after = {days[0]: 0.3, days[1]: 0.0, days[2]: 0.2, days[3]: 0.1}
    passed: list[dt.date] = []

    def one_date(day: dt.date) -> None:
        try:
            time.sleep(finish_after[day])  # the date's own work
            if day == days[2]:
                raise RuntimeError("a date that fails before its turn")
            with lake_wide_turn(day):
                passed.append(day)
        except RuntimeError:
            pass
        finally:
            give_up_turn(day)

    with in_date_order(days):  # Prefect copies the context into each task's thread; so do these
        threads = [
            threading.Thread(target=contextvars.copy_context().run, args=(one_date, day))
            for day in days
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(5)
    assert passed == [days[0], days[1], days[3]]


def test_outside_a_backfill_a_date_goes_at_once():
    with lake_wide_turn(dt.date(2026, 1, 2)):
        pass
