"""Inconsistencies as data: individuals in disjoint classes (cax-dw), more than one value where
at most one is allowed (cls-maxc2, prp-fp). Like SHACL results: a focus node, a message and the
graphs involved, never an exception. cls-maxc2 would conclude owl:sameAs between the values;
the reasoner does not equate IRIs minted for different things and reports the clash instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graph.reasoning.rules import TYPE, Rules
from graph.store import Store


@dataclass(frozen=True)
class Inconsistency:
    """One violated axiom; ``graphs`` are the stated graphs whose triples lead to it."""

    rule: str
    focus: str
    message: str
    graphs: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.rule}: {self.message} (in {', '.join(self.graphs)})"


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in iris)} }}"


def find(
    store: Store,
    rules: Rules,
    source_of: dict[str, str] | None = None,
    *,
    focus: Iterable[str] | None = None,
    prefix: str,
) -> list[Inconsistency]:
    """Check the whole store, or only the ``focus`` nodes; ``prefix`` names inferred graphs,
    which are reported as the stated graph they were derived from."""
    nodes = sorted(set(focus)) if focus is not None else None
    if nodes == []:
        return []
    restrict = _values("x", nodes) if nodes else ""

    def origin(g: str) -> str:
        if g.startswith(prefix + "/") and not g.endswith("/shared"):
            return g.replace("/graph/inferred/", "/graph/", 1)
        return g

    if nodes:
        return _find_around(store, rules, restrict, origin)

    found: list[Inconsistency] = []
    if rules.disjoint:
        pairs = " ".join(f"(<{a}> <{b}>)" for a, b in rules.disjoint)
        rows = store.query(
            f"SELECT ?x ?a ?b ?ga ?gb WHERE {{ {restrict} VALUES (?a ?b) {{ {pairs} }} "
            f"GRAPH ?ga {{ ?x <{TYPE}> ?a }} GRAPH ?gb {{ ?x <{TYPE}> ?b }} }}"
        )
        clash: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for row in rows:
            key = (row["x"].value, row["a"].value, row["b"].value)
            clash[key] |= {origin(row["ga"].value), origin(row["gb"].value)}
        for (x, a, b), graphs in sorted(clash.items()):
            found.append(_disjoint(x, a, b, graphs))
    for m in rules.max_one:
        typed = f"?x <{TYPE}> <{m.cls}> ." if m.cls else ""
        rows = store.query(
            f"SELECT ?x ?v ?g WHERE {{ {restrict} {typed} GRAPH ?g {{ ?x <{m.prop}> ?v }} "
            f"{{ SELECT ?x WHERE {{ {restrict} ?x <{m.prop}> ?w }} GROUP BY ?x "
            "HAVING (COUNT(DISTINCT ?w) > 1) } }"
        )
        values: dict[str, set[str]] = defaultdict(set)
        where: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            values[row["x"].value].add(str(row["v"]))
            where[row["x"].value].add(origin(row["g"].value))
        for x in sorted(values):
            found.append(
                Inconsistency(
                    m.rule,
                    x,
                    f"{x} has {len(values[x])} values of {m.prop} ({', '.join(sorted(values[x]))})"
                    f"{' as a ' + m.cls if m.cls else ''}; at most one is allowed",
                    tuple(sorted(where[x])),
                )
            )
    return found


def _find_around(store: Store, rules: Rules, restrict: str, origin: Callable[[str], str]) -> list:
    """The same checks for a few nodes. A popular agency is typed in thousands of graphs, so
    nothing is enumerated per graph until a clash is found: EXISTS stops at the first match."""
    found: list[Inconsistency] = []
    if rules.disjoint:
        pairs = " ".join(f"(<{a}> <{b}>)" for a, b in rules.disjoint)
        rows = store.query(
            f"SELECT ?x ?a ?b WHERE {{ {restrict} VALUES (?a ?b) {{ {pairs} }} "
            f"FILTER EXISTS {{ ?x <{TYPE}> ?a }} FILTER EXISTS {{ ?x <{TYPE}> ?b }} }}"
        )
        for x, a, b in sorted((r["x"].value, r["a"].value, r["b"].value) for r in rows):
            graphs = {
                origin(r["g"].value)
                for r in store.query(
                    f"SELECT DISTINCT ?g WHERE {{ VALUES ?c {{ <{a}> <{b}> }} "
                    f"GRAPH ?g {{ <{x}> <{TYPE}> ?c }} }}"
                )
            }
            found.append(_disjoint(x, a, b, graphs))
    for m in rules.max_one:
        typed = f"FILTER EXISTS {{ ?x <{TYPE}> <{m.cls}> }}" if m.cls else ""
        rows = store.query(
            f"SELECT ?x WHERE {{ {restrict} ?x <{m.prop}> ?w . {typed} }} GROUP BY ?x "
            "HAVING (COUNT(DISTINCT ?w) > 1)"
        )
        for x in sorted(r["x"].value for r in rows):
            values: dict[str, set[str]] = defaultdict(set)
            for r in store.query(f"SELECT ?v ?g WHERE {{ GRAPH ?g {{ <{x}> <{m.prop}> ?v }} }}"):
                values[str(r["v"])].add(origin(r["g"].value))
            found.append(
                Inconsistency(
                    m.rule,
                    x,
                    f"{x} has {len(values)} values of {m.prop} ({', '.join(sorted(values))})"
                    f"{' as a ' + m.cls if m.cls else ''}; at most one is allowed",
                    tuple(sorted(set().union(*values.values()))),
                )
            )
    return found


def _disjoint(x: str, a: str, b: str, graphs: set[str]) -> Inconsistency:
    """The one wording of a cax-dw clash, for the whole-store and the local checks."""
    return Inconsistency(
        "cax-dw", x, f"{x} is both a {a} and a {b}, declared disjoint", tuple(sorted(graphs))
    )
