"""Materialisation in the store: full (:func:`materialise`) and incremental (:func:`update`).

Layout (a clean rule, so "stated only" is one filter): every inferred graph's name starts with
``<base>graph/inferred``. The triples inferred from the stated graph ``<base>graph/<path>`` are
in ``<base>graph/inferred/<path>`` (an article's in ``graph/inferred/article/<slug>``), and the
relations that link graphs (the transitive closure of ag:partOf, ag:postIn) with their
consequences are in ``<base>graph/inferred/shared``. Removing or replacing a graph therefore
replaces exactly its inferred graph; the shared graph and the graphs that used a changed part of
it are recomputed only when the update changes that part.

Each inferred graph also records the index facts (ag:partOf, ag:postIn) its stated graph yields,
even where stated: that is how an update, run after the stated graph was replaced, knows what
the old version contributed to the shared graph.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.reasoning import checks
from graph.reasoning.apply import Fact, Index, Plan, close_index, derive, index_facts, index_triples
from graph.reasoning.article import Inference, agrees
from graph.reasoning.checks import Inconsistency
from graph.reasoning.rules import TYPE, compile_rules
from graph.store import Store
from graph.vocab import AG, DEFAULT_BASE, GraphNames

AG_ONLY: tuple[str, ...] = (AG,)
"""Default scope: conclusions in the project's own vocabulary (see the README for why)."""


@dataclass
class ReasoningReport:
    graphs: int = 0
    inferred: int = 0
    full: bool = False
    index_changed: bool = False
    inconsistencies: list[Inconsistency] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def consistent(self) -> bool:
        return not self.inconsistencies


class Layout:
    """Names of inferred graphs under one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.names = GraphNames(base)
        self.stated_root = self.names.base + "graph/"
        self.prefix = self.names.base + "graph/inferred"
        self.shared = self.prefix + "/shared"

    def is_inferred(self, graph: str) -> bool:
        return graph.startswith(self.prefix)

    def is_stated(self, graph: str) -> bool:
        return graph.startswith(self.stated_root) and not self.is_inferred(graph)

    def inferred(self, graph: str) -> str:
        """The inferred graph of a stated graph: ``graph/<path>`` -> ``graph/inferred/<path>``."""
        return self.prefix + "/" + graph.removeprefix(self.stated_root)

    def stated_filter(self, var: str = "g") -> str:
        return f'FILTER(!STRSTARTS(STR(?{var}), "{self.prefix}"))'


def _nodes(values: Iterable[str]) -> str:
    return " ".join(f"<{v}>" for v in values)


_PLANS: dict[tuple[str, tuple[str, ...] | None], Plan] = {}
_FINGERPRINT = ox.NamedNode(AG + "contentHash")


_BLANK = re.compile(rb"_:[A-Za-z0-9_\-.]+")


def _fingerprint(ntriples: bytes, scope: tuple[str, ...] | None) -> str:
    """Of an ontology as N-Triples; stable across runs: blank node labels (fresh on every
    parse) are blanked out, lines sorted."""
    h = hashlib.sha256(repr(scope).encode())
    for line in sorted(_BLANK.sub(b"_:", ntriples).splitlines()):
        h.update(line)
    return h.hexdigest()[:16]


def load_plan(store: Store, layout: Layout, scope: tuple[str, ...] | None) -> tuple[Plan, str]:
    """Compile the ontology graph in the store (cached per content and scope). The content is
    read as N-Triples in one call: cheap enough for every update."""
    buf = io.BytesIO()
    if store.has_graph(layout.names.ontology):
        store.export(buf, "nt", graph=layout.names.ontology)
    key = (_fingerprint(buf.getvalue(), scope), scope)
    if key not in _PLANS:
        _PLANS.clear()
        _PLANS[key] = Plan(compile_rules(store.quads(layout.names.ontology)), scope)
    return _PLANS[key], key[0]


def _as_triples(facts: Iterable[Fact]) -> list[ox.Triple]:
    return [ox.Triple(s, p, o) for s, p, o in facts]


def _index_sources(plan: Plan) -> str:
    return _nodes({p for rel in plan.rules.index_relations for p, _ in plan.rules.sources(rel)})


def _scan_index(
    store: Store, plan: Plan, layout: Layout, graphs: Iterable[str] | None = None
) -> dict[str, set[Fact]]:
    """Index facts of every stated graph, or of the given ones (one query over the few
    index-source predicates)."""
    restrict = ""
    if graphs is not None:
        graphs = list(graphs)
        if not graphs:
            return {}
        restrict = f"VALUES ?g {{ {_nodes(graphs)} }}"
    rows = store.query(
        f"SELECT ?g ?s ?p ?o WHERE {{ {restrict} VALUES ?p {{ {_index_sources(plan)} }} "
        f"GRAPH ?g {{ ?s ?p ?o }} {layout.stated_filter()} }}"
    )
    local: dict[str, set[Fact]] = defaultdict(set)
    for row in rows:
        g = row["g"].value
        if layout.is_stated(g):
            local[g] |= index_facts([ox.Triple(row["s"], row["p"], row["o"])], plan)
    return local


def _infer_graph(
    quads: list[ox.Quad], plan: Plan, index: Index, local: set[Fact]
) -> list[ox.Triple]:
    out = derive(quads, plan, index)
    out -= {(q.subject, q.predicate, q.object) for q in quads}  # type: ignore[misc]
    return _as_triples(out | local)


def _nt(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _shared(index: Index, plan: Plan, layout: Layout, fingerprint: str) -> list[ox.Triple]:
    """The closed index with its consequences, marked with the ontology and scope it used."""
    closure = index_triples(index, plan)
    extra = derive(closure, plan, index)
    mark = ox.Triple(ox.NamedNode(layout.shared), _FINGERPRINT, ox.Literal(fingerprint))
    seen = {(t.subject, t.predicate, t.object) for t in closure}
    return [*closure, *_as_triples(extra - seen), mark]  # type: ignore[operator]


BULK_BYTES = 1 << 20
"""Above this much N-Triples, inferred graphs are written with the bulk loader."""


def _write(store: Store, layout: Layout, graphs: dict[str, bytes], drop: list[str]) -> None:
    """Small writes: one transaction. Large ones: the bulk loader, with the shared graph (which
    carries the fingerprint) dropped first and written last, so an interrupted write leaves no
    fingerprint and the next update recomputes everything."""
    if sum(map(len, graphs.values())) < BULK_BYTES:
        store.replace_graphs_ntriples(graphs, drop=drop)
        return
    ordered = {g: nt for g, nt in graphs.items() if g != layout.shared}
    if layout.shared in graphs:
        ordered[layout.shared] = graphs[layout.shared]
    store.update(f"DROP SILENT GRAPH <{layout.shared}>")
    store.bulk_replace_graphs_ntriples(ordered, drop=drop)


def _accepted(
    precomputed: Mapping[str, Inference] | None, fingerprint: str
) -> dict[str, Inference]:
    return {g: i for g, i in (precomputed or {}).items() if i.fingerprint == fingerprint}


def materialise(
    store: Store,
    *,
    base: str = DEFAULT_BASE,
    scope: tuple[str, ...] | None = AG_ONLY,
    precomputed: Mapping[str, Inference] | None = None,
) -> ReasoningReport:
    """Recompute every inferred graph from the stated graphs.

    ``precomputed``: inferred graphs derived where the articles were built (see
    :mod:`graph.reasoning.article`), used where the store-wide index agrees with them; every
    other stated graph is read back from the store."""
    started = time.perf_counter()
    report = ReasoningReport(full=True, index_changed=True)
    layout = Layout(base)
    plan, fingerprint = load_plan(store, layout, scope)
    pre = _accepted(precomputed, fingerprint)
    existing = store.graphs()
    stated = [g for g in existing if layout.is_stated(g)]
    stated_set = set(stated)
    pre = {g: i for g, i in pre.items() if g in stated_set}
    if pre:
        local = _scan_index(store, plan, layout, [g for g in stated if g not in pre])
        local.update({g: set(i.index) for g, i in pre.items()})
    else:
        local = _scan_index(store, plan, layout)
    index = close_index(set().union(*local.values()), plan)
    report.timings["index"] = time.perf_counter() - started
    graphs: dict[str, bytes] = {}
    t_read = t_derive = 0.0
    for g in stated:
        name = layout.inferred(g)
        done = pre.get(g)
        if done is not None and agrees(done.lookups, index):
            graphs[name] = done.ntriples
            continue
        t0 = time.perf_counter()
        quads = list(store.quads(g))
        t1 = time.perf_counter()
        triples = _infer_graph(quads, plan, index, local.get(g, set()))
        if g == layout.names.ontology:
            triples += [ox.Triple(*(plan.node(x) for x in t)) for t in plan.schema]
        graphs[name] = _nt(triples)
        t_read += t1 - t0
        t_derive += time.perf_counter() - t1
    shared = _shared(index, plan, layout, fingerprint)
    graphs[layout.shared] = _nt(shared)
    report.timings["read"], report.timings["derive"] = t_read, t_derive
    t0 = time.perf_counter()
    drop = [g for g in existing if layout.is_inferred(g) and g not in graphs]
    _write(store, layout, graphs, drop)
    report.timings["write"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    report.inconsistencies = checks.find(store, plan.rules, prefix=layout.prefix)
    report.timings["check"] = time.perf_counter() - t0
    report.graphs = len(graphs)
    report.inferred = _count(graphs)
    report.seconds = time.perf_counter() - started
    return report


def _count(graphs: Mapping[str, bytes]) -> int:
    """Triples in N-Triples bytes (one per line)."""
    return sum(nt.count(b"\n") for nt in graphs.values())


def update(
    store: Store,
    changed: Iterable[str] = (),
    removed: Iterable[str] = (),
    *,
    base: str = DEFAULT_BASE,
    scope: tuple[str, ...] | None = AG_ONLY,
    precomputed: Mapping[str, Inference] | None = None,
) -> ReasoningReport:
    """Bring the inferred graphs up to date after the stated graphs ``changed`` were added or
    replaced and ``removed`` were dropped (call it after that commit). Falls back to
    :func:`materialise` when the ontology changed or nothing was materialised yet.
    ``precomputed`` as for :func:`materialise`."""
    started = time.perf_counter()
    layout = Layout(base)
    changed = sorted({g for g in changed if layout.is_stated(g)})
    removed = sorted({g for g in removed if layout.is_stated(g)} - set(changed))
    plan, fingerprint = load_plan(store, layout, scope)
    marks = store.query(
        f"SELECT ?h WHERE {{ GRAPH <{layout.shared}> "
        f"{{ <{layout.shared}> <{AG}contentHash> ?h }} }}"
    )
    if [r["h"].value for r in marks] != [fingerprint]:  # new ontology or scope, or none yet
        return materialise(store, base=base, scope=scope, precomputed=precomputed)
    wanted = set(changed)
    pre = {g: i for g, i in _accepted(precomputed, fingerprint).items() if g in wanted}
    report = ReasoningReport()
    rels = _nodes(plan.rules.index_relations)
    touched = [*changed, *removed]
    old: set[Fact] = set()
    if touched:
        rows = store.query(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?g {{ {_nodes(map(layout.inferred, touched))} }} "
            f"VALUES ?p {{ {rels} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        old = {(r["s"], r["p"], r["o"]) for r in rows}
    quads = {g: list(store.quads(g)) for g in changed if g not in pre}
    local = {g: index_facts(q, plan) for g, q in quads.items()}
    local.update({g: set(i.index) for g, i in pre.items()})
    new: set[Fact] = set().union(*local.values())
    report.index_changed = not _still_closed(store, layout, new - old, old - new, touched)
    report.timings["check-index"] = time.perf_counter() - started
    recompute = dict.fromkeys(changed)
    graphs: dict[str, bytes] = {}
    if report.index_changed:
        scanned = _scan_index(store, plan, layout)
        index: Index = close_index(set().union(*scanned.values()), plan)
        before = _read_index(store, layout, plan, None)
        moved = {
            s for rel in index for s in index[rel] if index[rel][s] != before.get(rel, {}).get(s)
        }
        moved |= {s for rel in before for s in before[rel] if s not in index.get(rel, {})}
        for g in _dependents(store, layout, plan, moved):
            if g not in removed:
                recompute.setdefault(g)
        graphs[layout.shared] = _nt(_shared(index, plan, layout, fingerprint))
        local.update({g: scanned.get(g, set()) for g in recompute if g not in local})
    else:
        mentioned = {
            t.object for q in quads.values() for t in q if not isinstance(t.object, ox.Literal)
        }
        mentioned |= {t.subject for q in quads.values() for t in q}
        mentioned |= {y for i in pre.values() for _, y in i.lookups}
        index = _read_index(store, layout, plan, mentioned)  # type: ignore[arg-type]
    focus: set[str] = set()
    for g in recompute:
        done = pre.get(g)
        if done is not None and agrees(done.lookups, index):
            graphs[layout.inferred(g)] = done.ntriples
            focus |= done.subjects
            continue
        q = quads.get(g) or list(store.quads(g))
        triples = _infer_graph(q, plan, index, local.get(g, set()))
        graphs[layout.inferred(g)] = _nt(triples)
        focus |= {t.subject.value for t in q if isinstance(t.subject, ox.NamedNode)}
        focus |= {
            t.subject.value
            for t in triples
            if t.predicate.value == TYPE and isinstance(t.subject, ox.NamedNode)
        }
    report.timings["derive"] = time.perf_counter() - started
    _write(store, layout, graphs, [layout.inferred(g) for g in removed])
    report.timings["write"] = time.perf_counter() - started
    if layout.shared in graphs:  # the shared graph's consequences may type any node
        focus |= {
            t.subject.value
            for t in ox.parse(graphs[layout.shared], format=ox.RdfFormat.N_TRIPLES)
            if t.predicate.value == TYPE and isinstance(t.subject, ox.NamedNode)
        }
    report.inconsistencies = checks.find(store, plan.rules, focus=focus, prefix=layout.prefix)
    report.graphs = len(graphs)
    report.inferred = _count(graphs)
    report.seconds = time.perf_counter() - started
    return report


def _still_closed(
    store: Store, layout: Layout, added: set[Fact], gone: set[Fact], touched: list[str]
) -> bool:
    """True when the shared index is unaffected: every added fact is already in it, and every
    fact that disappeared is still yielded by some other graph."""
    if any(isinstance(x, ox.BlankNode) for f in added | gone for x in f):
        return False  # blank nodes cannot be looked up across graphs: recompute
    if added:
        values = " ".join(f"({s} {p} {o})" for s, p, o in added)
        rows = store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES (?s ?p ?o) {{ {values} }} "
            f"GRAPH <{layout.shared}> {{ ?s ?p ?o }} }}"
        )
        if int(next(iter(rows))["n"].value) != len(added):
            return False
    if gone:
        values = " ".join(f"({s} {p} {o})" for s, p, o in gone)
        skip = _nodes([layout.shared, *map(layout.inferred, touched)])
        rows = store.query(
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} "
            f'GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{layout.prefix}/") '
            f"&& ?g NOT IN ({skip.replace(' ', ', ')})) }}"
        )
        if len(list(rows)) != len(gone):
            return False
    return True


def _read_index(
    store: Store, layout: Layout, plan: Plan, subjects: set[ox.NamedNode] | None
) -> dict[str, dict[ox.NamedNode | ox.BlankNode, set[ox.NamedNode | ox.BlankNode]]]:
    if subjects is not None:  # blank nodes cannot be looked up by label across graphs
        subjects = {s for s in subjects if isinstance(s, ox.NamedNode)}
    restrict = f"VALUES ?s {{ {' '.join(str(s) for s in subjects)} }}" if subjects else ""
    index: dict[str, dict] = {rel: defaultdict(set) for rel in plan.rules.index_relations}
    if subjects is not None and not subjects:
        return index
    rows = store.query(
        f"SELECT ?s ?p ?o WHERE {{ {restrict} VALUES ?p {{ {_nodes(plan.rules.index_relations)} }} "
        f"GRAPH <{layout.shared}> {{ ?s ?p ?o }} }}"
    )
    for r in rows:
        index[r["p"].value][r["s"]].add(r["o"])
    return index


def _dependents(store: Store, layout: Layout, plan: Plan, moved: set) -> list[str]:
    """Stated graphs with a chain's first link (or a transitive fact) ending at a moved node."""
    if not moved:
        return []
    rels = {c.first for c in plan.rules.chains} | plan.rules.transitive
    fwd = {p for rel in rels for p, flipped in plan.rules.sources(rel) if not flipped}
    bwd = {p for rel in rels for p, flipped in plan.rules.sources(rel) if flipped}
    values = " ".join(str(n) for n in moved if isinstance(n, ox.NamedNode))
    if not values:
        return []
    rows = store.query(
        f"SELECT DISTINCT ?g WHERE {{ VALUES ?y {{ {values} }} "
        f"{{ VALUES ?p {{ {_nodes(fwd)} }} GRAPH ?g {{ ?x ?p ?y }} }} UNION "
        f"{{ VALUES ?p {{ {_nodes(bwd) or '<urn:x-none>'} }} GRAPH ?g {{ ?y ?p ?x }} }} "
        f"{layout.stated_filter()} }}"
    )
    return [r["g"].value for r in rows if layout.is_stated(r["g"].value)]
