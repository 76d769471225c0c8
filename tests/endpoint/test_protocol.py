"""Protocol logic without a server: negotiation tables and query screening."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from endpoint import protocol
from endpoint.errors import Forbidden, MalformedQuery, NotAcceptable, ResultTooLarge
from endpoint.protocol import GRAPH_FORMATS, RESULT_FORMATS, negotiate, prefers_html


@pytest.mark.parametrize(
    ("offers", "accept", "fmt", "expected"),
    [
        (RESULT_FORMATS, None, None, "application/sparql-results+json"),
        (RESULT_FORMATS, "*/*", None, "application/sparql-results+json"),
        (RESULT_FORMATS, "application/sparql-results+xml", None, "application/sparql-results+xml"),
        (
            RESULT_FORMATS,
            "text/csv;q=0.5, text/tab-separated-values",
            None,
            "text/tab-separated-values",
        ),
        (RESULT_FORMATS, "application/json", None, "application/sparql-results+json"),
        (RESULT_FORMATS, "text/*", None, "text/csv"),
        (RESULT_FORMATS, "text/csv", "json", "application/sparql-results+json"),
        (
            GRAPH_FORMATS,
            "application/rdf+xml;q=0.9, text/turtle;q=0.8",
            None,
            "application/rdf+xml",
        ),
        (GRAPH_FORMATS, "application/ld+json", None, "application/ld+json"),
        (GRAPH_FORMATS, "text/turtle;q=0, */*;q=0.1", None, "application/n-triples"),
        (GRAPH_FORMATS, None, "nt", "application/n-triples"),
        (GRAPH_FORMATS, None, "application/trig", "application/trig"),
    ],
)
def test_negotiate(
    offers: tuple[protocol.Format, ...], accept: str | None, fmt: str | None, expected: str
) -> None:
    assert negotiate(offers, accept, fmt).media_type == expected


@pytest.mark.parametrize(
    ("accept", "fmt"), [("image/png", None), ("text/turtle;q=0", None), (None, "pdf")]
)
def test_negotiate_refuses(accept: str | None, fmt: str | None) -> None:
    with pytest.raises(NotAcceptable):
        negotiate(RESULT_FORMATS if fmt else GRAPH_FORMATS[:1], accept, fmt)


@pytest.mark.parametrize(
    ("accept", "fmt", "html"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, True),
        ("text/turtle", None, False),
        ("*/*", None, False),
        (None, None, False),
        ("text/turtle", "html", True),
        ("text/html;q=0.5, text/turtle", None, False),
    ],
)
def test_prefers_html(accept: str | None, fmt: str | None, html: bool) -> None:
    assert prefers_html(accept, fmt) is html


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://x> { ?s ?p ?o } }",
        "PREFIX ex: <http://e/> SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
        "SELECT * WHERE {SERVICE<http://x>{?s ?p ?o}}",
        "SELECT * WHERE { # comment\n Service <http://x> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(query: str) -> None:
    with pytest.raises(Forbidden, match="SERVICE"):
        protocol.screen_query(query, update_endpoint=None)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service ?p ?o }",
        'SELECT * WHERE { ?s ?p "SERVICE <http://x>" }',
        "PREFIX service: <http://e/> SELECT * WHERE { ?s service:x ?o }",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:SERVICE ?o }",
        "SELECT * WHERE { ?s <http://e/SERVICE> ?o } # SERVICE <http://x>",
        "SELECT * WHERE { ?s ?p '''a\nSERVICE <http://x> { }'''@service }",
        'SELECT * WHERE { ?s ?p ?o FILTER(?o = "it\'s") }',
    ],
)
def test_service_word_elsewhere_is_fine(query: str) -> None:
    protocol.screen_query(query, update_endpoint=None)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX ex: <http://e/#x> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "# a comment\nCLEAR ALL",
        "BASE <http://e/> DROP GRAPH <g>",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_update_is_refused(update: str) -> None:
    with pytest.raises(MalformedQuery, match="read-only"):
        protocol.screen_query(update, update_endpoint=None)
    with pytest.raises(MalformedQuery, match="/update"):
        protocol.screen_query(update, update_endpoint="/update")


def test_operation_form() -> None:
    assert protocol.operation_form("PREFIX : <http://x#> ask {}") == "ASK"
    assert protocol.operation_form("  # hi\n") is None


def test_result_cap_stops_serialisation() -> None:
    store = ox.Store()
    numbers = " ".join(str(i) for i in range(100))
    result = store.query(
        f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }} }}"
    )
    with pytest.raises(ResultTooLarge, match="1,000 bytes"):
        protocol.serialize(result, RESULT_FORMATS[0], limit=1000)
    small = store.query("SELECT ?a WHERE { VALUES ?a { 1 } }")
    assert b'"1"' in protocol.serialize(small, RESULT_FORMATS[0], limit=1000)
