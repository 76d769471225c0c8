"""The command line: the public interface named in the build-pipeline issue."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.store import EXPORT_FORMATS


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    store = tmp_path_factory.mktemp("cli") / "kg"
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "articles read: 5" in result.output and "entities per class" in result.output
    return store


def test_query_with_predefined_prefixes(runner: CliRunner, built: Path) -> None:
    r = runner.invoke(
        cli,
        ["query", "SELECT ?a ?l WHERE { ?a a ?t ; rdfs:label ?l } LIMIT 10", "--store", str(built)],
    )
    assert r.exit_code == 0 and len(r.output.splitlines()) == 11


@pytest.mark.parametrize("fmt", ["nq", "trig", "ttl", "nt", "jsonld"])
def test_export_formats_parse(runner: CliRunner, built: Path, fmt: str) -> None:
    r = runner.invoke(cli, ["export", "--store", str(built), "--format", fmt])
    assert r.exit_code == 0
    quads = list(ox.parse(r.stdout_bytes, format=EXPORT_FORMATS[fmt]))
    assert len(quads) > 1000
    named = {q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    if fmt in ("nq", "trig", "jsonld"):
        assert len(named) >= 5  # datasets keep the named graphs
    else:
        assert not named  # triple formats get the union


def test_stats(runner: CliRunner, built: Path) -> None:
    r = runner.invoke(cli, ["stats", "--store", str(built), "--json"])
    data = json.loads(r.output)
    assert data["classes"]["PoliceAgency"] >= 10 and data["triples"] > 5000
    assert sum(1 for g in data["graphs"] if "/graph/article/" in g) == 5


def test_malformed_query_is_one_line(runner: CliRunner, built: Path) -> None:
    r = runner.invoke(cli, ["query", "SELEC ?x WHERE {", "--store", str(built)])
    assert r.exit_code == 2
    assert "malformed SPARQL query" in r.output and "Traceback" not in r.output


def test_missing_store_is_explained(runner: CliRunner, tmp_path: Path) -> None:
    r = runner.invoke(cli, ["stats", "--store", str(tmp_path / "none")])
    assert r.exit_code == 2 and "run `amtsgraph build` first" in r.output


def test_nothing_readable_exits_nonzero(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    r = runner.invoke(cli, ["build", str(tmp_path), "--store", str(tmp_path / "s")])
    assert r.exit_code == 2 and "empty file" in r.output


def test_default_build_uses_examples(runner: CliRunner, tmp_path: Path) -> None:
    r = runner.invoke(cli, ["build", "--store", str(tmp_path / "s")])
    assert r.exit_code == 0, r.output
    assert "articles read: 12" in r.output


def test_a_bug_is_one_line_with_exit_3(
    runner: CliRunner, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception (a bug, not bad input) is named in one line, no traceback."""

    def broken(self: object, *args: object, **kwargs: object) -> None:
        raise KeyError("instagram")

    monkeypatch.delenv("AMTSGRAPH_DEBUG", raising=False)
    monkeypatch.setattr("graph.store.Store.query", broken)
    r = runner.invoke(cli, ["stats", "--store", str(built)])
    assert r.exit_code == 3
    assert "internal error (KeyError: 'instagram')" in r.output
    assert "Traceback" not in r.output
