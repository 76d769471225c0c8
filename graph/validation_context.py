"""The store as context of a validation, and the SPARQL-based constraints run as SELECTs.

Everything here reads the store by *index lookups* (``quads_for_pattern`` with the subject
and predicate bound), never by a SPARQL join: Oxigraph evaluates ``VALUES ?s {...} ?s a ?t``
over the union default graph by scanning every ``rdf:type`` triple (2-3 s on 10,000 articles),
while a lookup per node costs microseconds. Hubs (a platform typed in thousands of article
graphs) are read once per lookup and deduplicated here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from graph.store import Store
from graph.validation_report import SH, Result

if TYPE_CHECKING:
    from graph.validation import Shapes, Unit

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TYPE = ox.NamedNode(RDF_TYPE)
_MENTIONED_IN = "https://w3id.org/amtsgraph/ontology#mentionedIn"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
_INTEGERS = frozenset(
    _XSD + t
    for t in [
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)
_VAR = re.compile(r"\{[?$](\w+)\}")
_GRAPH_VARS = ("graph", "otherGraph")
_CHUNK = 2000


# -- terms ---------------------------------------------------------------------------------
def to_rdflib(term: object) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:  # rdflib tells "x" and "x"^^xsd:string apart
        return Literal(term.value)
    if datatype in _INTEGERS:  # as Oxigraph will store it (see graph.validation)
        datatype = _XSD + "integer"
    return Literal(term.value, datatype=URIRef(datatype))


def text(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, ox.Literal | ox.NamedNode | ox.BlankNode):
        return str(term.value)
    return str(term)


# -- the store as context --------------------------------------------------------------------
def _graph_filter(skip: Collection[str]) -> str:
    left_out = [g for g in getattr(skip, "exclude", skip) if "/graph/inferred" not in g]
    graph_filter = 'FILTER (!CONTAINS(STR(?g), "/graph/inferred"))'
    if left_out and len(left_out) <= _CHUNK:
        graph_filter += " FILTER (?g NOT IN (" + ", ".join(f"<{g}>" for g in left_out) + "))"
    return graph_filter


def stored_types(
    store: Store | None, iris: Iterable[str], skip: Collection[str] = frozenset()
) -> dict[str, set[str]]:
    """Types the store gives to the IRIs, in any graph but those in ``skip``. One small
    query per IRI: Oxigraph deduplicates a node's type triples in Rust."""
    types: dict[str, set[str]] = defaultdict(set)
    if store is None:
        return types
    graph_filter = _graph_filter(skip)
    for iri in sorted(set(iris)):
        rows = store.query(
            f"SELECT DISTINCT ?t WHERE {{ GRAPH ?g {{ <{iri}> a ?t }} {graph_filter} }}",
            union_default_graph=False,
        )
        types[iri] |= {r["t"].value for r in rows}
    return types


def _stored_quads(
    store: Store, subjects: Iterable[str], predicates: Iterable[str], skip: Collection[str]
) -> list[ox.Quad]:
    """For each subject, predicate and value in the store: the value with the *first* graph
    (by IRI) that states it. A node named in thousands of articles gives one quad per value,
    and the conflict checks, which name the first source of each value, see the same."""
    graph_filter = _graph_filter(skip)
    found: list[ox.Quad] = []
    for s in sorted(set(subjects)):
        node = ox.NamedNode(s)
        for p in sorted(predicates):
            rows = store.query(
                f"SELECT ?o (MIN(STR(?g)) AS ?first) WHERE {{ GRAPH ?g {{ <{s}> <{p}> ?o }} "
                f"{graph_filter} }} GROUP BY ?o",
                union_default_graph=False,
            )
            pred = ox.NamedNode(p)
            found += [
                ox.Quad(node, pred, r["o"], ox.NamedNode(r["first"].value))
                for r in rows
                if r["o"] is not None
            ]
    return found


def build_stage(
    units: Iterable[Unit], store: Store | None, shapes: Shapes, *, skip: Collection[str] = ()
) -> ox.Store:
    """An in-memory store with what the SPARQL checks read: the units' triples for their
    predicates; and, for each check, the stored triples for the predicates its query names
    about the units' nodes it targets and about the nodes those point to (two hops).
    ``skip``: stored graphs left out (the ones the units replace, the inferred graphs).

    Going by each query's own predicates (one quad per stored value) keeps the hubs out:
    an account named in thousands of articles has thousands of ``ag:mentionedIn`` triples,
    which only the observation checks read (for observations, which belong to one article)."""
    stage = ox.Store()
    units = list(units)
    typed: dict[str, set[str]] = defaultdict(set)
    quads = []
    for unit in units:
        g = ox.NamedNode(unit.graph)
        t: Any
        for t in unit.triples:
            if t.predicate.value in shapes.predicates:
                quads.append(ox.Quad(t.subject, t.predicate, t.object, g))
                if t.predicate.value == RDF_TYPE and isinstance(t.subject, ox.NamedNode):
                    typed[t.subject.value].add(t.object.value)
    stage.extend(quads)
    if store is None:
        return stage
    links: dict[str, set[str]] = defaultdict(set)  # subject -> objects, in the units
    for unit in units:
        for t in unit.triples:
            if isinstance(t.object, ox.NamedNode) and t.predicate.value != RDF_TYPE:
                links[text(t.subject) or ""].add(t.object.value)
    for check in shapes.checks:
        seeds = {s for s, types in typed.items() if types & check.targets}
        if not seeds:
            continue
        data = check.predicates - {RDF_TYPE}
        found = _stored_quads(store, seeds, data, skip)
        stage.extend(found)
        onward = {q.object.value for q in found if isinstance(q.object, ox.NamedNode)}
        onward |= {o for s in seeds for o in links.get(s, ())}
        stage.extend(_stored_quads(store, onward - seeds, data - {_MENTIONED_IN}, skip))
    return stage


# -- SPARQL-based constraints as single SELECTs ---------------------------------------------
def run_checks(
    stage: ox.Store | Store, shapes: Shapes, focus: set[str] | None = None
) -> list[Result]:
    """Each SPARQL constraint once over the stage (or a whole store); ``focus`` keeps the
    results about those nodes. Equivalent to pySHACL's per-focus-node evaluation of the same
    ``sh:select`` with ``$this`` pre-bound, as the tests check."""
    results: list[Result] = []
    for check in shapes.checks:
        query = check.query
        if focus is not None and len(focus) <= _CHUNK:  # bind $this first: a cheap join
            values = "VALUES $this { " + " ".join(f"<{f}>" for f in sorted(focus)) + " }"
            where = re.search(r"WHERE\s*\{", query)
            if where:
                query = f"{query[: where.end()]}\n{values}\n{query[where.end() :]}"
        if isinstance(stage, Store):
            solutions = stage.query(query)
        else:
            solutions = stage.query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions), check.shape
        names = [v.value for v in solutions.variables]
        for row in solutions:
            bound = {n: row[n] for n in names if row[n] is not None}
            this = text(bound.get("this"))
            if this is None or (focus is not None and this not in focus):
                continue
            if check.targets and not _typed(stage, bound["this"], check.targets):
                continue

            def fill(m: re.Match[str], bound: dict[str, object] = bound) -> str:
                return text(bound.get(m.group(1))) or ""

            value = bound.get("value")
            results.append(
                Result(
                    severity=check.severity,
                    focus=this,
                    shape=check.shape,
                    component=str(SH.SPARQLConstraintComponent),
                    messages=tuple((lang, _VAR.sub(fill, t)) for lang, t in check.messages),
                    path=text(bound.get("path")),
                    value=text(value),
                    value_term=to_rdflib(value) if value is not None else None,
                    graphs=tuple(text(bound[g]) or "" for g in _GRAPH_VARS if g in bound),
                )
            )
    return list(dict.fromkeys(results))


def _typed(stage: ox.Store | Store, node: object, classes: Collection[str]) -> bool:
    """Is the node a target of the check (an instance of one of its classes)?"""
    if isinstance(stage, Store):
        quads = stage.quads_for(node, _TYPE)  # type: ignore[arg-type]
    else:
        quads = stage.quads_for_pattern(node, _TYPE, None, None)  # type: ignore[arg-type]
    return any(q.object.value in classes for q in quads)  # type: ignore[union-attr]
