"""Apply compiled rules to one graph's triples: time linear in the graph (pure functions).

``derive(facts, plan, index)`` returns what OWL 2 RL entails from those triples together with
the ontology and the *index* (the closed relations that link graphs, see :func:`close_index`).
Each triple is looked up once in a per-predicate plan; only chain conclusions can feed back, and
they stop when nothing new is found.

Everything here works on **N-Triples text**, not on pyoxigraph terms: a term is the bytes it is
written as (``b"<iri>"``, ``b"_:b0"``, a literal with its quotes), a triple is a line. Why: the
build's workers hold each article as N-Triples already and the store exports a graph as
N-Triples in Rust, while every pyoxigraph term that Python touches is an object created on
access (``t.predicate.value`` allocates). Splitting lines and hashing bytes is about 4x faster
per article than the same rules over terms, conclusions are N-Triples lines ready for the bulk
loader, and the same code serves the workers and the store path.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from graph.reasoning.rules import TYPE, Chain, Rules

Fact = tuple[bytes, bytes, bytes]
"""Subject, predicate and object as N-Triples terms (``b"<iri>"``, ``b"_:x"``, literals)."""
Index = Mapping[str, Mapping[bytes, frozenset[bytes] | set[bytes]]]
"""Relation IRI -> subject term -> object terms; closed for transitive relations."""
Lookups = dict[tuple[str, bytes], frozenset[bytes]]
"""(index relation, node) -> what the index answered: the part of the index a result used."""

TYPE_TERM = b"<" + TYPE.encode() + b">"


def term(iri: str) -> bytes:
    """An IRI as an N-Triples term."""
    return b"<" + iri.encode() + b">"


def line(s: bytes, p: bytes, o: bytes) -> bytes:
    """One N-Triples line, without its newline (the form :func:`parse` splits)."""
    return b"%s %s %s ." % (s, p, o)


def parse(ntriples: bytes) -> list[Fact]:
    """Split N-Triples as Oxigraph writes it (one triple per line, single spaces; IRIs and
    blank node labels contain no space, so only the object can, and it ends with `` .``)."""
    out: list[Fact] = []
    for ln in ntriples.split(b"\n"):
        if ln:
            s, p, rest = ln.split(b" ", 2)
            out.append((s, p, rest[:-2]))
    return out


def to_ntriples(lines: Iterable[bytes]) -> bytes:
    body = b"\n".join(lines)
    return body + b"\n" if body else b""


@dataclass(frozen=True)
class Step:
    """What one triple with a given predicate yields (terms padded for concatenation)."""

    forward: tuple[bytes, ...]
    """`` <q> ``: the triple ``s q o`` follows."""
    backward: tuple[bytes, ...]
    """`` <q> ``: the triple ``o q s`` follows."""
    subject_types: tuple[bytes, ...]
    """`` <rdf:type> <C> .``: appended to the subject."""
    object_types: tuple[bytes, ...]
    chains: tuple[tuple[bool, Chain, bytes], ...]
    """(flipped, chain, head term) for each chain whose first link this predicate yields."""
    index: tuple[tuple[bool, bytes], ...]
    """(flipped, relation term) for each index relation this predicate yields (itself too)."""


@dataclass
class Scan:
    """What :meth:`Plan.scan` finds in one graph's N-Triples."""

    lines: list[bytes]
    facts: list[Fact]
    subjects: set[bytes]
    index: set[Fact]
    """The index-relation facts the triples yield on their own (stated ones included), as
    :func:`index_facts` finds them."""


class Plan:
    """Rules turned into per-predicate steps over N-Triples terms (built once per ontology)."""

    def __init__(self, rules: Rules, scope: tuple[str, ...] | None = None) -> None:
        """``scope``: namespaces a conclusion's predicate (or, for rdf:type, its class) must
        be in to be kept; None keeps everything. Index relations are always kept."""
        self.rules = rules
        self.scope = scope

        def keep(iri: str) -> bool:
            return scope is None or iri.startswith(scope) or iri in rules.index_relations

        def typed(c: str) -> bytes:
            return b" " + TYPE_TERM + b" " + term(c) + b" ."

        self.steps: dict[bytes, Step] = {}
        first_of: dict[str, list[Chain]] = defaultdict(list)
        for chain in rules.chains:
            first_of[chain.first].append(chain)
        index = rules.index_relations
        preds = set(rules.edges) | set(rules.subject_types) | set(rules.object_types)
        preds |= set(first_of) | index
        for p in preds:
            expanded = rules.expand(p)
            step = Step(
                forward=tuple(b" %s " % term(q) for q, f in expanded[1:] if not f and keep(q)),
                backward=tuple(b" %s " % term(q) for q, f in expanded[1:] if f and keep(q)),
                subject_types=tuple(typed(c) for c in rules.subject_types.get(p, ()) if keep(c)),
                object_types=tuple(typed(c) for c in rules.object_types.get(p, ()) if keep(c)),
                chains=tuple(
                    (f, c, term(c.head)) for q, f in expanded for c in first_of.get(q, ())
                ),
                index=tuple((f, term(q)) for q, f in expanded if q in index),
            )
            if any(step.__dict__.values()):
                self.steps[term(p)] = step
        self.superclasses: dict[bytes, tuple[bytes, ...]] = {
            term(c): kept
            for c, supers in rules.superclasses.items()
            if (kept := tuple(typed(s) for s in supers if keep(s)))
        }
        self.schema = [t for t in rules.schema if keep(t[0]) and keep(t[2])]

    def scan(self, ntriples: bytes) -> Scan:
        """One pass over a graph's lines: the triples some rule reads (half of an article's
        lines are labels, offsets and texts that none reads), the subjects of all lines, and
        the index facts (one split per line; a second pass over the facts cost 10 % more)."""
        get = self.steps.get
        scan = Scan(ntriples.split(b"\n"), [], set(), set())
        fact, subject, indexed = scan.facts.append, scan.subjects.add, scan.index.add
        for ln in scan.lines:
            if ln:
                s, p, rest = ln.split(b" ", 2)
                subject(s)
                step = get(p)
                if step is not None:
                    o = rest[:-2]
                    fact((s, p, o))
                    if step.index and o[:1] != b'"':
                        for flipped, rel in step.index:
                            indexed((o, rel, s) if flipped else (s, rel, o))
                elif p == TYPE_TERM:
                    fact((s, p, rest[:-2]))
        return scan

    def relevant(self, ntriples: bytes) -> tuple[list[Fact], set[bytes]]:
        """The triples of ``ntriples`` that some rule reads, and the subjects of all lines."""
        scan = self.scan(ntriples)
        return scan.facts, scan.subjects

    def schema_lines(self) -> list[bytes]:
        """scm-sco / scm-spo conclusions between named terms, for the ontology's graph."""
        return [line(term(s), term(p), term(o)) for s, p, o in self.schema]


def index_facts(facts: Iterable[Fact], plan: Plan) -> set[Fact]:
    """The index-relation facts that these triples yield on their own (stated ones included)."""
    out: set[Fact] = set()
    steps = plan.steps
    for s, p, o in facts:
        step = steps.get(p)
        if step is None or not step.index or o[:1] == b'"':
            continue
        for flipped, rel in step.index:
            out.add((o, rel, s) if flipped else (s, rel, o))
    return out


def close_index(facts: Iterable[Fact], plan: Plan) -> dict[str, dict[bytes, set[bytes]]]:
    """Group index facts by relation and close the transitive ones (prp-trp)."""
    index: dict[str, dict[bytes, set[bytes]]] = {
        r: defaultdict(set) for r in plan.rules.index_relations
    }
    for s, p, o in facts:
        if o[:1] != b'"':
            index[p[1:-1].decode()][s].add(o)
    for rel in plan.rules.transitive:
        table = index[rel]
        closed: dict[bytes, set[bytes]] = {}
        for start in list(table):
            seen: set[bytes] = set()
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


def index_lines(index: Index) -> list[bytes]:
    """The closed index as N-Triples lines."""
    return [
        line(s, term(rel), o)
        for rel, table in index.items()
        for s, objs in table.items()
        for o in objs
    ]


def derive(
    facts: Iterable[Fact],
    plan: Plan,
    index: Index,
    lookups: Lookups | None = None,
    chained: set[bytes] | None = None,
) -> set[bytes]:
    """Everything OWL 2 RL entails from ``facts`` with the ontology and the index, as N-Triples
    lines, except the transitive closure itself (which lives with the index). May include
    stated triples.

    ``lookups``, when given, records every index entry consulted: a result computed with a
    partial index (a build worker's) is exact iff the full index gives the same entries.
    ``chained``, when given, receives the lines reached *only* through a property chain; every
    other line follows from one of ``facts`` alone (the part :mod:`~graph.reasoning.support`
    can trace back to a premise and therefore writes once per store)."""
    out: set[bytes] = set()
    via: set[bytes] = set()  # reached through a chain (and what those lines yield)
    steps = plan.steps
    supers = plan.superclasses

    def fact(s: bytes, o: bytes, step: Step, add: Callable[[bytes], None]) -> None:
        for q in step.forward:
            add(s + q + o + b" .")
        for c in step.subject_types:
            add(s + c)
        if o[:1] == b'"':
            return
        for q in step.backward:
            add(o + q + s + b" .")
        for c in step.object_types:
            add(o + c)
        for flipped, chain, head in step.chains:
            x, y = (o, s) if flipped else (s, o)
            zs = index.get(chain.second, {}).get(y, ())
            if lookups is not None:
                lookups[(chain.second, y)] = frozenset(zs)
            for z in zs:
                ln = line(x, head, z)
                if ln not in via:
                    via.add(ln)
                    nxt = steps.get(head)
                    if nxt is not None:
                        fact(x, z, nxt, via.add)

    add = out.add
    for s, p, o in facts:
        if p == TYPE_TERM:
            for c in supers.get(o, ()):
                add(s + c)
            continue
        step = steps.get(p)
        if step is not None:
            fact(s, o, step, add)
    # Classes reached through domains, ranges and chains are already closed upwards; classes
    # of stated types were closed above. Nothing else yields rdf:type.
    if chained is not None:
        chained |= via - out
    out |= via
    return out
