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
    Scan,
    derive,
    line,
    to_ntriples,
)
from graph.reasoning.base import Base, make_base


@dataclass(frozen=True)
class Inference:
    """One article's inferred graph, computed before the article was stored. Plain bytes where
    it can be: a build sends one back from every worker, and a set of 100 strings costs more
    to pickle than 10 KB of N-Triples."""

    own: bytes
    """Inferred lines written in the article's inferred graph whatever other graphs hold:
    its index facts (see ``materialise``), lines reached only through a property chain, lines
    with blank nodes (see ``support``)."""
    common: bytes
    """Lines that follow from one of its triples: written once per store (see ``support``)."""
    index: frozenset[Fact]
    lookups: Lookups
    focus: bytes
    """Named subjects of the article and of inferred types (the focus of consistency checks),
    as N-Triples terms, one per line."""
    fingerprint: str
    """The fixed graphs (and scope) it was derived with; ignored if the store's differ."""

    @property
    def subjects(self) -> frozenset[str]:
        """The focus as IRIs."""
        return frozenset(t[1:-1].decode() for t in self.focus.split(b"\n") if t)


def focus_terms(subjects: set[bytes], inferred: Iterable[bytes]) -> set[bytes]:
    """Named subjects of the stated triples and of inferred rdf:type lines."""
    subjects = subjects | {ln.split(b" ", 1)[0] for ln in inferred if TYPE_TERM in ln}
    return {s for s in subjects if s[:1] == b"<"}


def focus(subjects: set[bytes], inferred: Iterable[bytes]) -> frozenset[str]:
    """:func:`focus_terms` as IRIs."""
    return frozenset(s[1:-1].decode() for s in focus_terms(subjects, inferred))


def infer_graph(
    scan: Scan,
    base: Base,
    index: Index,
    local: set[Fact],
    *,
    fixed: bool = False,
    lookups: Lookups | None = None,
) -> tuple[set[bytes], set[bytes]]:
    """One stated graph's inferred lines (the store path and the workers share it), as (own,
    common) lines (see ``support``): what the rules derive from its triples that rules read
    (``scan.facts``), minus its own triples and, unless it is a fixed graph itself (all own
    then), minus what the fixed graphs entail; plus its index facts ``local``."""
    chained: set[bytes] = set()
    out = derive(scan.facts, base.plan, index, lookups, chained)
    out.difference_update(scan.lines)
    if fixed:
        return out | {line(*f) for f in local}, set()
    out -= base.entailed
    own = {line(*f) for f in local}
    own |= chained & out
    own |= {ln for ln in out if b"_:" in ln}  # blank node labels differ between graphs
    return own, out - own


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
        scan = self.plan.scan(article)
        local = self.base.keep(scan.index)
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
        own, common = infer_graph(scan, self.base, index, local, lookups=lookups)
        return Inference(
            own=to_ntriples(own),
            common=to_ntriples(common),
            index=frozenset(local),
            lookups=lookups,
            focus=b"\n".join(focus_terms(scan.subjects, own | common)),
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
