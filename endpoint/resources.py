"""What a Linked Data page shows about one IRI, gathered with a few SPARQL queries.

Like Trifid, everything comes from queries against the store (no Python walk over triples),
so the page works with any SPARQL back end. This module builds plain view objects and knows
nothing of Flask or HTML; the templates lay them out and escape them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from endpoint.iris import IriMap, short_name
from endpoint.live import LiveStore
from graph.vocab import AG, PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
RDFS_COMMENT = PREFIXES["rdfs"] + "comment"
EXTERNAL_PROPERTIES = {
    AG + "wikidata": ("Wikidata", "https://www.wikidata.org/wiki/"),
    AG + "geonames": ("GeoNames", "https://www.geonames.org/"),
    PREFIXES["owl"] + "sameAs": ("same as", ""),
    PREFIXES["skos"] + "exactMatch": ("exact match", ""),
}
_LABEL_PROPERTIES = (
    RDFS_LABEL,
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["schema"] + "name",
    AG + "title",
)


@dataclass
class Term:
    """An RDF term ready for display: ``href`` is set for IRIs (local or outside)."""

    kind: str  # "iri", "literal" or "bnode"
    value: str
    display: str
    href: str | None = None
    lang: str | None = None
    datatype: str | None = None


@dataclass
class Statement:
    predicate: Term
    values: list[Term]
    inferred: bool = False


@dataclass
class ArticleEvidence:
    article: Term
    title: str | None
    date: str | None
    sentences: list[str] = field(default_factory=list)


@dataclass
class ResourcePage:
    iri: str
    label: str
    types: list[Term]
    properties: list[Statement]
    incoming: list[tuple[Term, Term]]
    incoming_total: int
    articles: list[ArticleEvidence]
    external: list[tuple[str, str]]
    blank_nodes: dict[str, list[Statement]]


def node(iri: str) -> str:
    """``<iri>`` for query text; raises ValueError for anything that is not an IRI."""
    return str(ox.NamedNode(iri))


class Describer:
    """Builds view objects for IRIs, with labels looked up in one query per page."""

    def __init__(self, live: LiveStore, iris: IriMap, host_url: str, limit: int) -> None:
        self.live, self.iris, self.host_url, self.limit = live, iris, host_url, limit
        self._labels: dict[str, str] = {}

    # -- terms ---------------------------------------------------------------------------
    def term(self, value: Any) -> Term:
        if isinstance(value, ox.NamedNode):
            iri = value.value
            return Term(
                "iri",
                iri,
                self._labels.get(iri) or short_name(iri, PREFIXES),
                href=self.iris.href(iri, self.host_url),
            )
        if isinstance(value, ox.Literal):
            dt = value.datatype.value
            plain = dt.endswith(("#string", "#langString"))
            return Term(
                "literal",
                value.value,
                value.value,
                lang=value.language,
                datatype=None if plain else short_name(dt, PREFIXES),
            )
        label = str(value)[2:]
        return Term("bnode", str(value), f"[{label[:8]}…]", href="#" + label)

    def load_labels(self, values: list[Any]) -> None:
        iris = {v.value for v in values if isinstance(v, ox.NamedNode)} - self._labels.keys()
        if not iris:
            return
        # Index lookups per (IRI, property), not one VALUES query: Oxigraph joined that
        # with a scan of every label in the store (20 s on a page at 10,000 articles).
        store = self.live.current()
        ranked: dict[str, tuple[int, str]] = {}
        for iri in iris:
            for prop in _LABEL_PROPERTIES:
                for lit in store.objects(iri, prop):
                    rank = {"de": 0, None: 1, "en": 2}.get(getattr(lit, "language", None), 3)
                    if iri not in ranked or rank < ranked[iri][0]:
                        ranked[iri] = (rank, lit.value)
        self._labels.update({iri: label for iri, (_, label) in ranked.items()})

    # -- the page ------------------------------------------------------------------------
    def exists(self, iri: str) -> bool:
        ask = f"ASK {{ {{ {node(iri)} ?p ?o }} UNION {{ ?s ?p {node(iri)} }} }}"
        return bool(self.live.current().query(ask))

    def resource(self, iri: str) -> ResourcePage | None:
        if not self.exists(iri):
            return None
        me, lim = node(iri), self.limit
        inferred = self.iris.graphs.inferred
        out = self.live.select(
            f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {me} ?p ?o }} }} LIMIT {lim * 4}"
        )
        incoming = self.live.select(f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {me} }} LIMIT {lim}")
        total = self.live.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p {me} }}")
        bnodes = self.live.select(
            f"SELECT ?b ?p ?o WHERE {{ {me} ?q ?b FILTER(isBlank(?b)) ?b ?p ?o }} LIMIT {lim}"
        )
        evidence = self.live.select(_EVIDENCE.format(me=me, lim=lim))
        self.load_labels(
            [r["p"] for r in out]
            + [r["o"] for r in out]
            + [r["s"] for r in incoming]
            + [r["p"] for r in incoming]
            + [r["p"] for r in bnodes]
            + [r["o"] for r in bnodes]
            + [r["article"] for r in evidence if r["article"] is not None]
            + [ox.NamedNode(iri)]
        )
        statements: OrderedDict[str, Statement] = OrderedDict()
        seen: set[tuple[str, str]] = set()
        types: list[Term] = []
        external: list[tuple[str, str]] = []
        for row in sorted(out, key=lambda r: (r["g"].value == inferred, r["p"].value)):
            p, o = row["p"], row["o"]
            if (p.value, str(o)) in seen:
                continue
            seen.add((p.value, str(o)))
            if p.value == RDF_TYPE:
                types.append(self.term(o))
            if p.value in EXTERNAL_PROPERTIES:
                external.append(_external_link(p.value, o))
            key = p.value + ("|inferred" if row["g"].value == inferred else "")
            if key not in statements:
                statements[key] = Statement(self.term(p), [], row["g"].value == inferred)
            statements[key].values.append(self.term(o))
        blank: dict[str, list[Statement]] = {}
        for row in bnodes:
            stmts = blank.setdefault(str(row["b"])[2:], [])
            if not stmts or stmts[-1].predicate.value != row["p"].value:
                stmts.append(Statement(self.term(row["p"]), []))
            stmts[-1].values.append(self.term(row["o"]))
        return ResourcePage(
            iri=iri,
            label=self._labels.get(iri) or short_name(iri, PREFIXES),
            types=types,
            properties=list(statements.values()),
            incoming=[(self.term(r["s"]), self.term(r["p"])) for r in incoming],
            incoming_total=int(total[0]["n"].value) if total else 0,
            articles=self._articles(evidence),
            external=external,
            blank_nodes=blank,
        )

    def _articles(self, rows: list[Any]) -> list[ArticleEvidence]:
        by_article: OrderedDict[str, ArticleEvidence] = OrderedDict()
        for row in rows:
            article = row["article"]
            key = article.value if article is not None else ""
            if key not in by_article:
                by_article[key] = ArticleEvidence(
                    article=self.term(article)
                    if article is not None
                    else Term("literal", "", "(article unknown)"),
                    title=row["title"].value if row["title"] is not None else None,
                    date=row["date"].value if row["date"] is not None else None,
                )
            text = row["text"]
            entry = by_article[key]
            if text is not None and text.value not in entry.sentences:
                entry.sentences.append(text.value)
        return sorted(by_article.values(), key=lambda a: a.date or "", reverse=True)


# The facts that link here are deduplicated first: over the union default graph a shared
# fact's link and its evidence recur once per article, and their join multiplied the copies
# (24 s for a popular agency at 10,000 articles, 0.1 s so).
_EVIDENCE = """
PREFIX ag: <https://w3id.org/amtsgraph/ontology#>
SELECT DISTINCT ?article ?title ?date ?text WHERE {{
  {{
    {{ ?m ag:refersTo {me} ; ag:evidence ?sentence }}
    UNION {{ {me} ag:evidence ?sentence }}
    UNION {{ {{ SELECT DISTINCT ?fact WHERE {{ ?fact ?link {me} }} }} ?fact ag:evidence ?sentence }}
    ?sentence ag:text ?text .
    OPTIONAL {{ ?sentence ag:inArticle ?article }}
  }} UNION {{
    {{ SELECT DISTINCT ?article WHERE {{ {me} ag:mentionedIn ?article }} }}
  }}
  OPTIONAL {{ ?article ag:title ?title }}
  OPTIONAL {{ ?article ag:datePublished ?date }}
}} LIMIT {lim}
"""


def _external_link(prop: str, value: Any) -> tuple[str, str]:
    name, prefix = EXTERNAL_PROPERTIES[prop]
    if isinstance(value, ox.NamedNode):
        iri = value.value
        if iri.startswith("http://www.wikidata.org/entity/"):
            iri = "https://www.wikidata.org/wiki/" + iri.rsplit("/", 1)[-1]
        return name, iri
    text = str(getattr(value, "value", value))
    return name, (prefix + text) if prefix and not text.startswith("http") else text
