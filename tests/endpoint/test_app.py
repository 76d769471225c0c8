"""What every response shares: conditional GET, CORS, the one error shape."""

from __future__ import annotations

import html
import json
import time
import urllib.parse
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from endpoint_support import http

RESOURCE = "/id/agency/polizei-sachsen"
QUERY = "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"})


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        (RESOURCE, "text/turtle"),
        (RESOURCE, "text/html"),
        (QUERY, "text/csv"),
        ("/.well-known/void", "text/turtle"),
        ("/ontology", "text/html"),
    ],
)
def test_etag_and_304(url: str, path: str, accept: str) -> None:
    first = http("GET", url + path, headers={"Accept": accept})
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status == 200 and etag and modified
    again = http("GET", url + path, headers={"Accept": accept, "If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["ETag"] == etag
    since = http("GET", url + path, headers={"Accept": accept, "If-Modified-Since": modified})
    assert since.status == 304
    stale = http("GET", url + path, headers={"Accept": accept, "If-None-Match": '"other"'})
    assert stale.status == 200


def test_etag_differs_per_representation(url: str) -> None:
    turtle = http("GET", url + RESOURCE, headers={"Accept": "text/turtle"})
    html = http("GET", url + RESOURCE, headers={"Accept": "text/html"})
    assert turtle.headers["ETag"] != html.headers["ETag"]


def test_old_if_modified_since_gets_the_document(url: str) -> None:
    modified = parsedate_to_datetime(http("GET", url + RESOURCE).headers["Last-Modified"])
    earlier = format_datetime(modified.replace(year=modified.year - 1), usegmt=True)
    assert http("GET", url + RESOURCE, headers={"If-Modified-Since": earlier}).status == 200


def test_validators_change_when_the_data_changes(writable_server: object) -> None:
    from endpoint_support import TOKEN

    url = writable_server.url  # type: ignore[attr-defined]
    before = http("GET", url + RESOURCE)
    time.sleep(1.1)  # Last-Modified has one-second resolution
    http(
        "POST",
        url + "/update",
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
        body=b"INSERT DATA { GRAPH <https://w3id.org/amtsgraph/graph/import/t> { "
        b"<https://w3id.org/amtsgraph/id/agency/polizei-sachsen> "
        b'<http://www.w3.org/2000/01/rdf-schema#comment> "new" } }',
    )
    time.sleep(0.1)
    after = http("GET", url + RESOURCE, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status == 200 and b'"new"' in after.body
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.headers["Last-Modified"] != before.headers["Last-Modified"]


def test_cors_headers(url: str) -> None:
    reply = http("GET", url + QUERY, headers={"Origin": "https://example.org"})
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in reply.headers["Access-Control-Expose-Headers"]
    preflight = http(
        "OPTIONS",
        url + "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    error = http("GET", url + "/sparql?query=nonsense")
    assert error.status == 400 and error.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/no/such/thing", "/dumps/nope.gz"])
def test_one_error_shape(url: str, path: str) -> None:
    as_json = http("GET", url + path, headers={"Accept": "application/json"})
    body = json.loads(as_json.body)
    assert as_json.status == 404 and body["error"]["status"] == 404
    assert set(body["error"]) == {"status", "error", "message"}
    as_html = http("GET", url + path, headers={"Accept": "text/html"})
    assert as_html.status == 404 and as_html.media_type == "text/html"
    assert html.escape(body["error"]["message"]).replace("&#x27;", "&#39;") in as_html.text


def test_405_in_html_for_browsers(url: str) -> None:
    reply = http("DELETE", url + "/sparql", headers={"Accept": "text/html"})
    assert reply.status == 405 and "DELETE is not allowed" in reply.text


def test_no_traceback_on_bad_input(url: str) -> None:
    for path in [
        "/sparql?query=%FF%FE",
        "/sparql?default-graph-uri=nope&query=ASK{}",
        "/id/%00",
        "/rdf-graphs/service?graph=%20",
    ]:
        reply = http("GET", url + path)
        assert 400 <= reply.status < 500, (path, reply.status, reply.text)
        assert "Traceback" not in reply.text
