"""Validation: the per-unit path against plain pySHACL (the reference), conflicts across
articles, and the build's refusal of violating articles."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph.store import Store
from graph.validation import (
    Unit,
    context_types,
    load_shapes,
    ontology_hierarchy,
    results_of,
    validate_units,
)
from graph.validation_context import to_rdflib
from graph.vocab import GraphNames

NAMES = GraphNames()
AG = "https://w3id.org/amtsgraph/ontology#"
ID = "https://w3id.org/amtsgraph/id/"

# Invented data with deliberate violations, some of them inside nested shapes (sh:node on a
# literal date, sh:or on the holder), which pySHACL's focus_nodes option would not see.
BROKEN = f"""
@prefix ag: <{AG}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{ID}account/x/testamt> a ag:Account ;
    rdfs:label "Testamt auf X"@de ;
    ag:onPlatform <{ID}platform/x> ;
    ag:accountHolder <{ID}place/nowhere> ;
    ag:startDate "im Frühling" ;
    ag:isPlanned "vielleicht" .
<{ID}platform/x> a ag:Platform ; rdfs:label "X"@de .
<{ID}place/nowhere> a ag:City ; rdfs:label "Nirgendwo"@de .
<{ID}observation/testamt/followers/2099> a ag:Observation ;
    ag:observedEntity <{ID}account/x/testamt> ;
    ag:value -5 ;
    ag:observationDate "2099"^^xsd:gYear .
"""


def _key(r: object) -> tuple[object, ...]:
    return (r.severity, r.focus, r.shape, r.component, r.path, r.value)  # type: ignore[attr-defined]


def _triples(turtle: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)]


def _reference(
    triples: list[ox.Triple], own: set[str], store: Store | None = None
) -> set[tuple[object, ...]]:
    """Plain pySHACL on the same data graph (the unit, the types of what it points to, the
    class hierarchy), with the full shapes; the results about the unit's own nodes."""
    g = Graph()
    for iri, types in context_types([Unit("", triples)], store).items():
        if iri not in own:
            for cls in types:
                g.add((URIRef(iri), RDF.type, URIRef(cls)))
    for t in triples:
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    for t in ontology_hierarchy():
        g.add(t)
    _, report, _ = pyshacl.validate(
        g, shacl_graph=load_shapes().core, allow_warnings=True, allow_infos=True
    )
    return {_key(r) for r in results_of(report) if r.focus in own}  # type: ignore[arg-type]


def test_per_unit_path_equals_plain_pyshacl_on_violations() -> None:
    triples = _triples(BROKEN)
    unit = Unit(NAMES.import_("broken"), triples)
    validate_units([unit], None)
    core = {_key(r) for r in unit.report.results if "SPARQL" not in r.component}
    assert core == _reference(triples, unit.focus())
    components = {r.component.rpartition("#")[2] for r in unit.report.results}
    # nested shapes are checked: the date literal (sh:node) and the holder (sh:or)
    assert {"NodeConstraintComponent", "OrConstraintComponent"} <= components
    assert "DatatypeConstraintComponent" in components
    assert not unit.report.conforms


def test_per_unit_path_equals_plain_pyshacl_on_seed_articles(seed_store: Store) -> None:
    graphs = [g for g in seed_store.graphs() if NAMES.is_article_graph(g)]
    assert len(graphs) == 5
    for graph in graphs:
        triples = [q.triple for q in seed_store.quads(graph)]
        unit = Unit(graph, triples)
        validate_units([unit], seed_store, exclude={graph})
        core = {_key(r) for r in unit.report.results if "SPARQL" not in r.component}
        assert core == _reference(triples, unit.focus(), seed_store), graph


def test_vendor_postal_code_conflict_names_both_articles(seed_store_path: Path) -> None:
    reports = {
        p.stem: p.read_text(encoding="utf-8") for p in (seed_store_path / "reports").glob("*.txt")
    }
    conflicts = [
        text
        for text in reports.values()
        if "govconnect" in text and "Conflict: postal code" in text
    ]
    assert conflicts
    text = conflicts[0]
    assert "30169" in text and "30163" in text
    assert text.count("graph/article/") >= 2
    sources = [line for line in text.splitlines() if line.strip().startswith("sources:")]
    assert any(line.count("graph/article/") == 2 for line in sources)


def test_seeds_build_without_violations(seed_store_path: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in (seed_store_path / "reports").glob("*.txt")]
    assert texts
    assert all(t.startswith("conforms: true") for t in texts)


@pytest.mark.parametrize("date", ['"2099-01-01"^^xsd:date'])
def test_observation_after_its_article_is_refused(date: str) -> None:
    turtle = f"""
    @prefix ag: <{AG}> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <{ID}article/a> a ag:Article ; ag:datePublished "2017-12-07"^^xsd:date .
    <{ID}observation/o> a ag:Observation ; ag:mentionedIn <{ID}article/a> ;
        ag:observationDate {date} .
    """
    unit = Unit(NAMES.import_("late"), _triples(turtle))
    validate_units([unit], None)
    late = [r for r in unit.report.results if r.shape.endswith("ObservationDateShape")]
    assert late and late[0].severity == "Violation"
    assert late[0].focus == f"{ID}observation/o"
