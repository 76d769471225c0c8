"""Apply compiled rules to one graph's triples: time linear in the graph (pure functions).

``derive(triples, plan, index)`` returns what OWL 2 RL entails from those triples together with
the ontology and the *index* (the closed relations that link graphs, see :func:`close_index`).
Each triple is looked up once in a per-predicate plan; only chain conclusions can feed back, and
they stop when nothing new is found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox

from graph.reasoning.rules import TYPE, Chain, Rules

Node = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal
Fact = tuple[Node, ox.NamedNode, Term]
Index = Mapping[str, Mapping[Node, frozenset[Node] | set[Node]]]
"""Relation IRI -> subject -> objects; closed under transitivity for transitive relations."""

RDF_TYPE = ox.NamedNode(TYPE)


@dataclass(frozen=True)
class Step:
    """What one triple with a given predicate yields."""

    forward: tuple[ox.NamedNode, ...]
    backward: tuple[ox.NamedNode, ...]
    subject_types: tuple[ox.NamedNode, ...]
    object_types: tuple[ox.NamedNode, ...]
    chains: tuple[tuple[bool, Chain], ...]
    """(flipped, chain) for each chain whose first link this predicate yields."""
    index: tuple[tuple[bool, str], ...]
    """(flipped, relation) for each index relation this predicate yields (itself included)."""


class Plan:
    """Rules turned into per-predicate steps over pyoxigraph terms (built once per ontology)."""

    def __init__(self, rules: Rules, scope: tuple[str, ...] | None = None) -> None:
        """``scope``: namespaces a conclusion's predicate (or, for rdf:type, its class) must
        be in to be kept; None keeps everything. Index relations are always kept."""
        self.rules = rules
        self.scope = scope

        def keep(iri: str) -> bool:
            return scope is None or iri.startswith(scope) or iri in rules.index_relations

        self._nodes: dict[str, ox.NamedNode] = {}
        self.steps: dict[str, Step] = {}
        first_of: dict[str, list[Chain]] = defaultdict(list)
        for chain in rules.chains:
            first_of[chain.first].append(chain)
        index = rules.index_relations
        preds = set(rules.edges) | set(rules.subject_types) | set(rules.object_types)
        preds |= set(first_of) | index
        for p in preds:
            expanded = rules.expand(p)
            step = Step(
                forward=tuple(self.node(q) for q, f in expanded[1:] if not f and keep(q)),
                backward=tuple(self.node(q) for q, f in expanded[1:] if f and keep(q)),
                subject_types=tuple(
                    self.node(c) for c in rules.subject_types.get(p, ()) if keep(c)
                ),
                object_types=tuple(self.node(c) for c in rules.object_types.get(p, ()) if keep(c)),
                chains=tuple((f, c) for q, f in expanded for c in first_of.get(q, ())),
                index=tuple((f, q) for q, f in expanded if q in index),
            )
            if any(step.__dict__.values()):
                self.steps[p] = step
        self.superclasses = {
            c: kept
            for c, supers in rules.superclasses.items()
            if (kept := tuple(self.node(s) for s in supers if keep(s)))
        }
        self.schema = [t for t in rules.schema if keep(t[0]) and keep(t[2])]

    def node(self, iri: str) -> ox.NamedNode:
        found = self._nodes.get(iri)
        if found is None:
            found = self._nodes[iri] = ox.NamedNode(iri)
        return found

    @cached_property
    def relevant_predicates(self) -> frozenset[str]:
        """Predicates whose triples yield anything (rdf:type aside)."""
        return frozenset(self.steps)


def index_facts(triples: Iterable[ox.Triple | ox.Quad], plan: Plan) -> set[Fact]:
    """The index-relation facts that these triples yield on their own (stated ones included)."""
    out: set[Fact] = set()
    steps = plan.steps
    for t in triples:
        step = steps.get(t.predicate.value)
        if step is None or not step.index or isinstance(t.object, ox.Literal):
            continue
        s, o = t.subject, t.object
        for flipped, rel in step.index:
            out.add((o, plan.node(rel), s) if flipped else (s, plan.node(rel), o))  # type: ignore[arg-type]
    return out


def close_index(facts: Iterable[Fact], plan: Plan) -> dict[str, dict[Node, set[Node]]]:
    """Group index facts by relation and close the transitive ones (prp-trp)."""
    index: dict[str, dict[Node, set[Node]]] = {
        r: defaultdict(set) for r in plan.rules.index_relations
    }
    for s, p, o in facts:
        if not isinstance(o, ox.Literal):
            index[p.value][s].add(o)
    for rel in plan.rules.transitive:
        table = index[rel]
        closed: dict[Node, set[Node]] = {}
        for start in list(table):
            seen: set[Node] = set()
            todo = list(table[start])
            while todo:
                nxt = todo.pop()
                if nxt in seen:
                    continue
                seen.add(nxt)
                if nxt in closed:
                    seen |= closed[nxt]
                else:
                    todo.extend(table.get(nxt, ()))
            closed[start] = seen
        index[rel] = closed
    return index


def index_triples(index: Index, plan: Plan) -> list[ox.Triple]:
    return [
        ox.Triple(s, plan.node(rel), o)
        for rel, table in index.items()
        for s, objects in table.items()
        for o in objects
    ]


Lookups = dict[tuple[str, Node], frozenset[Node]]
"""(index relation, node) -> what the index answered: the part of the index a result used."""


def derive(
    triples: Iterable[ox.Triple | ox.Quad],
    plan: Plan,
    index: Index,
    lookups: Lookups | None = None,
) -> set[Fact]:
    """Everything OWL 2 RL entails from ``triples`` with the ontology and the index, except
    the transitive closure itself (which lives with the index). May include stated triples.

    ``lookups``, when given, records every index entry consulted: a result computed with a
    partial index (a build worker's) is exact iff the full index gives the same entries."""
    out: set[Fact] = set()
    steps = plan.steps
    supers = plan.superclasses
    add = out.add

    def fact(s: Node, p: str, o: Term, step: Step) -> None:
        literal = isinstance(o, ox.Literal)
        for q in step.forward:
            add((s, q, o))
        for c in step.subject_types:
            add((s, RDF_TYPE, c))
        if literal:
            return
        for q in step.backward:
            add((o, q, s))  # type: ignore[arg-type]
        for c in step.object_types:
            add((o, RDF_TYPE, c))  # type: ignore[arg-type]
        for flipped, chain in step.chains:
            x, y = (o, s) if flipped else (s, o)
            zs = index.get(chain.second, {}).get(y, ())  # type: ignore[arg-type]
            if lookups is not None:
                lookups[(chain.second, y)] = frozenset(zs)  # type: ignore[index]
            for z in zs:
                head = plan.node(chain.head)
                if (x, head, z) not in out:
                    add((x, head, z))  # type: ignore[arg-type]
                    nxt = steps.get(chain.head)
                    if nxt is not None:
                        fact(x, chain.head, z, nxt)  # type: ignore[arg-type]

    for t in triples:
        p = t.predicate.value
        if p == TYPE:
            o = t.object
            if isinstance(o, ox.NamedNode):
                for c in supers.get(o.value, ()):
                    add((t.subject, RDF_TYPE, c))  # type: ignore[arg-type]
            continue
        step = steps.get(p)
        if step is not None:
            fact(t.subject, p, t.object, step)  # type: ignore[arg-type]
    # Classes reached through domains, ranges and chains are already closed upwards; classes
    # of stated types were closed above. Nothing else yields rdf:type.
    return out
