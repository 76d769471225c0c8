"""The production path (compiled rules, graph by graph) infers what owlrl's OWL-RL closure
infers, on the seeds and on generated graphs, for both scopes (ag: only, and all vocabularies).

Ignored on owlrl's side: triples about blank nodes or literals, rdf:type to OWL/RDFS/XSD terms
(owl:Thing, owl:Class, datatypes), owl:sameAs reflexivity and other built-in bookkeeping; see
tests/reasoning/oracle.py.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.assets import ontology_dir
from graph.pipeline import build
from graph.reasoning import AG_ONLY, Layout, materialise
from graph.store import Store
from tests.reasoning.oracle import owlrl_inferred, production_inferred, stated_quads

LAYOUT = Layout()
AG = "https://w3id.org/amtsgraph/ontology#"
SCOPES = [pytest.param(AG_ONLY, id="ag-only"), pytest.param(None, id="all-vocabularies")]


@pytest.fixture(scope="module")
def seeds_built(seeds_dir: Path) -> Store:
    """The seeds built into a writable in-memory store (the build materialises, ag: scope)."""
    store = Store()
    build([seeds_dir], store)
    return store


@pytest.mark.slow
@pytest.mark.parametrize("scope", SCOPES)
def test_seeds_equal_owlrl(seeds_built: Store, scope: tuple[str, ...] | None) -> None:
    materialise(seeds_built, scope=scope)
    expected = owlrl_inferred(stated_quads(seeds_built, LAYOUT), scope)
    got = production_inferred(seeds_built, LAYOUT, scope)
    assert expected - got == set(), "missed"
    assert got - expected == set(), "inferred beyond owlrl"


def _ontology() -> list[ox.Triple]:
    return [
        q.triple
        for q in ox.parse(path=str(ontology_dir() / "amtsgraph.ttl"), format=ox.RdfFormat.TURTLE)
    ]


def _generated(seed: int) -> dict[str, list[ox.Triple]]:
    """Random individuals, types and object-property links over the real ontology, spread over
    three article graphs and a reference graph (so joins cross graphs). ag:onPlatform is left
    out: two platforms for one account make owlrl equate them (cls-maxc2 + eq-*), which the
    production path reports instead (tests/reasoning/test_rules.py::test_cls_maxc2)."""
    rng = random.Random(seed)
    onto = _ontology()
    classes = sorted(
        {
            t.subject.value
            for t in onto
            if t.object.value == "http://www.w3.org/2002/07/owl#Class"
            and t.subject.value.startswith(AG)
        }
    )
    props = sorted(
        {
            t.subject.value
            for t in onto
            if t.object.value == "http://www.w3.org/2002/07/owl#ObjectProperty"
        }
        - {AG + "onPlatform"}
    )
    people = [ox.NamedNode(f"{LAYOUT.names.base}id/x/{i}") for i in range(25)]
    graphs: dict[str, list[ox.Triple]] = {
        LAYOUT.names.ontology: onto,
        **{LAYOUT.names.article(f"g{i}"): [] for i in range(3)},
        LAYOUT.names.reference: [],
    }
    names = list(graphs)[1:]
    region = [ox.NamedNode(f"{LAYOUT.names.base}id/region/r{i}") for i in range(8)]
    for i in range(1, 8):  # a region tree in the reference graph, restated in articles
        edge = ox.Triple(region[i], ox.NamedNode(AG + "partOf"), region[(i - 1) // 2])
        graphs[LAYOUT.names.reference].append(edge)
    for _ in range(60):
        g = rng.choice(names)
        s = rng.choice(people)
        if rng.random() < 0.3:
            graphs[g].append(
                ox.Triple(
                    s,
                    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                    ox.NamedNode(rng.choice(classes)),
                )
            )
        else:
            o = rng.choice(people + region)
            graphs[g].append(ox.Triple(s, ox.NamedNode(rng.choice(props)), o))
    return graphs


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("seed", range(6))
def test_generated_graphs_equal_owlrl(seed: int, scope: tuple[str, ...] | None) -> None:
    store = Store()
    store.replace_graphs(_generated(seed))
    materialise(store, scope=scope)
    expected = owlrl_inferred(stated_quads(store, LAYOUT), scope)
    got = production_inferred(store, LAYOUT, scope)
    assert expected - got == set(), "missed"
    assert got - expected == set(), "inferred beyond owlrl"
