"""Each conclusion written once per store, and found again when the graph holding it goes.

Articles restate the entities they mention, so many derive the same conclusions: at 10,000
synthetic articles, 137k of the 485k lines of the article inferred graphs repeat a line of
another one (an agency's ``ag:Agency`` and ``ag:Organization`` types in every article naming
it, an account's ``ag:hasAccount`` in every article naming its holder). Writing them once saves
Oxigraph's bulk loader about 7 µs per line, and a plain ``?x a ag:Agency`` over the union default
graph (a bag in pyoxigraph 0.5) no longer meets each agency once per article.

The rule, kept by :func:`write_once` (full materialisation) and :func:`place` (updates):

- A line that follows from **one stated triple** of a graph (a *common* line: cax-sco, prp-dom,
  prp-rng, prp-inv, prp-spo1, ...) is written in the inferred graph of one graph that yields it
  without stating it: in a full materialisation the first by name, in an update wherever it
  already is.
- Every other line is written in its own graph's inferred graph: index facts (the record of
  what a graph contributed to the shared graph), lines reached only through a property chain
  (their support is a join with the shared index), lines with blank nodes (labels are not
  comparable across graphs).

So the union of the inferred graphs is what it was, and when a graph's lines go (the graph is
removed or no longer yields them), a lost common line that no other inferred graph holds is
traced back to its possible premises (:class:`Premises`, the compiled rules read backwards)
and written again in the inferred graph of a stated graph that still yields it: removal stays
exact without counting supporters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from graph.reasoning.apply import TYPE_TERM, Plan, term, to_ntriples
from graph.reasoning.base import graph_ntriples
from graph.reasoning.layout import Layout
from graph.store import Store

UNDEF = b"UNDEF"


class Premises:
    """The compiled rules read backwards: which single triples yield a given line."""

    def __init__(self, plan: Plan) -> None:
        self.props: dict[bytes, list[tuple[bytes, bool]]] = defaultdict(list)
        """Conclusion predicate -> (premise predicate, flipped)."""
        self.types: dict[bytes, list[tuple[str, bytes]]] = defaultdict(list)
        """Class -> ("type", subclass) | ("subject", predicate) | ("object", predicate)."""
        for p, step in plan.steps.items():
            for q in step.forward:
                self.props[q.strip()].append((p, False))
            for q in step.backward:
                self.props[q.strip()].append((p, True))
            for typed in step.subject_types:
                self.types[_class(typed)].append(("subject", p))
            for typed in step.object_types:
                self.types[_class(typed)].append(("object", p))
        for sub, supers in plan.superclasses.items():
            for typed in supers:
                self.types[_class(typed)].append(("type", sub))
        self.index = {term(r) for r in plan.rules.index_relations}

    def patterns(self, ln: bytes) -> list[tuple[bytes, bytes, bytes]]:
        """Triple patterns (``UNDEF`` for any term) one of which a stated graph must hold to
        yield the line ``ln`` by a single-premise rule."""
        s, p, rest = ln.split(b" ", 2)
        o = rest[:-2]
        if p == TYPE_TERM:
            out = []
            for kind, x in self.types.get(o, ()):
                if kind == "type":
                    out.append((s, TYPE_TERM, x))
                elif kind == "subject":
                    out.append((s, x, UNDEF))
                else:
                    out.append((UNDEF, x, s))
            return out
        return [
            (o, x, s) if flipped else (s, x, o)
            for x, flipped in self.props.get(p, ())
            if not (flipped and o[:1] == b'"')
        ]

    def traceable(self, ln: bytes) -> bool:
        """Lines an update may have to find again: no blank node, not an index
        fact (those are in every graph that yields them)."""
        return bool(ln) and b"_:" not in ln and ln.split(b" ", 2)[1] not in self.index


def write_once(parts: Mapping[str, tuple[bytes, bytes]]) -> dict[str, bytes]:
    """Inferred graphs from each graph's (own, common) lines: a common line only in the first
    graph, by name, that yields it (and not where an own line of an earlier graph has it)."""
    seen: set[bytes] = set()
    out: dict[str, bytes] = {}
    for name in sorted(parts):
        own, common = parts[name]
        seen.update(own.split(b"\n"))
        kept = [ln for ln in common.split(b"\n") if ln and ln not in seen]
        seen.update(kept)
        out[name] = own + to_ntriples(kept)
    return out


def _values(rows: Iterable[Iterable[bytes]]) -> str:
    return " ".join("(" + b" ".join(r).decode() + ")" for r in rows)


def held_elsewhere(
    store: Store, layout: Layout, lines: list[bytes], ignore: set[str]
) -> set[bytes]:
    """The lines some inferred graph other than ``ignore`` holds."""
    if not lines:
        return set()
    rows = [(str(i).encode(), *ln[:-2].split(b" ", 2)) for i, ln in enumerate(lines)]
    found = store.query(
        f"SELECT DISTINCT ?i ?g WHERE {{ VALUES (?i ?s ?p ?o) {{ {_values(rows)} }} "
        f'GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{layout.prefix}/")) }}'
    )
    return {lines[int(r["i"].value)] for r in found if r["g"].value not in ignore}


def supporters(
    store: Store, premises: Premises, layout: Layout, lines: list[bytes]
) -> dict[bytes, str]:
    """For each line, a stated graph that yields it from one of its triples without stating
    the line itself; lines no graph yields are left out. One query per line that stops at the
    first graph found: an agency's type has premises in ~900 graphs at 10,000 articles, and
    collecting them all to pick one cost 0.1-0.5 s per update."""
    not_fixed = ", ".join(f"<{g}>" for g in layout.fixed())
    found: dict[bytes, str] = {}
    for ln in lines:
        patterns = premises.patterns(ln)
        if not patterns:
            continue
        s, p, rest = ln.split(b" ", 2)
        rows = store.query(
            f"SELECT ?g WHERE {{ VALUES (?s ?p ?o) {{ {_values(patterns)} }} "
            f"GRAPH ?g {{ ?s ?p ?o }} "
            f'FILTER(STRSTARTS(STR(?g), "{layout.stated_root}") '
            f'&& !STRSTARTS(STR(?g), "{layout.prefix}") '
            f"&& ?g NOT IN ({not_fixed})) "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ {s.decode()} {p.decode()} {rest[:-2].decode()} }} }}"
            f" }} LIMIT 1"
        )
        for r in rows:
            found[ln] = r["g"].value
    return found


@lru_cache(maxsize=4)
def _premises(plan: Plan) -> Premises:
    return Premises(plan)


def place(
    store: Store,
    layout: Layout,
    plan: Plan,
    parts: Mapping[str, tuple[bytes, bytes]],
    dropped: list[str],
) -> dict[str, bytes]:
    """The inferred graphs to write after an update: the new ones, without
    common lines another inferred graph holds already; and, for a common line that a replaced
    or dropped inferred graph held and no other graph holds any more, the inferred graph of a
    stated graph that still yields it, with the line added. Read before anything is written."""
    premises = _premises(plan)
    touched = {*parts, *dropped}
    everything = {ln for own, c in parts.values() for ln in (*own.split(b"\n"), *c.split(b"\n"))}
    lost = {
        ln
        for name in touched
        for ln in graph_ntriples(store, name).split(b"\n")
        if ln not in everything and premises.traceable(ln)
    }
    common = {ln for _, c in parts.values() for ln in c.split(b"\n") if ln}
    held = held_elsewhere(store, layout, sorted(common | lost), ignore=touched | {layout.shared})
    graphs = write_once(
        {
            name: (own, to_ntriples(ln for ln in c.split(b"\n") if ln and ln not in held))
            for name, (own, c) in parts.items()
        }
    )
    missing = sorted(lost - held)
    if missing:
        hosts: dict[str, list[bytes]] = defaultdict(list)
        for ln, graph in supporters(store, premises, layout, missing).items():
            hosts[layout.inferred(graph)].append(ln)
        for name, lines in hosts.items():
            graphs[name] = graph_ntriples(store, name) + to_ntriples(lines)
    return graphs


def _class(typed: bytes) -> bytes:
    """The class of a padded `` <rdf:type> <C> .`` suffix."""
    return typed.split(b" ")[2]
