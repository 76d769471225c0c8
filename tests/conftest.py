"""Shared fixtures: the seeds (read from ../shared/seeds, never copied), a store built from
them on disk, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.lexicon import Lexicon, load
from graph.pipeline import build
from graph.store import Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = (REPO.parent / "shared" / "seeds").resolve()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"{SEEDS} missing: tests need ../shared/seeds beside the repository")
    return SEEDS


@pytest.fixture(scope="session")
def lex() -> Lexicon:
    return load()


@pytest.fixture(scope="session")
def seed_store_path(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "store"
    with Store(path) as store:
        report = build([seeds_dir], store, workers=1)
    assert report.read == 5 and not report.skipped
    return path


@pytest.fixture()
def seed_store(seed_store_path: Path) -> Store:
    store = Store(seed_store_path, read_only=True)
    yield store
    store.close()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
