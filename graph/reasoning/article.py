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

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from graph.reasoning.apply import Fact, Index, Lookups, Plan, close_index, derive, index_facts
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

        onto = [ox.Quad(t.subject, t.predicate, t.object) for t in ontology]
        self.plan = Plan(compile_rules(onto), scope)
        self.fingerprint = _fingerprint(onto, scope)
        self.base_facts = index_facts([*onto, *reference], self.plan)
        self.base_index: Index = close_index(self.base_facts, self.plan)

    def _covered(self, facts: set[Fact]) -> bool:
        return all(o in self.base_index.get(p.value, {}).get(s, ()) for s, p, o in facts)

    def infer(self, triples: list[ox.Triple]) -> Inference:
        """Linear in the article: one lookup per triple, plus the chains it starts."""
        local = index_facts(triples, self.plan)
        index = (
            self.base_index
            if self._covered(local)
            else close_index(self.base_facts | local, self.plan)
        )
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


def agrees(lookups: Lookups, index: Index) -> bool:
    """True when ``index`` answers every recorded lookup as the worker's partial index did."""
    return all(index.get(rel, {}).get(y, frozenset()) == zs for (rel, y), zs in lookups.items())
