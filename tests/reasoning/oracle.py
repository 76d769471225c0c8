"""owlrl as the reference: its OWL-RL closure, minus stated triples and minus what it adds
that the ontology's rules do not (axiomatic triples, datatype and owl:Thing bookkeeping)."""

from __future__ import annotations

from collections.abc import Iterable

import owlrl
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from graph.reasoning import Layout
from graph.store import Store

BUILTIN = (
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2001/XMLSchema#",
)
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA_PREDICATES = {
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
}

Key = tuple[str, str, str]


def _rdflib(term: object) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def key(s: object, p: object, o: object) -> Key:
    return (str(s), str(p), o.n3() if isinstance(o, Literal | URIRef | BNode) else str(o))


def _ox_key(t: ox.Triple | ox.Quad) -> Key:
    return key(_rdflib(t.subject).n3(), _rdflib(t.predicate).n3(), _rdflib(t.object))


def relevant(k: Key, scope: tuple[str, ...] | None) -> bool:
    s, p, o = k
    if s.startswith(('"', "_:")) or o.startswith("_:"):
        return False
    if p.strip("<>") == TYPE:
        cls = o.strip("<>")
        if cls.startswith(BUILTIN):
            return False
        return scope is None or cls.startswith(scope)
    pred = p.strip("<>")
    if pred in SCHEMA_PREDICATES:
        return (
            s != o
            and not o.strip("<>").startswith(BUILTIN)
            and not s.strip("<>").startswith(BUILTIN)
            and (
                scope is None
                or (s.strip("<>").startswith(scope) and o.strip("<>").startswith(scope))
            )
        )
    if pred.startswith(BUILTIN):
        return False
    return scope is None or pred.startswith(scope)


def owlrl_inferred(
    stated: Iterable[ox.Triple | ox.Quad], scope: tuple[str, ...] | None
) -> set[Key]:
    g = Graph()
    for t in stated:
        g.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))  # type: ignore[arg-type]
    before = {key(s.n3(), p.n3(), o) for s, p, o in g}
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    after = {key(s.n3(), p.n3(), o) for s, p, o in g}
    return {k for k in after - before if relevant(k, scope)}


def production_inferred(store: Store, layout: Layout, scope: tuple[str, ...] | None) -> set[Key]:
    stated, inferred = set(), set()
    for q in store.quads():
        g = q.graph_name.value  # type: ignore[union-attr]
        if q.subject.value == layout.shared:
            continue  # the shared graph's bookkeeping (ontology fingerprint), not an inference
        (inferred if layout.is_inferred(g) else stated).add(_ox_key(q))
    return {k for k in inferred - stated if relevant(k, scope)}


def stated_quads(store: Store, layout: Layout) -> list[ox.Quad]:
    return [q for q in store.quads() if not layout.is_inferred(q.graph_name.value)]  # type: ignore[union-attr]
