"""Matching gold items against what the graph holds for an article, and the scores.

Scoring is at document level (evaluation/README.md, "Scoring"): per type, each gold item is
paired with at most one extracted item of the same article and vice versa. The pairing is a
maximum bipartite matching, not first-come greedy, because gold counts without a date or
platform match several observations and must not take the one a fuller gold count needs.
Unpaired gold items are misses (FN), unpaired extracted items false hits (FP). Attributes that
do not decide a match (an official's role and agency, an event's type and end, a vendor's
postal codes) are scored on the pairs only, as attribute accuracy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from graph.evaluation import (
    TYPES,
    GoldCount,
    GoldEvent,
    GoldOfficial,
    normalise,
)


# -- what the graph holds, per article -------------------------------------------------------
@dataclass(frozen=True)
class Named:
    """An agency, platform, region: its label first, then alternative labels."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class PostHeld:
    role: str  # the role's label
    role_forms: tuple[str, ...]  # every form the mappings accept for that role
    agency: tuple[str, ...]  # the post's agency: label and alternative labels


@dataclass(frozen=True)
class Official:
    names: tuple[str, ...]
    posts: tuple[PostHeld, ...] = ()


@dataclass(frozen=True)
class Event:
    type: str
    date: str | None
    end: str | None = None


@dataclass(frozen=True)
class Vendor:
    names: tuple[str, ...]
    postal_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Count:
    owner: tuple[str, ...]  # the account holder (or observed agency): label, alternatives
    platform: tuple[str, ...]  # empty when the observation is not about one platform
    metric: str
    value: Decimal
    date: str | None
    planned: bool = False


def _is(name: str, names: tuple[str, ...]) -> bool:
    key = normalise(name)
    return any(normalise(n) == key for n in names)


# -- the rules, per type ---------------------------------------------------------------------
Check = Callable[[Any, Any], bool | None]  # None: the gold item does not say, not scored


@dataclass(frozen=True)
class Rule:
    match: Callable[[Any, Any], bool]
    show_gold: Callable[[Any], str]
    show_found: Callable[[Any], str]
    attributes: tuple[tuple[str, Check], ...] = ()
    near: Callable[[Any, Any], str | None] | None = None  # a note for a miss


def _date_note(gold: str | None, found: str | None) -> str | None:
    if gold and found and gold != found and (found.startswith(gold) or gold.startswith(found)):
        return f"extracted date {found}: precision differs"
    return None


def _show_count(c: GoldCount | Count) -> str:
    owner = c.owner if isinstance(c, GoldCount) else c.owner[0]
    platform = c.platform if isinstance(c, GoldCount) else (c.platform or ("",))[0]
    planned = " (planned)" if isinstance(c, Count) and c.planned else ""
    return f"{owner} / {platform or '-'} / {c.metric} = {c.value} @ {c.date or '-'}{planned}"


def _count_near(g: GoldCount, e: Count) -> str | None:
    if g.metric != e.metric or Decimal(g.value) != e.value:
        return None
    wrong = [
        f"{what} {shown}"
        for what, ok, shown in (
            ("owner", _is(g.owner, e.owner), e.owner[0]),
            ("platform", g.platform is None or _is(g.platform, e.platform), (*e.platform, "-")[0]),
            ("date", g.date is None or g.date == e.date, e.date or "-"),
        )
        if not ok
    ]
    if not wrong:
        return None
    note = _date_note(g.date, e.date)
    return note if note and len(wrong) == 1 else "extracted with " + ", ".join(wrong)


def _count_match(g: GoldCount, e: Count) -> bool:
    return (
        g.metric == e.metric
        and Decimal(g.value) == e.value
        and _is(g.owner, e.owner)
        and (g.platform is None or _is(g.platform, e.platform))
        and (g.date is None or g.date == e.date)
    )


def _event_near(g: GoldEvent, e: Event) -> str | None:
    return _date_note(g.date, e.date)


_NAMED = Rule(
    match=lambda g, e: _is(g, e.names),
    show_gold=str,
    show_found=lambda e: e.names[0],
)

RULES: dict[str, Rule] = {
    "agencies": _NAMED,
    "platforms": _NAMED,
    "regions": _NAMED,
    "officials": Rule(
        match=lambda g, e: _is(g.name, e.names),
        show_gold=lambda g: g.name,
        show_found=lambda e: e.names[0],
        attributes=(
            ("role", lambda g, e: None if g.role is None else _role_ok(g, e)),
            (
                "agency",
                lambda g, e: (
                    None if g.agency is None else any(_is(g.agency, p.agency) for p in e.posts)
                ),
            ),
        ),
    ),
    "events": Rule(
        match=lambda g, e: g.date == e.date,
        show_gold=lambda g: f"{g.type} {g.date or 'undated'}" + (f" to {g.end}" if g.end else ""),
        show_found=lambda e: f"{e.type} {e.date or 'undated'}" + (f" to {e.end}" if e.end else ""),
        attributes=(
            ("type", lambda g, e: g.type == e.type),
            ("end", lambda g, e: None if g.end is None else g.end == e.end),
        ),
        near=_event_near,
    ),
    "vendors": Rule(
        match=lambda g, e: _is(g.name, e.names),
        show_gold=lambda g: f"{g.name} ({', '.join(g.postal_codes) or '-'})",
        show_found=lambda e: f"{e.names[0]} ({', '.join(e.postal_codes) or '-'})",
        attributes=(
            (
                "postal_code",
                lambda g, e: (
                    None if not g.postal_codes else set(g.postal_codes) <= set(e.postal_codes)
                ),
            ),
        ),
    ),
    "counts": Rule(
        match=_count_match, show_gold=_show_count, show_found=_show_count, near=_count_near
    ),
}


ATTRIBUTES = tuple(f"{kind}.{attr}" for kind in TYPES for attr, _ in RULES[kind].attributes)


def _role_ok(g: GoldOfficial, e: Official) -> bool:
    assert g.role is not None
    return any(_is(g.role, (p.role, *p.role_forms)) for p in e.posts)


def _describe_attribute(kind: str, attr: str, g: Any, e: Any) -> str:
    """What was extracted for an attribute that is wrong, for the per-article list."""
    if kind == "officials" and attr == "role":
        return f"gold {g.role}, extracted {', '.join(p.role for p in e.posts) or 'no role'}"
    if kind == "officials":
        return f"gold {g.agency}, extracted {', '.join(p.agency[0] for p in e.posts) or 'none'}"
    if kind == "events":
        return f"gold {getattr(g, attr)}, extracted {getattr(e, attr) or '-'}"
    return f"gold {', '.join(g.postal_codes)}, extracted {', '.join(e.postal_codes) or 'none'}"


# -- matching and tallies --------------------------------------------------------------------
def match(gold: list[Any], found: list[Any], ok: Callable[[Any, Any], bool]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths): gold index -> found index."""
    edges = [[j for j, f in enumerate(found) if ok(g, f)] for g in gold]
    owner: dict[int, int] = {}  # found index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    # the most constrained gold items first: fewer candidates, fewer detours
    for i in sorted(range(len(gold)), key=lambda i: len(edges[i])):
        augment(i, set())
    return {i: j for j, i in owner.items()}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """None when there is nothing to score (no gold item, nothing extracted)."""
        if not (self.tp or self.fp or self.fn):
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


@dataclass
class DocResult:
    """One article: what was missed, what was extracted but not in gold, wrong attributes."""

    article: str
    notes: list[str] = field(default_factory=list)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # type, item, note
    false_hits: list[tuple[str, str]] = field(default_factory=list)  # type, item
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # type.attr, item, what


@dataclass
class Scores:
    tallies: dict[str, Tally] = field(default_factory=lambda: {t: Tally() for t in TYPES})
    attributes: dict[str, list[int]] = field(default_factory=dict)  # "type.attr" -> [ok, n]
    docs: list[DocResult] = field(default_factory=list)

    def add(self, doc: DocResult, gold: dict[str, list[Any]], found: dict[str, list[Any]]) -> None:
        """Score one article, all types, into the totals (micro-averaged over articles)."""
        for kind in TYPES:
            rule = RULES[kind]
            g_items, f_items = gold.get(kind, []), found.get(kind, [])
            pairs = match(g_items, f_items, rule.match)
            tally = self.tallies[kind]
            tally.tp += len(pairs)
            tally.fn += len(g_items) - len(pairs)
            tally.fp += len(f_items) - len(pairs)
            for i, g in enumerate(g_items):
                if i in pairs:
                    self._attributes(doc, kind, g, f_items[pairs[i]])
                    continue
                notes = (rule.near(g, f) for f in f_items) if rule.near else iter(())
                doc.misses.append((kind, rule.show_gold(g), next(filter(None, notes), "")))
            used = set(pairs.values())
            doc.false_hits += [
                (kind, rule.show_found(f)) for j, f in enumerate(f_items) if j not in used
            ]
        self.docs.append(doc)

    def _attributes(self, doc: DocResult, kind: str, g: Any, e: Any) -> None:
        for attr, check in RULES[kind].attributes:
            ok = check(g, e)
            if ok is None:
                continue
            counts = self.attributes.setdefault(f"{kind}.{attr}", [0, 0])
            counts[0] += int(ok)
            counts[1] += 1
            if not ok:
                what = _describe_attribute(kind, attr, g, e)
                doc.wrong.append((f"{kind}.{attr}", RULES[kind].show_gold(g), what))
