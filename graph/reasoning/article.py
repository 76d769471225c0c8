"""Reasoning over one article where it is built (in a build worker), before it reaches the store.

A worker has the article's triples in memory already; reading them back out of the store costs
far more than deriving (Oxigraph decodes every term of every quad). So the build derives each
article's inferred graph in the worker, with the compiled rules and a *partial* index: the
closed region hierarchy of the ontology and reference graphs plus the article's own index facts.
The worker records which index entries it consulted (:data:`~graph.reasoning.apply.Lookups`);
:func:`graph.reasoning.update` accepts the result only where the store-wide index gives the same
entries, and derives again from the store where it does not (an article whose post is placed in
an agency by another article, say). Exactness therefore never depends on the partial index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from graph.reasoning.apply import (
    Fact,
    Index,
    Lookups,
    Node,
    Plan,
    close_index,
    derive,
    index_facts,
)
from graph.reasoning.rules import TYPE, compile_rules


@dataclass(frozen=True)
class Inference:
    """One article's inferred graph, computed before the article was stored."""

    ntriples: bytes
    """The inferred graph: what the rules add beyond the article's own triples, plus the
    article's index facts (see ``materialise``)."""
    index: frozenset[Fact]
    lookups: Lookups
    subjects: frozenset[str]
    """Named subjects of the article and of inferred types: the focus of consistency checks."""
    fingerprint: str
    """The compiled ontology (and scope) it was derived with; ignored if the store's differs."""


class Context:
    """What a worker needs, built once per process: the plan and the index of the fixed graphs."""

    def __init__(
        self,
        ontology: Iterable[ox.Triple | ox.Quad],
        reference: Iterable[ox.Triple | ox.Quad],
        scope: tuple[str, ...] | None,
    ) -> None:
        from graph.reasoning.materialise import _fingerprint

        # Through a store and back, so terms read as the store returns them (Oxigraph stores
        # e.g. "1"^^xsd:nonNegativeInteger as xsd:integer): the fingerprints must match.
        roundtrip = ox.Store()
        roundtrip.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ontology)
        onto = list(roundtrip)
        self.plan = Plan(compile_rules(onto), scope)
        self.fingerprint = _fingerprint(
            ox.serialize([q.triple for q in onto], format=ox.RdfFormat.N_TRIPLES) or b"", scope
        )
        self.base_facts = index_facts([*onto, *reference], self.plan)
        self.base_index: Index = close_index(self.base_facts, self.plan)

    def infer(self, triples: list[ox.Triple]) -> Inference:
        """Linear in the article: one lookup per triple, plus the chains it starts."""
        local = index_facts(triples, self.plan)
        index: Index = self.base_index
        if any(o not in self.base_index.get(p.value, {}).get(s, ()) for s, p, o in local):
            edges: dict[str, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
            for s, p, o in local:
                edges[p.value][s].add(o)  # type: ignore[index]
            index = {
                rel: _Overlay(
                    self.base_index.get(rel, {}),
                    edges.get(rel, {}),
                    rel in self.plan.rules.transitive,
                )
                for rel in self.plan.rules.index_relations
            }
        lookups: Lookups = {}
        out = derive(triples, self.plan, index, lookups)
        out.difference_update((t.subject, t.predicate, t.object) for t in triples)  # type: ignore[arg-type]
        out |= local
        subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
        subjects |= {s.value for s, p, _ in out if p.value == TYPE and isinstance(s, ox.NamedNode)}
        return Inference(
            ntriples=ox.serialize([ox.Triple(*f) for f in out], format=ox.RdfFormat.N_TRIPLES),
            index=frozenset(local),
            lookups=lookups,
            subjects=frozenset(subjects),
            fingerprint=self.fingerprint,
        )


class _Overlay:
    """One index relation: the closed table of the fixed graphs plus an article's own facts,
    closed on demand for the nodes the article asks about (no closure of the whole table)."""

    def __init__(
        self, base: Mapping[Node, Iterable[Node]], local: Mapping[Node, set[Node]], closed: bool
    ) -> None:
        self.base, self.local, self.closed = base, local, closed
        self.memo: dict[Node, frozenset[Node]] = {}

    def get(self, y: Node, default: object = ()) -> frozenset[Node]:
        found = self.memo.get(y)
        if found is not None:
            return found
        reached = set(self.base.get(y, ())) | self.local.get(y, set())
        if self.closed:  # the base table is closed already; only local edges lead further
            todo = list(reached)
            while todo:
                n = todo.pop()
                for z in (*self.base.get(n, ()), *self.local.get(n, ())):
                    if z not in reached:
                        reached.add(z)
                        todo.append(z)
        self.memo[y] = frozenset(reached)
        return self.memo[y]


def agrees(lookups: Lookups, index: Index) -> bool:
    """True when ``index`` answers every recorded lookup as the worker's partial index did."""
    return all(index.get(rel, {}).get(y, frozenset()) == zs for (rel, y), zs in lookups.items())
