"""View objects for whole named graphs: the ontology page and a named graph's page.

Companions of :mod:`endpoint.resources` (one IRI); like it, only queries and plain objects.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from endpoint.resources import Describer, Statement, Term, node
from graph.vocab import AG, PREFIXES

_KINDS = OrderedDict(
    [
        (PREFIXES["owl"] + "Class", "Classes"),
        (PREFIXES["rdfs"] + "Class", "Classes"),
        (PREFIXES["owl"] + "ObjectProperty", "Object properties"),
        (PREFIXES["owl"] + "DatatypeProperty", "Datatype properties"),
        (PREFIXES["owl"] + "AnnotationProperty", "Annotation properties"),
        (PREFIXES["rdf"] + "Property", "Other properties"),
        (PREFIXES["owl"] + "NamedIndividual", "Individuals"),
    ]
)


@dataclass
class OntologyTerm:
    anchor: str
    iri: str
    label: str
    comment: str | None
    section: str
    properties: list[Statement] = field(default_factory=list)


def ontology_terms(describer: Describer, graph: str) -> list[OntologyTerm]:
    """Every term of the ontology namespace defined in the ontology graph, by section."""
    rows = describer.live.select(
        f"SELECT ?t ?p ?o WHERE {{ GRAPH {node(graph)} {{ ?t ?p ?o "
        f'FILTER(isIRI(?t) && STRSTARTS(STR(?t), "{AG}")) }} }} ORDER BY ?t ?p'
    )
    describer.load_labels([r["t"] for r in rows] + [r["p"] for r in rows] + [r["o"] for r in rows])
    terms: OrderedDict[str, OntologyTerm] = OrderedDict()
    for row in rows:
        iri, p, o = row["t"].value, row["p"].value, row["o"]
        term = terms.get(iri)
        if term is None:
            anchor = iri[len(AG) :]
            term = terms[iri] = OntologyTerm(
                anchor, iri, describer.term(row["t"]).display, None, "Other terms"
            )
        if p == PREFIXES["rdf"] + "type" and o.value in _KINDS and term.section == "Other terms":
            term.section = _KINDS[o.value]
        if p == PREFIXES["rdfs"] + "comment" and term.comment is None:
            term.comment = o.value
            continue
        if term.properties and term.properties[-1].predicate.value == p:
            term.properties[-1].values.append(describer.term(o))
        else:
            term.properties.append(Statement(describer.term(row["p"]), [describer.term(o)]))
    order = list(dict.fromkeys([*_KINDS.values(), "Other terms"]))
    return sorted(terms.values(), key=lambda t: (order.index(t.section), t.anchor.lower()))


@dataclass
class GraphPage:
    iri: str
    triples: list[tuple[Term, Term, Term]]
    total: int


def graph_page(describer: Describer, graph: str) -> GraphPage:
    """The first ``limit`` triples of one named graph, subjects together."""
    g = node(graph)
    lim = describer.limit
    rows = describer.live.select(
        f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }} ORDER BY ?s ?p LIMIT {lim}"
    )
    count = describer.live.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
    describer.load_labels([r["s"] for r in rows] + [r["p"] for r in rows] + [r["o"] for r in rows])
    return GraphPage(
        iri=graph,
        triples=[
            (describer.term(r["s"]), describer.term(r["p"]), describer.term(r["o"])) for r in rows
        ],
        total=int(count[0]["n"].value) if count else 0,
    )
