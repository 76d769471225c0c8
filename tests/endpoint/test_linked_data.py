"""Linked Data: IRIs dereference as RDF (content negotiation) and as readable pages."""

from __future__ import annotations

import json
import re

import pytest
import rdflib
from endpoint_support import BASE, http
from rdflib import RDF, RDFS, URIRef

AG = rdflib.Namespace("https://w3id.org/amtsgraph/ontology#")
AGENCY = URIRef(BASE + "id/agency/polizei-sachsen")

# rdflib 7.6's own JSON-LD parser builds a ConjunctiveGraph and warns about it.
RDFLIB_JSONLD_WARNING = "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"


@pytest.mark.filterwarnings(RDFLIB_JSONLD_WARNING)
@pytest.mark.parametrize(
    ("accept", "fmt", "media_type", "rdflib_format"),
    [
        ("text/turtle", None, "text/turtle", "turtle"),
        ("application/ld+json", None, "application/ld+json", "json-ld"),
        ("application/n-triples", None, "application/n-triples", "nt"),
        ("application/rdf+xml", None, "application/rdf+xml", "xml"),
        ("text/html", "ttl", "text/turtle", "turtle"),
        ("text/turtle", "jsonld", "application/ld+json", "json-ld"),
        ("text/turtle;q=0.2, application/rdf+xml;q=0.8", None, "application/rdf+xml", "xml"),
        (None, None, "text/turtle", "turtle"),
    ],
)
def test_content_negotiation(
    url: str, accept: str | None, fmt: str | None, media_type: str, rdflib_format: str
) -> None:
    path = "/id/agency/polizei-sachsen" + (f"?format={fmt}" if fmt else "")
    reply = http("GET", url + path, headers={"Accept": accept} if accept else {})
    assert reply.status == 200 and reply.media_type == media_type
    graph = rdflib.Graph().parse(data=reply.body, format=rdflib_format)
    assert (AGENCY, RDF.type, AG.Agency) in graph
    assert "Accept" in reply.headers["Vary"]


@pytest.mark.filterwarnings(RDFLIB_JSONLD_WARNING)
@pytest.mark.parametrize("fmt", [None, "turtle", "xml", "json-ld", "nt"])
def test_rdflib_dereferences_an_iri(url: str, fmt: str | None) -> None:
    graph = rdflib.Graph().parse(url + "/id/agency/polizei-sachsen", format=fmt)
    assert (AGENCY, RDFS.label, rdflib.Literal("Polizei Sachsen", lang="de")) in graph


def test_unknown_iri_is_404(url: str) -> None:
    for accept in ("text/turtle", "text/html"):
        reply = http("GET", url + "/id/agency/does-not-exist", headers={"Accept": accept})
        assert reply.status == 404
        assert "not in the graph" in reply.text
    assert http("GET", url + "/id/agency/x%3Ey").status == 404


def test_html_page_shows_what_a_person_needs(url: str) -> None:
    reply = http("GET", url + "/id/agency/polizei-sachsen", headers={"Accept": "text/html"})
    page = reply.text
    assert reply.status == 200 and reply.media_type == "text/html"
    assert "<h1>Polizei Sachsen</h1>" in page
    assert 'href="/ontology#Agency"' not in page  # links are absolute to this server
    assert f'href="{url}/ontology#Agency"' in page  # the type, linked locally
    assert f'href="{url}/id/region/dresden"' in page  # a linked value, rewritten
    assert ">Dresden<" in page  # ... shown by its label
    assert "Die Polizei Sachsen ist seit Februar auf Mastodon aktiv." in page  # evidence
    assert "Polizei Sachsen startet auf Mastodon" in page  # the article's title
    assert "2023-02-01" in page
    assert "https://www.wikidata.org/wiki/Q2112367" in page
    assert "Incoming links" in page and f"{url}/id/mention/polizei-startet-mastodon-1" in page
    for fmt in ("ttl", "jsonld", "nt", "rdf"):
        assert f"/id/agency/polizei-sachsen?format={fmt}" in page
    assert "inferred" in page  # the located-in Sachsen triple from the inferred graph


def test_html_escapes_data(url: str) -> None:
    evil = http("GET", url + "/id/agency/evil", headers={"Accept": "text/html"}).text
    assert "<script>alert" not in evil
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Amt" in evil
    other = http("GET", url + "/id/agency/polizei-sachsen", headers={"Accept": "text/html"}).text
    assert "Ministerium &lt;b&gt;testet&lt;/b&gt; TikTok" in other
    assert "Kanal &amp; mehr" in other


def test_html_for_a_browser_accept_header(url: str) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    reply = http("GET", url + "/id/region/sachsen", headers={"Accept": browser})
    assert reply.media_type == "text/html"
    assert "GeoNames" in reply.text and "https://www.geonames.org/2842566" in reply.text


def test_link_header_lists_alternates(url: str) -> None:
    reply = http("GET", url + "/id/agency/polizei-sachsen", headers={"Accept": "text/turtle"})
    assert 'rel="alternate"; type="application/ld+json"' in reply.headers["Link"]


def test_ontology_serves_the_whole_ontology(url: str) -> None:
    graph = rdflib.Graph().parse(url + "/ontology", format="turtle")
    assert (AG.Agency, RDF.type, rdflib.OWL.Class) in graph
    assert (AG.locatedIn, RDFS.range, AG.Region) in graph


def test_ontology_terms_have_anchors(url: str) -> None:
    page = http("GET", url + "/ontology", headers={"Accept": "text/html"}).text
    assert re.search(r'<section class="term" id="Agency">', page)
    assert 'id="locatedIn"' in page and 'href="#Agency"' in page
    assert "A public authority that runs social-media accounts." in page


@pytest.mark.parametrize(
    "path",
    [
        "/graph/article/ministerium-tiktok",
        "/rdf-graphs/service?graph=" + BASE + "graph/article/ministerium-tiktok",
    ],
)
def test_named_graph_read(url: str, path: str) -> None:
    reply = http("GET", url + path, headers={"Accept": "application/n-triples"})
    assert reply.status == 200 and reply.media_type == "application/n-triples"
    graph = rdflib.Graph().parse(data=reply.body, format="nt")
    assert (URIRef(BASE + "id/agency/evil"), RDF.type, AG.Agency) in graph
    assert (AGENCY, RDF.type, AG.Agency) not in graph  # only this article's triples
    html = http("GET", url + path.replace("?", "?format=html&"), headers={})
    assert html.status == 200 if "?" in path else True


@pytest.mark.parametrize("name", ["inferred", "ontology", "reference"])
def test_special_graphs_dereference(url: str, name: str) -> None:
    reply = http("GET", url + f"/graph/{name}", headers={"Accept": "text/turtle"})
    assert reply.status == 200 and len(rdflib.Graph().parse(data=reply.body)) > 0
    page = http("GET", url + f"/graph/{name}", headers={"Accept": "text/html"})
    assert page.status == 200 and "triples" in page.text


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("?graph=not-an-iri", 400),
        ("?graph=" + BASE + "graph/article/nope", 404),
        ("?default", 200),
    ],
)
def test_graph_store_read_errors(url: str, query: str, status: int) -> None:
    reply = http("GET", url + "/rdf-graphs/service" + query, headers={"Accept": "text/turtle"})
    assert reply.status == status, reply.text
    if status != 200:
        assert json.loads(reply.body)["error"]["status"] == status


def test_home_page_and_redirect(url: str) -> None:
    assert "Query it with SPARQL" in http("GET", url + "/", headers={"Accept": "text/html"}).text
    reply = http("GET", url + "/", headers={"Accept": "text/turtle"})
    assert reply.status == 303 and reply.headers["Location"].endswith("/.well-known/void")
