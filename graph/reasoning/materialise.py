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
the old version contributed to the shared graph. What the fixed graphs (ontology, reference)
entail on their own is left out of every other inferred graph (see ``base``).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.reasoning import checks, support
from graph.reasoning.apply import (
    TYPE_TERM,
    Fact,
    Index,
    close_index,
    derive,
    index_facts,
    index_lines,
    line,
    parse,
    term,
    to_ntriples,
)
from graph.reasoning.article import Inference, agrees, focus, infer_graph
from graph.reasoning.base import Base, cached_base, graph_ntriples, load_base
from graph.reasoning.checks import Inconsistency
from graph.reasoning.layout import Layout
from graph.store import Store
from graph.vocab import AG, DEFAULT_BASE

AG_ONLY: tuple[str, ...] = (AG,)
"""Default scope: conclusions in the project's own vocabulary (see the README for why)."""


@dataclass
class ReasoningReport:
    graphs: int = 0
    inferred: int = 0
    full: bool = False
    index_changed: bool = False
    read_back: int = 0
    """Stated graphs read back from the store to derive them (the others came derived from the
    build's workers)."""
    inconsistencies: list[Inconsistency] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def consistent(self) -> bool:
        return not self.inconsistencies


def _nodes(values: Iterable[str]) -> str:
    return " ".join(f"<{v}>" for v in values)


def _terms(values: Iterable[bytes]) -> str:
    """Named nodes as a SPARQL VALUES list (blank nodes cannot be looked up across graphs)."""
    return " ".join(v.decode() for v in values if v[:1] == b"<")


def _tok(node: object) -> bytes:
    """A node from a query row as an N-Triples term (never a literal here)."""
    return str(node).encode()


_FINGERPRINT = AG + "contentHash"


def _index_sources(base: Base) -> str:
    rules = base.plan.rules
    return _nodes({p for rel in rules.index_relations for p, _ in rules.sources(rel)})


def _scan_index(
    store: Store, base: Base, layout: Layout, graphs: Iterable[str] | None = None
) -> dict[str, set[Fact]]:
    """Index facts of every stated graph, or of the given ones (one query over the few
    index-source predicates); those the fixed graphs entail are left out for other graphs."""
    restrict = ""
    if graphs is not None:
        graphs = list(graphs)
        if not graphs:
            return {}
        restrict = f"VALUES ?g {{ {_nodes(graphs)} }}"
    rows = store.query(
        f"SELECT ?g ?s ?p ?o WHERE {{ {restrict} VALUES ?p {{ {_index_sources(base)} }} "
        f"GRAPH ?g {{ ?s ?p ?o }} {layout.stated_filter()} }}"
    )
    stated: dict[str, list[Fact]] = defaultdict(list)
    for row in rows:
        g = row["g"].value
        if layout.is_stated(g) and not isinstance(row["o"], ox.Literal):
            stated[g].append((_tok(row["s"]), _tok(row["p"]), _tok(row["o"])))
    fixed = layout.fixed()
    return {
        g: (facts if g in fixed else base.keep(facts))
        for g, ts in stated.items()
        if (facts := index_facts(ts, base.plan))
    }


def _infer(
    store: Store,
    layout: Layout,
    base: Base,
    graph: str,
    index: Index,
    local: set[Fact],
    ntriples: bytes | None = None,
) -> tuple[tuple[bytes, bytes], frozenset[str]]:
    """A stated graph's inferred lines derived from the store: (own, common) N-Triples (see
    ``support``) and the focus."""
    if ntriples is None:
        ntriples = graph_ntriples(store, graph)
    scan = base.plan.scan(ntriples)
    own, common = infer_graph(scan, base, index, local, fixed=graph in layout.fixed())
    if graph == layout.names.ontology:
        own.update(base.plan.schema_lines())
    return (to_ntriples(own), to_ntriples(common)), focus(scan.subjects, own | common)


def _shared(index: Index, base: Base, layout: Layout) -> bytes:
    """The closed index with its consequences, marked with the fixed graphs and scope used."""
    facts = [
        (s, term(rel), o) for rel, table in index.items() for s, objs in table.items() for o in objs
    ]
    closure = index_lines(index)
    extra = derive(facts, base.plan, index)
    extra.difference_update(closure)
    mark = line(term(layout.shared), term(_FINGERPRINT), b'"%s"' % base.fingerprint.encode())
    return to_ntriples([*closure, *extra, mark])


FULL_PASS_MIN = 100
"""Below this many graphs to derive again or drop, an update is always incremental."""
READ_BACK_S, STORE_PASS_S, UPDATE_S = 0.006, 0.0004, 0.03
"""Seconds per graph, measured at 10,000 articles: reading a stated graph back from the store
and deriving it; a full pass's store work per graph when the build's workers derived it
already; an incremental update per graph derived again or dropped (its old index facts, its
index lookups and its old inferred lines are read)."""


def _full_pass_is_cheaper(stated: int, covered: int, touched: int) -> bool:
    """A build that changes every article (new mappings) updates faster by recomputing
    everything from its workers' results (about 4 s at 10,000) than graph by graph (about 300 s);
    an update of 500 articles without results for the other 9,500 faster graph by graph (15 s
    against 60 s of reading back). The results are the same either way."""
    if touched < FULL_PASS_MIN:
        return False
    return (stated - covered) * READ_BACK_S + stated * STORE_PASS_S < touched * UPDATE_S


BULK_BYTES = 1 << 20
"""Above this much N-Triples, inferred graphs are written with the bulk loader."""


def _write(store: Store, layout: Layout, graphs: dict[str, bytes], drop: list[str]) -> None:
    """Small writes: one transaction. Large ones: the bulk loader, with the fingerprint in the
    shared graph removed first and written last, so an interrupted write leaves none and the
    next update recomputes everything. The shared graph goes only when it is rewritten: an
    update that leaves the index alone must not lose it (its closure and the fingerprint)."""
    if sum(map(len, graphs.values())) < BULK_BYTES:
        store.replace_graphs_ntriples(graphs, drop=drop)
        return
    ordered = {g: nt for g, nt in graphs.items() if g != layout.shared}
    if layout.shared in graphs:
        ordered[layout.shared] = graphs[layout.shared]  # carries the fingerprint
        store.update(f"DROP SILENT GRAPH <{layout.shared}>")
        store.bulk_replace_graphs_ntriples(ordered, drop=drop)
        return
    marks = _marks(store, layout)
    mark = f"GRAPH <{layout.shared}> {{ <{layout.shared}> <{_FINGERPRINT}> ?h }}"
    store.update(f"DELETE WHERE {{ {mark} }}")
    store.bulk_replace_graphs_ntriples(ordered, drop=drop)
    for h in marks:
        store.update(f"INSERT DATA {{ {mark.replace('?h', _literal(h))} }}")


def _literal(value: str) -> str:
    """A fingerprint (hex digits) as a SPARQL literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
    once: bool = True,
) -> ReasoningReport:
    """Recompute every inferred graph from the stated graphs.

    ``once=False`` writes every graph's conclusions in its inferred graph, even those another
    graph's inferred graph holds (see ``support``): the reference the tests compare with.

    ``precomputed``: inferred graphs derived where the articles were built (see
    :mod:`graph.reasoning.article`), used where the store-wide index agrees with them; every
    other stated graph is read back from the store."""
    started = time.perf_counter()
    report = ReasoningReport(full=True, index_changed=True)
    layout = Layout(base)
    fixed = load_base(store, layout.fixed(), scope)
    pre = _accepted(precomputed, fixed.fingerprint)
    existing = store.graphs()
    stated = [g for g in existing if layout.is_stated(g)]
    stated_set = set(stated)
    pre = {g: i for g, i in pre.items() if g in stated_set}
    if pre:
        local = _scan_index(store, fixed, layout, [g for g in stated if g not in pre])
        local.update({g: set(i.index) for g, i in pre.items()})
    else:
        local = _scan_index(store, fixed, layout)
    index = close_index(set().union(*local.values()), fixed.plan)
    report.timings["index"] = time.perf_counter() - started
    parts: dict[str, tuple[bytes, bytes]] = {}
    t_read = t_derive = 0.0
    for g in stated:
        name = layout.inferred(g)
        done = pre.get(g)
        if done is not None and agrees(done.lookups, index):
            parts[name] = (done.own, done.common)
            continue
        t0 = time.perf_counter()
        nt = graph_ntriples(store, g)
        t1 = time.perf_counter()
        report.read_back += 1
        parts[name], _ = _infer(store, layout, fixed, g, index, local.get(g, set()), nt)
        t_read += t1 - t0
        t_derive += time.perf_counter() - t1
    t0 = time.perf_counter()
    if once:
        graphs = support.write_once(parts)
    else:
        graphs = {name: own + common for name, (own, common) in parts.items()}
    report.timings["write-once"] = time.perf_counter() - t0
    graphs[layout.shared] = _shared(index, fixed, layout)
    report.timings["read"], report.timings["derive"] = t_read, t_derive
    t0 = time.perf_counter()
    drop = [g for g in existing if layout.is_inferred(g) and g not in graphs]
    _write(store, layout, graphs, drop)
    report.timings["write"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    report.inconsistencies = checks.find(store, fixed.plan.rules, prefix=layout.prefix)
    report.timings["check"] = time.perf_counter() - t0
    report.graphs = len(graphs)
    report.inferred = _count(graphs)
    report.seconds = time.perf_counter() - started
    return report


def _count(graphs: Mapping[str, bytes]) -> int:
    """Triples in N-Triples bytes (one per line)."""
    return sum(nt.count(b"\n") for nt in graphs.values())


def _marks(store: Store, layout: Layout) -> list[str]:
    rows = store.query(
        f"SELECT ?h WHERE {{ GRAPH <{layout.shared}> {{ <{layout.shared}> <{_FINGERPRINT}> ?h }} }}"
    )
    return [r["h"].value for r in rows]


def materialised_with(store: Store, base: str = DEFAULT_BASE) -> str | None:
    """The fingerprint of the fixed graphs the store's inferred graphs were derived with (see
    ``base``), or None: when it differs from a build's, everything is derived again, and the
    build passes the results its workers computed for unchanged articles too."""
    mark = _marks(store, Layout(base))
    return mark[0] if len(mark) == 1 else None


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
    :func:`materialise` when the ontology or reference graph changed (pass them in
    ``changed`` when they were written: only then are they read again) or nothing was
    materialised yet. ``precomputed`` as for :func:`materialise`."""
    started = time.perf_counter()
    layout = Layout(base)
    changed = sorted({g for g in changed if layout.is_stated(g)})
    removed = sorted({g for g in removed if layout.is_stated(g)} - set(changed))
    mark = _marks(store, layout)
    # The fixed graphs are read (~100 ms for the reference graph at 10k) only when the caller
    # says it wrote them, or when this process has not compiled what the mark names.
    fixed = cached_base(mark[0], scope) if len(mark) == 1 else None
    if fixed is None or any(g in layout.fixed() for g in (*changed, *removed)):
        fixed = load_base(store, layout.fixed(), scope)
    accepted = _accepted(precomputed, fixed.fingerprint)

    def full_pass_is_cheaper(touched: int) -> bool:
        if touched < FULL_PASS_MIN:  # listing the graphs costs ~50 ms at 10,000 articles
            return False
        stated = sum(1 for g in store.graphs() if layout.is_stated(g))
        return _full_pass_is_cheaper(stated, len(accepted), touched)

    if mark != [fixed.fingerprint] or full_pass_is_cheaper(len(changed) + len(removed)):
        return materialise(store, base=base, scope=scope, precomputed=precomputed)
    plan = fixed.plan
    wanted = set(changed)
    pre = {g: i for g, i in accepted.items() if g in wanted}
    report = ReasoningReport()
    rels = _nodes(plan.rules.index_relations)
    touched = [*changed, *removed]
    old: set[Fact] = set()
    if touched:
        rows = store.query(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?g {{ {_nodes(map(layout.inferred, touched))} }} "
            f"VALUES ?p {{ {rels} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        old = {(_tok(r["s"]), _tok(r["p"]), _tok(r["o"])) for r in rows}
    nts = {g: graph_ntriples(store, g) for g in changed if g not in pre}
    parsed = {g: plan.relevant(nt)[0] for g, nt in nts.items()}
    local = {
        g: (facts if g in layout.fixed() else fixed.keep(facts))
        for g, ts in parsed.items()
        for facts in [index_facts(ts, plan)]
    }
    local.update({g: set(i.index) for g, i in pre.items()})
    new: set[Fact] = set().union(*local.values())
    report.index_changed = not _still_closed(store, layout, new - old, old - new, touched)
    report.timings["check-index"] = time.perf_counter() - started
    recompute = dict.fromkeys(changed)
    graphs: dict[str, bytes] = {}
    if report.index_changed:
        scanned = _scan_index(store, fixed, layout)
        index: Index = close_index(set().union(*scanned.values()), plan)
        before = _read_index(store, layout, fixed, None)
        moved = {
            s for rel in index for s in index[rel] if index[rel][s] != before.get(rel, {}).get(s)
        }
        moved |= {s for rel in before for s in before[rel] if s not in index.get(rel, {})}
        for g in _dependents(store, layout, fixed, moved):
            if g not in removed:
                recompute.setdefault(g)
        if full_pass_is_cheaper(len(recompute) + len(removed)):
            return materialise(store, base=base, scope=scope, precomputed=precomputed)
        graphs[layout.shared] = _shared(index, fixed, layout)
        local.update({g: scanned.get(g, set()) for g in recompute if g not in local})
    else:
        mentioned = {o for ts in parsed.values() for _, _, o in ts if o[:1] != b'"'}
        mentioned |= {s for ts in parsed.values() for s, _, _ in ts}
        mentioned |= {y for i in pre.values() for _, y in i.lookups}
        index = _read_index(store, layout, fixed, mentioned)
    subjects: set[str] = set()
    parts: dict[str, tuple[bytes, bytes]] = {}
    for g in recompute:
        done = pre.get(g)
        if done is not None and agrees(done.lookups, index):
            parts[layout.inferred(g)] = (done.own, done.common)
            subjects |= done.subjects
            continue
        found_parts, found = _infer(store, layout, fixed, g, index, local.get(g, set()), nts.get(g))
        parts[layout.inferred(g)] = found_parts
        subjects |= found
    report.timings["derive"] = time.perf_counter() - started
    graphs.update(
        support.place(store, layout, fixed.plan, parts, [layout.inferred(g) for g in removed])
    )
    report.timings["place"] = time.perf_counter() - started
    _write(store, layout, graphs, [layout.inferred(g) for g in removed])
    report.timings["write"] = time.perf_counter() - started
    if layout.shared in graphs:  # the shared graph's consequences may type any node
        subjects |= {
            s[1:-1].decode()
            for s, p, _ in parse(graphs[layout.shared])
            if p == TYPE_TERM and s[:1] == b"<"
        }
    report.inconsistencies = checks.find(store, plan.rules, focus=subjects, prefix=layout.prefix)
    report.graphs = len(graphs)
    report.inferred = _count(graphs)
    report.seconds = time.perf_counter() - started
    return report


def _still_closed(
    store: Store, layout: Layout, added: set[Fact], gone: set[Fact], touched: list[str]
) -> bool:
    """True when the shared index is unaffected: every added fact is already in it, and every
    fact that disappeared is still yielded by some other graph."""
    if any(x[:1] == b"_:" for f in added | gone for x in f):
        return False  # blank nodes cannot be looked up across graphs: recompute
    if added:
        values = " ".join(f"({b' '.join(f).decode()})" for f in added)
        rows = store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES (?s ?p ?o) {{ {values} }} "
            f"GRAPH <{layout.shared}> {{ ?s ?p ?o }} }}"
        )
        if int(next(iter(rows))["n"].value) != len(added):
            return False
    if gone:
        values = " ".join(f"({b' '.join(f).decode()})" for f in gone)
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
    store: Store, layout: Layout, base: Base, subjects: set[bytes] | None
) -> dict[str, dict[bytes, set[bytes]]]:
    rules = base.plan.rules
    index: dict[str, dict[bytes, set[bytes]]] = {
        rel: defaultdict(set) for rel in rules.index_relations
    }
    restrict = ""
    if subjects is not None:
        named = _terms(subjects)
        if not named:
            return index
        restrict = f"VALUES ?s {{ {named} }}"
    rows = store.query(
        f"SELECT ?s ?p ?o WHERE {{ {restrict} VALUES ?p {{ {_nodes(rules.index_relations)} }} "
        f"GRAPH <{layout.shared}> {{ ?s ?p ?o }} }}"
    )
    for r in rows:
        index[r["p"].value][_tok(r["s"])].add(_tok(r["o"]))
    return index


def _dependents(store: Store, layout: Layout, base: Base, moved: set[bytes]) -> list[str]:
    """Stated graphs with a chain's first link (or a transitive fact) ending at a moved node."""
    if not moved:
        return []
    rules = base.plan.rules
    rels = {c.first for c in rules.chains} | rules.transitive
    fwd = {p for rel in rels for p, flipped in rules.sources(rel) if not flipped}
    bwd = {p for rel in rels for p, flipped in rules.sources(rel) if flipped}
    values = _terms(moved)
    if not values:
        return []
    rows = store.query(
        f"SELECT DISTINCT ?g WHERE {{ VALUES ?y {{ {values} }} "
        f"{{ VALUES ?p {{ {_nodes(fwd)} }} GRAPH ?g {{ ?x ?p ?y }} }} UNION "
        f"{{ VALUES ?p {{ {_nodes(bwd) or '<urn:x-none>'} }} GRAPH ?g {{ ?y ?p ?x }} }} "
        f"{layout.stated_filter()} }}"
    )
    return [r["g"].value for r in rows if layout.is_stated(r["g"].value)]
