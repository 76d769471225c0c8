"""Stage 4: validation against the SHACL shapes in ``shapes/``, in the context of the store.

A *unit* is what is validated and stored together: one article graph in a build, one file in
``validate``/``import``. Each unit is checked in two parts:

1. **Core SHACL** (pySHACL, the reference) on a small graph: the unit's own triples, plus the
   types of the nodes it points to (from the other units and from the store) and the
   ontology's class hierarchy. Only results about the unit's *own* nodes (the subjects of its
   triples) are kept. Without the context types, ``sh:class`` gives false violations; without
   keeping only the own nodes, the context nodes give false ``sh:minCount`` results. (pySHACL's
   ``focus_nodes`` option is not used for this: it also filters the value nodes of nested
   shapes, so ``sh:node``/``sh:or``/``sh:not`` on a literal would always pass.)
   pySHACL's set-up of the shapes is made once per process and reused.
2. **SPARQL-based constraints** (``sh:sparql`` in the shapes) are not run inside pySHACL,
   where they are evaluated once per focus node, but as one SELECT each, with ``$this`` left
   free, on a small Oxigraph *stage*: the units' triples for the predicates those queries
   use, plus the store's triples for the same predicates within two hops of the units' nodes
   (see ``graph.validation_context``: first with some source of each stored value, then,
   where a finding is possible, with the first sources). Conflicts across articles are found
   here, and the result names both graphs.

A unit with a Violation is refused; Warnings and Infos are reported and the data stored.
In a build, part 1 runs in worker processes (``graph.validation_build``).
``validate_store`` checks a whole store the same way, a chunk of nodes at a time, with all
their triples from every stated graph (the union, as plain pySHACL on the whole graph sees it).

Literals are validated as the store will hold them: Oxigraph stores every integer-derived
datatype (``xsd:nonNegativeInteger``, ``xsd:int``...) as ``xsd:integer``, so the shapes say
``xsd:integer`` with ``sh:minInclusive 0`` and the data are read the same way here.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
import pyshacl
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from graph.store import Store
from graph.validation_context import (
    run_checks,
    sparql_results,
    stored_types,
    text,
    to_rdflib,
)
from graph.validation_report import SH, Report, Result
from graph.validation_shapes import (
    RDF_TYPE,
    Shapes,
    SparqlCheck,
    load_shapes,
    ontology_hierarchy,
    ontology_types,
    subclasses,
)

__all__ = [  # the shapes' part is used from here by the other stages and the tests
    "Shapes",
    "SparqlCheck",
    "load_shapes",
    "ontology_hierarchy",
    "ontology_types",
    "subclasses",
]
_CHUNK = 2000


@dataclass
class Unit:
    """Triples validated and stored together: one article graph, or one imported file."""

    graph: str
    triples: list[ox.Triple]
    source: str = ""
    report: Report = field(default_factory=Report)
    where: Callable[[Result], str | None] | None = None  # file:line of a result's triple

    def focus(self) -> set[str]:
        """The unit's own nodes: the subjects of its triples (typed or not: a shape may
        target subjects of a predicate)."""
        return {_key(t.subject) for t in self.triples}

    def typed(self) -> set[str]:
        """The IRIs the unit gives a type to."""
        return {
            t.subject.value
            for t in self.triples
            if t.predicate.value == RDF_TYPE and isinstance(t.subject, ox.NamedNode)
        }


# -- part 1: core SHACL on a small graph ----------------------------------------------------
def validate_core(
    triples: Iterable[ox.Triple],
    context_types: Mapping[str, Iterable[str]],
    focus: Collection[str],
    shapes: Shapes | None = None,
) -> list[Result]:
    """pySHACL on the triples plus context types; the results about ``focus`` nodes."""
    if not focus:
        return []
    shapes = shapes or load_shapes()
    g = Graph()
    quiet = logging.getLogger("rdflib.term")  # ill-typed literals are findings, not log noise
    level, quiet.disabled = quiet.disabled, True
    try:
        for t in triples:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    finally:
        quiet.disabled = level
    for triple in ontology_hierarchy():
        g.add(triple)
    for iri, types in context_types.items():
        for cls in types:
            g.add((URIRef(iri), RDF.type, URIRef(cls)))
    validator = pyshacl.Validator(
        DataGraph.from_rdflib(g),
        shacl_graph=shapes.core,
        options={"inplace": True, "allow_warnings": True, "allow_infos": True},
    )
    validator.shacl_graph = _shapes_graph(shapes.core)  # parsed shapes, once per process
    _, report, _ = validator.run()
    return [r for r in results_of(report) if r.focus in focus]  # type: ignore[arg-type]


@cache
def _shapes_graph(core: Graph) -> ShapesGraph:
    """pySHACL's view of the shapes, with every shape and its constraints read. Built once
    per process and reused for each unit (``pyshacl.validate`` builds it per call, about a
    fifth of the time on an article); it holds no state about a data graph."""
    shapes_graph = ShapesGraph(core)
    list(shapes_graph.shapes)
    return shapes_graph


def results_of(report: Graph) -> Iterator[Result]:
    """Results of a pySHACL report graph."""
    for node in report.subjects(RDF.type, SH.ValidationResult):
        value = report.value(node, SH.value)
        path = report.value(node, SH.resultPath)
        yield Result(
            severity=str(report.value(node, SH.resultSeverity)).rpartition("#")[2],
            focus=_node_text(report.value(node, SH.focusNode)),
            shape=_node_text(report.value(node, SH.sourceShape)),
            component=str(report.value(node, SH.sourceConstraintComponent)),
            messages=tuple(
                sorted(
                    (m.language or "en", str(m))
                    for m in report.objects(node, SH.resultMessage)
                    if isinstance(m, Literal)
                )
            ),
            path=str(path) if isinstance(path, URIRef) else None,
            value=text(value),
            value_term=value,
        )


def _key(term: object) -> str:
    """An Oxigraph subject as results name it: an IRI, or ``_:id`` for a blank node."""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)  # type: ignore[attr-defined]


def _node_text(term: object) -> str:
    """IRIs as they are; blank nodes as ``_:id`` (as ``Unit.focus`` names them)."""
    return str(term) if isinstance(term, URIRef | Literal) else f"_:{term}"


# -- units ------------------------------------------------------------------------------------
def context_types(
    units: list[Unit],
    store: Store | None,
    context: Iterable[ox.Triple | ox.Quad] = (),
    skip: Collection[str] = frozenset(),
) -> dict[str, set[str]]:
    """Types of every IRI the units point to, from the units, the context, the ontology's
    individuals and the store."""
    typed: dict[str, set[str]] = defaultdict(set)
    for t in (*context, *(t for unit in units for t in unit.triples)):
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            typed[text(t.subject) or ""].add(t.object.value)
    referenced = {
        t.object.value
        for unit in units
        for t in unit.triples
        if isinstance(t.object, ox.NamedNode) and t.predicate.value != RDF_TYPE
    }
    individuals = ontology_types()
    for iri in referenced & individuals.keys():
        typed[iri] |= individuals[iri]
    # Only the nodes the units leave untyped are looked up: an article graph types what it
    # names, and the hubs (platforms, states) are typed in thousands of graphs.
    untyped = {iri for iri in referenced if not typed.get(iri)}
    for iri, types in stored_types(store, untyped, skip).items():
        typed[iri] |= types
    return typed


@dataclass(frozen=True)
class CoreCheck:
    """The core part of a unit's validation done ahead (by a build's worker, see
    ``graph.validation_build``): the results, and the context types they were found with."""

    results: tuple[Result, ...]
    around: dict[str, frozenset[str]]


def around(unit: Unit, typed: Mapping[str, Collection[str]]) -> dict[str, frozenset[str]]:
    """The context of a unit's core check: the types of the nodes it points to (not its own
    nodes, not through ``rdf:type``) that have one."""
    own = unit.focus()
    found: dict[str, frozenset[str]] = {}
    for t in unit.triples:
        o = t.object
        if (
            isinstance(o, ox.NamedNode)
            and o.value not in own
            and t.predicate.value != RDF_TYPE
            and typed.get(o.value)
        ):
            found[o.value] = frozenset(typed[o.value])
    return found


def validate_units(
    units: list[Unit],
    store: Store | None,
    *,
    shapes: Shapes | None = None,
    exclude: Collection[str] = frozenset(),
    context: Iterable[ox.Triple | ox.Quad] = (),
    done: Mapping[str, CoreCheck] | None = None,
) -> list[Unit]:
    """Validate each unit in the context of the store and of the other units; fills
    ``unit.report`` and returns the units. ``exclude``: stored graphs the units replace
    (their triples are not context); ``context``: triples about to be stored with them
    (reference data), for their types. ``done``: core checks made ahead, by unit graph;
    one is taken when it was made with the context types found here, else the unit is
    checked again (the same pySHACL call, so the results are the same either way)."""
    shapes = shapes or load_shapes()
    skip = _Skip(exclude)
    typed = context_types(units, store, context, skip)
    for unit in units:
        context_of = around(unit, typed)
        ahead = (done or {}).get(unit.graph)
        if ahead is not None and ahead.around == context_of:
            unit.report.extend(ahead.results)
        else:
            unit.report.extend(validate_core(unit.triples, context_of, unit.focus(), shapes))
    add_sparql_results(units, store, shapes, skip)
    for unit in units:
        if unit.where is not None:
            unit.report.results = [r.located(unit.where(r)) for r in unit.report.results]
    return units


def add_sparql_results(
    units: list[Unit], store: Store | None, shapes: Shapes, skip: Collection[str]
) -> None:
    """The SPARQL-based constraints over the units (refused ones too: their report should
    be complete) in the context of the store; each result goes to the units it names (or,
    naming no graph, to the units its focus node belongs to)."""
    if not shapes.checks or not units:
        return
    focus = set().union(*(u.focus() for u in units))
    by_graph = {u.graph: u for u in units}
    for result in sparql_results(units, store, shapes, focus, skip):
        involved = [by_graph[g] for g in result.graphs if g in by_graph]
        if not result.graphs:
            involved = [u for u in units if result.focus in u.focus()]
        for unit in involved:
            unit.report.results.append(result)


class _Skip:
    """Graphs left out of the context: the ones being replaced, and the inferred graphs
    (shapes describe stated data). A container, so that no graph list is read."""

    def __init__(self, exclude: Collection[str] = ()) -> None:
        self.exclude = set(exclude)

    def __contains__(self, graph: object) -> bool:
        return graph in self.exclude or "/graph/inferred" in str(graph)

    def __iter__(self) -> Iterator[str]:  # the graphs named; the inferred ones by pattern
        return iter(self.exclude)

    def __len__(self) -> int:
        return len(self.exclude)


def _inferred_graphs(store: Store | None) -> _Skip:
    return _Skip()


# -- a whole store --------------------------------------------------------------------------
def validate_store(store: Store, *, shapes: Shapes | None = None, chunk: int = _CHUNK) -> Report:
    """The whole store (its stated graphs, as one union graph) against the shapes: pySHACL
    on a chunk of nodes at a time, each with all its triples and the types of what it points
    to, then each SPARQL constraint once over the store."""
    shapes = shapes or load_shapes()
    skip = _inferred_graphs(store)
    report = Report()
    subjects = sorted(
        {
            _key(q.subject)
            for q in store.quads()
            if q.graph_name.value not in skip  # type: ignore[union-attr]
        }
    )
    for i in range(0, len(subjects), chunk):
        part = subjects[i : i + chunk]
        triples = _union_triples(store, part, skip)
        unit = Unit("", triples)
        typed = context_types([unit], store, skip=skip)
        own = set(part)
        around = {iri: types for iri, types in typed.items() if iri not in own}
        report.extend(validate_core(triples, around, own, shapes))
    if shapes.checks:
        report.extend(r for r in run_checks(store, shapes) if not _only_in(r, skip))
    return report


def _union_triples(store: Store, subjects: list[str], skip: Collection[str]) -> list[ox.Triple]:
    seen: dict[ox.Triple, None] = {}
    for s in subjects:
        node = ox.BlankNode(s[2:]) if s.startswith("_:") else ox.NamedNode(s)
        for q in store.quads_for(node, None):  # type: ignore[arg-type]
            if q.graph_name.value not in skip:  # type: ignore[union-attr]
                seen[q.triple] = None
    return list(seen)


def _only_in(result: Result, skip: Collection[str]) -> bool:
    return bool(result.graphs) and all(g in skip for g in result.graphs)
