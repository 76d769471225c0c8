"""Dumps are exported in the background; a request never gets half a file or waits long."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import pytest
from endpoint_support import BASE, TOKEN, http

import endpoint.dataset
from endpoint.server import BackgroundServer
from graph.store import Store

NEW = BASE + "id/agency/dump-neu"


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Exports block until the test opens the gate (the server runs in this process)."""
    opened = threading.Event()
    real_export = Store.export

    def slow_export(self: Store, out: IO[bytes], fmt: str, **kwargs: object) -> None:
        assert opened.wait(30), "the test never opened the gate"
        real_export(self, out, fmt, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "export", slow_export)
    yield opened
    opened.set()


def _insert(url: str) -> None:
    update = f"INSERT DATA {{ GRAPH <{BASE}graph/article/neu> {{ <{NEW}> a <{BASE}x> }} }}"
    reply = http(
        "POST",
        url + "/update",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"},
        body=update.encode(),
    )
    assert reply.status == 204


def _subjects(body: bytes) -> set[str]:
    return {q.subject.value for q in ox.parse(gzip.decompress(body), ox.RdfFormat.N_QUADS)}


def test_the_last_complete_dump_is_served_while_the_next_is_exported(
    writable_server: BackgroundServer, gate: threading.Event, tmp_path: Path
) -> None:
    url = writable_server.url + "/dumps/amtsgraph.nq.gz"
    gate.set()
    first = http("GET", url)
    assert first.status == 200 and NEW not in _subjects(first.body)
    old_generation = first.headers["X-Amtsgraph-Dump-Generation"]

    gate.clear()
    _insert(writable_server.url)
    started = time.monotonic()
    during = http("GET", url)  # the new export is blocked: the old dump comes at once
    assert time.monotonic() - started < 10
    assert during.status == 200
    assert during.headers["X-Amtsgraph-Dump-Generation"] == old_generation
    assert _subjects(during.body) == _subjects(first.body)

    gate.set()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        after = http("GET", url)
        if after.headers["X-Amtsgraph-Dump-Generation"] != old_generation:
            break
        time.sleep(0.1)
    assert NEW in _subjects(after.body)
    dumps = list((tmp_path / "dumps").glob("*-amtsgraph.nq.gz"))
    assert [p.name.split("-", 1)[0] for p in dumps] == [
        after.headers["X-Amtsgraph-Dump-Generation"]
    ]  # the superseded dump is gone


def test_without_any_dump_yet_a_request_is_told_to_retry(
    writable_server: BackgroundServer, gate: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(endpoint.dataset, "FIRST_DUMP_WAIT", 0.2)
    reply = http("GET", writable_server.url + "/dumps/amtsgraph.ttl.gz")
    assert reply.status == 503 and reply.headers["Retry-After"]
    assert "being prepared" in reply.text
    gate.set()
    deadline = time.monotonic() + 20
    while (reply := http("GET", writable_server.url + "/dumps/amtsgraph.ttl.gz")).status != 200:
        assert time.monotonic() < deadline, "the background export never finished"
        time.sleep(0.1)
    assert gzip.decompress(reply.body).startswith(b"@prefix")
