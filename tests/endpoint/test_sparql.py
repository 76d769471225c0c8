"""The SPARQL 1.1 Protocol over real HTTP: raw requests, SPARQLWrapper, rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.parse
from typing import Any

import pytest
import rdflib
from endpoint_support import BASE, http
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

AGENCY = BASE + "id/agency/polizei-sachsen"
SELECT_AGENCIES = (
    "PREFIX ag: <https://w3id.org/amtsgraph/ontology#> "
    "SELECT ?a WHERE { ?a a ag:Agency } ORDER BY ?a"
)
ARTICLE_GRAPH = BASE + "graph/article/ministerium-tiktok"
FORM = "application/x-www-form-urlencoded"


def q(text: str, **extra: str) -> str:
    return urllib.parse.urlencode({"query": text, **extra})


def agencies(reply_body: bytes) -> list[str]:
    return [b["a"]["value"] for b in json.loads(reply_body)["results"]["bindings"]]


# -- the protocol, request by request -------------------------------------------------------
CASES: list[tuple[str, str, str, dict[str, str], bytes | None, int, str]] = [
    # (case, method, path, headers, body, status, media type)
    (
        "get-json",
        "GET",
        "/sparql?" + q(SELECT_AGENCIES),
        {"Accept": "application/sparql-results+json"},
        None,
        200,
        "application/sparql-results+json",
    ),
    (
        "get-default-accept",
        "GET",
        "/sparql?" + q(SELECT_AGENCIES),
        {},
        None,
        200,
        "application/sparql-results+json",
    ),
    (
        "get-xml",
        "GET",
        "/sparql?" + q(SELECT_AGENCIES),
        {"Accept": "application/sparql-results+xml"},
        None,
        200,
        "application/sparql-results+xml",
    ),
    (
        "get-tsv-q-values",
        "GET",
        "/sparql?" + q(SELECT_AGENCIES),
        {"Accept": "text/csv;q=0.4, text/tab-separated-values;q=0.9"},
        None,
        200,
        "text/tab-separated-values",
    ),
    (
        "format-param-wins",
        "GET",
        "/sparql?" + q(SELECT_AGENCIES, format="csv"),
        {"Accept": "application/sparql-results+xml"},
        None,
        200,
        "text/csv",
    ),
    (
        "post-form",
        "POST",
        "/sparql",
        {"Content-Type": FORM},
        q(SELECT_AGENCIES).encode(),
        200,
        "application/sparql-results+json",
    ),
    (
        "post-direct",
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-query"},
        SELECT_AGENCIES.encode(),
        200,
        "application/sparql-results+json",
    ),
    (
        "construct-turtle",
        "GET",
        "/sparql?" + q(f"CONSTRUCT WHERE {{ <{AGENCY}> ?p ?o }}"),
        {"Accept": "text/turtle"},
        None,
        200,
        "text/turtle",
    ),
    (
        "describe-jsonld",
        "GET",
        "/sparql?" + q(f"DESCRIBE <{AGENCY}>"),
        {"Accept": "application/ld+json"},
        None,
        200,
        "application/ld+json",
    ),
    (
        "construct-nquads",
        "GET",
        "/sparql?" + q("CONSTRUCT WHERE { ?s a ?o }", format="nq"),
        {},
        None,
        200,
        "application/n-quads",
    ),
    (
        "ask-xml",
        "GET",
        "/sparql?" + q("ASK { ?s ?p ?o }"),
        {"Accept": "application/sparql-results+xml"},
        None,
        200,
        "application/sparql-results+xml",
    ),
    (
        "malformed",
        "GET",
        "/sparql?" + q("SELECT ?x WHERE { ?x ?y }"),
        {},
        None,
        400,
        "application/json",
    ),
    (
        "not-acceptable",
        "GET",
        "/sparql?" + q(SELECT_AGENCIES),
        {"Accept": "image/png"},
        None,
        406,
        "application/json",
    ),
    (
        "turtle-for-select",
        "GET",
        "/sparql?" + q(SELECT_AGENCIES),
        {"Accept": "text/turtle"},
        None,
        406,
        "application/json",
    ),
    (
        "put-not-allowed",
        "PUT",
        "/sparql",
        {"Content-Type": "application/sparql-query"},
        b"ASK {}",
        405,
        "application/json",
    ),
    (
        "wrong-content-type",
        "POST",
        "/sparql",
        {"Content-Type": "text/plain"},
        b"ASK {}",
        415,
        "application/json",
    ),
    (
        "update-content-type",
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-update"},
        b"CLEAR ALL",
        415,
        "application/json",
    ),
    (
        "update-as-query",
        "GET",
        "/sparql?" + q("INSERT DATA { <a:b> <a:b> <a:b> }"),
        {},
        None,
        400,
        "application/json",
    ),
    (
        "update-in-form",
        "POST",
        "/sparql",
        {"Content-Type": FORM},
        urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
        400,
        "application/json",
    ),
    (
        "load-refused",
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-query"},
        b"LOAD <http://example.org/x.ttl>",
        400,
        "application/json",
    ),
    (
        "service-refused",
        "GET",
        "/sparql?" + q("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"),
        {},
        None,
        403,
        "application/json",
    ),
    ("two-queries", "GET", "/sparql?query=ASK{}&query=ASK{}", {}, None, 400, "application/json"),
    ("empty-form", "POST", "/sparql", {"Content-Type": FORM}, b"", 400, "application/json"),
    (
        "update-endpoint-off",
        "POST",
        "/update",
        {"Content-Type": "application/sparql-update"},
        b"CLEAR ALL",
        403,
        "application/json",
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "status", "media_type"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_protocol(
    url: str,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None,
    status: int,
    media_type: str,
) -> None:
    reply = http(method, url + path, headers=headers, body=body)
    assert reply.status == status, reply.text
    assert reply.media_type == media_type
    if status >= 400:
        error = json.loads(reply.body)["error"]
        assert error["status"] == status and error["message"]
        assert "Traceback" not in reply.text


def test_malformed_query_reports_the_parser_message(url: str) -> None:
    reply = http("GET", url + "/sparql?" + q("SELECT ?x WHERE { ?x ?y }"))
    message = json.loads(reply.body)["error"]["message"]
    assert "malformed SPARQL query" in message and "1:" in message


def test_update_refusal_says_why(url: str) -> None:
    reply = http("GET", url + "/sparql?" + q("DELETE WHERE { ?s ?p ?o }"))
    assert "read-only" in json.loads(reply.body)["error"]["message"]
    service = http("GET", url + "/sparql?" + q("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"))
    assert "SERVICE" in json.loads(service.body)["error"]["message"]


def test_405_lists_the_allowed_methods(url: str) -> None:
    reply = http("DELETE", url + "/sparql")
    assert reply.status == 405
    assert "GET" in reply.headers["Allow"] and "POST" in reply.headers["Allow"]


def test_default_graph_uri_restricts_the_default_graph(url: str) -> None:
    everything = http("GET", url + "/sparql?" + q(SELECT_AGENCIES))
    restricted = http(
        "GET", url + "/sparql?" + q(SELECT_AGENCIES, **{"default-graph-uri": ARTICLE_GRAPH})
    )
    assert AGENCY in agencies(everything.body)
    assert agencies(restricted.body) == [BASE + "id/agency/evil"]


def test_named_graph_uri_restricts_graph_patterns(url: str) -> None:
    text = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    reply = http(
        "POST",
        url + "/sparql",
        headers={"Content-Type": FORM},
        body=urllib.parse.urlencode({"query": text, "named-graph-uri": ARTICLE_GRAPH}).encode(),
    )
    graphs = [b["g"]["value"] for b in json.loads(reply.body)["results"]["bindings"]]
    assert graphs == [ARTICLE_GRAPH]


def test_csv_results_parse(url: str) -> None:
    reply = http("GET", url + "/sparql?" + q(SELECT_AGENCIES), headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(reply.text)))
    assert rows[0] == ["a"] and [AGENCY] in rows
    assert "charset=utf-8" in reply.headers["Content-Type"]


# -- the limits -------------------------------------------------------------------------------
def test_timeout_stops_the_query_and_the_next_one_runs(url: str) -> None:
    numbers = " ".join(str(i) for i in range(300))
    slow = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }}"
        f" VALUES ?c {{ {numbers} }} VALUES ?d {{ {numbers} }} }}"
    )
    started = time.monotonic()
    reply = http(
        "POST",
        url + "/sparql",
        headers={"Content-Type": "application/sparql-query"},
        body=slow.encode(),
    )
    took = time.monotonic() - started
    assert reply.status == 503, reply.text
    error = json.loads(reply.body)["error"]
    assert error["error"] == "query-timeout" and "3 s" in error["message"]
    assert 2.5 < took < 6
    after = http("GET", url + "/sparql?" + q("ASK { ?s ?p ?o }"))
    assert after.status == 200 and json.loads(after.body)["boolean"] is True


def test_result_cap(url: str) -> None:
    numbers = " ".join(str(i) for i in range(200))
    big = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }} }}"
    reply = http(
        "POST",
        url + "/sparql",
        headers={"Content-Type": "application/sparql-query"},
        body=big.encode(),
    )
    assert reply.status == 400
    error = json.loads(reply.body)["error"]
    assert error["error"] == "result-too-large" and "LIMIT" in error["message"]


@pytest.mark.parametrize("how", ["query-string", "form", "body"])
def test_request_size_cap(url: str, how: str) -> None:
    text = "ASK { ?s ?p ?o } #" + "x" * 30_000
    if how == "query-string":
        reply = http("GET", url + "/sparql?" + q(text))
    elif how == "form":
        reply = http("POST", url + "/sparql", headers={"Content-Type": FORM}, body=q(text).encode())
    else:
        reply = http(
            "POST",
            url + "/sparql",
            body=text.encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
    assert reply.status == 413, reply.text
    assert "20,000 bytes" in json.loads(reply.body)["error"]["message"]


# -- real clients -----------------------------------------------------------------------------
def wrapper(url: str, query: str, fmt: str, method: str = "GET") -> Any:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query().convert()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(url: str, method: str) -> None:
    result = wrapper(url, SELECT_AGENCIES, JSON, method)
    assert [b["a"]["value"] for b in result["results"]["bindings"]] == [
        BASE + "id/agency/evil",
        AGENCY,
    ]


def test_sparqlwrapper_select_xml(url: str) -> None:
    document = wrapper(url, SELECT_AGENCIES, XML)
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert AGENCY in uris


def test_sparqlwrapper_select_csv(url: str) -> None:
    text = wrapper(url, SELECT_AGENCIES, CSV).decode("utf-8")
    assert text.splitlines()[0] == "a" and AGENCY in text


def test_sparqlwrapper_ask(url: str) -> None:
    assert wrapper(url, f"ASK {{ <{AGENCY}> ?p ?o }}", JSON)["boolean"] is True


def test_sparqlwrapper_construct(url: str) -> None:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(f"CONSTRUCT WHERE {{ <{AGENCY}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    data = client.query().convert()
    graph = rdflib.Graph().parse(data=data, format="turtle")
    assert (
        rdflib.URIRef(AGENCY),
        rdflib.RDFS.label,
        rdflib.Literal("Polizei Sachsen", lang="de"),
    ) in graph


def test_rdflib_sparqlstore(url: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(url + "/sparql"))
    rows = list(graph.query(SELECT_AGENCIES))
    assert [str(row[0]) for row in rows] == [BASE + "id/agency/evil", AGENCY]  # type: ignore[index]
    assert graph.query(f"ASK {{ <{AGENCY}> ?p ?o }}").askAnswer is True
    described = graph.query(f"DESCRIBE <{AGENCY}>").graph
    assert described is not None and len(described) > 3
