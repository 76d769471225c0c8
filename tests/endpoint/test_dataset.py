"""Dataset documents: the service description, VoID and the dumps."""

from __future__ import annotations

import gzip

import pyoxigraph as ox
import rdflib
from endpoint_support import BASE, http
from rdflib import RDF, URIRef

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def test_service_description(url: str) -> None:
    reply = http("GET", url + "/sparql", headers={"Accept": "text/turtle"})
    assert reply.status == 200 and reply.media_type == "text/turtle"
    graph = rdflib.Graph().parse(data=reply.body, format="turtle")
    service = next(graph.subjects(RDF.type, SD.Service))
    assert (service, SD.endpoint, URIRef(url + "/sparql")) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats


def test_void(url: str) -> None:
    graph = rdflib.Graph().parse(url + "/.well-known/void")
    dataset = next(graph.subjects(RDF.type, VOID.Dataset))
    assert (dataset, VOID.sparqlEndpoint, URIRef(url + "/sparql")) in graph
    dumps = {str(d) for d in graph.objects(dataset, VOID.dataDump)}
    assert dumps == {url + "/dumps/amtsgraph.nq.gz", url + "/dumps/amtsgraph.ttl.gz"}
    assert int(graph.value(dataset, VOID.triples)) > 50  # type: ignore[arg-type]
    assert str(graph.value(dataset, VOID.uriSpace)) == BASE + "id/"
    classes = {
        str(graph.value(p, VOID["class"])) for p in graph.objects(dataset, VOID.classPartition)
    }
    assert "https://w3id.org/amtsgraph/ontology#Agency" in classes
    page = http("GET", url + "/.well-known/void", headers={"Accept": "text/html"})
    assert page.media_type == "text/html" and "void:sparqlEndpoint" in page.text


def test_dumps_are_gzip_and_complete(url: str) -> None:
    index = http("GET", url + "/dumps/", headers={"Accept": "text/html"})
    assert "amtsgraph.nq.gz" in index.text
    nq = http("GET", url + "/dumps/amtsgraph.nq.gz")
    assert nq.status == 200 and nq.media_type == "application/gzip"
    quads = list(ox.parse(gzip.decompress(nq.body), ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert BASE + "graph/article/ministerium-tiktok" in graphs and BASE + "graph/inferred" in graphs
    ttl = http("GET", url + "/dumps/amtsgraph.ttl.gz")
    triples = rdflib.Graph().parse(data=gzip.decompress(ttl.body), format="turtle")
    assert len(triples) <= len(quads) and len(triples) > 50
    again = http(
        "GET", url + "/dumps/amtsgraph.nq.gz", headers={"If-None-Match": nq.headers["ETag"]}
    )
    assert again.status == 304
