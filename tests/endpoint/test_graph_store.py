"""Writes: /update and the Graph Store Protocol's write side exist only with the token."""

from __future__ import annotations

import json
import urllib.parse

import pytest
import rdflib
from endpoint_support import BASE, TOKEN, http

from endpoint.server import BackgroundServer

GRAPH = BASE + "graph/import/test"
SERVICE = "/rdf-graphs/service?graph=" + urllib.parse.quote(GRAPH, safe="")
NEU = "<https://w3id.org/amtsgraph/id/agency/neu>"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TURTLE = f'{NEU} <{RDFS}label> "Neu" .'.encode()
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def ask(url: str, query: str) -> bool:
    reply = http("GET", url + "/sparql?" + urllib.parse.urlencode({"query": query}))
    return bool(json.loads(reply.body)["boolean"])


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_refused_without_a_configured_token(url: str, method: str) -> None:
    reply = http(
        method, url + SERVICE, headers={"Content-Type": "text/turtle", **AUTH}, body=TURTLE
    )
    assert reply.status == 403 and "read-only" in reply.text


@pytest.mark.parametrize("auth", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}])
def test_writes_need_the_token(writable_server: BackgroundServer, auth: dict[str, str]) -> None:
    url = writable_server.url
    reply = http("PUT", url + SERVICE, headers={"Content-Type": "text/turtle", **auth}, body=TURTLE)
    assert reply.status == 401 and reply.headers["WWW-Authenticate"].startswith("Bearer")
    update = http(
        "POST",
        url + "/update",
        headers={"Content-Type": "application/sparql-update", **auth},
        body=b"CLEAR ALL",
    )
    assert update.status == 401
    assert ask(url, "ASK { ?s ?p ?o }")


def test_graph_store_put_post_get_delete(writable_server: BackgroundServer) -> None:
    url = writable_server.url
    created = http(
        "PUT", url + SERVICE, headers={"Content-Type": "text/turtle", **AUTH}, body=TURTLE
    )
    assert created.status == 201
    assert ask(url, f'ASK {{ GRAPH <{GRAPH}> {{ ?s ?p "Neu" }} }}')
    added = http(
        "POST",
        url + SERVICE,
        headers={"Content-Type": "application/n-triples", **AUTH},
        body=f'{NEU} <{RDFS}comment> "x" .\n'.encode(),
    )
    assert added.status == 204
    graph = rdflib.Graph().parse(data=http("GET", url + SERVICE).body, format="turtle")
    assert len(graph) == 2
    page = http("GET", url + "/id/agency/neu", headers={"Accept": "text/html"})
    assert "<h1>Neu</h1>" in page.text
    assert http("DELETE", url + SERVICE, headers=AUTH).status == 204
    assert http("GET", url + SERVICE).status == 404
    assert http("DELETE", url + SERVICE, headers=AUTH).status == 404


def test_graph_store_bad_bodies(writable_server: BackgroundServer) -> None:
    url = writable_server.url
    bad = http(
        "PUT", url + SERVICE, headers={"Content-Type": "text/turtle", **AUTH}, body=b"<a> <b> ."
    )
    assert bad.status == 400 and "does not parse" in bad.text
    unknown = http(
        "PUT", url + SERVICE, headers={"Content-Type": "text/plain-ish", **AUTH}, body=b"x"
    )
    assert unknown.status == 415
    default = http(
        "PUT",
        url + "/rdf-graphs/service?default",
        headers={"Content-Type": "text/turtle", **AUTH},
        body=TURTLE,
    )
    assert default.status == 400


def test_update_endpoint(writable_server: BackgroundServer) -> None:
    url = writable_server.url
    ok = http(
        "POST",
        url + "/update",
        headers={"Content-Type": "application/sparql-update", **AUTH},
        body=f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{BASE}id/x> <{BASE}p> 1 }} }}".encode(),
    )
    assert ok.status == 204
    assert ask(url, f"ASK {{ <{BASE}id/x> ?p 1 }}")
    form = http(
        "POST",
        url + "/update",
        headers={"Content-Type": "application/x-www-form-urlencoded", **AUTH},
        body=urllib.parse.urlencode({"update": f"DROP GRAPH <{GRAPH}>"}).encode(),
    )
    assert form.status == 204
    assert not ask(url, f"ASK {{ <{BASE}id/x> ?p 1 }}")
    bad = http(
        "POST",
        url + "/update",
        headers={"Content-Type": "application/sparql-update", **AUTH},
        body=b"INSERT nonsense",
    )
    assert bad.status == 400 and "malformed" in bad.text
    # With a token the query endpoint points to /update.
    refused = http("GET", url + "/sparql?" + urllib.parse.urlencode({"query": "CLEAR ALL"}))
    assert refused.status == 400 and "/update" in refused.text
