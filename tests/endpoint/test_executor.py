"""The query worker pool: round-trip cost, killing on timeout, recovery from a dead worker."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from endpoint.errors import Busy, MalformedQuery, QueryTimeout, ServerFault
from endpoint.executor import QueryPool

NUMBERS = " ".join(str(i) for i in range(400))
SLOW = (
    f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {NUMBERS} }} VALUES ?b {{ {NUMBERS} }} "
    f"VALUES ?c {{ {NUMBERS} }} }}"
)


def job(query: str) -> dict[str, object]:
    return {"query": query, "accept": None, "format": None, "limit": 10_000_000}


@pytest.fixture
def pool(store_dir: Path) -> Iterator[QueryPool]:
    running = QueryPool(store_dir, size=2)
    yield running
    running.close()


def test_workers_are_reused_across_queries(pool: QueryPool) -> None:
    """Query workers stay up between queries (their cost per round trip is measured in
    benchmarks/RESULTS.md, "Endpoint")."""
    pool.run(job("ASK {}"), 10)  # start the workers
    pids = {w.proc.pid for w in pool._idle.queue}
    for _ in range(200):
        media_type, body, _ = pool.run(job("ASK {}"), 10)
        assert media_type == "application/sparql-results+json" and body.endswith(b"true}")
    assert {w.proc.pid for w in pool._idle.queue} <= pids


def test_errors_come_back_typed(pool: QueryPool) -> None:
    with pytest.raises(MalformedQuery, match="malformed"):
        pool.run(job("SELECT nonsense"), 10)
    assert pool.run(job("ASK {}"), 10)[1].endswith(b"true}")


def test_timeout_kills_the_worker_and_a_new_one_takes_over(pool: QueryPool) -> None:
    pool.run(job("ASK {}"), 10)
    pid = pool._idle.queue[-1].proc.pid
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        pool.run(job(SLOW), 0.5)
    assert time.monotonic() - started < 1.5
    time.sleep(0.05)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone: the work really stopped
    assert b"true" in pool.run(job("ASK {}"), 10)[1]


def test_a_dead_worker_is_replaced(pool: QueryPool) -> None:
    pool.run(job("ASK {}"), 10)
    worker = pool._idle.queue[-1]
    os.kill(worker.proc.pid, signal.SIGKILL)
    worker.proc.wait()
    with pytest.raises(ServerFault, match="worker"):
        pool.run(job("ASK {}"), 10)
    assert b"true" in pool.run(job("ASK {}"), 10)[1]


def test_busy_when_every_worker_is_taken(store_dir: Path) -> None:
    pool = QueryPool(store_dir, size=1)
    try:
        pool.run(job("ASK {}"), 10)
        errors: list[Exception] = []

        def slow() -> None:
            try:
                pool.run(job(SLOW), 2)
            except QueryTimeout as err:
                errors.append(err)

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.2)
        with pytest.raises(Busy):
            pool.run(job("ASK {}"), 0.3)
        thread.join()
        assert errors
    finally:
        pool.close()
