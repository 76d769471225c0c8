"""The store's failure modes reach the user as StoreError/QueryError with a clear message."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import QueryError, StoreError
from graph.store import Store

G = "https://example.org/graph/a"


def _small_store(path: Path) -> None:
    with Store(path) as store:
        store.replace_graphs(
            {
                G: [
                    ox.Triple(
                        ox.NamedNode("https://example.org/s"),
                        ox.NamedNode("https://example.org/p"),
                        ox.Literal("o"),
                    )
                ]
            }
        )


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
    (tmp_path / "store" / "oxigraph" / "CURRENT").write_text("not a manifest name\n")
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
