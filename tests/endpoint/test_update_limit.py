"""/update is bounded like queries: an overrunning update is killed and changes nothing."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from endpoint_support import BASE, TOKEN, http

from endpoint.server import BackgroundServer
from endpoint.settings import Settings

# (an update's WHERE reads the real default graph, empty here: hence GRAPH patterns)
# 65 triples to the fifth power (over a billion rows): minutes of work, were it not stopped;
# the filter holds for none of them, so a completed update would still change nothing.
SLOW = (
    f"INSERT {{ GRAPH <{BASE}graph/article/slow> {{ ?a ?b ?c }} }} WHERE {{ "
    "GRAPH ?v { ?a ?b ?c } GRAPH ?w { ?d ?e ?f } GRAPH ?x { ?g ?h ?i } "
    "GRAPH ?y { ?j ?k ?l } GRAPH ?z { ?m ?n ?o } "
    "FILTER (STRLEN(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l), STR(?o))) < 0) }"
)


@pytest.fixture
def strict_server(fresh_store: Path, tmp_path: Path) -> Iterator[BackgroundServer]:
    settings = Settings(
        store=fresh_store, update_token=TOKEN, query_timeout=1.0, dump_cache=tmp_path / "d"
    )
    with BackgroundServer(settings) as running:
        yield running


def _update(url: str, text: str) -> tuple[int, str]:
    reply = http(
        "POST",
        url + "/update",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"},
        body=text.encode(),
    )
    return reply.status, reply.text


def _count(url: str) -> int:
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    body = json.loads(http("GET", f"{url}/sparql?{query}").body)
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_an_update_past_the_time_limit_is_stopped_and_changes_nothing(
    strict_server: BackgroundServer,
) -> None:
    url = strict_server.url
    before = _count(url)
    status, text = _update(url, SLOW)
    assert status == 503
    assert json.loads(text)["error"]["error"] == "query-timeout"
    assert "nothing changed" in text
    assert _count(url) == before
    # the killed writer released the store: the next update goes through
    status, _ = _update(url, f"INSERT DATA {{ GRAPH <{BASE}graph/x> {{ <{BASE}a> <{BASE}b> 1 }} }}")
    assert status == 204
    assert _count(url) == before + 1


def test_a_malformed_update_is_reported_from_the_writer(strict_server: BackgroundServer) -> None:
    status, text = _update(strict_server.url, "INSERT DATA { nonsense")
    assert status == 400 and "malformed SPARQL update" in text
