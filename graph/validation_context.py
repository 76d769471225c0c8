"""The store as context of a validation, and the SPARQL-based constraints run as SELECTs.

Everything here reads the store by *index lookups* (subject and predicate bound), never by a
SPARQL join: Oxigraph evaluates ``VALUES ?s {...} ?s a ?t`` over the union default graph by
scanning every ``rdf:type`` triple (2-3 s on 10,000 articles), while a lookup per node costs
microseconds.

What costs is reading graph names: a hub (a vendor, a region, an account named in 2,000
article graphs) has one triple per graph, and each graph name read from the store costs about
10 us, so any filter or aggregate on ``?g`` (``MIN(STR(?g))``, ``CONTAINS(STR(?g), ...)``) over
a hub takes 20-60 ms. So values are read with ``SELECT DISTINCT ?o`` and the graph unbound
(Oxigraph then decodes no graph name), and a graph for a value by reading graph names one at a
time until one will do; all graph names of a value are read only where a finding about a unit
is possible (``sparql_results``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from graph.store import Store
from graph.validation_report import SH, Result
from graph.validation_shapes import GRAPH_VARS, RDF_TYPE

if TYPE_CHECKING:
    from graph.validation import Unit
    from graph.validation_shapes import Shapes, SparqlCheck

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
_CHUNK = 2000
_PROBES = 64  # graph names read at most to find a source below a unit's (~10 us each)


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


def _sources(store: Store, s: Any, p: Any, o: Any, skip: Collection[str]) -> Iterator[str]:
    """The graphs that state the triple, but those in ``skip``, in index order, lazily."""
    for q in store.matching(s, p, o):
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and g.value not in skip:
            yield g.value


def _distinct_objects(store: Store, subject: str, predicate: str) -> list[Any]:
    """The distinct values of (subject, predicate) over all graphs. The graph is left
    unbound and unfiltered, so Oxigraph never decodes a graph name: a node stated in
    thousands of graphs costs well under a millisecond (with a filter on ``STR(?g)``, tens)."""
    rows = store.query(
        f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ <{subject}> <{predicate}> ?o }} }}",
        union_default_graph=False,
    )
    return [r["o"] for r in rows if r["o"] is not None]


def stored_types(
    store: Store | None, iris: Iterable[str], skip: Collection[str] = frozenset()
) -> dict[str, set[str]]:
    """Types the store gives to the IRIs, in any graph but those in ``skip``: the distinct
    types first, then for each one graph that is not skipped (usually the first read)."""
    types: dict[str, set[str]] = defaultdict(set)
    if store is None:
        return types
    for iri in sorted(set(iris)):
        node = ox.NamedNode(iri)
        for t in _distinct_objects(store, iri, RDF_TYPE):
            if next(_sources(store, node, _TYPE, t, skip), None) is not None:
                types[iri].add(t.value)
    return types


def _first_sources(
    store: Store, subjects: Iterable[str], predicates: Iterable[str], skip: Collection[str]
) -> list[ox.Quad]:
    """For each subject, predicate and value in the store: the value with the *first* graph
    (by IRI) that states it. A node named in thousands of articles gives one quad per value,
    and the conflict checks, which name the first source of each value, see the same. Exact,
    but it reads every graph's name: the stage for the nodes where a finding is possible."""
    graph_filter = _graph_filter(skip)
    found: list[ox.Quad] = []
    for s in sorted(set(subjects)):
        node = ox.NamedNode(s)
        for p in sorted(predicates):
            if next(store.matching(node, ox.NamedNode(p)), None) is None:
                continue  # most are absent: a lookup, not a query
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


def _some_sources(
    store: Store,
    subjects: Iterable[str],
    predicates: Iterable[str],
    skip: Collection[str],
    stated: Mapping[tuple[str, str, Any], str],
    prefer: Mapping[str, str],
    own: Collection[str],
) -> list[ox.Quad]:
    """Like ``_first_sources``, each value with *a* graph that states it, found by reading a
    few graph names instead of all (see ``_some_source``)."""
    found: list[ox.Quad] = []
    for s in sorted(set(subjects)):
        node = ox.NamedNode(s)
        for p in sorted(predicates):
            pred = ox.NamedNode(p)
            if next(store.matching(node, pred), None) is None:
                continue  # most are absent: a lookup, not a query
            for o in _distinct_objects(store, s, p):
                triple = (node, pred, o)
                graph = _some_source(store, triple, skip, prefer.get(s), stated.get((s, p, o)), own)
                if graph is not None:
                    found.append(ox.Quad(node, pred, o, ox.NamedNode(graph)))
    return found


def _some_source(
    store: Store,
    triple: tuple[Any, Any, Any],
    skip: Collection[str],
    prefer: str | None,
    below: str | None,
    own: Collection[str],
) -> str | None:
    """A stored graph stating the triple, but none in ``skip``. If a unit's graph would be
    its first source (``below``: the least unit graph stating it; ``own``: the units' graphs
    the store holds, not skipped, which may state it too), a graph below that one is sought
    among the first few read, so that the unit is not taken for the first source when it is
    not; if none is found, the unit's stored graph itself, as the first sources would name it.
    ``prefer`` (the graph of the triple that leads to this subject) comes first when it
    states the triple, so that a join within one graph holds as on the first sources."""
    held = min((g for g in own if next(store.matching(*triple, g), None)), default=None)
    if held is not None and (below is None or held < below):
        below = held
    if (
        prefer is not None
        and prefer not in skip
        and (below is None or prefer < below)
        and next(store.matching(*triple, prefer), None) is not None
    ):
        return prefer
    read: list[str] = []
    for graph in _sources(store, *triple, skip):
        if below is None or graph < below:
            return graph
        read.append(graph)
        if len(read) >= _PROBES:
            break
    if held is not None:
        return held
    return min(read) if read else None


@dataclass
class UnitData:
    """What the stage takes from the units, read once for both steps of ``sparql_results``."""

    quads: list[ox.Quad]  # the units' triples for the checks' predicates, in their graphs
    typed: dict[str, set[str]]  # IRI -> types given by the units
    stated: dict[tuple[str, str, Any], str]  # triple -> the least unit graph stating it
    links: dict[str, set[str]]  # subject -> the IRIs it points to, in the units

    @classmethod
    def of(cls, units: Iterable[Unit], shapes: Shapes) -> UnitData:
        data = cls([], defaultdict(set), {}, defaultdict(set))
        for unit in units:
            g = ox.NamedNode(unit.graph)
            t: Any
            for t in unit.triples:
                p = t.predicate.value
                if isinstance(t.object, ox.NamedNode) and p != RDF_TYPE:
                    data.links[t.subject.value].add(t.object.value)
                if p not in shapes.predicates:
                    continue
                data.quads.append(ox.Quad(t.subject, t.predicate, t.object, g))
                if p == RDF_TYPE and isinstance(t.subject, ox.NamedNode):
                    data.typed[t.subject.value].add(t.object.value)
                key = (t.subject.value, p, t.object)
                if key not in data.stated or unit.graph < data.stated[key]:
                    data.stated[key] = unit.graph
        return data


def build_stage(
    units: Iterable[Unit],
    store: Store | None,
    shapes: Shapes,
    *,
    skip: Collection[str] = (),
    exact: bool = True,
    only: Mapping[str, Collection[str]] | None = None,
    unit_data: UnitData | None = None,
) -> ox.Store:
    """An in-memory store with what the SPARQL checks read: the units' triples for their
    predicates; and, for each check, the stored triples for the predicates its query names
    about the units' nodes it targets and about the nodes those point to (two hops).
    ``skip``: stored graphs left out (the ones the units replace, the inferred graphs).

    ``exact``: each stored value with its first source (``_first_sources``); otherwise with
    some source (``_some_sources``, see ``graph.validation.sparql_results`` for why that is
    enough to find where a finding is possible). ``only``: for each check (by shape), the
    target nodes to read for (default: every unit node it targets).

    Going by each query's own predicates (one quad per stored value) keeps the hubs out:
    an account named in thousands of articles has thousands of ``ag:mentionedIn`` triples,
    which only the observation checks read (for observations, which belong to one article)."""
    units = list(units)
    read_units = unit_data or UnitData.of(units, shapes)
    typed, stated, links = read_units.typed, read_units.stated, read_units.links
    stage = ox.Store()
    stage.extend(read_units.quads)
    if store is None:
        return stage
    own = [u.graph for u in units if u.graph not in skip and store.has_graph(u.graph)]

    def read(
        subjects: Collection[str], predicates: Collection[str], prefer: dict[str, str]
    ) -> list[ox.Quad]:
        if exact:
            return _first_sources(store, subjects, predicates, skip)
        return _some_sources(store, subjects, predicates, skip, stated, prefer, own)

    for check in shapes.checks:
        targets = {s for s, types in typed.items() if types & check.targets}
        seeds = targets if only is None else targets & set(only.get(check.shape, ()))
        if not seeds:
            continue
        data = check.predicates - {RDF_TYPE}
        found = read(seeds, data, {})
        onward = {q.object.value for q in found if isinstance(q.object, ox.NamedNode)}
        onward |= {o for s in seeds for o in links.get(s, ())}
        more = (onward & targets) - seeds  # other target nodes met on the way: as targets
        if more:
            found += read(more, data, {})
            onward |= {q.object.value for q in found if isinstance(q.object, ox.NamedNode)}
            onward |= {o for s in more for o in links.get(s, ())}
        stage.extend(found)
        prefer = {
            q.object.value: q.graph_name.value  # type: ignore[union-attr]
            for q in found
            if isinstance(q.object, ox.NamedNode)
        }
        stage.extend(read(onward - targets, data - {_MENTIONED_IN}, prefer))
    return stage


# -- SPARQL-based constraints as single SELECTs ---------------------------------------------
def sparql_results(
    units: list[Unit],
    store: Store | None,
    shapes: Shapes,
    focus: set[str],
    skip: Collection[str] = (),
) -> list[Result]:
    """The SPARQL checks' results about ``focus`` that concern the units: those naming a
    unit's graph (or, for a check naming no graph, about a unit's node). The same as on the
    exact stage (``build_stage(exact=True)``), in two steps:

    1. Every check on a stage where each stored value comes with *some* graph stating it
       (a few graph names read, not all). A check that names sources can name a unit's
       graph only for a triple of that unit: as the first source of a value (a ``MIN``
       over the sources, which can only be lower on the exact stage, where the least
       source of each stored value is found; a unit's graph is named there only if it is
       below them all, so here too), or as a graph its own triples are matched in (the
       stored triples match the same; which graph they come with decides only the order
       of the two sides). So a finding about a unit on the exact stage is found here too.
    2. For the target nodes of the results of step 1 that concern a unit, and for the
       checks that name no graph, the exact stage: the findings and their sources.

    Step 2 reads every graph name of the values of those nodes only: where a finding is
    possible, not for every hub an article names (a vendor in 2,000 articles: 20-40 ms).
    """
    graphs = {u.graph for u in units}
    exact = [c for c in shapes.checks if not c.names_graphs]
    cheap = [c for c in shapes.checks if c.names_graphs]
    unit_data = UnitData.of(units, shapes)
    if store is None:
        return run_checks(build_stage(units, None, shapes, unit_data=unit_data), shapes, focus)
    suspects: dict[str, set[str]] = defaultdict(set)
    if cheap:
        stage = build_stage(units, store, shapes, skip=skip, exact=False, unit_data=unit_data)
        for r in run_checks(stage, shapes, focus, cheap):
            if set(r.graphs) & graphs:
                suspects[r.shape].add(r.focus)
    for check in exact:
        suspects[check.shape] = set(focus)
    if not suspects:
        return []
    stage = build_stage(
        units, store, shapes, skip=skip, exact=True, only=suspects, unit_data=unit_data
    )
    results: list[Result] = []
    for check in shapes.checks:
        if suspects.get(check.shape):
            results += run_checks(stage, shapes, suspects[check.shape] & focus, [check])
    return results


def run_checks(
    stage: ox.Store | Store,
    shapes: Shapes,
    focus: set[str] | None = None,
    checks: Iterable[SparqlCheck] | None = None,
) -> list[Result]:
    """Each SPARQL constraint (or each of ``checks``) once over the stage (or a whole
    store); ``focus`` keeps the results about those nodes. Equivalent to pySHACL's
    per-focus-node evaluation of the same ``sh:select`` with ``$this`` pre-bound."""
    results: list[Result] = []
    for check in shapes.checks if checks is None else checks:
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
                    graphs=tuple(text(bound[g]) or "" for g in GRAPH_VARS if g in bound),
                )
            )
    return list(dict.fromkeys(results))


def _typed(stage: ox.Store | Store, node: object, classes: Collection[str]) -> bool:
    """Is the node a target of the check (an instance of one of its classes)?"""
    quads: Iterable[ox.Quad]
    if isinstance(stage, Store):
        quads = stage.quads_for(node, _TYPE)  # type: ignore[arg-type]
    else:
        quads = stage.quads_for_pattern(node, _TYPE, None, None)  # type: ignore[arg-type]
    return any(q.object.value in classes for q in quads)  # type: ignore[union-attr]
