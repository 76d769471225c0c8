"""The shapes as validation uses them: ``shapes/*.ttl`` read once, the SPARQL-based
constraints split off (they run as single SELECTs, see ``graph.validation_context``), and the
ontology's class hierarchy and individuals, which every unit needs as context."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph.assets import ontology_dir, shapes_dir
from graph.errors import ConfigError
from graph.validation_report import SH

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
GRAPH_VARS = ("graph", "otherGraph")  # the variables by which a check names sources
_PREFIXED = re.compile(r"\b([a-z]+):(\w+)")
_IRI = re.compile(r"<([^<>\s]+)>")


@dataclass(frozen=True)
class SparqlCheck:
    """A SPARQL-based constraint of one shape, run as a single SELECT."""

    shape: str
    severity: str
    messages: tuple[tuple[str, str], ...]
    query: str
    targets: frozenset[str]  # its target classes, with their subclasses
    predicates: frozenset[str] = frozenset()  # the IRIs its query mentions
    names_graphs: bool = True  # its results name the graphs involved (?graph, ?otherGraph)


@dataclass(frozen=True)
class Shapes:
    core: Graph  # the shapes graph without the SPARQL-based shapes (pySHACL's part)
    full: Graph  # everything (what plain pySHACL would be given)
    checks: tuple[SparqlCheck, ...]
    predicates: frozenset[str]  # what the SPARQL checks read: the stage holds only these


# -- assets ------------------------------------------------------------------------------
@cache
def ontology_hierarchy() -> tuple[tuple[URIRef, URIRef, URIRef], ...]:
    """rdfs:subClassOf triples of the ontology: the context every ``sh:class`` check needs."""
    return tuple(t for t in _ontology_links() if t[1] == RDFS.subClassOf)


@cache
def ontology_types() -> dict[str, frozenset[str]]:
    """Types the ontology gives to its individuals (metrics, linking methods...): context
    for the units that point to them."""
    types: dict[str, set[str]] = defaultdict(set)
    for s, p, o in _ontology_links():
        if p == RDF.type:
            types[str(s)].add(str(o))
    return {k: frozenset(v) for k, v in types.items()}


@cache
def _ontology_links() -> tuple[tuple[URIRef, URIRef, URIRef], ...]:
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
    query = prefixes + str(select)
    projection = str(select).split("WHERE", 1)[0]
    return SparqlCheck(
        str(shape),
        str(severity).rpartition("#")[2],
        messages,
        query,
        frozenset(targets),
        frozenset(_predicates(query)),
        any(re.search(rf"[?$]{v}\b", projection) for v in GRAPH_VARS),
    )


def _predicates(query: str) -> set[str]:
    """IRIs a query mentions (a superset of its predicates: enough to choose the stage)."""
    prefixes = dict(re.findall(r"PREFIX\s+(\w+):\s*<([^>]+)>", query))
    body = query.split("SELECT", 1)[-1]
    found = set(_IRI.findall(body))
    found |= {prefixes[p] + local for p, local in _PREFIXED.findall(body) if p in prefixes}
    return found
