"""Stage 4: validation against the SHACL shapes in ``shapes/``, in the context of the store.

A *unit* is what is validated and stored together: one article graph in a build, one file in
``validate``/``import``. Each unit is checked in two parts:

1. **Core SHACL** (pySHACL) on a small graph: the unit's own triples, plus the types of the
   nodes it points to (from the other units and from the store) and the ontology's class
   hierarchy, with validation restricted to the unit's *own* focus nodes (nodes it types).
   Without the context types, ``sh:class`` gives false violations; without the focus
   restriction, the context nodes give false ``sh:minCount`` results.
2. **SPARQL-based constraints** (``sh:sparql`` in the shapes) are not run inside pySHACL,
   where they are evaluated once per focus node, but as one SELECT each, with ``$this`` left
   free, on a small Oxigraph *stage*: the units' triples for the predicates those queries
   use, plus the store's triples for the same predicates within two hops of the units' nodes.
   Conflicts across articles are found here, and the result names both graphs.

A unit with a Violation is refused; Warnings and Infos are reported and the data stored.

Literals are validated as the store will hold them: Oxigraph stores every integer-derived
datatype (``xsd:nonNegativeInteger``, ``xsd:int``...) as ``xsd:integer``, so the shapes say
``xsd:integer`` with ``sh:minInclusive 0`` and the data are read the same way here.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph.assets import ontology_dir, shapes_dir
from graph.errors import ConfigError
from graph.store import Store
from graph.validation_report import SH, Report, Result
from graph.vocab import GraphNames

RDF_TYPE = str(RDF.type)
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
_PREFIXED = re.compile(r"\b([a-z]+):(\w+)")
_IRI = re.compile(r"<([^<>\s]+)>")
_GRAPH_VARS = ("graph", "otherGraph")
_CHUNK = 2000


@dataclass(frozen=True)
class SparqlCheck:
    """A SPARQL-based constraint of one shape, run as a single SELECT."""

    shape: str
    severity: str
    messages: tuple[tuple[str, str], ...]
    query: str
    targets: frozenset[str]  # its target classes, with their subclasses


@dataclass(frozen=True)
class Shapes:
    core: Graph  # the shapes graph without the SPARQL-based shapes (pySHACL's part)
    full: Graph  # everything (what plain pySHACL would be given)
    checks: tuple[SparqlCheck, ...]
    predicates: frozenset[str]  # what the SPARQL checks read: the stage holds only these


@dataclass
class Unit:
    """Triples validated and stored together: one article graph, or one imported file."""

    graph: str
    triples: list[ox.Triple]
    source: str = ""
    report: Report = field(default_factory=Report)

    def focus(self) -> set[str]:
        """The unit's own focus nodes: the IRIs it gives a type to."""
        return {
            t.subject.value
            for t in self.triples
            if t.predicate.value == RDF_TYPE and isinstance(t.subject, ox.NamedNode)
        }


# -- assets ------------------------------------------------------------------------------
@cache
def ontology_hierarchy() -> tuple[tuple[URIRef, URIRef, URIRef], ...]:
    """rdf:type and rdfs:subClassOf triples of the ontology: the context every check needs."""
    g = Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        g.parse(path, format="turtle")
    return tuple(
        (s, p, o)  # type: ignore[misc]
        for p in (RDF.type, RDFS.subClassOf)
        for s, o in g.subject_objects(p)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    )


def subclasses(cls: str) -> set[str]:
    """``cls`` and every class below it in the ontology."""
    below: dict[str, set[str]] = defaultdict(set)
    for s, p, o in ontology_hierarchy():
        if p == RDFS.subClassOf:
            below[str(o)].add(str(s))
    found, todo = {cls}, [cls]
    while todo:
        for sub in below[todo.pop()] - found:
            found.add(sub)
            todo.append(sub)
    return found


@cache
def load_shapes(folder: Path | None = None) -> Shapes:
    """Read ``shapes/*.ttl``; the SPARQL-based shapes are split off to run as SELECTs."""
    folder = folder or shapes_dir()
    full = Graph()
    for path in sorted(folder.glob("*.ttl")):
        try:
            full.parse(path, format="turtle")
        except Exception as err:  # rdflib raises several unrelated types for bad Turtle
            raise ConfigError(f"{path}: not a usable shapes file: {err}") from err
    core = Graph()
    for prefix, ns in full.namespaces():
        core.bind(prefix, ns)
    dropped: set[object] = set()
    checks: list[SparqlCheck] = []
    for shape, constraint in full.subject_objects(SH.sparql):
        dropped |= {shape, constraint}
        checks.append(_check(full, shape, constraint))
    for triple in full:
        if triple[0] not in dropped:
            core.add(triple)
    predicates = {RDF_TYPE}
    for check in checks:
        predicates |= _predicates(check.query)
    return Shapes(core, full, tuple(checks), frozenset(predicates))


def _check(g: Graph, shape: Any, constraint: Any) -> SparqlCheck:
    select = g.value(constraint, SH.select)
    if select is None:
        raise ConfigError(f"shapes: {constraint} has sh:sparql without sh:select")
    prefixes = ""
    for decl_holder in g.objects(constraint, SH.prefixes):  # type: ignore[arg-type]
        for decl in g.objects(decl_holder, SH.declare):
            prefixes += f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>\n"
    severity = g.value(shape, SH.severity) or SH.Violation
    targets: set[str] = set()
    for cls in g.objects(shape, SH.targetClass):  # type: ignore[arg-type]
        targets |= subclasses(str(cls))
    messages = tuple(
        (m.language or "en", str(m))
        for m in g.objects(constraint, SH.message)  # type: ignore[arg-type]
        if isinstance(m, Literal)
    )
    return SparqlCheck(
        str(shape),
        str(severity).rpartition("#")[2],
        messages,
        prefixes + str(select),
        frozenset(targets),
    )


def _predicates(query: str) -> set[str]:
    """IRIs a query mentions (a superset of its predicates: enough to choose the stage)."""
    prefixes = dict(re.findall(r"PREFIX\s+(\w+):\s*<([^>]+)>", query))
    body = query.split("SELECT", 1)[-1]
    found = set(_IRI.findall(body))
    found |= {prefixes[p] + local for p, local in _PREFIXED.findall(body) if p in prefixes}
    return found


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
    if datatype in _INTEGERS:  # as Oxigraph will store it (see the module docstring)
        datatype = _XSD + "integer"
    return Literal(term.value, datatype=URIRef(datatype))


def _text(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal | Literal):
        return str(term) if isinstance(term, Literal) else term.value
    return str(term.value) if isinstance(term, ox.NamedNode | ox.BlankNode) else str(term)


def _value(term: Any) -> str:
    """The lexical value of a subject (never an RDF-star triple in this project)."""
    return str(term.value)


# -- part 1: core SHACL on a small graph ----------------------------------------------------
def validate_core(
    triples: Iterable[ox.Triple],
    context_types: Mapping[str, Iterable[str]],
    focus: Iterable[str],
    shapes: Shapes | None = None,
) -> list[Result]:
    """pySHACL on the triples plus context types, restricted to the given focus nodes."""
    focus = sorted(focus)
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
    _, report, _ = pyshacl.validate(
        g,
        shacl_graph=shapes.core,
        focus_nodes=[URIRef(f) for f in focus],
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
    )
    return list(results_of(report))  # type: ignore[arg-type]


def results_of(report: Graph) -> Iterator[Result]:
    """Results of a pySHACL report graph."""
    for node in report.subjects(RDF.type, SH.ValidationResult):
        value = report.value(node, SH.value)
        path = report.value(node, SH.resultPath)
        yield Result(
            severity=str(report.value(node, SH.resultSeverity)).rpartition("#")[2],
            focus=str(report.value(node, SH.focusNode)),
            shape=str(report.value(node, SH.sourceShape)),
            component=str(report.value(node, SH.sourceConstraintComponent)),
            messages=tuple(
                sorted(
                    (m.language or "en", str(m))
                    for m in report.objects(node, SH.resultMessage)
                    if isinstance(m, Literal)
                )
            ),
            path=str(path) if isinstance(path, URIRef) else None,
            value=_text(value),
            value_term=value,
        )


# -- part 2: SPARQL-based constraints as single SELECTs --------------------------------------
def run_checks(
    stage: ox.Store, focus: set[str] | None = None, shapes: Shapes | None = None
) -> list[Result]:
    """Each SPARQL constraint once over the stage; ``focus`` keeps results about those nodes."""
    shapes = shapes or load_shapes()
    results: list[Result] = []
    for check in shapes.checks:
        query = check.query
        if focus is not None and len(focus) <= _CHUNK:  # bind $this first: a cheap join
            values = "VALUES $this { " + " ".join(f"<{f}>" for f in sorted(focus)) + " }"
            where = re.search(r"WHERE\s*\{", query)
            if where:
                query = f"{query[: where.end()]}\n{values}\n{query[where.end() :]}"
        solutions = stage.query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions), check.shape
        names = [v.value for v in solutions.variables]
        for row in solutions:
            bound = {n: row[n] for n in names if row[n] is not None}

            def fill(m: re.Match[str], bound: dict[str, object] = bound) -> str:
                return _text(bound.get(m.group(1))) or ""

            this = _text(bound.get("this"))
            if this is None or (focus is not None and this not in focus):
                continue
            value = bound.get("value")
            results.append(
                Result(
                    severity=check.severity,
                    focus=this,
                    shape=check.shape,
                    component=str(SH.SPARQLConstraintComponent),
                    messages=tuple((lang, _VAR.sub(fill, text)) for lang, text in check.messages),
                    path=_text(bound.get("path")),
                    value=_text(value),
                    value_term=to_rdflib(value) if value is not None else None,
                    graphs=tuple(_text(bound[g]) or "" for g in _GRAPH_VARS if g in bound),
                )
            )
    return results


def build_stage(
    units: Iterable[Unit],
    store: Store | None,
    shapes: Shapes,
    *,
    exclude: Collection[str] = frozenset(),
) -> ox.Store:
    """An in-memory store with what the SPARQL checks read: the units' triples for their
    predicates, and the stored triples for those predicates within two hops of the units'
    check targets (graphs in ``exclude``, about to be replaced, are left out)."""
    stage = ox.Store()
    targets = set().union(*(c.targets for c in shapes.checks)) if shapes.checks else set()
    seeds: set[str] = set()
    quads = []
    for unit in units:
        g = ox.NamedNode(unit.graph)
        t: Any
        for t in unit.triples:
            if t.predicate.value in shapes.predicates:
                quads.append(ox.Quad(t.subject, t.predicate, t.object, g))
                if t.predicate.value == RDF_TYPE and t.object.value in targets:
                    seeds.add(t.subject.value)
    stage.extend(quads)
    if store is None or not len(store) or not seeds:
        return stage
    # Hop 2 follows the data links only: every node has a type and a mentionedIn in every
    # graph that mentions it, and following those would copy the hubs (platforms, regions).
    data_predicates = shapes.predicates - {RDF_TYPE, _MENTIONED_IN}
    found = _stored_quads(store, seeds, shapes.predicates, exclude)
    stage.extend(found)
    onward = {q.object.value for q in found if isinstance(q.object, ox.NamedNode)}
    onward |= {
        t.object.value  # type: ignore[union-attr]
        for u in units
        for t in u.triples
        if isinstance(t.object, ox.NamedNode)
        and _value(t.subject) in seeds
        and t.predicate.value in data_predicates | {_MENTIONED_IN}
    }
    stage.extend(_stored_quads(store, onward - seeds, data_predicates, exclude))
    return stage


def _stored_quads(
    store: Store, subjects: set[str], predicates: Iterable[str], exclude: Collection[str]
) -> list[ox.Quad]:
    preds = " ".join(f"<{p}>" for p in sorted(predicates))
    found: list[ox.Quad] = []
    ordered = sorted(subjects)
    for i in range(0, len(ordered), _CHUNK):
        values = " ".join(f"<{s}>" for s in ordered[i : i + _CHUNK])
        rows = store.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {preds} }} "
            "GRAPH ?g { ?s ?p ?o } }",
            union_default_graph=False,
        )
        found += [
            ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows if r["g"].value not in exclude
        ]
    return found


def stored_types(store: Store | None, iris: Iterable[str]) -> dict[str, set[str]]:
    """Types the store gives to the IRIs (in any graph)."""
    types: dict[str, set[str]] = defaultdict(set)
    if store is None or not len(store):
        return types
    ordered = sorted(set(iris))
    for i in range(0, len(ordered), _CHUNK):
        values = " ".join(f"<{s}>" for s in ordered[i : i + _CHUNK])
        for r in store.query(f"SELECT ?s ?t WHERE {{ VALUES ?s {{ {values} }} ?s a ?t }}"):
            types[r["s"].value].add(r["t"].value)
    return types


# -- the stage as a whole ---------------------------------------------------------------------
def validate_units(
    units: list[Unit],
    store: Store | None,
    *,
    shapes: Shapes | None = None,
    exclude: Collection[str] = frozenset(),
    context: Iterable[ox.Triple | ox.Quad] = (),
) -> list[Unit]:
    """Validate each unit in the context of the store and of the other units; fills
    ``unit.report`` and returns the units. ``exclude``: stored graphs the units replace;
    ``context``: triples about to be stored with them (reference data), for their types."""
    shapes = shapes or load_shapes()
    typed: dict[str, set[str]] = defaultdict(set)
    for t in (*context, *(t for unit in units for t in unit.triples)):
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            typed[_value(t.subject)].add(t.object.value)
    referenced = {
        t.object.value
        for unit in units
        for t in unit.triples
        if isinstance(t.object, ox.NamedNode) and t.predicate.value != RDF_TYPE
    }
    from_store = stored_types(store, referenced)
    for unit in units:
        own = unit.focus()
        around: dict[str, set[str]] = {}
        for t in unit.triples:
            o = t.object
            if isinstance(o, ox.NamedNode) and o.value not in own and t.predicate.value != RDF_TYPE:
                types = typed.get(o.value, set()) | from_store.get(o.value, set())
                if types:
                    around[o.value] = types
        unit.report.extend(validate_core(unit.triples, around, own, shapes))
    if shapes.checks:
        accepted = [u for u in units if u.report.conforms]
        stage = build_stage(accepted, store, shapes, exclude=exclude)
        focus = set().union(*(u.focus() for u in accepted)) if accepted else set()
        by_graph = {u.graph: u for u in accepted}
        for result in run_checks(stage, focus, shapes):
            involved = [by_graph[g] for g in result.graphs if g in by_graph]
            if not result.graphs:
                involved = [u for u in accepted if result.focus in u.focus()]
            for unit in involved:
                unit.report.results.append(result)
    return units


def validate_built(
    store: Store, built: list[Any], names: GraphNames, context: Iterable[ox.Quad] = ()
) -> tuple[list[Any], dict[str, Report]]:
    """The build's step: each article graph (``pipeline.Built``) validated in the context of
    the store and the rest of the build. Returns the conforming ones and the reports of all
    that have findings, by slug."""
    units = [
        Unit(
            names.article(b.slug),
            [q.triple for q in ox.parse(b.ntriples, format=ox.RdfFormat.N_TRIPLES)],
            b.source,
        )
        for b in built
    ]
    validate_units(units, store, exclude={u.graph for u in units}, context=context)
    reports = {b.slug: u.report for b, u in zip(built, units, strict=True) if u.report.results}
    accepted = [b for b, u in zip(built, units, strict=True) if u.report.conforms]
    return accepted, reports
