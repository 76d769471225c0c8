"""Every IRI the graph mints dereferences: subjects, objects, graph names, ontology terms."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest

from endpoint.iris import IriMap
from endpoint.server import BackgroundServer
from endpoint.settings import Settings
from graph.assets import examples_dir
from graph.pipeline import build
from graph.store import Store
from graph.vocab import AG, DEFAULT_BASE, ONTOLOGY_IRI


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("examples") / "store"
    with Store(path) as store:
        build([examples_dir()], store, workers=1)
    return path


@pytest.fixture(scope="module")
def minted(examples_store: Path) -> dict[str, set[str]]:
    """The IRIs under the base (and the ontology's), by where they occur."""
    found: dict[str, set[str]] = {"subject": set(), "object": set(), "graph": set(), "term": set()}
    with Store(examples_store, read_only=True) as store:
        for quad in store.quads():
            for kind, term in (
                ("subject", quad.subject),
                ("object", quad.object),
                ("graph", quad.graph_name),
            ):
                if isinstance(term, ox.NamedNode):
                    if term.value.startswith(AG) or term.value == ONTOLOGY_IRI:
                        found["term"].add(term.value)
                    elif term.value.startswith(DEFAULT_BASE):
                        found[kind].add(term.value)
    return found


@pytest.fixture(scope="module")
def connection(
    examples_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[http.client.HTTPConnection]:
    settings = Settings(store=examples_store, dump_cache=tmp_path_factory.mktemp("dumps"))
    with BackgroundServer(settings) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        yield connection
        connection.close()


def _get(connection: http.client.HTTPConnection, path: str, accept: str) -> tuple[int, bytes]:
    """GET, following one 303 See Other (the base IRI names the dataset: its VoID)."""
    connection.request("GET", path, headers={"Accept": accept})
    response = connection.getresponse()
    body = response.read()
    location = response.getheader("Location")
    if response.status == 303 and location:
        return _get(connection, urlsplit(location).path, accept)
    return response.status, body


def _failures(
    connection: http.client.HTTPConnection, iris: set[str], accept: str
) -> list[tuple[str, int]]:
    iri_map = IriMap(DEFAULT_BASE)
    failed = []
    for iri in sorted(iris):
        path = iri_map.local_path(iri)
        assert path is not None, iri
        status, _ = _get(connection, path, accept)
        if status != 200:
            failed.append((iri, status))
    return failed


def test_the_examples_mint_every_kind_of_iri(minted: dict[str, set[str]]) -> None:
    kinds = {urlsplit(iri).path.split("/")[2] for iri in minted["subject"]}
    assert {"id", "graph"} <= kinds
    id_kinds = {iri.split("/id/")[1].split("/")[0] for iri in minted["subject"] if "/id/" in iri}
    assert {"agency", "account", "platform", "region", "article"} <= id_kinds
    assert minted["graph"] and minted["term"]


@pytest.mark.parametrize("accept", ["text/turtle", "text/html"])
def test_every_minted_subject_dereferences(
    connection: http.client.HTTPConnection, minted: dict[str, set[str]], accept: str
) -> None:
    assert _failures(connection, minted["subject"], accept) == []


def test_every_minted_object_and_graph_name_dereferences(
    connection: http.client.HTTPConnection, minted: dict[str, set[str]]
) -> None:
    iris = (minted["object"] | minted["graph"]) - minted["subject"]
    assert _failures(connection, iris, "text/turtle") == []


def test_every_ontology_term_has_its_anchor(
    connection: http.client.HTTPConnection, minted: dict[str, set[str]]
) -> None:
    status, body = _get(connection, "/ontology", "text/html")
    assert status == 200
    anchors = set(re.findall(r'id="([^"]+)"', body.decode("utf-8")))
    terms = {iri[len(AG) :] for iri in minted["term"] if iri.startswith(AG)}
    assert terms and terms <= anchors, sorted(terms - anchors)[:10]
    status, _ = _get(connection, "/ontology", "text/turtle")
    assert status == 200


@pytest.mark.parametrize(
    "path", ["/id/agency/gibt-es-nicht", "/graph/article/gibt-es-nicht", "/id/nichts"]
)
def test_unknown_iris_are_404(connection: http.client.HTTPConnection, path: str) -> None:
    for accept in ("text/turtle", "text/html"):
        assert _get(connection, path, accept)[0] == 404
