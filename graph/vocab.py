"""Namespaces and the names of the named graphs: the project's IRI conventions in one place.

Instance IRIs are minted under a configurable *base* (``<base>id/<kind>/<slug>``); ontology
terms live in a fixed namespace so that the vocabulary is the same whatever the base.
"""

from __future__ import annotations

import re
import unicodedata

AG = "https://w3id.org/amtsgraph/ontology#"
ONTOLOGY_IRI = "https://w3id.org/amtsgraph/ontology"
DEFAULT_BASE = "https://w3id.org/amtsgraph/"

PREFIXES: dict[str, str] = {
    "ag": AG,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sioc": "http://rdfs.org/sioc/ns#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, prepended to user queries on request."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)


def slugify(text: str) -> str:
    """A readable, stable IRI segment: German umlauts transliterated, lowercase ASCII.

    >>> slugify("Polizei des Freistaats Sachsen")
    'polizei-des-freistaats-sachsen'
    >>> slugify("Thüringer Innenministerium")
    'thueringer-innenministerium'
    >>> slugify("Halle (Saale)")
    'halle-saale'
    """
    text = text.translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class GraphNames:
    """Names of the named graphs under one base: origins are kept apart."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.ontology = self.base + "graph/ontology"
        self.reference = self.base + "graph/reference"
        self.inferred = self.base + "graph/inferred"

    def article(self, article_slug: str) -> str:
        return f"{self.base}graph/article/{article_slug}"

    def import_(self, name: str) -> str:
        return f"{self.base}graph/import/{slugify(name)}"

    def is_article_graph(self, iri: str) -> bool:
        return iri.startswith(self.base + "graph/article/")
