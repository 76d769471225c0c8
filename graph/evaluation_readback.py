"""Build gold articles with the real pipeline and read back, per article, what the graph says.

The scorer looks at the graph, not at extraction records: what counts is what a user of the
store can query. Each source file's facts live in its article graph (a news file's teasers
included: they are stored in the graph of the file they were read from), so an article's
items are the typed resources of the named graphs whose ``ag:sourceFile`` is that file.
Properties that differ per article (an official's posts, an event's dates, an observation's
value) are read inside that graph; names and the class hierarchy come from the union graph,
where the ontology and the gazetteer are.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from graph.evaluation import EVENT_TYPES, GoldDoc, articles_without_gold, load_gold_dir
from graph.evaluation_scoring import (
    Count,
    DocResult,
    Event,
    Named,
    Official,
    PostHeld,
    Scores,
    Vendor,
)
from graph.extraction import extract_all
from graph.lexicon import Lexicon, load
from graph.pipeline import BuildReport, build
from graph.reading import read
from graph.store import Store
from graph.vocab import AG, PREFIXES

# Names an entity can be matched by, in the order they are shown (first: its display name).
_NAMES = f"""SELECT DISTINCT ?s ?p ?l WHERE {{
  VALUES ?p {{ rdfs:label skos:altLabel <{AG}formerName> }} ?s ?p ?l }}"""

_TYPED = """SELECT DISTINCT ?src ?x WHERE {{
  GRAPH ?g {{ ?g ag:sourceFile ?src . ?x a ?t }} ?t rdfs:subClassOf* {cls} }}"""

_OFFICIALS = """SELECT DISTINCT ?src ?x ?post ?role ?agency WHERE {
  GRAPH ?g { ?g ag:sourceFile ?src . ?x a ?t } ?t rdfs:subClassOf* ag:Official .
  OPTIONAL { GRAPH ?g { { ?x ag:holds ?post } UNION { ?post ag:heldBy ?x } }
             OPTIONAL { ?post ag:role ?role } OPTIONAL { ?post ag:postIn ?agency } } }"""

_EVENTS = """SELECT DISTINCT ?src ?x ?t ?start ?end WHERE {
  GRAPH ?g { ?g ag:sourceFile ?src . ?x a ?t .
             OPTIONAL { ?x ag:startDate ?start } OPTIONAL { ?x ag:endDate ?end } }
  ?t rdfs:subClassOf* ag:Event }"""

_VENDORS = """SELECT DISTINCT ?src ?x ?code WHERE {
  GRAPH ?g { ?g ag:sourceFile ?src . ?x a ag:Vendor .
             OPTIONAL { ?x ag:address/ag:postalCode ?code } } }"""

# The owner of a count is the account's holder, or the observed agency/person itself;
# a post (an office, "the data-protection commissioner") stands for its agency.
_COUNTS = """SELECT DISTINCT ?src ?x ?subject ?metric ?value ?date ?platform ?planned
                            ?holder ?accountPlatform ?holderAgency ?subjectAgency WHERE {
  GRAPH ?g { ?g ag:sourceFile ?src . ?x a ag:Observation ; ag:observedEntity ?subject ;
                ag:metric ?metric ; ag:value ?value .
             OPTIONAL { ?x ag:observationDate ?date } OPTIONAL { ?x ag:onPlatform ?platform }
             OPTIONAL { ?x ag:isPlanned ?planned } }
  OPTIONAL { ?subject a ag:Account ; ag:accountHolder ?holder .
             OPTIONAL { ?subject ag:onPlatform ?accountPlatform }
             OPTIONAL { ?holder ag:postIn ?holderAgency } }
  OPTIONAL { ?subject ag:postIn ?subjectAgency } }"""


@dataclass
class Run:
    """One evaluation run: the scores and how the build went."""

    scores: Scores
    articles: int
    build: BuildReport
    seconds_extract: float
    not_evaluated: list[str] = field(default_factory=list)  # articles without a gold file

    @property
    def throughput(self) -> float | None:
        """Articles per second for extraction and mapping (the build-pipeline figure)."""
        return self.build.read / self.seconds_extract if self.seconds_extract else None


def evaluate_folder(folder: Path, *, store_path: Path | None = None) -> Run:
    """Evaluate every article of ``folder`` that has a gold file beside it."""
    run = evaluate(load_gold_dir(folder), store_path=store_path)
    run.not_evaluated = [p.name for p in articles_without_gold(folder)]
    return run


def evaluate(docs: list[GoldDoc], *, store_path: Path | None = None) -> Run:
    """Build the articles into a fresh store (temporary unless ``store_path``) and score them."""
    lex = load()
    _warm_up(docs, lex)
    with _store_folder(store_path) as folder, Store(folder) as store:
        report = build([d.article for d in docs], store, workers=1, force=True)
        found = read_back(store, lex)
    scores = Scores()
    skipped = dict(report.skipped)
    for d in docs:
        result = DocResult(d.article.name)
        items = found.get(str(d.article))
        if items is None:
            reason = skipped.get(str(d.article))
            result.notes.append(
                f"not built: {reason}"
                if reason
                else "no article graph in the store (refused by validation: see the build report)"
            )
        scores.add(result, d.items, items or {})
    return Run(scores, len(docs), report, report.timings.get("extract+map", 0.0))


def _warm_up(docs: list[GoldDoc], lex: Lexicon) -> None:
    """Extract one article untimed: spaCy, the lemma dictionary and the phrase matchers load
    on first use, and the throughput figure should be per article, not set-up."""
    for d in docs[:1]:
        with suppress(Exception):  # the build reports it, with the file name
            next(extract_all([read(d.article, lex)], lex))


@contextmanager
def _store_folder(path: Path | None) -> Iterator[Path]:
    if path is not None:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="amtsgraph-eval-") as tmp:
        yield Path(tmp) / "store"


def read_back(store: Store, lex: Lexicon) -> dict[str, dict[str, list[Any]]]:
    """Source file -> type -> the items its article graph(s) hold."""
    names = _names(store, lex)
    out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))

    def named(iri: str) -> tuple[str, ...]:
        return names.get(iri) or (iri.rsplit("/", 1)[-1],)

    sources = _rows(store, "SELECT DISTINCT ?src WHERE { GRAPH ?g { ?g ag:sourceFile ?src } }")
    for row in sources:
        out[row["src"]]  # an article graph with nothing typed in it still counts as built
    for kind, cls in (
        ("agencies", "ag:Agency"),
        ("platforms", "ag:Platform"),
        ("regions", "ag:Region"),
    ):
        for row in _rows(store, _TYPED.format(cls=cls)):
            out[row["src"]][kind].append(Named(named(row["x"])))
    _officials(store, lex, out, named)
    _events(store, out)
    vendors: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _rows(store, _VENDORS):
        codes = vendors[(row["src"], row["x"])]
        if row.get("code"):
            codes.add(row["code"])
    for (src, iri), codes in vendors.items():
        out[src]["vendors"].append(Vendor(named(iri), tuple(sorted(codes))))
    seen: set[tuple[str, str]] = set()
    for row in _rows(store, _COUNTS):
        if (row["src"], row["x"]) in seen:
            continue  # one observation, several ways to reach its owner: the first will do
        seen.add((row["src"], row["x"]))
        owner = (
            row.get("holderAgency")
            or row.get("holder")
            or row.get("subjectAgency")
            or row["subject"]
        )
        platform = row.get("accountPlatform") or row.get("platform")
        out[row["src"]]["counts"].append(
            Count(
                owner=named(owner),
                platform=named(platform) if platform else (),
                metric=row["metric"].removeprefix(AG),
                value=Decimal(row["value"]),
                date=row.get("date"),
                planned=row.get("planned") == "true",
            )
        )
    return {src: dict(items) for src, items in out.items()}


def _officials(store: Store, lex: Lexicon, out: Any, named: Any) -> None:
    forms: dict[str, list[str]] = defaultdict(list)
    for form, key in lex.role_forms.items():
        forms[key].append(form)
    posts: dict[tuple[str, str], set[PostHeld]] = defaultdict(set)
    for row in _rows(store, _OFFICIALS):
        held = posts[(row["src"], row["x"])]
        if row.get("role"):
            key = row["role"].rsplit("/", 1)[-1]
            agency = named(row["agency"]) if row.get("agency") else ("",)
            held.add(PostHeld(named(row["role"])[0], tuple(forms.get(key, ())), agency))
    for (src, iri), held in posts.items():
        ordered = tuple(sorted(held, key=lambda p: (p.role, p.agency)))
        out[src]["officials"].append(Official(named(iri), ordered))


def _events(store: Store, out: Any) -> None:
    """Scheduled events only (seminars, workshops, conferences; the gold format's scope), not
    account launches, shutdowns, incidents and the like."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for row in _rows(store, _EVENTS):
        ev = seen.setdefault((row["src"], row["x"]), {"types": set(), "start": None, "end": None})
        ev["types"].add(row["t"].removeprefix(AG))
        ev["start"] = ev["start"] or row.get("start")
        ev["end"] = ev["end"] or row.get("end")
    for (src, _), ev in seen.items():
        scheduled = ev["types"] & set(EVENT_TYPES)
        if scheduled or ev["types"] <= {"Event"}:
            kind = min(scheduled) if scheduled else "Event"
            out[src]["events"].append(Event(kind, ev["start"], ev["end"]))


def _names(store: Store, lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """IRI -> names: German label first, then other labels, alternative labels, former names,
    and for known agencies the aliases the mappings list for them."""
    rank = {"label": 0, "altLabel": 2, "formerName": 3}
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in store.query(_NAMES, prefixes=PREFIXES):
        prop = r["p"].value.rsplit("#", 1)[-1]
        lang = getattr(r["l"], "language", None)
        found[r["s"].value].append(
            (rank.get(prop, 4) + (prop == "label" and lang != "de"), r["l"].value)
        )
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, key in lex.agency_aliases.items():
        aliases[key].append(alias)
    names: dict[str, tuple[str, ...]] = {}
    for iri, labels in found.items():
        ordered = [label for _, label in sorted(labels)]
        if "/agency/" in iri:
            ordered += aliases.get(iri.rsplit("/", 1)[-1], [])
        names[iri] = tuple(dict.fromkeys(ordered))
    return names


def _rows(store: Store, sparql: str) -> list[dict[str, str]]:
    """Solutions as plain dicts of lexical values (unbound variables left out)."""
    result = store.query(sparql, prefixes=PREFIXES)
    variables = [v.value for v in result.variables]
    return [{v: row[v].value for v in variables if row[v] is not None} for row in result]
