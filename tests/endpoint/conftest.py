"""Fixtures: a real store on disk, a real server on loopback, HTTP helpers.

The read-only tests share one store and one server per session; tests that write get
their own (``fresh_store`` / ``writable_server``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from endpoint_support import TOKEN, load_fixture

from endpoint.server import BackgroundServer
from endpoint.settings import Settings


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store"
    load_fixture(path).close()
    return path


@pytest.fixture(scope="session")
def settings(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        store=store_dir,
        query_timeout=3.0,
        max_result_bytes=200_000,
        max_request_bytes=20_000,
        dump_cache=tmp_path_factory.mktemp("dumps"),
    )


@pytest.fixture(scope="session")
def server(settings: Settings) -> Iterator[BackgroundServer]:
    with BackgroundServer(settings) as running:
        yield running


@pytest.fixture(scope="session")
def url(server: BackgroundServer) -> str:
    return server.url


@pytest.fixture
def fresh_store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    load_fixture(path).close()
    return path


@pytest.fixture
def writable_server(fresh_store: Path, tmp_path: Path) -> Iterator[BackgroundServer]:
    settings = Settings(
        store=fresh_store, update_token=TOKEN, query_timeout=5.0, dump_cache=tmp_path / "dumps"
    )
    with BackgroundServer(settings) as running:
        yield running
