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

    return _find(store, rules, restrict, origin, whole=nodes is None)


def _find(
    store: Store, rules: Rules, restrict: str, origin: Callable[[str], str], *, whole: bool
) -> list[Inconsistency]:
    """Candidates first, graphs only for a clash: a popular agency is typed in thousands of
    graphs, so nothing is enumerated per graph until a clash is found. Each disjoint pair is
    scanned from its rarer class (at 10,000 articles: 0.2 s instead of 0.6 s for the three
    pairs; the cardinality check 0.02 s instead of 1.1 s with graphs and classes joined first)."""
    found: list[Inconsistency] = []
    size: dict[str, int] = {}
    if rules.disjoint and whole:
        classes = " ".join(sorted({f"<{c}>" for pair in rules.disjoint for c in pair}))
        rows = store.query(
            f"SELECT ?c (COUNT(*) AS ?n) WHERE {{ VALUES ?c {{ {classes} }} ?x <{TYPE}> ?c }} "
            "GROUP BY ?c"
        )
        size = {r["c"].value: int(r["n"].value) for r in rows}
    for first, second in rules.disjoint:
        a, b = sorted((first, second), key=lambda c: size.get(c, 0))
        rows = store.query(
            f"SELECT DISTINCT ?x WHERE {{ {restrict} ?x <{TYPE}> <{a}> "
            f"FILTER EXISTS {{ ?x <{TYPE}> <{b}> }} }}"
        )
        clashes = sorted(str(r["x"]) for r in rows)
        # the graphs that state the classes or a subclass, or hold the inferred type (a type
        # many articles yield is written once, see ``support``)
        kinds = " ".join(f"<{c}>" for c in sorted(_with_subclasses(rules, (a, b))))
        for x in clashes:
            if x.startswith("<"):
                rows = store.query(
                    f"SELECT DISTINCT ?g WHERE {{ VALUES ?c {{ {kinds} }} "
                    f"GRAPH ?g {{ {x} <{TYPE}> ?c }} }}"
                )
                graphs = {origin(r["g"].value) for r in rows}
                found.append(_disjoint(x[1:-1], first, second, graphs))
        if any(not x.startswith("<") for x in clashes):  # blank: cannot be looked up again
            where: dict[str, set[str]] = defaultdict(set)
            for r in store.query(
                f"SELECT ?x ?g WHERE {{ VALUES ?c {{ <{a}> <{b}> }} GRAPH ?g {{ ?x <{TYPE}> ?c }} "
                f"FILTER(isBlank(?x) && EXISTS {{ ?x <{TYPE}> <{a}> }} "
                f"&& EXISTS {{ ?x <{TYPE}> <{b}> }}) }}"
            ):
                where[r["x"].value].add(origin(r["g"].value))
            found += [_disjoint(x, first, second, gs) for x, gs in sorted(where.items())]
    for m in rules.max_one:
        typed = f"FILTER EXISTS {{ ?x <{TYPE}> <{m.cls}> }}" if m.cls else ""
        rows = store.query(  # the class last: every account is typed, few have two values
            f"SELECT ?x WHERE {{ {{ SELECT ?x WHERE {{ {restrict} ?x <{m.prop}> ?w }} GROUP BY ?x "
            f"HAVING (COUNT(DISTINCT ?w) > 1) }} {typed} }}"
        )
        clashes = sorted(str(r["x"]) for r in rows)
        values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for x in clashes:
            if x.startswith("<"):
                for r in store.query(f"SELECT ?v ?g WHERE {{ GRAPH ?g {{ {x} <{m.prop}> ?v }} }}"):
                    values[x[1:-1]][str(r["v"])].add(origin(r["g"].value))
        if any(not x.startswith("<") for x in clashes):  # blank: cannot be looked up again
            blank = {x[2:] for x in clashes if not x.startswith("<")}
            for r in store.query(
                f"SELECT ?x ?v ?g WHERE {{ GRAPH ?g {{ ?x <{m.prop}> ?v }} FILTER isBlank(?x) }}"
            ):
                if r["x"].value in blank:
                    values[r["x"].value][str(r["v"])].add(origin(r["g"].value))
        for x, vs in sorted(values.items()):
            if len(vs) > 1:
                found.append(
                    Inconsistency(
                        m.rule,
                        x,
                        f"{x} has {len(vs)} values of {m.prop} ({', '.join(sorted(vs))})"
                        f"{' as a ' + m.cls if m.cls else ''}; at most one is allowed",
                        tuple(sorted(set().union(*vs.values()))),
                    )
                )
    return found


def _with_subclasses(rules: Rules, classes: tuple[str, ...]) -> set[str]:
    return {
        *classes,
        *(c for c, supers in rules.superclasses.items() if set(supers) & set(classes)),
    }


def _disjoint(x: str, a: str, b: str, graphs: set[str]) -> Inconsistency:
    """The one wording of a cax-dw clash, for the whole-store and the local checks."""
    return Inconsistency(
        "cax-dw", x, f"{x} is both a {a} and a {b}, declared disjoint", tuple(sorted(graphs))
    )
