"""The store's failure modes reach the user as StoreError/QueryError with a clear message."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import graph.store
from graph.errors import QueryError, StoreError
from graph.store import Store

G = "https://example.org/graph/a"


def _triple(value: str) -> ox.Triple:
    return ox.Triple(
        ox.NamedNode("https://example.org/s"),
        ox.NamedNode("https://example.org/p"),
        ox.Literal(value),
    )


def _small_store(path: Path) -> None:
    with Store(path) as store:
        store.replace_graphs({G: [_triple("o")]})


def _values(store: Store) -> set[str]:
    return {row["o"].value for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")}


def test_read_only_open_of_a_missing_store_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here; run `amtsgraph build`"):
        Store(tmp_path / "nothing", read_only=True)


def test_read_only_open_of_an_incomplete_database_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "store" / "oxigraph").mkdir(parents=True)  # folder, but no database in it
    with pytest.raises(StoreError, match=r"incomplete.*amtsgraph build") as info:
        Store(tmp_path / "store", read_only=True)
    assert str(tmp_path / "store") in str(info.value)


def test_read_only_open_of_a_corrupt_database_is_a_store_error(tmp_path: Path) -> None:
    _small_store(tmp_path / "store")
    generation = (tmp_path / "store" / "generation").read_text()
    (tmp_path / "store" / "snapshots" / generation / "CURRENT").write_text("not a manifest\n")
    with pytest.raises(StoreError, match=r"damaged.*rebuild"):
        Store(tmp_path / "store", read_only=True)


def test_second_writer_gets_a_store_error_about_the_lock(tmp_path: Path) -> None:
    _small_store(tmp_path / "store")
    with Store(tmp_path / "store"), pytest.raises(StoreError, match="writing it"):
        Store(tmp_path / "store")


def test_reader_opens_while_a_writer_holds_the_store(tmp_path: Path) -> None:
    _small_store(tmp_path / "store")
    with Store(tmp_path / "store"), Store(tmp_path / "store", read_only=True) as reader:
        assert reader.graphs() == [G]


@pytest.mark.parametrize("option", ["default_graph", "named_graphs"])
def test_a_bad_graph_iri_in_a_query_is_a_query_error(tmp_path: Path, option: str) -> None:
    _small_store(tmp_path / "store")
    with Store(tmp_path / "store", read_only=True) as store:
        with pytest.raises(QueryError, match="'not an iri' is not an absolute IRI"):
            store.query("SELECT * WHERE { ?s ?p ?o }", **{option: ["not an iri"]})
        rows = store.query("SELECT ?o WHERE { ?s ?p ?o }", **{option: [G]})
        assert option == "named_graphs" or [r["o"].value for r in rows] == ["o"]


def test_readers_see_a_write_session_whole_or_not_at_all(tmp_path: Path) -> None:
    """Commits inside one writer session stay invisible to readers until the writer closes."""
    path = tmp_path / "store"
    _small_store(path)
    writer = Store(path)
    writer.replace_graphs({G: [_triple("first")]})
    with Store(path, read_only=True) as reader:
        assert _values(reader) == {"o"} and not reader.is_stale()
    writer.replace_graphs({G + "2": [_triple("second")]})
    with Store(path, read_only=True) as reader:
        assert _values(reader) == {"o"}
        writer.close()
        assert reader.is_stale()
        assert _values(reader) == {"o"}  # an open handle keeps its snapshot
    with Store(path, read_only=True) as reader:
        assert _values(reader) == {"first", "second"}


def test_readers_never_open_the_database_the_writer_uses(tmp_path: Path) -> None:
    path = tmp_path / "store"
    _small_store(path)
    generation = (path / "generation").read_text()
    assert (path / "snapshots" / generation / "CURRENT").is_file()
    with Store(path) as writer:
        writer.replace_graphs({G: [_triple("new")]})
        # the writer's own database may hold anything now; a reader opens the snapshot
        with Store(path, read_only=True) as reader:
            assert _values(reader) == {"o"}


def test_superseded_snapshots_are_pruned_after_the_grace_period(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store"
    _small_store(path)
    with Store(path) as writer:
        writer.replace_graphs({G: [_triple("two")]})
    assert len(list((path / "snapshots").iterdir())) == 2  # the old one is in its grace time
    monkeypatch.setattr(graph.store, "SNAPSHOT_GRACE_SECONDS", 0.0)
    with Store(path) as writer:
        writer.replace_graphs({G: [_triple("three")]})
    assert [p.name for p in (path / "snapshots").iterdir()] == [(path / "generation").read_text()]
