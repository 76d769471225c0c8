"""RDF about the service and the dataset: the SPARQL service description and VoID.

Built as pyoxigraph triples and serialised in whatever format was negotiated, so both are
real RDF documents (clients such as rdflib read them) rather than templated text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyoxigraph as ox

from endpoint.live import LiveStore
from endpoint.protocol import RESULT_FORMATS, Format
from endpoint.settings import Settings
from graph.vocab import AG, ONTOLOGY_IRI, PREFIXES

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
DCT = PREFIXES["dcterms"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
XSD = PREFIXES["xsd"]

DUMPS = {
    "amtsgraph.nq.gz": ("nq", "application/n-quads", "N-Quads"),
    "amtsgraph.ttl.gz": ("ttl", "text/turtle", "Turtle"),
}
"""The dump files: name -> (store export format, media type inside the gzip, W3C format)."""

_RESULT_FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
}
_RDF_FORMAT_IRIS = ("Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads")

_PREFIXES = {**PREFIXES, "sd": SD, "void": VOID, "formats": FORMATS}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: Any, datatype: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(str(value), datatype=_n(XSD + datatype))
    return ox.Literal(str(value))


def _serialize(triples: list[ox.Triple], fmt: Format) -> bytes:
    assert isinstance(fmt.oxigraph, ox.RdfFormat)
    prefixes = _PREFIXES if fmt.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    return ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes) or b""


def dataset_iri(host_url: str) -> str:
    return host_url.rstrip("/") + "/.well-known/void#amtsgraph"


def service_description(fmt: Format, host_url: str, settings: Settings) -> bytes:
    """What the endpoint offers, in the SPARQL 1.1 Service Description vocabulary."""
    host = host_url.rstrip("/")
    service = ox.BlankNode("service")
    graph = ox.BlankNode("defaultGraph")
    dataset = _n(dataset_iri(host_url))
    t = [
        ox.Triple(service, RDF_TYPE, _n(SD + "Service")),
        ox.Triple(service, _n(SD + "endpoint"), _n(host + "/sparql")),
        ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        ox.Triple(service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        ox.Triple(
            service,
            _n(SD + "defaultEntailmentRegime"),
            _n("http://www.w3.org/ns/entailment/Simple"),
        ),
        ox.Triple(service, _n(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _n(SD + "Dataset")),
        ox.Triple(dataset, _n(SD + "defaultGraph"), graph),
        ox.Triple(graph, RDF_TYPE, _n(SD + "Graph")),
        ox.Triple(
            service,
            _n(DCT + "description"),
            _lit(
                "Read-only SPARQL 1.1 endpoint of amtsgraph; the default graph is the union of "
                f"all named graphs; queries stop after {settings.query_timeout:g} s; SERVICE is "
                "disabled."
            ),
        ),
    ]
    for fmt_row in RESULT_FORMATS:
        t.append(
            ox.Triple(
                service,
                _n(SD + "resultFormat"),
                _n(FORMATS + _RESULT_FORMAT_IRIS[fmt_row.media_type]),
            )
        )
    for name in _RDF_FORMAT_IRIS:
        t.append(ox.Triple(service, _n(SD + "resultFormat"), _n(FORMATS + name)))
    if settings.update_token:
        t.append(ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Update")))
    return _serialize(t, fmt)


def dataset_statistics(live: LiveStore, settings: Settings) -> dict[str, Any]:
    """Counts for VoID; memoised per store generation by the caller (they scan the store)."""
    store = live.current()
    triples = len(store)
    graphs = store.graphs()
    article_prefix = settings.base + "graph/article/"
    classes = [
        (row["c"].value, int(row["n"].value))
        for row in store.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } "
            "GROUP BY ?c ORDER BY DESC(?n) LIMIT 100"
        )
    ]
    examples = [
        row["s"].value
        for row in store.query(
            "SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(STRSTARTS(STR(?s), "
            f'"{settings.base}id/")) }} LIMIT 3'
        )
    ]
    return {
        "triples": triples,
        "graphs": len(graphs),
        "articles": sum(1 for g in graphs if g.startswith(article_prefix)),
        "classes": classes,
        "examples": examples,
    }


def void_description(
    fmt: Format, host_url: str, settings: Settings, stats: dict[str, Any], modified: datetime
) -> bytes:
    """VoID for the dataset: endpoint, dumps, URI space, vocabulary, sizes, class counts."""
    host = host_url.rstrip("/")
    ds = _n(dataset_iri(host_url))
    t = [
        ox.Triple(ds, RDF_TYPE, _n(VOID + "Dataset")),
        ox.Triple(ds, _n(DCT + "title"), ox.Literal("amtsgraph", language="en")),
        ox.Triple(
            ds,
            _n(DCT + "description"),
            ox.Literal(
                "German public agencies in social media, extracted from e-government news.",
                language="en",
            ),
        ),
        ox.Triple(ds, _n(DCT + "modified"), _lit(modified.isoformat(), "dateTime")),
        ox.Triple(ds, _n(VOID + "sparqlEndpoint"), _n(host + "/sparql")),
        ox.Triple(ds, _n(VOID + "uriSpace"), _lit(settings.base + "id/")),
        ox.Triple(ds, _n(VOID + "vocabulary"), _n(AG)),
        ox.Triple(ds, _n(VOID + "vocabulary"), _n(ONTOLOGY_IRI)),
        ox.Triple(ds, _n(VOID + "triples"), _lit(stats["triples"], "integer")),
        ox.Triple(ds, _n(VOID + "feature"), _n(FORMATS + "N-Quads")),
        ox.Triple(ds, _n(VOID + "feature"), _n(FORMATS + "Turtle")),
    ]
    for name in DUMPS:
        t.append(ox.Triple(ds, _n(VOID + "dataDump"), _n(f"{host}/dumps/{name}")))
    for example in stats["examples"]:
        t.append(ox.Triple(ds, _n(VOID + "exampleResource"), _n(example)))
    for i, (cls, count) in enumerate(stats["classes"]):
        part = ox.BlankNode(f"class{i}")
        t += [
            ox.Triple(ds, _n(VOID + "classPartition"), part),
            ox.Triple(part, _n(VOID + "class"), _n(cls)),
            ox.Triple(part, _n(VOID + "entities"), _lit(count, "integer")),
        ]
    return _serialize(t, fmt)
