"""A tiny store per test: an ontology and a few article graphs, reasoned by the production path."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from graph.reasoning import Layout, ReasoningReport, materialise
from graph.store import Store

BASE = "https://w3id.org/amtsgraph/"
PREFIXES = """
@prefix ag: <https://w3id.org/amtsgraph/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://w3id.org/amtsgraph/id/> .
"""
LAYOUT = Layout(BASE)


def graph_name(name: str) -> str:
    return f"{BASE}graph/{name}"


def parse(turtle: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(PREFIXES + turtle, format=ox.RdfFormat.TURTLE)]


Reason = Callable[..., tuple[Store, ReasoningReport]]


@pytest.fixture
def reason() -> Reason:
    """reason(ontology_turtle, article_name=turtle, ...) -> (store, report)."""

    def run(ontology: str, **articles: str) -> tuple[Store, ReasoningReport]:
        store = Store()
        graphs = {graph_name("ontology"): parse(ontology)}
        graphs |= {graph_name(f"article/{k}"): parse(v) for k, v in articles.items()}
        store.replace_graphs(graphs)
        return store, materialise(store, base=BASE)

    return run


def has(store: Store, turtle_triple: str, *, inferred_only: bool = True) -> bool:
    where = f"GRAPH ?g {{ {turtle_triple} }}"
    if inferred_only:
        where += f' FILTER(STRSTARTS(STR(?g), "{LAYOUT.prefix}"))'
    q = PREFIXES.replace("@prefix", "PREFIX").replace(" .\n", "\n") + f"ASK {{ {where} }}"
    return bool(store.query(q))
