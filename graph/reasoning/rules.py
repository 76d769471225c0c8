"""Compile the ontology once into lookup tables (the T-box part of OWL 2 RL, done ahead of time).

The ontology is small and fixed, so every OWL 2 RL rule whose premises are one data triple plus
schema triples (cax-sco, cax-eqc1/2, prp-spo1, prp-eqp1/2, prp-inv1/2, prp-symp, prp-dom,
prp-rng) collapses into a table: *this predicate yields these predicates, forwards or flipped,
and these classes for its subject and object*. What is left are the rules that join two data
triples: prp-trp (transitive properties), prp-spo2 (property chains), and the checks cax-dw,
cls-maxc2 and prp-fp, which are reported rather than applied (see ``checks``).

A chain ``H <- P1 o P2`` is applied with P1 from the graph being reasoned over and P2 from the
*index*: the facts of every transitive property and of every chain's last link, closed over all
graphs. :func:`compile_rules` refuses ontologies outside that fragment with a ``ConfigError``
naming the axiom, rather than silently inferring too little.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.errors import ConfigError

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
TYPE = RDF + "type"

Edge = tuple[str, bool]
"""A predicate and whether the conclusion is flipped (``o q s`` instead of ``s q o``)."""


@dataclass(frozen=True)
class Chain:
    """``head`` holds between x and z when ``first`` holds between x and y and ``second``
    between y and z (owl:propertyChainAxiom of length two; prp-spo2)."""

    head: str
    first: str
    second: str


@dataclass(frozen=True)
class MaxOne:
    """At most one value of ``prop`` for instances of ``cls`` (cls-maxc2, cls-maxqc3 without
    qualification), or for every subject when ``cls`` is None (prp-fp)."""

    cls: str | None
    prop: str
    rule: str


@dataclass
class Rules:
    """The compiled ontology: everything the per-graph pass needs, as plain lookups."""

    edges: dict[str, tuple[Edge, ...]] = field(default_factory=dict)
    """Predicate -> the (predicate, flipped) conclusions of one triple, itself excluded."""
    subject_types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    object_types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    superclasses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    transitive: frozenset[str] = frozenset()
    chains: tuple[Chain, ...] = ()
    disjoint: tuple[tuple[str, str], ...] = ()
    max_one: tuple[MaxOne, ...] = ()
    schema: tuple[tuple[str, str, str], ...] = ()
    """scm-sco and scm-spo: the strict subclass/subproperty closure between named terms."""

    @property
    def index_relations(self) -> frozenset[str]:
        """Relations closed over all graphs: transitive ones and the last link of each chain."""
        return self.transitive | {c.second for c in self.chains}

    def sources(self, relation: str) -> list[Edge]:
        """The predicates whose triples yield ``relation`` (with the flip), itself included."""
        out: list[Edge] = [(relation, False)]
        for p, edges in self.edges.items():
            out += [(p, flipped) for q, flipped in edges if q == relation and p != relation]
        return out

    def expand(self, p: str) -> tuple[Edge, ...]:
        """(p, False) and everything one triple with predicate ``p`` yields."""
        return ((p, False), *self.edges.get(p, ()))


def _closure(start: str, graph: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    seen.discard(start)
    return seen


def _rdf_list(head: ox.NamedNode | ox.BlankNode, first: dict, rest: dict) -> list[str]:
    items: list[str] = []
    node: object = head
    while isinstance(node, ox.NamedNode | ox.BlankNode) and node.value != RDF + "nil":
        if node not in first:
            break
        items.append(first[node].value)
        node = rest.get(node)
    return items


def compile_rules(triples: Iterable[ox.Triple | ox.Quad]) -> Rules:
    """Compile an ontology (any iterable of triples or quads) into :class:`Rules`."""
    sub_c: dict[str, set[str]] = defaultdict(set)
    sub_p: dict[str, set[str]] = defaultdict(set)
    inverse: dict[str, set[str]] = defaultdict(set)
    domain: dict[str, set[str]] = defaultdict(set)
    range_: dict[str, set[str]] = defaultdict(set)
    transitive: set[str] = set()
    symmetric: set[str] = set()
    functional: set[str] = set()
    disjoint: set[tuple[str, str]] = set()
    chain_heads: list[tuple[str, ox.NamedNode | ox.BlankNode]] = []
    first: dict[object, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
    rest: dict[object, object] = {}
    restriction_prop: dict[object, str] = {}
    restriction_max: dict[object, str] = {}
    restricted_by: list[tuple[str, object]] = []
    all_disjoint: list[object] = []
    members: dict[object, ox.NamedNode | ox.BlankNode] = {}
    stated_sc: set[tuple[str, str]] = set()
    stated_sp: set[tuple[str, str]] = set()

    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        sv = s.value if isinstance(s, ox.NamedNode) else ""
        ov = o.value if isinstance(o, ox.NamedNode) else ""
        named = bool(sv and ov)
        if p == RDFS + "subClassOf":
            if named:
                sub_c[sv].add(ov)
                stated_sc.add((sv, ov))
            elif isinstance(s, ox.NamedNode) and isinstance(o, ox.BlankNode):
                restricted_by.append((s.value, o))
        elif p == OWL + "equivalentClass" and named:
            sub_c[sv].add(ov)
            sub_c[ov].add(sv)
        elif p == RDFS + "subPropertyOf" and named:
            sub_p[sv].add(ov)
            stated_sp.add((sv, ov))
        elif p == OWL + "equivalentProperty" and named:
            sub_p[sv].add(ov)
            sub_p[ov].add(sv)
        elif p == OWL + "inverseOf" and named:
            inverse[sv].add(ov)
            inverse[ov].add(sv)
        elif p == RDFS + "domain" and named:
            domain[sv].add(ov)
        elif p == RDFS + "range" and named:
            range_[sv].add(ov)
        elif p == OWL + "disjointWith" and named:
            disjoint.add((min(sv, ov), max(sv, ov)))
        elif p == OWL + "propertyChainAxiom" and isinstance(s, ox.NamedNode):
            chain_heads.append((s.value, o))  # type: ignore[arg-type]
        elif p == RDF + "first":
            first[s] = o  # type: ignore[assignment]
        elif p == RDF + "rest":
            rest[s] = o
        elif p == OWL + "onProperty" and isinstance(o, ox.NamedNode):
            restriction_prop[s] = o.value
        elif p in (OWL + "maxCardinality", OWL + "maxQualifiedCardinality"):
            restriction_max[s] = o.value if isinstance(o, ox.Literal) else ""
        elif p == OWL + "members" and isinstance(o, ox.NamedNode | ox.BlankNode):
            members[s] = o
        elif p == TYPE and isinstance(o, ox.NamedNode):
            kind = o.value
            if kind == OWL + "TransitiveProperty" and isinstance(s, ox.NamedNode):
                transitive.add(s.value)
            elif kind == OWL + "SymmetricProperty" and isinstance(s, ox.NamedNode):
                symmetric.add(s.value)
            elif kind == OWL + "FunctionalProperty" and isinstance(s, ox.NamedNode):
                functional.add(s.value)
            elif kind == OWL + "AllDisjointClasses":
                all_disjoint.append(s)

    for node in all_disjoint:
        if node in members:
            names = _rdf_list(members[node], first, rest)
            disjoint |= {(a, b) for a in names for b in names if a < b}

    rules = Rules()
    props = set(sub_p) | set(inverse) | set(domain) | set(range_) | transitive | symmetric
    props |= {q for qs in sub_p.values() for q in qs} | {q for qs in inverse.values() for q in qs}
    super_p = {p: _closure(p, sub_p) for p in props}
    for p in sorted(props):
        seen: set[Edge] = {(p, False)}
        todo: list[Edge] = [(p, False)]
        while todo:
            q, flipped = todo.pop()
            nxt = [(s, flipped) for s in super_p.get(q, ())]
            nxt += [(i, not flipped) for i in inverse.get(q, ())]
            if q in symmetric:
                nxt.append((q, not flipped))
            for e in nxt:
                if e not in seen:
                    seen.add(e)
                    todo.append(e)
        edges = tuple(sorted(seen - {(p, False)}))
        if edges:
            rules.edges[p] = edges
        subj: set[str] = set()
        obj: set[str] = set()
        for q, flipped in seen:
            (obj if flipped else subj).update(domain.get(q, ()))
            (subj if flipped else obj).update(range_.get(q, ()))
        if subj:
            rules.subject_types[p] = tuple(sorted(subj))
        if obj:
            rules.object_types[p] = tuple(sorted(obj))

    classes = set(sub_c) | {c for cs in sub_c.values() for c in cs}
    classes |= {c for cs in (*domain.values(), *range_.values()) for c in cs}
    classes |= {c for pair in disjoint for c in pair}
    for c in classes:
        supers = _closure(c, sub_c)
        if supers:
            rules.superclasses[c] = tuple(sorted(supers))
    # Types from domains and ranges are closed under the class hierarchy up front.
    for table in (rules.subject_types, rules.object_types):
        for p, cs in table.items():
            table[p] = tuple(sorted({*cs, *(s for c in cs for s in rules.superclasses.get(c, ()))}))

    chains: list[Chain] = []
    for head, node in chain_heads:
        links = _rdf_list(node, first, rest)
        if len(links) != 2:
            raise ConfigError(
                f"{head}: owl:propertyChainAxiom of length {len(links)}; the compiled reasoner "
                "supports chains of two properties (split longer chains into named steps)"
            )
        chains.append(Chain(head, links[0], links[1]))
    rules.chains = tuple(chains)
    rules.transitive = frozenset(transitive)
    _check_fragment(rules)

    rules.disjoint = tuple(sorted(disjoint))
    max_one = [
        MaxOne(cls, restriction_prop[node], "cls-maxc2")
        for cls, node in restricted_by
        if node in restriction_prop and restriction_max.get(node) == "1"
    ]
    max_one += [MaxOne(None, p, "prp-fp") for p in sorted(functional)]
    rules.max_one = tuple(max_one)
    schema = {(c, RDFS + "subClassOf", s) for c in classes for s in rules.superclasses.get(c, ())}
    schema -= {(c, RDFS + "subClassOf", s) for c, s in stated_sc}
    schema |= {
        (p, RDFS + "subPropertyOf", s)
        for p in props
        for s in super_p.get(p, ())
        if (p, s) not in stated_sp
    }
    rules.schema = tuple(sorted(t for t in schema if t[0] != t[2]))
    return rules


def _check_fragment(rules: Rules) -> None:
    """Refuse what the one-pass application would get wrong (instead of inferring too little)."""
    index = rules.index_relations
    heads = {c.head for c in rules.chains}
    for chain in rules.chains:
        derived = {q for q, _ in rules.expand(chain.head)}
        if derived & index:
            raise ConfigError(
                f"{chain.head}: a property chain whose conclusion is (or implies) "
                f"{sorted(derived & index)}, which is itself the last link of a chain or "
                "transitive; the compiled reasoner cannot apply it in one pass"
            )
        if chain.second not in rules.transitive and chain.head == chain.first:
            raise ConfigError(
                f"{chain.head}: a left-recursive chain needs its last link ({chain.second}) "
                "to be transitive for the compiled reasoner"
            )
        if chain.first in heads and chain.first != chain.head:
            raise ConfigError(f"{chain.head}: chains feeding other chains are not supported")
