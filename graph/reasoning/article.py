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
    TYPE_TERM,
    Fact,
    Index,
    Lookups,
    derive,
    index_facts,
    line,
)
from graph.reasoning.base import Base, make_base


@dataclass(frozen=True)
class Inference:
    """One article's inferred graph, computed before the article was stored."""

    ntriples: bytes
    """The inferred graph: what the rules add beyond the article's own triples and beyond what
    the fixed graphs entail, plus the article's index facts (see ``materialise``)."""
    index: frozenset[Fact]
    lookups: Lookups
    subjects: frozenset[str]
    """Named subjects of the article and of inferred types: the focus of consistency checks."""
    fingerprint: str
    """The fixed graphs (and scope) it was derived with; ignored if the store's differ."""


def focus(subjects: set[bytes], inferred: Iterable[bytes]) -> frozenset[str]:
    """Named subjects of the stated triples and of inferred rdf:type lines."""
    subjects = subjects | {ln.split(b" ", 1)[0] for ln in inferred if TYPE_TERM in ln}
    return frozenset(s[1:-1].decode() for s in subjects if s[:1] == b"<")


def infer_graph(
    ntriples: bytes,
    base: Base,
    index: Index,
    local: set[Fact],
    *,
    fixed: bool = False,
    lookups: Lookups | None = None,
    facts: list[Fact],
) -> set[bytes]:
    """One stated graph's inferred lines (the store path and the workers share it): what the
    rules derive from ``facts`` (its triples that rules read, see ``Plan.relevant``), minus its
    own triples and, unless it is a fixed graph itself, minus what the fixed graphs entail;
    plus its index facts ``local``."""
    out = derive(facts, base.plan, index, lookups)
    out.difference_update(ntriples.split(b"\n"))
    if not fixed:
        out -= base.entailed
    out.update(line(*f) for f in local)
    return out


class Context:
    """What a worker needs, built once per process: the plan and the index of the fixed graphs."""

    def __init__(
        self,
        ontology: Iterable[ox.Triple | ox.Quad],
        reference: Iterable[ox.Triple | ox.Quad],
        scope: tuple[str, ...] | None,
    ) -> None:
        # Through a store and back, so terms read as the store returns them (Oxigraph stores
        # e.g. "1"^^xsd:nonNegativeInteger as xsd:integer): the fingerprints must match.
        roundtrip = ox.Store()
        nt = []
        for i, triples in enumerate((ontology, reference)):
            g = ox.NamedNode(f"urn:x-amtsgraph:fixed:{i}")
            roundtrip.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
            nt.append(roundtrip.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b"")
        self.base = make_base(nt[0], nt[1], scope)
        self.plan = self.base.plan
        self.fingerprint = self.base.fingerprint

    def infer(self, article: bytes | Iterable[ox.Triple]) -> Inference:
        """Linear in the article (N-Triples, or triples): one lookup per triple, plus the
        chains it starts."""
        if not isinstance(article, bytes):
            article = ox.serialize(list(article), format=ox.RdfFormat.N_TRIPLES) or b""
        facts, subjects = self.plan.relevant(article)
        local = self.base.keep(index_facts(facts, self.plan))
        index: Index = self.base.index
        if local:  # facts the fixed graphs do not entail: closed on demand
            edges: dict[str, dict[bytes, set[bytes]]] = defaultdict(lambda: defaultdict(set))
            for s, p, o in local:
                edges[p[1:-1].decode()][s].add(o)
            index = {  # an _Overlay answers .get like a mapping
                rel: _Overlay(  # type: ignore[misc]
                    self.base.index.get(rel, {}),
                    edges.get(rel, {}),
                    rel in self.plan.rules.transitive,
                )
                for rel in self.plan.rules.index_relations
            }
        lookups: Lookups = {}
        out = infer_graph(article, self.base, index, local, lookups=lookups, facts=facts)
        return Inference(
            ntriples=b"".join(ln + b"\n" for ln in out),
            index=frozenset(local),
            lookups=lookups,
            subjects=focus(subjects, out),
            fingerprint=self.fingerprint,
        )


class _Overlay:
    """One index relation: the closed table of the fixed graphs plus an article's own facts,
    closed on demand for the nodes the article asks about (no closure of the whole table)."""

    def __init__(
        self, base: Mapping[bytes, Iterable[bytes]], local: Mapping[bytes, set[bytes]], closed: bool
    ) -> None:
        self.base, self.local, self.closed = base, local, closed
        self.memo: dict[bytes, frozenset[bytes]] = {}

    def get(self, y: bytes, default: object = ()) -> frozenset[bytes]:
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
